"""The rules of a method request (spec deployment-surface 2.4, 3.3): HTTP method,
authorization, request parameters.

PutMethod checks, in this order (P for the order of the last ones): resource, httpMethod,
authorizer, request validator, models, request parameters, and only then whether the method
exists already.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from .authorizers import Authorizer
from .errors import ApiError, bad_request, conflict
from .evidence import rule
from .methods import Method

HTTP_METHODS = ("GET", "PUT", "POST", "DELETE", "PATCH", "OPTIONS", "HEAD", "ANY")
AUTHORIZATION_TYPES = ("NONE", "AWS_IAM", "CUSTOM", "COGNITO_USER_POOLS")
_NEEDS_AUTHORIZER = frozenset(("CUSTOM", "COGNITO_USER_POOLS"))

BAD_HTTP_METHOD = rule(
    "http-method-invalid",
    "R",
    "an httpMethod outside GET, PUT, POST, DELETE, PATCH, OPTIONS, HEAD, ANY: "
    "`Invalid HttpMethod specified. Valid options are GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY`",
)
HTTP_METHOD_CASE = rule(
    "http-method-case",
    "P",
    "httpMethod is case-sensitive: `get` gets the invalid-HttpMethod answer",
)
AUTHORIZATION_TYPE_CASE = rule(
    "authorization-type-case",
    "R",
    "authorizationType is matched case-insensitively: `none` is accepted",
)
AUTHORIZATION_TYPE_AS_SENT = rule(
    "authorization-type-as-sent",
    "P",
    "an authorizationType in another case is stored and shown as sent (`none`)",
)
BAD_AUTHORIZATION_TYPE = rule(
    "authorization-type-invalid",
    "P",
    "an authorizationType outside NONE, AWS_IAM, CUSTOM, COGNITO_USER_POOLS: "
    "BadRequestException `Invalid authorization type specified: <v>. Must be one of: [...]`",
)
NEEDS_AUTHORIZER = rule(
    "authorizer-required",
    "R",
    "CUSTOM or COGNITO_USER_POOLS without an existing authorizerId: `Invalid authorizer ID "
    "specified. Setting the authorization type to CUSTOM or COGNITO_USER_POOLS requires a "
    "valid authorizer.` (UpdateMethod: checked after all ops)",
)
AUTHORIZER_DROPPED = rule(
    "authorizer-id-dropped",
    "R",
    "an authorizerId given while the type is neither CUSTOM nor COGNITO_USER_POOLS is accepted "
    "and not shown",
)
BAD_MAPPING_EXPRESSION = rule(
    "request-parameter-mapping-expression",
    "R",
    "a boolean requestParameters key (sent as JSON true): `Invalid mapping expression "
    "specified: Validation Result: warnings : [], errors : [Invalid mapping expression "
    "specified: true]`",
)
BAD_MAPPING_EXPRESSION_OTHER = rule(
    "request-parameter-mapping-expression-other",
    "P",
    "any other requestParameters key that is not method.request.{path|querystring|header|"
    "multivaluequerystring|multivalueheader}.<name>: the same text with the key",
)
DUPLICATE_PARAMETER = rule(
    "request-parameter-unique",
    "R",
    "one parameter name in two locations: `Parameter names must be unique across querystring, "
    "header and path`",
)
DUPLICATE_MULTIVALUE_PARAMETER = rule(
    "request-parameter-unique-multivalue",
    "P",
    "the multivalue locations (multivaluequerystring, multivalueheader) count too: the same "
    "name there and in another location gets the same answer",
)
METHOD_EXISTS = rule(
    "method-duplicate",
    "P",
    "PutMethod of an existing method: ConflictException `Method already exists for this "
    "resource`, checked after every other rule",
)
PUT_METHOD_ORDER = rule(
    "put-method-check-order",
    "P",
    "PutMethod checks resource, httpMethod, authorizer, request validator, models, request "
    "parameters, then the duplicate",
)

BAD_RESPONSE_MAPPING_EXPRESSION = rule(
    "response-parameter-mapping-expression",
    "P",
    "a method response's responseParameters key that is not method.response.header.<name>: "
    "the invalid-mapping-expression text of PutMethod",
)

# Pattern texts: compiled (and cached) by the re module on first use, not at import.
_RESPONSE_PARAMETER = r"(?s)method\.response\.header\.(.+)"
_REQUEST_PARAMETER = (
    r"(?s)method\.request\.(path|querystring|multivaluequerystring|header|multivalueheader)\.(.+)"
)


def check_http_method(http_method: str) -> str:
    if http_method not in HTTP_METHODS:
        raise bad_request(
            "Invalid HttpMethod specified. Valid options are "
            "GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY",
            rule=BAD_HTTP_METHOD,
        )
    return http_method


def check_authorization_type(value: str) -> str:
    """The type as sent (``none`` stays ``none``), if it names one (any case)."""
    if value.upper() not in AUTHORIZATION_TYPES:
        raise bad_request(
            f"Invalid authorization type specified: {value}. "
            f"Must be one of: [{', '.join(AUTHORIZATION_TYPES)}]",
            rule=BAD_AUTHORIZATION_TYPE,
        )
    return value


def settle_authorizer(method: Method, authorizers: Mapping[str, Authorizer]) -> None:
    """CUSTOM / COGNITO_USER_POOLS need an existing authorizer; other types keep none."""
    if method.authorization_type.upper() in _NEEDS_AUTHORIZER:
        if method.authorizer_id is None or method.authorizer_id not in authorizers:
            raise bad_request(
                "Invalid authorizer ID specified. Setting the authorization type to CUSTOM or "
                "COGNITO_USER_POOLS requires a valid authorizer.",
                rule=NEEDS_AUTHORIZER,
            )
    else:
        method.authorizer_id = None


def key_text(key: object) -> str:
    """A map key as AWS sees it: the JSON text of the key botocore would send."""
    if isinstance(key, str):
        return key
    if key is None or isinstance(key, (bool, int, float)):
        return json.dumps(key)
    return str(key)


def check_request_parameters(parameters: Mapping[Any, object]) -> dict[str, bool]:
    """Method request parameters: valid keys, each name in one location only."""
    checked: dict[str, bool] = {}
    seen: dict[str, str] = {}  # name -> its location
    for key, required in parameters.items():
        text = key_text(key)
        match = re.fullmatch(_REQUEST_PARAMETER, text)
        if match is None:
            recorded = isinstance(key, bool)
            raise _bad_mapping(
                text, BAD_MAPPING_EXPRESSION if recorded else BAD_MAPPING_EXPRESSION_OTHER
            )
        location, name = match.group(1, 2)
        other = seen.get(name)
        if other is not None:
            multivalue = location.startswith("multi") or other.startswith("multi")
            raise bad_request(
                "Parameter names must be unique across querystring, header and path",
                rule=DUPLICATE_MULTIVALUE_PARAMETER if multivalue else DUPLICATE_PARAMETER,
            )
        seen[name] = location
        checked[text] = bool(required)
    return checked


def check_response_parameters(parameters: Mapping[Any, object]) -> dict[str, bool]:
    """Method response parameters: every key names a response header."""
    checked: dict[str, bool] = {}
    for key, required in parameters.items():
        text = key_text(key)
        if re.fullmatch(_RESPONSE_PARAMETER, text) is None:
            raise _bad_mapping(text, BAD_RESPONSE_MAPPING_EXPRESSION)
        checked[text] = bool(required)
    return checked


def _bad_mapping(text: str, rule_id: str) -> ApiError:
    return bad_request(
        "Invalid mapping expression specified: Validation Result: warnings : [], "
        f"errors : [Invalid mapping expression specified: {text}]",
        rule=rule_id,
    )


def check_new_method(methods: Mapping[str, Method], http_method: str) -> None:
    if http_method in methods:
        raise conflict("Method already exists for this resource", rule=METHOD_EXISTS)


__all__ = [
    "AUTHORIZATION_TYPES",
    "HTTP_METHODS",
    "check_authorization_type",
    "check_http_method",
    "check_new_method",
    "check_request_parameters",
    "check_response_parameters",
    "key_text",
    "settle_authorizer",
]
