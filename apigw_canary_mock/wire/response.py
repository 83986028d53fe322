"""The HTTP answer botocore would have received, and what its parser makes of it.

``render_success`` / ``render_error`` return ``(http_response, parsed)``: the pair a
``before-call`` handler hands back to botocore so the call short-circuits. ``parsed`` equals
what botocore's endpoint builds from the same HTTP answer (proved by
tests/library/test_wire_fidelity.py).
"""

from __future__ import annotations

import io
import json
import random
import time
import weakref
from collections.abc import Callable, Iterator, Mapping, Sequence
from email.utils import formatdate
from typing import Any

from botocore import parsers
from botocore.awsrequest import AWSResponse, HeadersDict
from botocore.response import StreamingBody

from apigw_canary_mock.core.errors import ApiError
from apigw_canary_mock.operations.result import AnyResult, ListResult, ObjectResult, Result
from apigw_canary_mock.wire.convert import (
    Converter,
    Renamer,
    TimestampParser,
    compile_body,
    compile_shape,
    compile_wire_names,
)

_TIMESTAMP_CACHE: dict[tuple[Any, int, int], Any] = {}


def _default_timestamp(value: Any) -> Any:
    """botocore's default timestamp parsing (a tzlocal datetime), memoized.

    It costs ~6 µs per timestamp and the same few timestamps come back on every call.
    datetimes are immutable, so sharing one is safe; the key includes the local zone so a
    change of TZ (time.tzset) is still honoured.
    """
    key = (value, time.timezone, time.altzone)
    try:
        return _TIMESTAMP_CACHE[key]
    except KeyError:
        if len(_TIMESTAMP_CACHE) >= 4096:
            _TIMESTAMP_CACHE.clear()
        parsed = _TIMESTAMP_CACHE[key] = parsers.DEFAULT_TIMESTAMP_PARSER(value)
        return parsed


#: What botocore's default rest-json parser does to an epoch number.
DEFAULT_TIMESTAMP_PARSER: TimestampParser = _default_timestamp


def fast_timestamp_parser(parser: TimestampParser) -> TimestampParser:
    """``parser``, or its memoized equivalent when it is botocore's default."""
    return _default_timestamp if parser is parsers.DEFAULT_TIMESTAMP_PARSER else parser


# Without botocore-stubs botocore is untyped (subclassing Any); with them, it is not.
class _EmulatedResponse(AWSResponse):  # type: ignore[misc, unused-ignore]
    """An AWSResponse whose case-insensitive headers are built only if someone reads them.

    Building botocore's HeadersDict costs more than the rest of the answer; botocore itself
    only reads ``status_code`` on the short-circuit path.
    """

    def __init__(self, status: int, headers: dict[str, str], raw: RawBody) -> None:
        self.url = None  # type: ignore[assignment, unused-ignore]  # botocore-stubs: str
        self.status_code = status
        self.raw = raw
        self._content = None
        self._header_values = headers
        self._headers: Any = None

    @property
    def headers(self) -> Any:
        if self._headers is None:
            self._headers = HeadersDict(self._header_values)
        return self._headers

    @headers.setter
    def headers(self, value: Any) -> None:
        self._headers = value


_request_ids = random.Random()


def _request_id() -> str:
    """A random (version 4) UUID string, as AWS's request ids are; faster than uuid.uuid4()."""
    digits = f"{_request_ids.getrandbits(128):032x}"
    variant = "89ab"[int(digits[16], 16) & 3]
    return f"{digits[:8]}-{digits[8:12]}-4{digits[13:16]}-{variant}{digits[17:20]}-{digits[20:]}"


class RawBody:
    """Stands in for urllib3's response: ``AWSResponse.content`` reads it via ``stream()``.

    Holds the body bytes, or a JSON list's parts: ``(opening, items, closing)``, joined
    with commas between the items on first read.
    """

    __slots__ = ("_content", "_parts")

    def __init__(
        self, content: bytes, parts: tuple[bytes, Sequence[bytes], bytes] | None = None
    ) -> None:
        self._content = content
        self._parts = parts

    def _bytes(self) -> bytes:
        if self._parts is not None:
            opening, items, closing = self._parts
            self._content = opening + b",".join(items) + closing
            self._parts = None
        return self._content

    def stream(self, *args: Any, **kwargs: Any) -> Iterator[bytes]:
        yield self._bytes()

    def read(self, *args: Any, **kwargs: Any) -> bytes:
        return self._bytes()


class _StreamedBody(RawBody):
    """The body of a streaming answer: botocore's StreamingBody reads it by ``read(amt)``.

    ``stream()`` (AWSResponse.content, the call log) still sees the whole body."""

    __slots__ = ("_stream",)

    def __init__(self, content: bytes) -> None:
        super().__init__(content)
        self._stream = io.BytesIO(content)

    def read(self, amt: int | None = None, *args: Any, **kwargs: Any) -> bytes:
        return self._stream.read(amt)

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        self._stream.close()


# Per operation: the output converter and the renaming to wire JSON names (None: nothing
# to parse / nothing to rename). Per error code: the modelled-error converter.
_OUTPUTS: dict[tuple[str, str], tuple[Converter, Renamer | None] | None] = {}
_ERRORS: dict[tuple[str, str], Converter | None] = {}
_date_cache: tuple[int, str] = (-1, "")


def render_success(
    operation_model: Any,
    result: AnyResult,
    timestamp_parser: TimestampParser = DEFAULT_TIMESTAMP_PARSER,
) -> tuple[AWSResponse, dict[str, Any]]:
    if isinstance(result, ObjectResult):
        return _render_object(operation_model, result, timestamp_parser)
    if isinstance(result, ListResult):
        return _render_list(operation_model, result, timestamp_parser)
    payload = _payload_plan(operation_model)
    if payload is not None:
        return _render_payload(payload, result)
    output = _output_plan(operation_model)
    if output is None:
        # No output shape (Delete*): AWS sends no body, botocore gives just ResponseMetadata.
        content = b""
        members: dict[str, Any] = {}
    else:
        convert, wire_names = output
        body = result.body
        content = _json_bytes(body if wire_names is None else wire_names(body))
        members = convert(body, timestamp_parser)
    http, metadata = _http(result.status, content, None)
    parsed: dict[str, Any] = {"ResponseMetadata": metadata}
    parsed.update(members)
    return http, parsed


def render_error(operation_model: Any, error: ApiError) -> tuple[AWSResponse, dict[str, Any]]:
    body = {"message": error.message}
    http, metadata = _http(error.status, _json_bytes(body), error.code)
    # Key order as botocore builds it: Error, ResponseMetadata, then the modelled members --
    # only for a modelled code: the validation layer's ValidationException and
    # SerializationException (wire/aws_validation.py) get no top-level ``message``, as from AWS.
    parsed: dict[str, Any] = {
        "Error": {"Message": error.message, "Code": error.code},
        "ResponseMetadata": metadata,
    }
    convert = _error_converter(operation_model, error.code)
    if convert is not None:
        parsed.update(convert(body, DEFAULT_TIMESTAMP_PARSER))
    return http, parsed


#: What the call log keeps of an HTTP answer: status, headers, and the body (bytes, or a
#: JSON list's parts as RawBody holds them). Plain tuples of str/bytes, which the garbage
#: collector stops tracking, so a long call log does not slow down its passes.
AnswerRecord = tuple[int, dict[str, str], bytes | tuple[bytes, tuple[bytes, ...], bytes]]


def answer_record(http: Any) -> AnswerRecord:
    """The record of an HTTP answer rendered here, taken before anyone reads its body."""
    raw = http.raw
    parts = raw._parts
    return (http.status_code, http._header_values, raw._content if parts is None else parts)


def plain_error_record(status: int, code: str, message: str) -> AnswerRecord:
    """An error answer no operation renders (the endpoint's own: routing, HTTP limits), in
    the same form as render_error's: ``{"message": ...}`` and ``x-amzn-errortype``."""
    http, _ = _http(status, _json_bytes({"message": message}), code)
    return answer_record(http)


def parse_answer(
    operation_model: Any,
    record: AnswerRecord,
    timestamp_parser: TimestampParser = DEFAULT_TIMESTAMP_PARSER,
) -> dict[str, Any]:
    """What botocore's parser makes of a recorded HTTP answer (for the call log)."""
    status, headers, body = record
    if isinstance(body, tuple):
        opening, items, closing = body
        body = opening + b",".join(items) + closing
    response = {"status_code": status, "headers": HeadersDict(headers), "body": body}
    if status < 300 and operation_model.has_streaming_output:
        # As botocore's endpoint hands a streaming answer to its parser.
        response["body"] = StreamingBody(io.BytesIO(body), len(body))
    parser = parsers.RestJSONParser(timestamp_parser=timestamp_parser)
    parsed: dict[str, Any] = parser.parse(response, operation_model.output_shape)
    return parsed


def _http(
    status: int,
    content: bytes,
    error_code: str | None,
    parts: tuple[bytes, Sequence[bytes], bytes] | None = None,
    length: int = 0,
    payload: Mapping[str, str] | None = None,
) -> tuple[AWSResponse, dict[str, Any]]:
    """The HTTP answer for ``content``, or for a JSON list's ``parts`` (``length`` bytes in
    all; see RawBody), joined only if someone reads the body. ``payload``: the headers of an
    answer whose body is a payload member (GetExport), not JSON."""
    request_id = _request_id()
    headers = {
        "date": _http_date(),
        "content-type": "application/json",
        "content-length": str(length if parts is not None else len(content)),
        "connection": "keep-alive",
        "x-amzn-requestid": request_id,
    }
    if error_code is not None:
        headers["x-amzn-errortype"] = error_code
    raw = RawBody(content, parts)
    if payload is not None:
        headers.update(payload)
        raw = _StreamedBody(content)
    metadata = {
        "RequestId": request_id,
        "HTTPStatusCode": status,
        "HTTPHeaders": dict(headers),
        "RetryAttempts": 0,
    }
    return _EmulatedResponse(status, headers, raw), metadata


# Built once: json.dumps with non-default options builds a new encoder on every call.
_json_encoder = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)
_encode_json = _json_encoder.encode


def _c_encoder() -> Callable[[Any, int], Any] | None:
    """The C encoder JSONEncoder.encode builds on every call, built once, with no circular
    check (bodies are trees); None where the C accelerator is missing."""
    make = getattr(json.encoder, "c_make_encoder", None)
    basestring = getattr(json.encoder, "c_encode_basestring", None)
    if make is None or basestring is None:
        return None
    try:
        encoder: Callable[[Any, int], Any] = make(
            None, _json_encoder.default, basestring, None, ":", ",", False, False, True
        )
        sample = {"a": [1, 2.5, True, None, '\u00e9"\n'], "b": {"c": -0.0, "d": 1e300}}
        if "".join(encoder(sample, 0)) != _encode_json(sample):  # pragma: no cover
            return None
    except Exception:  # pragma: no cover  (another C signature)
        return None
    return encoder


_c_encode = _c_encoder()


def _json_bytes(body: Mapping[str, Any]) -> bytes:
    if _c_encode is not None:
        return "".join(_c_encode(body, 0)).encode("utf-8")
    return _encode_json(body).encode("utf-8")  # pragma: no cover


def _http_date() -> str:
    # formatdate costs a few µs; the header only changes once a second.
    global _date_cache
    now = int(time.time())
    cached_at, text = _date_cache
    if cached_at != now:
        text = formatdate(now, usegmt=True)
        _date_cache = (now, text)
    return text


def _output_plan(operation_model: Any) -> tuple[Converter, Renamer | None] | None:
    key = (operation_model.service_model.service_name, operation_model.name)
    try:
        return _OUTPUTS[key]
    except KeyError:
        shape = operation_model.output_shape
        plan = None if shape is None else (compile_body(shape), compile_wire_names(shape))
        _OUTPUTS[key] = plan
        return plan


#: An output whose body is one blob or string member: (that member, ((member, header), ...)).
PayloadPlan = tuple[str, tuple[tuple[str, str], ...]]
_PAYLOADS: dict[tuple[str, str], PayloadPlan | None] = {}


def _payload_plan(operation_model: Any) -> PayloadPlan | None:
    key = (operation_model.service_model.service_name, operation_model.name)
    try:
        return _PAYLOADS[key]
    except KeyError:
        shape = operation_model.output_shape
        plan = None
        member = None if shape is None else shape.serialization.get("payload")
        if member is not None and shape.members[member].type_name in ("blob", "string"):
            headers = tuple(
                (name, m.serialization.get("name", name).lower())
                for name, m in shape.members.items()
                if m.serialization.get("location") == "header"
            )
            plan = (member, headers)
        _PAYLOADS[key] = plan
        return plan


def _render_payload(plan: PayloadPlan, result: AnyResult) -> tuple[AWSResponse, dict[str, Any]]:
    """A payload answer as botocore parses it: header members (as sent), then the body as
    a StreamingBody, which is what botocore gives for a streaming output."""
    member, header_members = plan
    body = result.body
    content = body.get(member, b"")
    if isinstance(content, str):
        content = content.encode("utf-8")
    headers = {
        header: str(body[name]) for name, header in header_members if body.get(name) is not None
    }
    http, metadata = _http(result.status, content, None, payload=headers)
    parsed: dict[str, Any] = {"ResponseMetadata": metadata}
    for name, header in header_members:
        if header in headers:
            parsed[name] = headers[header]
    parsed[member] = StreamingBody(http.raw, len(content))
    return http, parsed


def _error_converter(operation_model: Any, code: str) -> Converter | None:
    service_model = operation_model.service_model
    key = (service_model.service_name, code)
    try:
        return _ERRORS[key]
    except KeyError:
        # Mirrors Endpoint._add_modeled_error_fields: only modelled codes add members.
        shape = service_model.shape_for_error_code(code)
        convert = None if shape is None else compile_body(shape)
        _ERRORS[key] = convert
        return convert


# -- answers rendered from stored model objects, cached per object -------------------------
#
# A stored Stage is never changed in place (core stores a new Stage on every write), so its
# JSON bytes and its parsed form are computed once per Stage object and kept here, keyed by
# the object's identity, for as long as the object lives (a weak reference drops the entry
# with it). Each answer gets a fresh copy of the parsed form (new dicts and lists all the way
# down; datetimes, strings and numbers are immutable and shared), so a caller mutating its
# answer never changes the next one. Objects that can not be referred to weakly are rendered
# every time.

# id(object) -> its rendering (whose ``source`` is a weak reference to the object).
_RENDERINGS: dict[int, _Rendered] = {}


class _Source(weakref.ref):  # type: ignore[type-arg]
    """A weak reference to a rendered object, knowing its key in _RENDERINGS."""

    __slots__ = ("key",)
    key: int


def _forget(reference: _Source) -> None:
    # The object died: drop its entry, unless a new object with the same id took it already.
    rendered = _RENDERINGS.get(reference.key)
    if rendered is not None and rendered.source is reference:
        del _RENDERINGS[reference.key]


def _cached(source: Any) -> _Rendered | None:
    rendered = _RENDERINGS.get(id(source))
    return rendered if rendered is not None and rendered.source() is source else None


def _keep(source: Any, rendered: _Rendered) -> None:
    try:
        reference = _Source(source, _forget)
    except TypeError:  # no __weakref__ slot: not cached
        return
    reference.key = key = id(source)
    rendered.source = reference
    _RENDERINGS[key] = rendered


class _ShapePlan:
    """How to render one model object as ``shape``: its converter and JSON renaming."""

    __slots__ = ("convert", "key", "wire_names")

    def __init__(self, key: str, convert: Converter, wire_names: Renamer | None) -> None:
        self.key = key
        self.convert = convert
        self.wire_names = wire_names


class _Rendered:
    """One object's rendering: JSON bytes, and its parsed form for one timestamp parser.

    ``token`` is the interned ``(shape key, parser, zone)`` the parsed form is for (see
    _token). The parsed form of the first answer is handed out as is; the template (and the
    function copying it) is built only when the object is rendered again: ``ready`` is then
    the token, else None, so a list answer checks each item with one identity test.
    """

    __slots__ = ("content", "copy", "ready", "source", "token")

    def __init__(self, content: bytes, token: _Token) -> None:
        self.content = content
        self.token = token
        self.copy: Callable[[], dict[str, Any]] | None = None
        self.ready: _Token | None = None
        # The weak reference to the object, set when kept (_keep); every kept one has it.
        self.source: Any = None


_Token = tuple[str, TimestampParser, tuple[int, int]]
_TOKENS: dict[_Token, _Token] = {}


def _token(key: str, parser: TimestampParser) -> _Token:
    """One tuple object per (shape, parser, local zone), to compare renderings by identity.

    The zone is part of it: the default parser's datetimes are in local time."""
    wanted = (key, parser, (time.timezone, time.altzone))
    token = _TOKENS.get(wanted)
    if token is None:
        if len(_TOKENS) >= 1024:
            _TOKENS.clear()  # parsers come and go with clients; keep it bounded
        token = _TOKENS[wanted] = wanted
    return token


def _copier(template: Any) -> Callable[[], Any]:
    """A function returning a fresh deep copy of ``template`` (JSON-like data) each call."""
    if isinstance(template, dict):
        inner = tuple(
            (key, _copier(value))
            for key, value in template.items()
            if isinstance(value, (dict, list))
        )
        if not inner:
            copy_flat: Callable[[], Any] = template.copy
            return copy_flat

        return _dict_copier(template.copy, inner)
    if isinstance(template, list):
        if not any(isinstance(item, (dict, list)) for item in template):
            copy_list: Callable[[], Any] = template.copy
            return copy_list
        items = tuple(_copier(item) for item in template)
        return lambda: [copy() for copy in items]
    return lambda: template


def _dict_copier(
    copy_outer: Callable[[], Any], inner: tuple[tuple[str, Callable[[], Any]], ...]
) -> Callable[[], Any]:
    """``copy_outer()`` with each inner container replaced by its own copy, as straight-line
    code (no loop per call: a GetStages answer runs one of these per stage)."""
    lines = ["def copy_dict():", "    out = copy_outer()"]
    namespace: dict[str, Any] = {"copy_outer": copy_outer}
    for index, (key, copy) in enumerate(inner):
        namespace[f"key{index}"] = key
        namespace[f"copy{index}"] = copy
        lines.append(f"    out[key{index}] = copy{index}()")
    lines.append("    return out")
    exec(compile("\n".join(lines), "<apigw_canary_mock copier>", "exec"), namespace)
    copy_dict: Callable[[], Any] = namespace["copy_dict"]
    return copy_dict


def _rendered(
    source: Any, render: Callable[[Any], dict[str, Any]], plan: _ShapePlan, ts: TimestampParser
) -> tuple[_Rendered, dict[str, Any]]:
    """The object's rendering, and a parsed form of it that is the caller's own."""
    token = _token(plan.key, ts)
    cache = _cached(source)
    if cache is not None and cache.token[0] == plan.key:
        if cache.token is token:
            copy = cache.copy
            if copy is None:
                copy = cache.copy = _copier(plan.convert(render(source), ts))
                cache.ready = token
            return cache, copy()
        # Only the timestamp parser (or the local zone) differs: the bytes stay.
        rendered = _Rendered(cache.content, token)
        body = render(source)
    else:
        body = render(source)
        content = _json_bytes(body if plan.wire_names is None else plan.wire_names(body))
        rendered = _Rendered(content, token)
    _keep(source, rendered)
    return rendered, plan.convert(body, ts)


_OBJECT_PLANS: dict[tuple[str, str], _ShapePlan | None] = {}
_LIST_PLANS: dict[tuple[str, str, str], tuple[_ShapePlan, bytes] | None] = {}
# Item shape name -> its plan, shared by every operation rendering that shape.
_SHAPE_PLANS: dict[str, _ShapePlan] = {}


def _item_plan(shape: Any) -> _ShapePlan:
    plan = _SHAPE_PLANS.get(shape.name)
    if plan is None:
        plan = _SHAPE_PLANS[shape.name] = _ShapePlan(
            shape.name, compile_shape(shape), compile_wire_names(shape)
        )
    return plan


def _object_plan(operation_model: Any) -> _ShapePlan | None:
    """The plan of an output shape that is the object itself (None: not cacheable)."""
    key = (operation_model.service_model.service_name, operation_model.name)
    try:
        return _OBJECT_PLANS[key]
    except KeyError:
        shape = operation_model.output_shape
        plan = None
        # Cacheable as the item shape when every member is in the body: then the output's
        # converter and the item converter agree.
        if (
            shape is not None
            and shape.type_name == "structure"
            and not any(member.serialization.get("location") for member in shape.members.values())
        ):
            plan = _item_plan(shape)
        _OBJECT_PLANS[key] = plan
        return plan


def _list_plan(operation_model: Any, member: str) -> tuple[_ShapePlan, bytes] | None:
    """The item plan of the list ``member`` and the JSON before the first item."""
    key = (operation_model.service_model.service_name, operation_model.name, member)
    try:
        return _LIST_PLANS[key]
    except KeyError:
        shape = operation_model.output_shape
        plan = None
        list_shape = None if shape is None else shape.members.get(member)
        if list_shape is not None and list_shape.type_name == "list":
            json_name = list_shape.serialization.get("name", member)
            plan = (_item_plan(list_shape.member), _json_bytes({json_name: []})[:-2])
        _LIST_PLANS[key] = plan
        return plan


def _render_object(
    operation_model: Any, result: ObjectResult, ts: TimestampParser
) -> tuple[AWSResponse, dict[str, Any]]:
    plan = _object_plan(operation_model)
    if plan is None:
        return render_success(operation_model, Result(result.body, result.status), ts)
    rendered, members = _rendered(result.source, result.render, plan, ts)
    http, metadata = _http(result.status, rendered.content, None)
    parsed: dict[str, Any] = {"ResponseMetadata": metadata}
    parsed.update(members)
    return http, parsed


def _render_list(
    operation_model: Any, result: ListResult, ts: TimestampParser
) -> tuple[AWSResponse, dict[str, Any]]:
    found = _list_plan(operation_model, result.member)
    if found is None:
        return render_success(operation_model, Result(result.body, result.status), ts)
    plan, opening = found
    render = result.render
    ready = _token(plan.key, ts)
    items: list[dict[str, Any]] = []
    contents: list[bytes] = []
    add_item = items.append
    add_content = contents.append
    renderings = _RENDERINGS.get
    for source in result.sources:
        found_rendering = renderings(id(source))
        # The common case inline: this item's copy is ready for this parser and zone.
        if (
            found_rendering is not None
            and found_rendering.ready is ready
            and found_rendering.source() is source
        ):
            rendered = found_rendering
            add_item(rendered.copy())  # type: ignore[misc]  # ready implies a copy
        else:
            rendered, item = _rendered(source, render, plan, ts)
            add_item(item)
        add_content(rendered.content)
    length = len(opening) + sum(map(len, contents)) + max(len(contents) - 1, 0) + 2
    # A tuple of bytes: untracked by the garbage collector once the call log holds it.
    parts = (opening, tuple(contents), b"]}")
    http, metadata = _http(result.status, b"", None, parts, length)
    return http, {"ResponseMetadata": metadata, result.member: items}
