"""PutMethod, GetMethod, UpdateMethod, DeleteMethod."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..core.evidence import rule
from ..core.lookup import UNKNOWN_API_AS_RESOURCE, method_of, resource_of
from ..core.method_patch import patch_method
from ..core.method_rules import (
    AUTHORIZATION_TYPE_AS_SENT,
    AUTHORIZATION_TYPE_CASE,
    check_authorization_type,
    check_http_method,
    check_new_method,
    check_request_parameters,
    key_text,
    settle_authorizer,
)
from ..core.methods import Method
from ..core.models import check_model_references
from ..core.store import Backend
from ..core.validators import check_validator_reference
from .result import OperationHandler, Result, optional_bool, optional_text, string_list, text
from .shapes import method_body

DELETE_CASCADES = rule(
    "delete-method-cascade",
    "P",
    "DeleteMethod (204) also deletes the method's responses and its integration",
)


def put_method(backend: Backend, params: dict[str, Any]) -> Result:
    api, resource = resource_of(
        backend, text(params, "restApiId"), text(params, "resourceId"), UNKNOWN_API_AS_RESOURCE
    )
    http_method = check_http_method(text(params, "httpMethod"))
    authorization = check_authorization_type(text(params, "authorizationType"))
    method = Method(
        http_method,
        authorization,
        bool(optional_bool(params, "apiKeyRequired")),
        authorizer_id=optional_text(params, "authorizerId"),
        operation_name=optional_text(params, "operationName"),
        authorization_scopes=string_list(params, "authorizationScopes"),
    )
    settle_authorizer(method, api.authorizers)
    validator = params.get("requestValidatorId")
    if validator is not None:
        check_validator_reference(api.request_validators, validator)
        method.request_validator_id = str(validator)
    models = params.get("requestModels")
    if isinstance(models, Mapping):
        check_model_references(api.models, models.values())
        method.request_models = {key_text(key): str(name) for key, name in models.items()}
    parameters = params.get("requestParameters")
    if isinstance(parameters, Mapping):
        method.request_parameters = check_request_parameters(parameters)
    check_new_method(resource.methods, http_method)

    resource.methods[http_method] = method
    api.changed()
    if authorization != authorization.upper():
        backend.journal.note(AUTHORIZATION_TYPE_CASE)
        backend.journal.note(AUTHORIZATION_TYPE_AS_SENT)
    return Result(method_body(method), 201)


def get_method(backend: Backend, params: dict[str, Any]) -> Result:
    _, _, method = method_of(
        backend, text(params, "restApiId"), text(params, "resourceId"), text(params, "httpMethod")
    )
    return Result(method_body(method))


def update_method(backend: Backend, params: dict[str, Any]) -> Result:
    """Applies ``patchOperations`` all-or-nothing; an empty list changes nothing."""
    api, resource, method = method_of(
        backend,
        text(params, "restApiId"),
        text(params, "resourceId"),
        text(params, "httpMethod"),
        UNKNOWN_API_AS_RESOURCE,
    )
    operations = params.get("patchOperations")
    if isinstance(operations, (list, tuple)) and operations:
        method = patch_method(api, method, operations)
        resource.methods[method.http_method] = method
        api.changed()
    return Result(method_body(method))


def delete_method(backend: Backend, params: dict[str, Any]) -> Result:
    api, resource, method = method_of(
        backend, text(params, "restApiId"), text(params, "resourceId"), text(params, "httpMethod")
    )
    del resource.methods[method.http_method]
    api.changed()
    if method.integration is not None or method.responses:
        backend.journal.note(DELETE_CASCADES)
    return Result({}, 204)


HANDLERS: dict[str, OperationHandler] = {
    "PutMethod": put_method,
    "GetMethod": get_method,
    "UpdateMethod": update_method,
    "DeleteMethod": delete_method,
}

READ_ONLY = frozenset(("GetMethod",))
