"""API Gateway's REST-JSON protocol on the wire: an HTTP request in, an operation and its
params out; an answer out as the bytes AWS sends. For ``python -m apigw_canary_mock serve``.

The router is compiled once from botocore's service model, never written per operation: each
operation's ``http.method`` and ``requestUri`` template (``{label}`` one path segment,
``{label+}`` greedy; a literal query such as ``?mode=import``), its querystring members (a
map member takes every other query pair), its header members and its JSON body members (or
its payload member). Strings from the path, the query and the headers are converted to the
member types; JSON values are read back into what a boto3 user would have passed.

What a botocore client would have refused before sending (a missing required member, a value
of the wrong type) is answered here as AWS answers a request that reaches it: 400, before any
look-up. A bool or a number where a string is due is left to the engine's validation layer
(wire/aws_validation.py: the recorded SerializationException). Everything this module decides
for itself is a declared policy (rules below; docs/behaviour.md).
"""

from __future__ import annotations

import base64
import binascii
import datetime
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qsl, unquote

from botocore.exceptions import ParamValidationError

from apigw_canary_mock.core.errors import ApiError
from apigw_canary_mock.core.evidence import rule
from apigw_canary_mock.errors import MockError
from apigw_canary_mock.wire.aws_validation import (
    SERIALIZATION_EXCEPTION,
    VALIDATION_EXCEPTION,
    serialization_error,
)
from apigw_canary_mock.wire.response import AnswerRecord, plain_error_record
from apigw_canary_mock.wire.sendable import check_sendable
from apigw_canary_mock.wire.validation import validate_unchecked_params

# -- rules ----------------------------------------------------------------------------------

UNKNOWN_OPERATION = rule(
    "endpoint-unknown-operation",
    "P",
    "an HTTP method and path that name no API Gateway operation: 404 UnknownOperationException "
    "naming the method and path",
)
UNEMULATED = rule(
    "endpoint-unemulated-operation",
    "P",
    "an operation of the model that the mock does not emulate: 501 UnemulatedOperationError "
    "naming it and listing the emulated ones (not retried by the SDKs: 501 is no transient "
    "status)",
)
MISSING_REQUIRED = rule(
    "endpoint-missing-required",
    "P",
    "a required member missing (botocore refuses it client-side): ValidationException 400 "
    "'N validation error(s) detected: Value null at '<where>' failed to satisfy constraint: "
    "Member must not be null', the layer's format (where: <op>Input.<path>, query/header "
    "members bare)",
)
WRONG_TYPE = rule(
    "endpoint-wrong-type",
    "P",
    "a value that can not be read as its member's type (a string for a number, a list for a "
    "string, 'abc' for an integer query member...), or a body that is not one JSON object: "
    "SerializationException 400 naming the member, the first one found",
)
UNKNOWN_MEMBERS = rule(
    "endpoint-unknown-members",
    "P",
    "JSON members the model does not know are ignored, and a JSON null is an absent member",
)
BAD_CONTENT_TYPE = rule(
    "endpoint-content-type",
    "P",
    "a JSON body sent with a Content-Type that is not JSON (application/json, "
    "application/x-amz-json-*, */*+json; none is fine): 415 UnsupportedMediaTypeException",
)
SIGNATURE = rule(
    "endpoint-any-signature",
    "P",
    "any signature and any credentials are accepted; the region is the SigV4 credential "
    "scope's (Authorization header), else the server's default; the access key id picks the "
    "account only where an accounts map is given",
)
HTTP_LIMITS = rule(
    "endpoint-http-limits",
    "P",
    "malformed HTTP gets a JSON error and the connection closed: 400 BadRequestException "
    "(request line, headers, chunked framing, path encoding), 413 "
    "RequestEntityTooLargeException (body over the limit), 431 "
    "RequestHeaderFieldsTooLargeException, 408 RequestTimeoutException (a request not "
    "complete within the time limit), 500 InternalFailure (a bug of the mock)",
)

MOCK_ERROR = rule(
    "endpoint-mock-error",
    "P",
    "where an in-process client gets a MockError raised (an operation an ImportRestApi "
    "document needs is not emulated, PyYAML missing, a bad state file): 501 with the error's "
    "class name as code (UnemulatedOperationError, MockError, MockStateError) and its text; "
    "a bug of the mock: 500 InternalFailure",
)

UNKNOWN_OPERATION_CODE = "UnknownOperationException"
UNEMULATED_CODE = "UnemulatedOperationError"

_LABEL = re.compile(r"\{([^}]+)\}")
_CREDENTIAL = re.compile(r"Credential=([^/,\s]*)/[^/,\s]*/([^/,\s]*)/")


class HttpRequest:
    """One request as read off the connection (headers' names lower-cased)."""

    __slots__ = ("body", "headers", "method", "target")

    def __init__(self, method: str, target: str, headers: dict[str, str], body: bytes) -> None:
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body


# -- the router -------------------------------------------------------------------------------


class Route:
    """How the requests of one operation look: compiled from its model once."""

    __slots__ = (
        "body",
        "greedy",
        "header_members",
        "literal_query",
        "operation_model",
        "payload",
        "prefix",
        "query_map",
        "query_members",
        "segments",
        "sort_key",
    )

    def __init__(self, operation_model: Any) -> None:
        self.operation_model = operation_model
        name = operation_model.name
        self.prefix = name[:1].lower() + name[1:] + "Input"
        path, _, query = operation_model.http["requestUri"].partition("?")
        #: Each segment: a literal (str) or the member a label fills (a 1-tuple).
        self.segments: tuple[str | tuple[str], ...] = ()
        self.greedy = -1
        shape = operation_model.input_shape
        members = {} if shape is None else shape.members
        by_label = {
            member.serialization.get("name", member_name): member_name
            for member_name, member in members.items()
            if member.serialization.get("location") == "uri"
        }
        segments: list[str | tuple[str]] = []
        for index, segment in enumerate(path.split("/")[1:]):
            label = _LABEL.fullmatch(segment)
            if label is None:
                segments.append(segment)
                continue
            text = label.group(1)
            if text.endswith("+"):
                text = text[:-1]
                self.greedy = index
            segments.append((str(by_label.get(text, text)),))
        self.segments = tuple(segments)
        self.literal_query = tuple(parse_qsl(query, keep_blank_values=True))
        self.query_members: dict[str, tuple[str, Any]] = {}
        self.query_map: tuple[str, Any] | None = None
        self.header_members: dict[str, tuple[str, Any]] = {}
        self.body: dict[str, tuple[str, Any]] = {}
        self.payload: tuple[str, Any] | None = None
        payload = None if shape is None else shape.serialization.get("payload")
        for member_name, member in members.items():
            location = member.serialization.get("location")
            wire_name = member.serialization.get("name", member_name)
            if location == "querystring":
                if member.type_name == "map":
                    self.query_map = (member_name, member)
                else:
                    self.query_members[wire_name] = (member_name, member)
            elif location == "header":
                self.header_members[wire_name.lower()] = (member_name, member)
            elif location is None:
                if member_name == payload:
                    self.payload = (member_name, member)
                elif payload is None:
                    self.body[wire_name] = (member_name, member)
        # Literal segments before labels, a literal query before none, greedy labels last.
        self.sort_key = (
            self.greedy >= 0,
            tuple(isinstance(segment, tuple) for segment in self.segments),
            -len(self.literal_query),
        )

    @property
    def name(self) -> str:
        return str(self.operation_model.name)

    def match(self, segments: Sequence[str], query: Sequence[tuple[str, str]]) -> bool:
        """Whether the (decoded) path ``segments`` and ``query`` are this operation's."""
        template = self.segments
        if self.greedy < 0:
            if len(segments) != len(template):
                return False
        elif len(segments) < len(template):
            return False
        tail = len(segments) - len(template)
        for index, part in enumerate(template):
            if index > self.greedy >= 0:
                index += tail
            if type(part) is str and segments[index] != part:
                return False
        return all(pair in query for pair in self.literal_query)

    def labels(self, segments: Sequence[str]) -> dict[str, str]:
        values: dict[str, str] = {}
        tail = len(segments) - len(self.segments)
        for index, part in enumerate(self.segments):
            if type(part) is str:
                continue
            if index == self.greedy:
                values[part[0]] = "/".join(segments[index : index + tail + 1])
            else:
                values[part[0]] = segments[index + tail if index > self.greedy >= 0 else index]
        return values


class Router:
    """Every operation of a service model, by HTTP method and path shape."""

    def __init__(self, service_model: Any) -> None:
        self.service_model = service_model
        #: (method, segment count) -> routes, most specific first; greedy ones per method.
        self._exact: dict[tuple[str, int], list[Route]] = {}
        self._greedy: dict[str, list[Route]] = {}
        for name in service_model.operation_names:
            route = Route(service_model.operation_model(name))
            method = route.operation_model.http["method"].upper()
            if route.greedy >= 0:
                self._greedy.setdefault(method, []).append(route)
            else:
                self._exact.setdefault((method, len(route.segments)), []).append(route)
        for routes in (*self._exact.values(), *self._greedy.values()):
            routes.sort(key=lambda route: route.sort_key)

    def route(
        self, method: str, segments: Sequence[str], query: Sequence[tuple[str, str]]
    ) -> Route | None:
        for route in self._exact.get((method, len(segments)), ()):
            if route.match(segments, query):
                return route
        for route in self._greedy.get(method, ()):
            if route.match(segments, query):
                return route
        return None


# -- a request: operation and params ----------------------------------------------------------


class Decoded:
    """What a request asks: its route (operation) and its params, as a boto3 user passes them."""

    __slots__ = ("params", "route")

    def __init__(self, route: Route, params: dict[str, Any]) -> None:
        self.route = route
        self.params = params


def split_target(target: str) -> tuple[list[str], list[tuple[str, str]]]:
    """The percent-decoded path segments and query pairs of a request target.

    Raises ApiError (400) for a path that is not UTF-8 once decoded, or not a path at all.
    """
    path, _, query = target.partition("?")
    if not path.startswith("/"):
        raise http_error(400, "BadRequestException", f"the request target {target!r} is no path")
    try:
        segments = [unquote(part, errors="strict") for part in path.split("/")[1:]]
        pairs = parse_qsl(query, keep_blank_values=True, errors="strict")
    except UnicodeDecodeError:
        raise http_error(
            400, "BadRequestException", "the request path or query is not UTF-8 once decoded"
        ) from None
    return segments, pairs


def find_route(router: Router, request: HttpRequest) -> tuple[Route, list[str], list[Any]]:
    """The route of ``request`` (ApiError 404 when it names no operation)."""
    segments, query = split_target(request.target)
    route = router.route(request.method, segments, query)
    if route is None:
        path = request.target.partition("?")[0]
        raise ApiError(
            UNKNOWN_OPERATION_CODE,
            f"no API Gateway operation is {request.method} {_shown(path, 200)} "
            "(apigw_canary_mock serve routes botocore's apigateway model)",
            404,
            UNKNOWN_OPERATION,
        )
    return route, segments, query


def decode(
    route: Route, segments: Sequence[str], query: Sequence[tuple[str, str]], request: HttpRequest
) -> Decoded:
    """The params of ``request`` for ``route``, checked as botocore would have before sending.

    Raises ApiError with AWS's answer for what botocore would have refused client-side.
    """
    model = route.operation_model
    params: dict[str, Any] = {}
    body_params = _body_params(route, request)
    params.update(body_params)
    located: dict[str, Any] = route.labels(segments)
    if route.query_members or route.query_map is not None:
        located.update(_query_params(route, query))
    if route.header_members:
        for header, (member_name, member) in route.header_members.items():
            value = request.headers.get(header)
            if value is not None:
                located[member_name] = _from_text(value, member, member_name)
    params.update(located)
    # A bool or number where a string is due: the engine answers AWS's SerializationException
    # (recorded) before anything else is looked at.
    if serialization_error(model, params) is None:
        missing = _missing(model.input_shape, params, route.prefix)
        if missing:
            raise _missing_error(missing)
        try:
            validate_unchecked_params(params, model)
            check_sendable(params, model)
        except ParamValidationError as error:
            raise ApiError(
                SERIALIZATION_EXCEPTION, str(error.kwargs.get("report", error)), 400, WRONG_TYPE
            ) from None
    return Decoded(route, params)


_JSON_TYPES = ("application/json", "application/x-amz-json-1.0", "application/x-amz-json-1.1")


def _body_params(route: Route, request: HttpRequest) -> dict[str, Any]:
    body = request.body
    if route.payload is not None:
        member_name, member = route.payload
        if not body:
            # An empty payload is what botocore sends for b"": present when it is required.
            required = member_name in route.operation_model.input_shape.required_members
            return {member_name: b""} if required and member.type_name == "blob" else {}
        if member.type_name == "blob":
            return {member_name: body}
        if member.type_name == "string":
            return {member_name: _utf8(body)}
        return {member_name: _convert(_json(body, request), member, member_name, route.prefix)}
    if not route.body or not body:
        return {}
    return _structure(_json(body, request), route.body, route.prefix)


def _json(body: bytes, request: HttpRequest) -> Any:
    content_type = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    if content_type and content_type not in _JSON_TYPES and not content_type.endswith("+json"):
        raise ApiError(
            "UnsupportedMediaTypeException",
            f"the request body must be JSON (Content-Type application/json); got Content-Type "
            f"{_shown(content_type, 100)}",
            415,
            BAD_CONTENT_TYPE,
        )
    try:
        return json.loads(body, parse_constant=_no_constant)
    except (ValueError, RecursionError) as error:
        raise ApiError(
            SERIALIZATION_EXCEPTION,
            f"the request body is not valid JSON: {_shown(str(error), 200)}",
            400,
            WRONG_TYPE,
        ) from None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _utf8(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise ApiError(
            SERIALIZATION_EXCEPTION, "the request body is not UTF-8 text", 400, WRONG_TYPE
        ) from None


def _structure(value: Any, members: Mapping[str, tuple[str, Any]], where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _type_error(where, "a JSON object", value)
    params: dict[str, Any] = {}
    for key, item in value.items():
        found = members.get(key)
        if found is None or item is None:
            continue  # unknown members ignored, null is absent (UNKNOWN_MEMBERS)
        member_name, member = found
        params[member_name] = _convert(item, member, f"{where}.{member_name}", where)
    return params


def _convert(value: Any, shape: Any, where: str, parent: str = "") -> Any:
    """A JSON value of ``shape`` as a boto3 user passes it (ApiError when it can not be)."""
    kind = shape.type_name
    if kind == "string":
        if isinstance(value, (str, bool, int, float)):
            return value  # bool/number: the engine's SerializationException (recorded)
        raise _type_error(where, "a string", value)
    if kind == "structure":
        return _structure(value, _wire_members(shape), where)
    if kind == "list":
        if not isinstance(value, list):
            raise _type_error(where, "a JSON array", value)
        return [
            _convert(item, shape.member, f"{where}.{index}.member")
            for index, item in enumerate(value, start=1)
            if item is not None
        ]
    if kind == "map":
        if not isinstance(value, dict):
            raise _type_error(where, "a JSON object", value)
        return {
            key: _convert(item, shape.value, f"{where}.{key}")
            for key, item in value.items()
            if item is not None
        }
    if kind == "boolean":
        if isinstance(value, bool):
            return value
        raise _type_error(where, "true or false", value)
    if kind in ("integer", "long"):
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        raise _type_error(where, "an integer", value)
    if kind in ("double", "float"):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return value
        raise _type_error(where, "a number", value)
    if kind == "timestamp":
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            try:
                return datetime.datetime.fromtimestamp(value, datetime.timezone.utc)
            except (OverflowError, OSError, ValueError):
                raise _type_error(where, "a timestamp", value) from None
        if isinstance(value, str):
            return value
        raise _type_error(where, "a timestamp", value)
    if kind == "blob":
        if isinstance(value, str):
            try:
                return base64.b64decode(value, validate=True)
            except (binascii.Error, ValueError):
                raise _type_error(where, "base64 text", value) from None
        raise _type_error(where, "base64 text", value)
    return value


_WIRE_MEMBERS: dict[str, dict[str, tuple[str, Any]]] = {}


def _wire_members(shape: Any) -> dict[str, tuple[str, Any]]:
    """A structure's members by their JSON name (cached per shape)."""
    members = _WIRE_MEMBERS.get(shape.name)
    if members is None:
        members = _WIRE_MEMBERS[shape.name] = {
            member.serialization.get("name", name): (name, member)
            for name, member in shape.members.items()
        }
    return members


def _query_params(route: Route, query: Sequence[tuple[str, str]]) -> dict[str, Any]:
    params: dict[str, Any] = {}
    rest: dict[str, str] = {}
    literal = route.literal_query
    for key, value in query:
        found = route.query_members.get(key)
        if found is None:
            if (key, value) not in literal:
                rest[key] = value
            continue
        member_name, member = found
        if member.type_name == "list":
            params.setdefault(member_name, []).append(_from_text(value, member.member, member_name))
        else:
            params[member_name] = _from_text(value, member, member_name)
    if route.query_map is not None and rest:
        member_name, member = route.query_map
        params[member_name] = {
            key: _from_text(value, member.value, f"{member_name}.{key}")
            for key, value in rest.items()
        }
    return params


def _from_text(text: str, shape: Any, where: str) -> Any:
    """A path, query or header string as a value of ``shape``."""
    kind = shape.type_name
    if kind == "string":
        return text
    if kind == "boolean":
        lowered = text.lower()
        if lowered in ("true", "false"):
            return lowered == "true"
        raise _type_error(where, "true or false", text)
    if kind in ("integer", "long"):
        if re.fullmatch(r"[+-]?[0-9]{1,19}", text):
            return int(text)
        raise _type_error(where, "an integer", text)
    if kind in ("double", "float"):
        try:
            return float(text)
        except ValueError:
            raise _type_error(where, "a number", text) from None
    return text


def _missing(shape: Any, params: Mapping[str, Any], prefix: str) -> list[str]:
    """Where each required member is missing (the layer's names), in model order."""
    if shape is None:
        return []
    found: list[str] = []
    for name in shape.required_members:
        if params.get(name) is None:
            member = shape.members[name]
            bare = member.serialization.get("location") is not None
            found.append(name if bare else f"{prefix}.{name}")
    for name, value in params.items():
        member = shape.members.get(name)
        if member is not None and member.serialization.get("location") is None:
            _nested_missing(member, value, f"{prefix}.{name}", found)
    return found


def _nested_missing(shape: Any, value: Any, where: str, found: list[str]) -> None:
    kind = shape.type_name
    if kind == "structure" and isinstance(value, dict):
        for name in shape.required_members:
            if value.get(name) is None:
                found.append(f"{where}.{name}")
        for name, item in value.items():
            member = shape.members.get(name)
            if member is not None:
                _nested_missing(member, item, f"{where}.{name}", found)
    elif kind == "list" and isinstance(value, list):
        for index, item in enumerate(value, start=1):
            _nested_missing(shape.member, item, f"{where}.{index}.member", found)
    elif kind == "map" and isinstance(value, dict):
        for key, item in value.items():
            _nested_missing(shape.value, item, f"{where}.{key}", found)


def _missing_error(missing: Sequence[str]) -> ApiError:
    count = len(missing)
    errors = "1 validation error" if count == 1 else f"{count} validation errors"
    texts = (
        f"Value null at '{where}' failed to satisfy constraint: Member must not be null"
        for where in missing
    )
    return ApiError(
        VALIDATION_EXCEPTION, f"{errors} detected: " + "; ".join(texts), 400, MISSING_REQUIRED
    )


def _type_error(where: str, expected: str, value: Any) -> ApiError:
    return ApiError(
        SERIALIZATION_EXCEPTION,
        f"can not read '{where}': expected {expected}, got {_json_text(value)}",
        400,
        WRONG_TYPE,
    )


def _json_text(value: Any) -> str:
    # Every value shown was read by json.loads (or is a str), so json.dumps always writes it.
    return _shown(json.dumps(value, ensure_ascii=False), 100)


def _shown(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, with no control character left in it."""
    cleaned = "".join(char if char.isprintable() else repr(char)[1:-1] for char in text[:limit])
    return cleaned + ("..." if len(text) > limit else "")


# -- who is asking --------------------------------------------------------------------------


def credential_scope(headers: Mapping[str, str]) -> tuple[str, str] | None:
    """``(access key id, region)`` of a SigV4 ``Authorization`` header, if it has one."""
    authorization = headers.get("authorization")
    if not authorization:
        return None
    found = _CREDENTIAL.search(authorization)
    return None if found is None else (found.group(1), found.group(2))


# -- answers --------------------------------------------------------------------------------


def unemulated_error(operation: str, emulated: Iterable[str]) -> ApiError:
    return ApiError(
        UNEMULATED_CODE,
        f"apigw_canary_mock does not emulate the apigateway operation {operation!r} (answered "
        f"by its endpoint, python -m apigw_canary_mock serve). Emulated operations: "
        f"{', '.join(sorted(emulated)) or '(none)'}.",
        501,
        UNEMULATED,
    )


def mock_error(error: MockError) -> ApiError:
    """The answer for a MockError an in-process client would get raised."""
    return ApiError(type(error).__name__, str(error), 501, MOCK_ERROR)


def http_error(status: int, code: str, message: str) -> ApiError:
    """An error of the HTTP layer itself (rule endpoint-http-limits)."""
    return ApiError(code, message, status, HTTP_LIMITS)


def error_record(error: ApiError) -> AnswerRecord:
    """The HTTP answer of an error no operation renders (routing, HTTP, the server)."""
    return plain_error_record(error.status, error.code, error.message)


def answer_bytes(record: AnswerRecord, *, close: bool = False) -> bytes:
    """The bytes of an HTTP/1.1 answer: status line, the headers as rendered, the body."""
    status, headers, body = record
    if isinstance(body, tuple):
        opening, items, closing = body
        body = opening + b",".join(items) + closing
    lines = [f"HTTP/1.1 {status} {_phrase(status)}"]
    for name, value in headers.items():
        if close and name == "connection":
            value = "close"
        lines.append(f"{name}: {_header_value(value)}")
    head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1", "replace")
    return head + body


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


def _header_value(value: str) -> str:
    # No header can be split by a value (a name in a Content-Disposition, say).
    return value.replace("\r", " ").replace("\n", " ")
