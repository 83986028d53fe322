"""Resources and the rules of the resource tree (spec deployment-surface 2.3, 3.5).

A resource's ``path`` is derived (its parent's path plus its ``pathPart``) and kept up to date
for the whole subtree when a resource is renamed or moved. ``children`` maps each child's
pathPart to its id, so a duplicate name is found without a scan.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from .errors import bad_request, conflict
from .evidence import rule
from .methods import Method
from .record import Record

# A literal segment, or a {parameter} / {greedy+} one.
_PATH_PART = re.compile(r"[A-Za-z0-9._:-]+|\{[A-Za-z0-9._-]+\+?\}")

BAD_PATH_PART = rule(
    "resource-path-part-syntax",
    "P",
    "a pathPart other than letters, digits, ._:- or one {name} / {name+}: BadRequestException",
)
GREEDY_PARENT = rule(
    "resource-greedy-parent",
    "R",
    "no child under a {name+} resource: `Cannot create a child of a resource with a greedy "
    "path variable: <pathPart>`",
)
GREEDY_SIBLING = rule(
    "resource-variable-sibling",
    "R",
    "a {var} next to a {proxy+} sibling: `A sibling (<pathPart>) of this resource already has "
    "a variable path part -- only one is allowed`",
)
VARIABLE_SIBLING = rule(
    "resource-variable-sibling-any",
    "P",
    "the sibling rule applies to any two variable path parts under one parent, greedy or not",
)
DUPLICATE_NAME = rule(
    "resource-duplicate-name",
    "R",
    "a pathPart already used under the same parent: ConflictException `Another resource with "
    "the same parent already has this name: <pathPart>`",
)
CYCLE = rule(
    "resource-cyclical",
    "R",
    "UpdateResource moving a resource under itself or its subtree: `Resources cannot be cyclical.`",
)
ROOT_PATH_PART = rule("root-resource-path-part", "R", "`Root resource cannot update its pathPart.`")
ROOT_PARENT = rule("root-resource-parent", "R", "`Root resource cannot update its parentId.`")
DELETE_ROOT = rule(
    "delete-root-resource", "P", "DeleteResource of the root: `Cannot delete root resource`"
)
CHECK_ORDER = rule(
    "resource-check-order",
    "P",
    "CreateResource/UpdateResource: pathPart syntax, then greedy parent, then duplicate name, "
    "then variable sibling",
)


class Resource(Record):
    __slots__ = ("children", "id", "methods", "parent_id", "path", "path_part")

    def __init__(
        self,
        id: str,
        path: str,
        parent_id: str | None = None,
        path_part: str | None = None,
        methods: dict[str, Method] | None = None,
        # pathPart -> child id, so a duplicate name is found without a scan.
        children: dict[str, str] | None = None,
    ) -> None:
        self.id = id
        self.path = path
        self.parent_id = parent_id
        self.path_part = path_part
        self.methods: dict[str, Method] = {} if methods is None else methods
        self.children: dict[str, str] = {} if children is None else children

    def copy(self) -> Resource:
        return Resource(
            self.id,
            self.path,
            self.parent_id,
            self.path_part,
            {verb: method.copy() for verb, method in self.methods.items()},
            dict(self.children),
        )


def child_path(parent: Resource, path_part: str) -> str:
    return f"{parent.path.rstrip('/')}/{path_part}"


def is_variable(path_part: str) -> bool:
    return path_part.startswith("{")


def is_greedy(path_part: str | None) -> bool:
    return path_part is not None and path_part.endswith("+}")


def check_path_part(path_part: str) -> None:
    if _PATH_PART.fullmatch(path_part) is None:
        # P: the text moto and other emulators use.
        raise bad_request(
            "Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning "
            "and the end and an optional plus sign before the closing brace.",
            rule=BAD_PATH_PART,
        )


def check_placement(parent: Resource, path_part: str, moving: Resource | None = None) -> None:
    """Whether a resource named ``path_part`` may sit under ``parent`` (``moving``: the
    resource being renamed or moved, which does not clash with itself)."""
    check_path_part(path_part)
    if is_greedy(parent.path_part):
        raise bad_request(
            f"Cannot create a child of a resource with a greedy path variable: {parent.path_part}",
            rule=GREEDY_PARENT,
        )
    if moving is not None and moving.children and is_greedy(path_part):
        # P: a resource with children cannot become greedy (same rule, seen from below).
        raise bad_request(
            f"Cannot create a child of a resource with a greedy path variable: {path_part}",
            rule=GREEDY_PARENT,
        )
    same = parent.children.get(path_part)
    if same is not None and (moving is None or same != moving.id):
        raise conflict(
            f"Another resource with the same parent already has this name: {path_part}",
            rule=DUPLICATE_NAME,
        )
    if is_variable(path_part):
        for sibling_part, sibling_id in parent.children.items():
            if is_variable(sibling_part) and (moving is None or sibling_id != moving.id):
                raise bad_request(
                    f"A sibling ({sibling_part}) of this resource already has a variable path "
                    "part -- only one is allowed",
                    rule=GREEDY_SIBLING if is_greedy(sibling_part) else VARIABLE_SIBLING,
                )


def check_not_cyclical(
    resources: Mapping[str, Resource], resource: Resource, new_parent: Resource
) -> None:
    """``new_parent`` must not be ``resource`` itself or one of its descendants."""
    current: Resource | None = new_parent
    while current is not None:
        if current.id == resource.id:
            raise bad_request("Resources cannot be cyclical.", rule=CYCLE)
        current = resources.get(current.parent_id) if current.parent_id else None


def place(
    resources: Mapping[str, Resource], resource: Resource, parent: Resource, path_part: str
) -> None:
    """Rename and/or move ``resource`` (already checked); its subtree's paths follow."""
    if resource.parent_id is not None and resource.path_part is not None:
        old_parent = resources[resource.parent_id]
        if old_parent.children.get(resource.path_part) == resource.id:
            del old_parent.children[resource.path_part]
    resource.parent_id = parent.id
    resource.path_part = path_part
    parent.children[path_part] = resource.id
    _repath(resources, resource, child_path(parent, path_part))


def _repath(resources: Mapping[str, Resource], resource: Resource, path: str) -> None:
    resource.path = path
    for part, child_id in resource.children.items():
        _repath(resources, resources[child_id], f"{path.rstrip('/')}/{part}")


def subtree(resources: Mapping[str, Resource], resource: Resource) -> Iterator[Resource]:
    """``resource`` and every resource below it."""
    yield resource
    for child_id in resource.children.values():
        yield from subtree(resources, resources[child_id])


__all__ = [
    "Resource",
    "check_not_cyclical",
    "check_path_part",
    "check_placement",
    "child_path",
    "place",
    "subtree",
]
