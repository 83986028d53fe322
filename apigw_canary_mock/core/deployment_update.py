"""UpdateDeployment (spec deployment surface 3.8): a deployment's description, and only that."""

from __future__ import annotations

import dataclasses

from .evidence import rule
from .patch_rows import PLAIN, PatchTable
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


def _replace_description(draft: _Draft, value: str | None) -> None:
    draft.description = value or None
    draft.notes.append(DESCRIPTION_REPLACED if value else DESCRIPTION_CLEARED)


_TABLE: PatchTable[_Draft] = PatchTable(
    {("replace", "/description"): _replace_description},
    style=PLAIN,
    rule_path=UNKNOWN_PATH,
    rule_op=UNSUPPORTED_OP,
)


def update_deployment(api: RestApi, deployment_id: str, operations: object) -> Deployment:
    """Apply ``operations`` to the deployment, all or nothing; the deployment as it is after."""
    deployment = api.deployment(deployment_id)
    draft = _TABLE.apply(_Draft(deployment.description), operations)
    for note in draft.notes or [EMPTY_PATCH]:
        api.journal.note(note)
    if draft.description == deployment.description:
        return deployment
    return api.replace_deployment(dataclasses.replace(deployment, description=draft.description))
