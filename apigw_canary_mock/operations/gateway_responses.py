"""Put/Get/Update/DeleteGatewayResponse, GetGatewayResponses (core/gateway_responses.py)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..core.errors import not_found
from ..core.evidence import rule
from ..core.gateway_responses import (
    LIST_ORDER,
    NOT_PAGED,
    PUT_AS_GIVEN,
    RESPONSE_TYPES,
    STATUS_VALUE,
    UPDATE_FROM_SHOWN,
    build,
    inherits,
    not_defined,
    patch_gateway_response,
    resolve,
)
from ..core.integration_rules import check_enum
from ..core.restapi import RestApi
from ..core.store import Backend
from .result import OperationHandler, Result, optional_text, text
from .shapes import gateway_response_body

PUT_UNKNOWN_API = rule(
    "gateway-response-put-unknown-api",
    "P",
    "PutGatewayResponse on an unknown API: NotFoundException `Invalid API identifier specified "
    "<account>:<restApiId>` (recorded so for the other four operations)",
)


def _response_type(params: Mapping[str, Any]) -> str:
    """The validation layer has checked it for every client; a direct call or an imported
    document reaches here unchecked (P: enum-fallback)."""
    return check_enum("responseType", text(params, "responseType"), RESPONSE_TYPES)


def _string_map(params: Mapping[str, Any], name: str) -> dict[str, str] | None:
    """A map member as text; a null value reads as "" (refused as empty by core)."""
    value = params.get(name)
    if not isinstance(value, Mapping):
        return None
    return {str(k): "" if v is None else str(v) for k, v in value.items()}


def put_gateway_response(backend: Backend, params: dict[str, Any]) -> Result:
    kind = _response_type(params)
    rest_api_id = text(params, "restApiId")
    api = backend.rest_apis.get(rest_api_id)
    if api is None:
        raise not_found(
            f"Invalid API identifier specified {backend.account_id}:{rest_api_id}",
            rule=PUT_UNKNOWN_API,
        )
    parameters = _string_map(params, "responseParameters")
    templates = _string_map(params, "responseTemplates")
    response = build(kind, optional_text(params, "statusCode"), parameters, templates)
    api.gateway_responses[kind] = response
    api.changed()
    if parameters == {} or templates == {}:
        backend.journal.note(PUT_AS_GIVEN)
    return Result(gateway_response_body(response, default=False), 201)


def _answer(backend: Backend, api: RestApi, kind: str) -> dict[str, Any]:
    response, default = resolve(api.gateway_responses, kind)
    inherited = inherits(api.gateway_responses, kind)
    if inherited is not None:
        backend.journal.note(inherited)
    return gateway_response_body(response, default=default)


def get_gateway_response(backend: Backend, params: dict[str, Any]) -> Result:
    kind = _response_type(params)
    api = backend.rest_api(text(params, "restApiId"))
    return Result(_answer(backend, api, kind))


def get_gateway_responses(backend: Backend, params: dict[str, Any]) -> Result:
    """Every type, customised or not, in AWS's enum order; D: not paged."""
    api = backend.rest_api(text(params, "restApiId"))
    backend.journal.note(LIST_ORDER)
    if "limit" in params or "position" in params:
        backend.journal.note(NOT_PAGED)
    return Result({"items": [_answer(backend, api, kind) for kind in RESPONSE_TYPES]})


def update_gateway_response(backend: Backend, params: dict[str, Any]) -> Result:
    kind = _response_type(params)
    api = backend.rest_api(text(params, "restApiId"))
    operations = params.get("patchOperations")
    current, default = resolve(api.gateway_responses, kind)
    if default:
        backend.journal.note(UPDATE_FROM_SHOWN)
    if not isinstance(operations, (list, tuple)) or not operations:
        return Result(gateway_response_body(current, default=default))
    updated = patch_gateway_response(current, operations)
    api.gateway_responses[kind] = updated
    api.changed()
    if any(
        isinstance(raw, Mapping) and raw.get("path") == "/statusCode" and not raw.get("value")
        for raw in operations
    ):
        backend.journal.note(STATUS_VALUE)  # P: an empty status code restores the default
    return Result(gateway_response_body(updated, default=False))


def delete_gateway_response(backend: Backend, params: dict[str, Any]) -> Result:
    kind = _response_type(params)
    api = backend.rest_api(text(params, "restApiId"))
    if kind not in api.gateway_responses:
        raise not_defined()
    del api.gateway_responses[kind]
    api.changed()
    return Result({}, 202)


HANDLERS: dict[str, OperationHandler] = {
    "PutGatewayResponse": put_gateway_response,
    "GetGatewayResponse": get_gateway_response,
    "GetGatewayResponses": get_gateway_responses,
    "UpdateGatewayResponse": update_gateway_response,
    "DeleteGatewayResponse": delete_gateway_response,
}

READ_ONLY = frozenset(("GetGatewayResponse", "GetGatewayResponses"))
