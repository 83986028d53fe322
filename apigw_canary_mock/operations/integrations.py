"""PutIntegration, GetIntegration, UpdateIntegration, DeleteIntegration."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from ..core.integration_patch import patch_integration
from ..core.integration_rules import (
    CONNECTION_TYPES,
    CONTENT_HANDLINGS,
    INTEGRATION_TYPES,
    PASSTHROUGH_BEHAVIORS,
    PUT_DROPS_RESPONSES,
    PUT_REPLACES,
    check_enum,
    check_integration,
    default_connection_type,
    text_map,
)
from ..core.integration_rules import request_templates as request_templates_of
from ..core.lookup import (
    UNKNOWN_API_AS_RESOURCE,
    UNKNOWN_API_AS_RESOURCE_P,
    integration_of,
    method_of,
)
from ..core.methods import Integration, Method
from ..core.restapi import RestApi
from ..core.store import Backend
from .result import (
    OperationHandler,
    Result,
    optional_int,
    optional_text,
    string_list,
    text,
)
from .shapes import integration_body

# Members of newer botocore models, stored and echoed as given.
_EXTRAS = ("responseTransferMode", "integrationTarget")


def _optional_enum(params: dict[str, Any], name: str, choices: tuple[str, ...]) -> str | None:
    value = optional_text(params, name)
    return None if value is None else check_enum(name, value, choices)


def put_integration(backend: Backend, params: dict[str, Any]) -> Result:
    """Creates or replaces the method's integration (PUT semantics)."""
    api, resource, method = method_of(
        backend,
        text(params, "restApiId"),
        text(params, "resourceId"),
        text(params, "httpMethod"),
        UNKNOWN_API_AS_RESOURCE,
    )
    integration = Integration(
        check_enum("integration type", text(params, "type"), INTEGRATION_TYPES),
        optional_text(params, "integrationHttpMethod"),
        optional_text(params, "uri"),
        _optional_enum(params, "connectionType", CONNECTION_TYPES),
        optional_text(params, "connectionId"),
        optional_text(params, "credentials"),
        passthrough_behavior=(
            _optional_enum(params, "passthroughBehavior", PASSTHROUGH_BEHAVIORS) or "WHEN_NO_MATCH"
        ),
        content_handling=_optional_enum(params, "contentHandling", CONTENT_HANDLINGS),
        timeout_in_millis=optional_int(params, "timeoutInMillis") or 29000,
        cache_namespace=optional_text(params, "cacheNamespace") or resource.id,
        cache_key_parameters=string_list(params, "cacheKeyParameters") or [],
    )
    policies = check_integration(integration)
    parameters = params.get("requestParameters")
    if isinstance(parameters, Mapping):
        integration.request_parameters = text_map(parameters)
    request_templates = params.get("requestTemplates")
    if isinstance(request_templates, Mapping):
        integration.request_templates = request_templates_of(request_templates)
    tls = params.get("tlsConfig")
    if isinstance(tls, Mapping):
        integration.tls_config = copy.deepcopy(dict(tls))
    integration.extras = {
        name: copy.deepcopy(params[name]) for name in _EXTRAS if params.get(name) is not None
    }
    default_connection_type(integration)

    replaced = method.integration
    if replaced is not None:
        policies.append(PUT_REPLACES)
        if replaced.responses:
            policies.append(PUT_DROPS_RESPONSES)
    method.integration = integration
    api.changed()
    for rule_id in policies:
        backend.journal.note(rule_id)
    return Result(integration_body(integration), 201)


def _integration(
    backend: Backend, params: dict[str, Any], rule_id: str = UNKNOWN_API_AS_RESOURCE_P
) -> tuple[RestApi, Method, Integration]:
    api, _, method = method_of(
        backend,
        text(params, "restApiId"),
        text(params, "resourceId"),
        text(params, "httpMethod"),
        rule_id,
    )
    return api, method, integration_of(method)


def get_integration(backend: Backend, params: dict[str, Any]) -> Result:
    _, _, integration = _integration(backend, params, UNKNOWN_API_AS_RESOURCE)
    return Result(integration_body(integration))


def update_integration(backend: Backend, params: dict[str, Any]) -> Result:
    """Applies ``patchOperations`` all-or-nothing; an empty list changes nothing."""
    api, method, integration = _integration(backend, params)
    operations = params.get("patchOperations")
    if isinstance(operations, (list, tuple)) and operations:
        integration = patch_integration(integration, operations)
        method.integration = integration
        api.changed()
    return Result(integration_body(integration))


def delete_integration(backend: Backend, params: dict[str, Any]) -> Result:
    api, method, _ = _integration(backend, params)
    method.integration = None
    api.changed()
    return Result({}, 204)


HANDLERS: dict[str, OperationHandler] = {
    "PutIntegration": put_integration,
    "GetIntegration": get_integration,
    "UpdateIntegration": update_integration,
    "DeleteIntegration": delete_integration,
}

READ_ONLY = frozenset(("GetIntegration",))
