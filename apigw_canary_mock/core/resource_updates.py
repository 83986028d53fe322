"""UpdateResource (its patch table) and DeleteResource (spec deployment-surface 3.5)."""

from __future__ import annotations

from collections.abc import Mapping

from .errors import bad_request
from .evidence import rule
from .patch_op import PatchOp
from .patch_table import PatchTable, Row, path_not_listed
from .resources import (
    DELETE_ROOT,
    ROOT_PARENT,
    ROOT_PATH_PART,
    Resource,
    check_not_cyclical,
    check_placement,
    place,
    subtree,
)
from .restapi import RestApi

RESOURCE_PATCH = rule(
    "resource-patch",
    "R",
    "UpdateResource takes replace on /pathPart and /parentId; other paths: `Invalid patch path  "
    "'<path>' specified for op 'replace'. Must be one of: [/parentId, /pathPart]`; other ops: "
    "`... Please choose supported operations`",
)
RESOURCE_PATCH_ORDER = rule(
    "resource-patch-order",
    "P",
    "UpdateResource checks each op as it comes (root, unknown parent, cycle) and the name "
    "rules once, on where the resource ends up",
)
SUBTREE_DELETED = rule(
    "resource-delete-subtree",
    "R",
    "DeleteResource answers 202 and deletes the whole subtree with its methods",
)


class _Placement:
    """Where the resource goes: what the patch operations change."""

    __slots__ = ("api", "parent_id", "path_part", "resource")

    def __init__(self, api: RestApi, resource: Resource, parent_id: str, path_part: str) -> None:
        self.api = api
        self.resource = resource
        self.parent_id = parent_id
        self.path_part = path_part


def _set_path_part(work: _Placement, op: PatchOp, groups: Mapping[str, str]) -> None:
    if work.resource.parent_id is None:
        raise bad_request("Root resource cannot update its pathPart.", rule=ROOT_PATH_PART)
    work.path_part = op.value or ""


def _set_parent(work: _Placement, op: PatchOp, groups: Mapping[str, str]) -> None:
    if work.resource.parent_id is None:
        raise bad_request("Root resource cannot update its parentId.", rule=ROOT_PARENT)
    parent = work.api.resource(op.value or "")
    check_not_cyclical(work.api.resources, work.resource, parent)
    work.parent_id = parent.id


_REFUSE = path_not_listed("[/parentId, /pathPart]", RESOURCE_PATCH)

RESOURCE_PATCH_TABLE: PatchTable[_Placement] = PatchTable(
    {"/pathPart": Row({"replace": _set_path_part}), "/parentId": Row({"replace": _set_parent})},
    unknown_path=_REFUSE,
    refuse=_REFUSE,
)


def update_resource(api: RestApi, resource: Resource, operations: object) -> None:
    """Rename and/or move ``resource`` as ``operations`` say; nothing changes on an error."""
    if resource.parent_id is None or resource.path_part is None:
        work = _Placement(api, resource, "", "")
        RESOURCE_PATCH_TABLE.apply(work, operations)  # any op on the root refuses
        return
    work = _Placement(api, resource, resource.parent_id, resource.path_part)
    RESOURCE_PATCH_TABLE.apply(work, operations)
    if (work.parent_id, work.path_part) == (resource.parent_id, resource.path_part):
        return
    parent = api.resources[work.parent_id]
    check_placement(parent, work.path_part, moving=resource)
    place(api.resources, resource, parent, work.path_part)
    api.changed()


def delete_resource(api: RestApi, resource: Resource) -> None:
    """Delete ``resource`` and everything below it (their methods go with them)."""
    if resource.parent_id is None:
        raise bad_request("Cannot delete root resource", rule=DELETE_ROOT)
    parent = api.resources.get(resource.parent_id)
    for gone in list(subtree(api.resources, resource)):
        del api.resources[gone.id]
        api.ids.release(gone.id)
    if parent is not None and resource.path_part is not None:
        parent.children.pop(resource.path_part, None)
    api.changed()


__all__ = ["delete_resource", "update_resource"]
