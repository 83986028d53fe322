"""GetResources, CreateResource, PutMethod, PutIntegration: just enough API to deploy."""

from __future__ import annotations

import copy
import re
from typing import Any

from ..core.errors import bad_request, conflict
from ..core.restapi import Integration, Method
from ..core.store import Backend
from .result import (
    OperationHandler,
    Result,
    optional_bool,
    optional_int,
    optional_text,
    paged_result,
    string_list,
    text,
)
from .shapes import integration_body, method_body, resource_body

HTTP_METHODS = ("ANY", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT")
AUTHORIZATION_TYPES = ("NONE", "AWS_IAM", "CUSTOM", "COGNITO_USER_POOLS")
INTEGRATION_TYPES = ("HTTP", "AWS", "MOCK", "HTTP_PROXY", "AWS_PROXY")
# A literal segment, or a {parameter} / {greedy+} one.
_PATH_PART = re.compile(r"[A-Za-z0-9._:-]+|\{[A-Za-z0-9._-]+\+?\}")

# Optional PutMethod / PutIntegration members echoed back as given (wire names).
_METHOD_EXTRAS = (
    "authorizerId",
    "operationName",
    "requestParameters",
    "requestModels",
    "requestValidatorId",
    "authorizationScopes",
)
_INTEGRATION_EXTRAS = (
    "connectionType",
    "connectionId",
    "credentials",
    "requestParameters",
    "requestTemplates",
    "contentHandling",
    "tlsConfig",
    "responseTransferMode",
    "integrationTarget",
)


def _one_of(what: str, value: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise bad_request(
            f"Invalid {what} specified: {value}. Must be one of: [{', '.join(choices)}]"
        )
    return value


def get_resources(backend: Backend, params: dict[str, Any]) -> Result:
    """Pages by ``limit`` (default 25, clamped to 500) and ``position``; creation order.

    ``embed=["methods"]`` puts each method's full data under ``resourceMethods``.
    """
    api = backend.rest_api(text(params, "restApiId"))
    embed_methods = "methods" in {e.lower() for e in string_list(params, "embed") or ()}
    return paged_result(
        params,
        tuple(api.resources.values()),
        lambda resource: resource_body(resource, embed_methods=embed_methods),
    )


def create_resource(backend: Backend, params: dict[str, Any]) -> Result:
    api = backend.rest_api(text(params, "restApiId"))
    parent = api.resource(text(params, "parentId"))
    path_part = text(params, "pathPart")
    if _PATH_PART.fullmatch(path_part) is None:
        # P: the text moto and other emulators use.
        raise bad_request(
            "Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning "
            "and the end and an optional plus sign before the closing brace."
        )
    if path_part in parent.children:
        raise conflict(f"Another resource with the same parent already has this name: {path_part}")
    return Result(resource_body(api.add_resource(parent, path_part)), 201)


def put_method(backend: Backend, params: dict[str, Any]) -> Result:
    api = backend.rest_api(text(params, "restApiId"))
    resource = api.resource(text(params, "resourceId"))
    http_method = _one_of("HTTP method", text(params, "httpMethod"), HTTP_METHODS)
    authorization = _one_of(
        "authorization type", text(params, "authorizationType"), AUTHORIZATION_TYPES
    )
    if http_method in resource.methods:
        raise conflict("Method already exists for this resource")
    method = Method(
        http_method=http_method,
        authorization_type=authorization,
        api_key_required=bool(optional_bool(params, "apiKeyRequired")),
        extras=_extras(params, _METHOD_EXTRAS),
    )
    resource.methods[http_method] = method
    api.changed()
    return Result(method_body(method), 201)


def put_integration(backend: Backend, params: dict[str, Any]) -> Result:
    """Creates or replaces the method's integration (PUT semantics)."""
    api = backend.rest_api(text(params, "restApiId"))
    resource_id = text(params, "resourceId")
    method = api.method(resource_id, text(params, "httpMethod"))
    kind = _one_of("integration type", text(params, "type"), INTEGRATION_TYPES)
    http_method = optional_text(params, "integrationHttpMethod")
    uri = optional_text(params, "uri")
    if kind != "MOCK":
        # P: texts; every non-MOCK integration calls a backend, so it needs both.
        if not http_method:
            raise bad_request("Enumeration value for HttpMethod must be non-empty")
        if not uri:
            raise bad_request(f"Integration uri must be specified for type {kind}")
    integration = Integration(
        type=kind,
        http_method=http_method,
        uri=uri,
        passthrough_behavior=optional_text(params, "passthroughBehavior") or "WHEN_NO_MATCH",
        timeout_in_millis=optional_int(params, "timeoutInMillis") or 29000,
        cache_namespace=optional_text(params, "cacheNamespace") or resource_id,
        cache_key_parameters=string_list(params, "cacheKeyParameters") or [],
        extras=_extras(params, _INTEGRATION_EXTRAS),
    )
    method.integration = integration
    api.changed()
    return Result(integration_body(integration), 201)


def _extras(params: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    return {name: copy.deepcopy(params[name]) for name in names if params.get(name) is not None}


HANDLERS: dict[str, OperationHandler] = {
    "GetResources": get_resources,
    "CreateResource": create_resource,
    "PutMethod": put_method,
    "PutIntegration": put_integration,
}

READ_ONLY = frozenset(("GetResources",))
