"""One handler per emulated operation: validated params in, a wire answer (or ApiError) out.

CONTRACT (between operations and the layers above it: wire renders, engine calls):

    Result(body, status)
        body   -- the JSON object AWS would send, as Python data: only members of the
                  operation's output shape, no None values, timestamps as int epoch seconds,
                  doubles as float. For operations with no output shape: {}.
        status -- the HTTP status of the success answer (200, 201 or 202).

    ObjectResult(source, render, status) / ListResult(member, sources, render, status)
        The same answer as Result(render(source)) / Result({member: [render(s), ...]}),
        for stored model objects never changed in place (Stage): wire renders each
        object once and reuses the rendering while the object is stored unchanged.

    OperationHandler = Callable[[Backend, dict[str, Any]], AnyResult]
        Called with the Backend of the caller's (account, region) and the boto3 keyword
        arguments exactly as the user gave them (already validated against botocore's
        model). Raises core.errors.ApiError for AWS errors. Must leave state unchanged
        when it raises. The caller holds the StateStore lock for the whole call.

    OPERATIONS: dict[str, OperationHandler]   keyed by botocore operation name ("UpdateStage").

    READ_ONLY_OPERATIONS: frozenset[str]   the operations that never change state (a
        file-backed store answers them in a reading transaction, without the write lock).

    A handler that changes state goes through core's model (RestApi.put_stage,
    add_deployment, add_resource...) or calls ``api.changed()`` after changing the API's
    definition itself: the Backend's journal is what a state file writes.

Internal: not part of the public API (its names may change in any release); the public
names are those of ``apigw_canary_mock`` itself.
"""

from __future__ import annotations

from . import (
    authorizers,
    cache,
    deployments,
    documentation,
    domains,
    gateway_responses,
    integration_responses,
    integrations,
    method_responses,
    methods,
    models,
    openapi_export,
    openapi_import,
    resources,
    restapis,
    stages,
    tags,
    validators,
)
from .result import AnyResult, ListResult, ObjectResult, OperationHandler, Result

# Every module of handlers (each has HANDLERS and READ_ONLY), by family: the REST API and its
# definition (resources, methods and their responses, integrations and theirs, models,
# request validators, authorizers, gateway responses, documentation), deployments and stages,
# and what lives beside them (stage caches, tags, custom domain names).
_FAMILIES = (
    restapis,
    resources,
    methods,
    method_responses,
    integrations,
    integration_responses,
    models,
    validators,
    authorizers,
    gateway_responses,
    documentation,
    deployments,
    stages,
    cache,
    tags,
    domains,
)

OPERATIONS: dict[str, OperationHandler] = {
    name: handler for module in _FAMILIES for name, handler in module.HANDLERS.items()
}
# ImportRestApi / PutRestApi / GetExport call the other handlers by name, through this table.
OPERATIONS.update(openapi_import.handlers(OPERATIONS))
OPERATIONS.update(openapi_export.handlers(OPERATIONS))

READ_ONLY_OPERATIONS: frozenset[str] = frozenset(
    {"GetExport", *(name for module in _FAMILIES for name in module.READ_ONLY)}
)

__all__ = [
    "OPERATIONS",
    "READ_ONLY_OPERATIONS",
    "AnyResult",
    "ListResult",
    "ObjectResult",
    "OperationHandler",
    "Result",
]
