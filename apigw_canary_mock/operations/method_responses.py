"""PutMethodResponse, GetMethodResponse, UpdateMethodResponse, DeleteMethodResponse."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..core.errors import ApiError, not_found
from ..core.evidence import rule
from ..core.lookup import method_of
from ..core.method_patch import patch_method_response
from ..core.method_rules import check_response_parameters, key_text
from ..core.methods import Method, MethodResponse
from ..core.models import RESPONSE_MODEL_REFERENCE_UNKNOWN, check_model_references
from ..core.store import Backend
from .result import OperationHandler, Result, text
from .shapes import method_response_body

STATUS_NOT_FOUND = rule(
    "method-response-not-found",
    "R",
    "UpdateMethodResponse of a status code the method has no response for: NotFoundException "
    "`Invalid Response status code specified`",
)
STATUS_NOT_FOUND_P = rule(
    "method-response-not-found-get-delete",
    "P",
    "Get/DeleteMethodResponse of a status code the method has no response for: the "
    "UpdateMethodResponse text, `Invalid Response status code specified`",
)
REPLACED_WHOLE = rule(
    "method-response-put-replaces",
    "P",
    "a second PutMethodResponse for the same status code replaces the response whole",
)
UPDATE_ANSWERS_201 = rule(
    "update-method-response-201", "R", "UpdateMethodResponse answers 201, not 200"
)


def _response(method: Method, status_code: str, rule_id: str) -> MethodResponse:
    response = method.responses.get(status_code)
    if response is None:
        raise _status_not_found(rule_id)
    return response


def _status_not_found(rule_id: str) -> ApiError:
    return not_found("Invalid Response status code specified", rule=rule_id)


def _scope(backend: Backend, params: dict[str, Any]) -> tuple[Any, Method]:
    api, _, method = method_of(
        backend, text(params, "restApiId"), text(params, "resourceId"), text(params, "httpMethod")
    )
    return api, method


def put_method_response(backend: Backend, params: dict[str, Any]) -> Result:
    api, method = _scope(backend, params)
    status_code = text(params, "statusCode")
    response = MethodResponse(status_code)
    parameters = params.get("responseParameters")
    if isinstance(parameters, Mapping):
        response.response_parameters = check_response_parameters(parameters)
    models = params.get("responseModels")
    if isinstance(models, Mapping):
        check_model_references(api.models, models.values(), RESPONSE_MODEL_REFERENCE_UNKNOWN)
        response.response_models = {key_text(key): str(name) for key, name in models.items()}
    if status_code in method.responses:
        backend.journal.note(REPLACED_WHOLE)
    method.responses[status_code] = response
    api.changed()
    return Result(method_response_body(response), 201)


def get_method_response(backend: Backend, params: dict[str, Any]) -> Result:
    _, method = _scope(backend, params)
    response = _response(method, text(params, "statusCode"), STATUS_NOT_FOUND_P)
    return Result(method_response_body(response))


def update_method_response(backend: Backend, params: dict[str, Any]) -> Result:
    """Applies ``patchOperations`` all-or-nothing; answers 201 (R)."""
    api, method = _scope(backend, params)
    response = _response(method, text(params, "statusCode"), STATUS_NOT_FOUND)
    operations = params.get("patchOperations")
    if isinstance(operations, (list, tuple)) and operations:
        response = patch_method_response(api, response, operations)
        method.responses[response.status_code] = response
        api.changed()
    return Result(method_response_body(response), 201)


def delete_method_response(backend: Backend, params: dict[str, Any]) -> Result:
    api, method = _scope(backend, params)
    response = _response(method, text(params, "statusCode"), STATUS_NOT_FOUND_P)
    del method.responses[response.status_code]
    api.changed()
    return Result({}, 204)


HANDLERS: dict[str, OperationHandler] = {
    "PutMethodResponse": put_method_response,
    "GetMethodResponse": get_method_response,
    "UpdateMethodResponse": update_method_response,
    "DeleteMethodResponse": delete_method_response,
}

READ_ONLY = frozenset(("GetMethodResponse",))
