"""One handler per emulated operation: validated params in, a wire answer (or ApiError) out.

CONTRACT (shared by core/operations and wire/interception; keep stable):

    Result(body, status)
        body   -- the JSON object AWS would send, as Python data: only members of the
                  operation's output shape, no None values, timestamps as int epoch seconds,
                  doubles as float. For operations with no output shape: {}.
        status -- the HTTP status of the success answer (200, 201 or 202).

    ObjectResult(source, render, status) / ListResult(member, sources, render, status)
        The same answer as Result(render(source)) / Result({member: [render(s), ...]}),
        for stored model objects with a ``render_cache`` slot (Stage): wire renders each
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
"""

from __future__ import annotations

from . import (
    authorizers,
    deployments,
    integration_responses,
    integrations,
    method_responses,
    methods,
    models,
    resources,
    restapis,
    stages,
    validators,
)
from .result import AnyResult, ListResult, ObjectResult, OperationHandler, Result

# The REST API definition: resources, methods and their responses, integrations and theirs,
# models, request validators, authorizers.
_DEFINITION = (
    methods,
    method_responses,
    integrations,
    integration_responses,
    models,
    validators,
    authorizers,
)

OPERATIONS: dict[str, OperationHandler] = {
    **restapis.HANDLERS,
    **resources.HANDLERS,
    **deployments.HANDLERS,
    **stages.HANDLERS,
    **{name: handler for module in _DEFINITION for name, handler in module.HANDLERS.items()},
}

READ_ONLY_OPERATIONS: frozenset[str] = frozenset(
    {
        *restapis.READ_ONLY,
        *resources.READ_ONLY,
        *deployments.READ_ONLY,
        *stages.READ_ONLY,
        *(name for module in _DEFINITION for name in module.READ_ONLY),
    }
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
