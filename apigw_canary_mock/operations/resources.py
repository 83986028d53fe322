"""GetResources, GetResource, CreateResource, UpdateResource, DeleteResource."""

from __future__ import annotations

from typing import Any

from ..core.lookup import resource_of
from ..core.resource_updates import SUBTREE_DELETED, delete_resource, update_resource
from ..core.resources import check_placement
from ..core.store import Backend
from .result import OperationHandler, Params, Result, paged_result, string_list, text
from .shapes import resource_body


def _embeds_methods(params: Params) -> bool:
    return "methods" in {e.lower() for e in string_list(params, "embed") or ()}


def get_resources(backend: Backend, params: dict[str, Any]) -> Result:
    """Pages by ``limit`` (default 25, clamped to 500) and ``position``; creation order.

    ``embed=["methods"]`` puts each method's full data under ``resourceMethods``.
    """
    api = backend.rest_api(text(params, "restApiId"))
    embed_methods = _embeds_methods(params)
    return paged_result(
        params,
        tuple(api.resources.values()),
        lambda resource: resource_body(resource, embed_methods=embed_methods),
    )


def get_resource(backend: Backend, params: dict[str, Any]) -> Result:
    _, resource = resource_of(backend, text(params, "restApiId"), text(params, "resourceId"))
    return Result(resource_body(resource, embed_methods=_embeds_methods(params)))


def create_resource(backend: Backend, params: dict[str, Any]) -> Result:
    api, parent = resource_of(backend, text(params, "restApiId"), text(params, "parentId"))
    path_part = text(params, "pathPart")
    check_placement(parent, path_part)
    return Result(resource_body(api.add_resource(parent, path_part)), 201)


def update_resource_op(backend: Backend, params: dict[str, Any]) -> Result:
    api, resource = resource_of(backend, text(params, "restApiId"), text(params, "resourceId"))
    update_resource(api, resource, params.get("patchOperations"))
    return Result(resource_body(resource))


def delete_resource_op(backend: Backend, params: dict[str, Any]) -> Result:
    api, resource = resource_of(backend, text(params, "restApiId"), text(params, "resourceId"))
    delete_resource(api, resource)
    backend.journal.note(SUBTREE_DELETED)
    return Result({}, 202)


HANDLERS: dict[str, OperationHandler] = {
    "GetResources": get_resources,
    "GetResource": get_resource,
    "CreateResource": create_resource,
    "UpdateResource": update_resource_op,
    "DeleteResource": delete_resource_op,
}

READ_ONLY = frozenset(("GetResources", "GetResource"))
