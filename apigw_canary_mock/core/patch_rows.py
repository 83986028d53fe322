"""A patch grammar as exact (op, path) rows: UpdateDeployment, UpdateDocumentationPart/Version,
UpdateDomainName, UpdateBasePathMapping. (core.patch_table is the templated one of the API
definition; core.patch the UpdateStage grammar.)

``PatchTable.apply(target, operations)`` applies the operations in order to ``target``, the
caller's working copy (a later operation sees what an earlier one did), and raises ApiError at
the first bad one. The caller swaps the copy in only when ``apply`` returns, so a failing request
changes nothing (all-or-nothing).

AWS answers a path or an op the resource does not support in one of two families of texts:

* ``PLAIN`` (UpdateRestApi, UpdateMethod...): an unknown path is ``Invalid patch path <path>``; a
  known path with an op it does not take is ``Invalid patch operation specified. Must be one
  of: [<ops>]`` (the ops that path takes).
* ``QUOTED`` (UpdateDocumentationPart, UpdateModel, UpdateResource...): an op no path takes is
  ``Invalid patch path  '<path>' specified for op '<op>'. Please choose supported operations``;
  a path that op does not take is ``Invalid patch path  '<path>' specified for op '<op>'. Must be
  one of: [<paths>]`` (two spaces after ``path``, AWS's own).

A table lists the rule ids (core.evidence) its two errors rest on.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Generic, NamedTuple, TypeVar

from .errors import ApiError, bad_request
from .patch_table import MALFORMED_OP

T = TypeVar("T")

#: Applies one operation's value (None when the operation carries none) to the working copy.
Setter = Callable[[T, str | None], None]

PLAIN = "plain"
QUOTED = "quoted"


class Operation(NamedTuple):
    """One element of ``patchOperations`` as the table reads it (absent members: None)."""

    op: str | None
    path: str | None
    value: str | None


def read_operations(operations: object) -> list[Operation]:
    """``patchOperations`` as botocore let it through; anything but a list reads as none (P,
    as UpdateStage). An element that is not a map is a 400 of the mock's own (P)."""
    if not isinstance(operations, Sequence) or isinstance(operations, (str, bytes)):
        return []
    read = []
    for raw in operations:
        if not isinstance(raw, Mapping):
            raise bad_request(f"Invalid patch operation specified: {raw!r}", MALFORMED_OP)
        op, path, value = raw.get("op"), raw.get("path"), raw.get("value")
        read.append(
            Operation(
                op if isinstance(op, str) else None,
                None if path is None else str(path),
                None if value is None else str(value),
            )
        )
    return read


class PatchTable(Generic[T]):
    """The (op, path) pairs one Update* operation supports, and its error family."""

    __slots__ = ("_by_op", "_by_path", "_rows", "rule_op", "rule_path", "style")

    def __init__(
        self,
        rows: Mapping[tuple[str, str], Setter[T]],
        *,
        style: str,
        rule_path: str,
        rule_op: str,
    ) -> None:
        if style not in (PLAIN, QUOTED):
            raise ValueError(f"unknown patch error style {style!r}")
        self._rows = dict(rows)
        self.style = style
        self.rule_path = rule_path
        self.rule_op = rule_op
        self._by_path: dict[str, list[str]] = {}
        self._by_op: dict[str, list[str]] = {}
        for op, path in self._rows:
            self._by_path.setdefault(path, []).append(op)
            self._by_op.setdefault(op, []).append(path)

    @property
    def paths(self) -> tuple[str, ...]:
        return tuple(self._by_path)

    def apply(self, target: T, operations: object) -> T:
        """Apply ``operations`` in order to ``target`` (a working copy) and return it."""
        for operation in read_operations(operations):
            op = operation.op or "null"
            path = operation.path if operation.path is not None else "null"
            setter = self._rows.get((op, path))
            if setter is None:
                raise self._refusal(op, path)
            setter(target, operation.value)
        return target

    def _refusal(self, op: str, path: str) -> ApiError:
        if self.style == PLAIN:
            ops = self._by_path.get(path)
            if ops is None:
                return bad_request(f"Invalid patch path {path}", self.rule_path)
            return bad_request(
                f"Invalid patch operation specified. Must be one of: [{', '.join(ops)}]",
                self.rule_op,
            )
        paths = self._by_op.get(op)
        if paths is None:
            return bad_request(
                f"Invalid patch path  '{path}' specified for op '{op}'. "
                "Please choose supported operations",
                self.rule_op,
            )
        return bad_request(
            f"Invalid patch path  '{path}' specified for op '{op}'. "
            f"Must be one of: [{', '.join(paths)}]",
            self.rule_path,
        )


__all__ = ["PLAIN", "QUOTED", "Operation", "PatchTable", "Setter", "read_operations"]
