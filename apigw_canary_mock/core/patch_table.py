"""The patch grammar of the Update* operations (all but UpdateStage), as tables.

Each operation declares a ``PatchTable``: rows keyed by a path (``/description``) or a path
template (``/requestParameters/{name}``: a final ``{placeholder}`` stands for one path segment,
``{placeholder+}`` for the rest of the path, across ``/`` (not a line break); either is
JSON-pointer unescaped, ``~1`` for ``/`` and ``~0`` for ``~``), each row mapping the ops it takes
to a handler. ``apply`` runs the operations in order on a work object (a copy the caller swaps
in only when every operation succeeded: all-or-nothing); the first failing operation answers.
A table's ``read`` says how an operation's members read (an absent op or path: "" or "null").

What an op answers on a path no row knows, or on a row that does not take it, is the table's
(or the row's) refusal. AWS has a few families of texts, given here as functions:

* ``Invalid patch path <path>`` for a path no row knows, and ``Invalid patch operation
  specified. Must be one of: [<ops>]`` (or ``Must be 'add'|'remove'|'replace'``) for an op the
  path does not take (UpdateRestApi, UpdateDeployment, UpdateMethod, UpdateIntegration...);
* ``Invalid patch path  '<path>' specified for op '<op>'. Must be one of: [<paths>]`` for a path
  the op does not take, and ``... Please choose supported operations`` for any other op (two
  spaces after ``path``, AWS's own: UpdateModel, UpdateResource, UpdateDocumentationPart...).

Each refusal names the rule (core.evidence) it rests on. ``replace_only``, ``add_remove_replace``,
``choose_supported`` and ``path_not_listed`` give the ops AWS was not recorded with (move, copy,
test) ``patch-unrecorded-ops``; ``op_not_listed``, ``op_refused`` and ``path_or_op_not_listed``
give every op the rule they are given (a policy that covers those ops too).

UpdateStage keeps its own, older table (core/patch.py).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Generic, TypeVar

from .errors import ApiError, bad_request
from .evidence import rule
from .patch_op import PatchOp
from .values import parse_int

W = TypeVar("W")

Handler = Callable[[W, PatchOp, Mapping[str, str]], None]
Refusal = Callable[[PatchOp], ApiError]
#: Reads one element of ``patchOperations`` (a map) as a PatchOp, or raises its ApiError.
Reader = Callable[[Mapping[str, object]], PatchOp]

MALFORMED_OP = rule(
    "patch-operation-malformed",
    "P",
    "a patchOperations element that is not an object (only reachable without botocore's "
    "validation): BadRequestException `Invalid patch operation specified: <element>`",
)


# --- reading the operations ---------------------------------------------------------------


def read_members(raw: Mapping[str, object]) -> PatchOp:
    """One element's members as text; an absent op or path reads as "" (the default)."""
    return _members(raw, "")


def read_members_or_null(raw: Mapping[str, object]) -> PatchOp:
    """One element's members as text; an absent op or path reads as "null", as AWS prints
    Java's null (UpdateGatewayResponse, R; the deployment side's tables, P)."""
    return _members(raw, "null")


def _members(raw: Mapping[str, object], absent: str) -> PatchOp:
    op, path, value, from_ = raw.get("op"), raw.get("path"), raw.get("value"), raw.get("from")
    return PatchOp(
        absent if op is None else str(op),
        absent if path is None else str(path),
        None if value is None else str(value),
        None if from_ is None else str(from_),
    )


def _element(raw: object) -> Mapping[str, object]:
    if not isinstance(raw, Mapping):
        raise bad_request(f"Invalid patch operation specified: {raw!r}", rule=MALFORMED_OP)
    return raw


def read_ops(operations: object) -> list[PatchOp]:
    """``patchOperations`` as PatchOps; anything but a list reads as no operation (P, as
    UpdateStage). Members are read as text; a missing op or path reads as ""."""
    if not isinstance(operations, (list, tuple)):
        return []
    return [read_members(_element(raw)) for raw in operations]


class Row(Generic[W]):
    """The ops one path takes; ``refuse``: the answer to any other op (None: the table's)."""

    __slots__ = ("handlers", "refuse")

    def __init__(self, handlers: Mapping[str, Handler[W]], refuse: Refusal | None = None) -> None:
        self.handlers = handlers
        self.refuse = refuse


class PatchTable(Generic[W]):
    """``read``: how an element's members read (``read_members``: an absent op or path is "")."""

    def __init__(
        self,
        rows: Mapping[str, Row[W]],
        *,
        unknown_path: Refusal,
        refuse: Refusal,
        read: Reader = read_members,
    ) -> None:
        self._exact: dict[str, Row[W]] = {}
        # "/prefix/{name}" templates as (prefix, name, rest of the path?, row): no regex to
        # compile at import.
        self._templates: list[tuple[str, str, bool, Row[W]]] = []
        for template, row in rows.items():
            prefix, brace, placeholder = template.partition("{")
            if brace:
                name = placeholder.rstrip("}")
                rest = name.endswith("+")
                self._templates.append((prefix, name.rstrip("+"), rest, row))
            else:
                self._exact[template] = row
        self._unknown_path = unknown_path
        self._refuse = refuse
        self._read = read

    def apply(self, work: W, operations: object) -> None:
        """Apply ``operations`` (``patchOperations`` as given) in order to ``work``."""
        if not isinstance(operations, (list, tuple)):
            return
        # The list's shape first (an element that is not an object refuses the whole request,
        # as the validation layer would), then each operation in turn: the first failing wins.
        for raw in [_element(raw) for raw in operations]:
            op = self._read(raw)
            row, groups = self._route(op.path)
            if row is None:
                raise self._unknown_path(op)
            handler = row.handlers.get(op.op)
            if handler is None:
                raise (row.refuse or self._refuse)(op)
            handler(work, op, groups)

    def _route(self, path: str) -> tuple[Row[W] | None, Mapping[str, str]]:
        row = self._exact.get(path)
        if row is not None:
            return row, {}
        for prefix, name, rest, candidate in self._templates:
            if path.startswith(prefix):
                segment = path[len(prefix) :]
                if segment and ("\n" not in segment if rest else "/" not in segment):
                    return candidate, {name: unescape(segment)}
        return None, {}


def unescape(segment: str) -> str:
    """One JSON-pointer path segment: ``~1`` is ``/``, ``~0`` is ``~``."""
    return segment.replace("~1", "/").replace("~0", "~")


# --- the families of refusals (texts recorded on several operations, spec 3) -----------

UNRECORDED_OPS = rule(
    "patch-unrecorded-ops",
    "P",
    "move, copy and test (and an op outside the enum, reachable only without the validation "
    "layer) get the refusal the table gives the recorded unsupported ops",
)
_RECORDED_OPS = frozenset(("add", "remove", "replace"))

ADD_REMOVE_REPLACE = "Invalid patch operation specified. Must be 'add'|'remove'|'replace'"


def _rule_for(op: PatchOp, rule_id: str, unrecorded: str | None) -> str:
    """``rule_id`` for the ops AWS was recorded with; ``unrecorded`` (when given) for the
    others."""
    return rule_id if unrecorded is None or op.op in _RECORDED_OPS else unrecorded


def invalid_path(rule_id: str) -> Refusal:
    """``Invalid patch path <path>``."""

    def refuse(op: PatchOp) -> ApiError:
        return bad_request(f"Invalid patch path {op.path}", rule=rule_id)

    return refuse


def path_not_listed(listing: str, rule_id: str, supported: str = "replace") -> Refusal:
    """``Invalid patch path  '<path>' specified for op '<op>'. Must be one of: <listing>``
    (two spaces) for the supported op; any other op gets ``choose_supported``."""
    return _path_listed(listing, rule_id, choose_supported(rule_id), supported)


def path_or_op_not_listed(
    listing: str, rule_path: str, rule_op: str, supported: str = "replace"
) -> Refusal:
    """``path_not_listed`` on ``rule_path``; any other op gets ``... Please choose supported
    operations`` on ``rule_op``, whatever the op."""
    return _path_listed(listing, rule_path, _choose(rule_op, None), supported)


def _path_listed(listing: str, rule_id: str, other: Refusal, supported: str) -> Refusal:
    def refuse(op: PatchOp) -> ApiError:
        if op.op != supported:
            return other(op)
        return bad_request(
            f"Invalid patch path  '{op.path}' specified for op '{op.op}'. Must be one of: "
            f"{listing}",
            rule=rule_id,
        )

    return refuse


def choose_supported(rule_id: str) -> Refusal:
    """``Invalid patch path  '<path>' specified for op '<op>'. Please choose supported
    operations``."""
    return _choose(rule_id, UNRECORDED_OPS)


def _choose(rule_id: str, unrecorded: str | None) -> Refusal:
    def refuse(op: PatchOp) -> ApiError:
        return bad_request(
            f"Invalid patch path  '{op.path}' specified for op '{op.op}'. Please choose "
            "supported operations",
            rule=_rule_for(op, rule_id, unrecorded),
        )

    return refuse


def replace_only(rule_id: str) -> Refusal:
    """``Invalid patch operation specified. Must be one of: [replace]``."""
    return _refused(_must_be_one_of("[replace]"), rule_id, UNRECORDED_OPS)


def add_remove_replace(rule_id: str) -> Refusal:
    """``Invalid patch operation specified. Must be 'add'|'remove'|'replace'``."""
    return _refused(ADD_REMOVE_REPLACE, rule_id, UNRECORDED_OPS)


def op_not_listed(listing: str, rule_id: str) -> Refusal:
    """``Invalid patch operation specified. Must be one of: <listing>`` (the ops the path
    takes, as AWS lists them: ``[add, remove]``) on ``rule_id``, whatever the op."""
    return _refused(_must_be_one_of(listing), rule_id, None)


def op_refused(message: str, rule_id: str) -> Refusal:
    """``message`` (e.g. ``ADD_REMOVE_REPLACE``) on ``rule_id``, whatever the op."""
    return _refused(message, rule_id, None)


def _must_be_one_of(listing: str) -> str:
    return f"Invalid patch operation specified. Must be one of: {listing}"


def _refused(message: str, rule_id: str, unrecorded: str | None) -> Refusal:
    def refuse(op: PatchOp) -> ApiError:
        return bad_request(message, rule=_rule_for(op, rule_id, unrecorded))

    return refuse


# --- map entries (``/requestParameters/{name}`` and the like) ------------------------------

V = TypeVar("V")


def set_entry(mapping: dict[str, V] | None, key: str, value: V) -> dict[str, V]:
    """``mapping`` (created when absent) with ``key`` set: add."""
    updated = {} if mapping is None else mapping
    updated[key] = value
    return updated


def replace_entry(
    mapping: dict[str, V] | None, key: str, value: V, missing: Callable[[], ApiError]
) -> dict[str, V]:
    """``mapping`` with the existing ``key`` set: replace; ``missing()`` is raised if absent."""
    if mapping is None or key not in mapping:
        raise missing()
    mapping[key] = value
    return mapping


def remove_entry(
    mapping: dict[str, V] | None, key: str, missing: Callable[[], ApiError]
) -> dict[str, V] | None:
    """``mapping`` without the existing ``key``; None once empty (R: the map disappears)."""
    if mapping is None or key not in mapping:
        raise missing()
    del mapping[key]
    return mapping or None


# --- reading values -----------------------------------------------------------------------


def flag(op: PatchOp) -> bool:
    """R: "true" (any case) is true; anything else, or no value, is false."""
    return op.value is not None and op.value.lower() == "true"


INTEGER_VALUE = rule(
    "patch-integer-value",
    "P",
    "a patch value that must be an integer and is not: BadRequestException `Invalid integer "
    "value specified for <path>: <value>`",
)


def integer(op: PatchOp) -> int:
    value = op.value or ""
    parsed = parse_int(value)
    if parsed is None:
        raise bad_request(
            f"Invalid integer value specified for {op.path}: {value}", rule=INTEGER_VALUE
        )
    return parsed


ENUM_VALUE = rule(
    "patch-enum-value",
    "P",
    "a patch value outside its enum (patch values skip the validation layer): "
    "BadRequestException `Invalid value specified for <path>: <value>. Must be one of: [...]`",
)


def one_of(op: PatchOp, choices: tuple[str, ...]) -> str:
    value = op.value or ""
    if value not in choices:
        raise bad_request(
            f"Invalid value specified for {op.path}: {value}. "
            f"Must be one of: [{', '.join(choices)}]",
            rule=ENUM_VALUE,
        )
    return value


__all__ = [
    "ADD_REMOVE_REPLACE",
    "PatchTable",
    "Reader",
    "Row",
    "add_remove_replace",
    "choose_supported",
    "flag",
    "integer",
    "invalid_path",
    "one_of",
    "op_not_listed",
    "op_refused",
    "path_not_listed",
    "path_or_op_not_listed",
    "read_members",
    "read_members_or_null",
    "read_ops",
    "remove_entry",
    "replace_entry",
    "replace_only",
    "set_entry",
    "unescape",
]
