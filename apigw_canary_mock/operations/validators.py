"""Create/Get/Update/DeleteRequestValidator, GetRequestValidators."""

from __future__ import annotations

from typing import Any

from ..core.errors import bad_request
from ..core.restapi import RestApi
from ..core.store import Backend
from ..core.validators import (
    VALIDATOR_CREATE_NAME_BLANK,
    VALIDATOR_CREATE_UNKNOWN_API,
    VALIDATOR_DEFAULTS,
    VALIDATOR_ID_LENGTH,
    VALIDATOR_NOT_FOUND,
    VALIDATOR_NOT_FOUND_UPDATE,
    RequestValidator,
    check_name,
    check_validator_unused,
    patch_validator,
    validator_not_found,
)
from .result import OperationHandler, Result, optional_bool, optional_text, paged_result, text
from .shapes import request_validator_body


def _validator(
    backend: Backend, params: dict[str, Any], rule_id: str = VALIDATOR_NOT_FOUND
) -> tuple[RestApi, RequestValidator]:
    """R: an unknown API answers as an unknown validator does."""
    api = backend.rest_apis.get(text(params, "restApiId"))
    found = None if api is None else api.request_validators.get(text(params, "requestValidatorId"))
    if api is None or found is None:
        raise validator_not_found(rule_id)
    return api, found


def create_request_validator(backend: Backend, params: dict[str, Any]) -> Result:
    api = backend.rest_apis.get(text(params, "restApiId"))
    if api is None:
        raise bad_request(
            "Invalid REST API identifier specified", rule=VALIDATOR_CREATE_UNKNOWN_API
        )
    name = check_name(optional_text(params, "name"), VALIDATOR_CREATE_NAME_BLANK)
    body, parameters = (
        optional_bool(params, "validateRequestBody"),
        optional_bool(params, "validateRequestParameters"),
    )
    if body is None or parameters is None:
        backend.journal.note(VALIDATOR_DEFAULTS)
    validator = RequestValidator(
        api.ids.new_id(VALIDATOR_ID_LENGTH), name, bool(body), bool(parameters)
    )
    api.request_validators[validator.id] = validator
    api.changed()
    return Result(request_validator_body(validator), 201)


def get_request_validator(backend: Backend, params: dict[str, Any]) -> Result:
    _, found = _validator(backend, params)
    return Result(request_validator_body(found))


def get_request_validators(backend: Backend, params: dict[str, Any]) -> Result:
    """Pages by ``limit`` and ``position``; creation order."""
    api = backend.rest_api(text(params, "restApiId"))
    return paged_result(params, tuple(api.request_validators.values()), request_validator_body)


def update_request_validator(backend: Backend, params: dict[str, Any]) -> Result:
    api, found = _validator(backend, params, VALIDATOR_NOT_FOUND_UPDATE)
    operations = params.get("patchOperations")
    if isinstance(operations, (list, tuple)) and operations:
        found = patch_validator(found, operations)
        api.request_validators[found.id] = found
        api.changed()
    return Result(request_validator_body(found))


def delete_request_validator(backend: Backend, params: dict[str, Any]) -> Result:
    api, found = _validator(backend, params)
    check_validator_unused(api.resources.values(), found.id)
    del api.request_validators[found.id]
    api.ids.release(found.id)
    api.changed()
    return Result({}, 202)


HANDLERS: dict[str, OperationHandler] = {
    "CreateRequestValidator": create_request_validator,
    "GetRequestValidator": get_request_validator,
    "GetRequestValidators": get_request_validators,
    "UpdateRequestValidator": update_request_validator,
    "DeleteRequestValidator": delete_request_validator,
}

READ_ONLY = frozenset(("GetRequestValidator", "GetRequestValidators"))
