"""Look-ups of the definition's operations, with the texts AWS answers when one fails.

AWS answers an unknown restApiId differently per operation (spec deployment-surface 5.3):
the operations on a resource or below it answer as if the resource were unknown.
"""

from __future__ import annotations

from .errors import ApiError, not_found
from .evidence import rule
from .methods import Integration, Method
from .resources import Resource
from .restapi import RESOURCE_NOT_FOUND, RestApi
from .store import Backend

UNKNOWN_API_AS_RESOURCE = rule(
    "unknown-api-as-resource",
    "R",
    "PutMethod, UpdateMethod, PutIntegration, GetIntegration, Get/Put/DeleteIntegrationResponse "
    "on an unknown restApiId: NotFoundException `Invalid Resource identifier specified`",
)
UNKNOWN_API_AS_RESOURCE_P = rule(
    "unknown-api-as-resource-other",
    "P",
    "the other operations on a resource or below it (Create/Get/Update/DeleteResource, "
    "Get/DeleteMethod, method responses, Update/DeleteIntegration, UpdateIntegrationResponse) "
    "answer an unknown restApiId the same way: `Invalid Resource identifier specified`",
)
INTEGRATION_NOT_FOUND_RULE = rule(
    "integration-not-found",
    "R",
    "a method without integration: NotFoundException `Invalid Integration identifier specified`",
)
INTEGRATION_NOT_FOUND = "Invalid Integration identifier specified"


def api_of_resource(backend: Backend, rest_api_id: str, rule_id: str) -> RestApi:
    """The API, or the resource-not-found answer AWS gives for an unknown API here."""
    api = backend.rest_apis.get(rest_api_id)
    if api is None:
        raise not_found(RESOURCE_NOT_FOUND, rule=rule_id)
    return api


def resource_of(
    backend: Backend,
    rest_api_id: str,
    resource_id: str,
    rule_id: str = UNKNOWN_API_AS_RESOURCE_P,
) -> tuple[RestApi, Resource]:
    api = api_of_resource(backend, rest_api_id, rule_id)
    return api, api.resource(resource_id)


def method_of(
    backend: Backend,
    rest_api_id: str,
    resource_id: str,
    http_method: str,
    rule_id: str = UNKNOWN_API_AS_RESOURCE_P,
) -> tuple[RestApi, Resource, Method]:
    api, resource = resource_of(backend, rest_api_id, resource_id, rule_id)
    return api, resource, api.method(resource_id, http_method)


def integration_not_found(rule_id: str = INTEGRATION_NOT_FOUND_RULE) -> ApiError:
    return not_found(INTEGRATION_NOT_FOUND, rule=rule_id)


def integration_of(method: Method) -> Integration:
    if method.integration is None:
        raise integration_not_found()
    return method.integration


__all__ = [
    "INTEGRATION_NOT_FOUND",
    "api_of_resource",
    "integration_not_found",
    "integration_of",
    "method_of",
    "resource_of",
]
