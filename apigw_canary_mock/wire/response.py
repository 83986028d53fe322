"""The HTTP answer botocore would have received, and what its parser makes of it.

``render_success`` / ``render_error`` return ``(http_response, parsed)``: the pair a
``before-call`` handler hands back to botocore so the call short-circuits. ``parsed`` equals
what botocore's endpoint builds from the same HTTP answer (proved by tests/test_wire_fidelity.py).
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Iterator, Mapping
from email.utils import formatdate
from typing import Any, Protocol

from botocore import parsers
from botocore.awsrequest import AWSResponse, HeadersDict

from apigw_canary_mock.core.errors import ApiError
from apigw_canary_mock.wire.convert import (
    Converter,
    Renamer,
    TimestampParser,
    compile_body,
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


class ResultLike(Protocol):
    """The operations layer's Result (see apigw_canary_mock.operations)."""

    @property
    def body(self) -> Mapping[str, Any]: ...

    @property
    def status(self) -> int: ...


class _EmulatedResponse(AWSResponse):  # type: ignore[misc]  # botocore is untyped
    """An AWSResponse whose case-insensitive headers are built only if someone reads them.

    Building botocore's HeadersDict costs more than the rest of the answer; botocore itself
    only reads ``status_code`` on the short-circuit path.
    """

    def __init__(self, status: int, headers: dict[str, str], raw: RawBody) -> None:
        self.url = None
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
    """Stands in for urllib3's response: ``AWSResponse.content`` reads it via ``stream()``."""

    def __init__(self, content: bytes) -> None:
        self._content = content

    def stream(self, *args: Any, **kwargs: Any) -> Iterator[bytes]:
        yield self._content

    def read(self, *args: Any, **kwargs: Any) -> bytes:
        return self._content


# Per operation: the output converter and the renaming to wire JSON names (None: nothing
# to parse / nothing to rename). Per error code: the modelled-error converter.
_OUTPUTS: dict[tuple[str, str], tuple[Converter, Renamer | None] | None] = {}
_ERRORS: dict[tuple[str, str], Converter | None] = {}
_date_cache: tuple[int, str] = (-1, "")


def render_success(
    operation_model: Any,
    result: ResultLike,
    timestamp_parser: TimestampParser = DEFAULT_TIMESTAMP_PARSER,
) -> tuple[AWSResponse, dict[str, Any]]:
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
    # Key order as botocore builds it: Error, ResponseMetadata, then the modelled members.
    parsed: dict[str, Any] = {
        "Error": {"Message": error.message, "Code": error.code},
        "ResponseMetadata": metadata,
    }
    convert = _error_converter(operation_model, error.code)
    if convert is not None:
        parsed.update(convert(body, DEFAULT_TIMESTAMP_PARSER))
    return http, parsed


def _http(
    status: int, content: bytes, error_code: str | None
) -> tuple[AWSResponse, dict[str, Any]]:
    request_id = _request_id()
    headers = {
        "date": _http_date(),
        "content-type": "application/json",
        "content-length": str(len(content)),
        "connection": "keep-alive",
        "x-amzn-requestid": request_id,
    }
    if error_code is not None:
        headers["x-amzn-errortype"] = error_code
    metadata = {
        "RequestId": request_id,
        "HTTPStatusCode": status,
        "HTTPHeaders": dict(headers),
        "RetryAttempts": 0,
    }
    return _EmulatedResponse(status, headers, RawBody(content)), metadata


# Built once: json.dumps with non-default options builds a new encoder on every call.
_encode_json = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode


def _json_bytes(body: Mapping[str, Any]) -> bytes:
    return _encode_json(body).encode("utf-8")


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
