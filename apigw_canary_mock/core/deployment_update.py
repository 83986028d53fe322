"""UpdateDeployment (spec deployment surface 3.8): a deployment's description, and only that."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from .evidence import rule
from .patch_op import PatchOp
from .patch_table import PatchTable, Row, invalid_path, op_not_listed, read_members_or_null
from .restapi import Deployment, RestApi

DESCRIPTION_REPLACED = rule(
    "update-deployment-description",
    "R",
    "UpdateDeployment replace /description: 200 with the deployment {createdDate, description, id}",
)
DESCRIPTION_CLEARED = rule(
    "update-deployment-description-empty",
    "P",
    "UpdateDeployment replace /description with no or an empty value removes the description "
    "(as UpdateStage does)",
)
UNKNOWN_PATH = rule(
    "update-deployment-path",
    "P",
    "UpdateDeployment on a path other than /description: BadRequestException "
    "'Invalid patch path <path>'",
)
UNSUPPORTED_OP = rule(
    "update-deployment-op",
    "P",
    "UpdateDeployment add/remove/copy/move/test on /description: BadRequestException "
    "'Invalid patch operation specified. Must be one of: [replace]' "
    "(UpdateRestApi's recorded text)",
)
EMPTY_PATCH = rule(
    "update-empty-patch",
    "P",
    "An Update* request without patch operations changes nothing and answers the object as it is",
)


class _Draft:
    """The deployment's description being patched, and the rules the applied operations rest
    on (noted once the whole request succeeded). A plain class: a dataclass costs import time."""

    __slots__ = ("description", "notes")

    def __init__(self, description: str | None) -> None:
        self.description = description
        self.notes: list[str] = []


def _replace_description(draft: _Draft, op: PatchOp, groups: Mapping[str, str]) -> None:
    draft.description = op.value or None
    draft.notes.append(DESCRIPTION_REPLACED if op.value else DESCRIPTION_CLEARED)


_TABLE: PatchTable[_Draft] = PatchTable(
    {"/description": Row({"replace": _replace_description})},
    unknown_path=invalid_path(UNKNOWN_PATH),
    refuse=op_not_listed("[replace]", UNSUPPORTED_OP),
    read=read_members_or_null,
)


def update_deployment(api: RestApi, deployment_id: str, operations: object) -> Deployment:
    """Apply ``operations`` to the deployment, all or nothing; the deployment as it is after."""
    deployment = api.deployment(deployment_id)
    draft = _Draft(deployment.description)
    _TABLE.apply(draft, operations)
    for note in draft.notes or [EMPTY_PATCH]:
        api.journal.note(note)
    if draft.description == deployment.description:
        return deployment
    return api.replace_deployment(dataclasses.replace(deployment, description=draft.description))
