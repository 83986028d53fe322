"""CreateStage, GetStage, GetStages, UpdateStage, DeleteStage."""

from __future__ import annotations

from typing import Any

from ..core.canary import create_stage
from ..core.deployment_update import EMPTY_PATCH
from ..core.domains import MAPPING_IN_USE, MAPPING_IN_USE_RULE
from ..core.errors import bad_request
from ..core.evidence import rule
from ..core.patch import apply_patch
from ..core.store import Backend
from .result import (
    ListResult,
    ObjectResult,
    OperationHandler,
    Result,
    canary_request,
    optional_text,
    stage_request,
    string_map,
    text,
)
from .shapes import stage_body


def create_stage_op(backend: Backend, params: dict[str, Any]) -> ObjectResult:
    api = backend.rest_api(text(params, "restApiId"))
    stage = create_stage(
        api,
        name=text(params, "stageName"),
        deployment_id=text(params, "deploymentId"),
        settings=stage_request(params, "description"),
        canary=canary_request(params),
        documentation_version=optional_text(params, "documentationVersion"),
        tags=string_map(params, "tags"),
    )
    return ObjectResult(stage, stage_body, 201)


def get_stage(backend: Backend, params: dict[str, Any]) -> ObjectResult:
    api = backend.rest_api(text(params, "restApiId"))
    return ObjectResult(api.stage(text(params, "stageName")), stage_body)


BY_DEPLOYMENT = rule(
    "get-stages-by-deployment",
    "R",
    "GetStages answers {item: [...]} in creation order; deploymentId=X keeps the stages whose "
    "own deploymentId is X",
)
CANARY_NOT_MATCHED = rule(
    "get-stages-canary-not-matched",
    "P",
    "GetStages(deploymentId=X) leaves out a stage linked to X only by its canary",
)


def get_stages(backend: Backend, params: dict[str, Any]) -> ListResult:
    """Creation order; ``deploymentId`` matches the stage's own deployment, not its canary."""
    api = backend.rest_api(text(params, "restApiId"))
    wanted = optional_text(params, "deploymentId")
    stages = list(api.stages.values())
    if wanted is not None:
        if any(
            stage.canary is not None
            and stage.canary.deployment_id == wanted
            and stage.deployment_id != wanted
            for stage in stages
        ):
            backend.journal.note(CANARY_NOT_MATCHED)
        stages = [stage for stage in stages if stage.deployment_id == wanted]
    return ListResult("item", stages, stage_body)


def update_stage(backend: Backend, params: dict[str, Any]) -> ObjectResult:
    """Applies ``patchOperations`` all-or-nothing (P); an empty list changes nothing (P)."""
    api = backend.rest_api(text(params, "restApiId"))
    stage = api.stage(text(params, "stageName"))
    operations = params.get("patchOperations")
    if isinstance(operations, (list, tuple)) and operations:  # else: as if absent
        notes: list[str] = []
        stage = api.put_stage(apply_patch(stage, operations, api.deployments, notes))
        if notes:
            backend.journal.evidence.extend(notes)
    else:
        backend.journal.note(EMPTY_PATCH)
    return ObjectResult(stage, stage_body)


def delete_stage(backend: Backend, params: dict[str, Any]) -> Result:
    api = backend.rest_api(text(params, "restApiId"))
    name = text(params, "stageName")
    if name in api.stages and backend.domains.maps_stage(api.id, name):
        raise bad_request(MAPPING_IN_USE, MAPPING_IN_USE_RULE)
    api.delete_stage(name)
    return Result({}, 202)


HANDLERS: dict[str, OperationHandler] = {
    "CreateStage": create_stage_op,
    "GetStage": get_stage,
    "GetStages": get_stages,
    "UpdateStage": update_stage,
    "DeleteStage": delete_stage,
}

READ_ONLY = frozenset(("GetStage", "GetStages"))
