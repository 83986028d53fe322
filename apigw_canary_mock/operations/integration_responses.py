"""Put/Get/Update/DeleteIntegrationResponse."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..core.errors import not_found
from ..core.evidence import rule
from ..core.integration_patch import patch_integration_response
from ..core.integration_rules import (
    CONTENT_HANDLINGS,
    NULL_TEMPLATE,
    check_enum,
    text_map,
)
from ..core.integration_rules import (
    response_templates as response_templates_of,
)
from ..core.lookup import (
    INTEGRATION_NOT_FOUND_RULE,
    UNKNOWN_API_AS_RESOURCE,
    UNKNOWN_API_AS_RESOURCE_P,
    api_of_resource,
    integration_not_found,
    method_of,
)
from ..core.methods import Integration, IntegrationResponse
from ..core.restapi import RestApi
from ..core.store import Backend
from .result import OperationHandler, Result, optional_text, text
from .shapes import integration_response_body

STATUS_NOT_FOUND = rule(
    "integration-response-not-found",
    "R",
    "Get/DeleteIntegrationResponse of a status code without an integration response: "
    "NotFoundException `Invalid Response status code specified`",
)
STATUS_NOT_FOUND_UPDATE = rule(
    "integration-response-not-found-update",
    "P",
    "UpdateIntegrationResponse of a status code without an integration response: the same",
)
PUT_WITHOUT_INTEGRATION = rule(
    "integration-response-without-integration",
    "P",
    "PutIntegrationResponse on a method without integration: NotFoundException `Invalid "
    "Integration identifier specified` (recorded for Get)",
)
DELETE_UNKNOWN_METHOD = rule(
    "delete-integration-response-unknown-method",
    "R",
    "DeleteIntegrationResponse on a method that does not exist (or has no integration): "
    "NotFoundException `Invalid Integration identifier specified`",
)
PUT_REPLACES = rule(
    "integration-response-put-replaces",
    "R",
    "a second PutIntegrationResponse for the same status code replaces it whole",
)
NO_METHOD_RESPONSE_NEEDED = rule(
    "integration-response-without-method-response",
    "R",
    "PutIntegrationResponse needs no method response for its status code",
)


def _integration(
    backend: Backend,
    params: dict[str, Any],
    rule_id: str,
    missing_rule: str = INTEGRATION_NOT_FOUND_RULE,
) -> tuple[RestApi, Integration]:
    api, _, method = method_of(
        backend,
        text(params, "restApiId"),
        text(params, "resourceId"),
        text(params, "httpMethod"),
        rule_id,
    )
    if method.integration is None:
        raise integration_not_found(missing_rule)
    return api, method.integration


def _response(
    integration: Integration, status_code: str, rule_id: str = STATUS_NOT_FOUND
) -> IntegrationResponse:
    response = integration.responses.get(status_code)
    if response is None:
        raise not_found("Invalid Response status code specified", rule=rule_id)
    return response


def put_integration_response(backend: Backend, params: dict[str, Any]) -> Result:
    api, integration = _integration(
        backend, params, UNKNOWN_API_AS_RESOURCE, PUT_WITHOUT_INTEGRATION
    )
    status_code = text(params, "statusCode")
    response = IntegrationResponse(status_code, optional_text(params, "selectionPattern"))
    parameters = params.get("responseParameters")
    if isinstance(parameters, Mapping):
        response.response_parameters = text_map(parameters)
    response_templates = params.get("responseTemplates")
    if isinstance(response_templates, Mapping):
        response.response_templates = response_templates_of(response_templates)
        if None in response.response_templates.values():
            backend.journal.note(NULL_TEMPLATE)
    handling = optional_text(params, "contentHandling")
    if handling is not None:
        response.content_handling = check_enum("contentHandling", handling, CONTENT_HANDLINGS)

    if status_code in integration.responses:
        backend.journal.note(PUT_REPLACES)
    integration.responses[status_code] = response
    api.changed()
    return Result(integration_response_body(response), 201)


def get_integration_response(backend: Backend, params: dict[str, Any]) -> Result:
    _, integration = _integration(backend, params, UNKNOWN_API_AS_RESOURCE)
    return Result(integration_response_body(_response(integration, text(params, "statusCode"))))


def update_integration_response(backend: Backend, params: dict[str, Any]) -> Result:
    """Applies ``patchOperations`` all-or-nothing; an empty list changes nothing."""
    api, integration = _integration(backend, params, UNKNOWN_API_AS_RESOURCE_P)
    response = _response(integration, text(params, "statusCode"), STATUS_NOT_FOUND_UPDATE)
    operations = params.get("patchOperations")
    if isinstance(operations, (list, tuple)) and operations:
        response = patch_integration_response(response, operations)
        integration.responses[response.status_code] = response
        api.changed()
    return Result(integration_response_body(response))


def delete_integration_response(backend: Backend, params: dict[str, Any]) -> Result:
    api = api_of_resource(backend, text(params, "restApiId"), UNKNOWN_API_AS_RESOURCE)
    resource = api.resource(text(params, "resourceId"))
    method = resource.methods.get(text(params, "httpMethod"))
    if method is None or method.integration is None:
        raise integration_not_found(DELETE_UNKNOWN_METHOD)
    response = _response(method.integration, text(params, "statusCode"))
    del method.integration.responses[response.status_code]
    api.changed()
    return Result({}, 204)


HANDLERS: dict[str, OperationHandler] = {
    "PutIntegrationResponse": put_integration_response,
    "GetIntegrationResponse": get_integration_response,
    "UpdateIntegrationResponse": update_integration_response,
    "DeleteIntegrationResponse": delete_integration_response,
}

READ_ONLY = frozenset(("GetIntegrationResponse",))
