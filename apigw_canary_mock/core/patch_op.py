"""One UpdateStage patch operation: its parsing and the readers of its value (P: texts)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from .errors import bad_request
from .values import parse_bool, parse_double, parse_int

OPS = ("add", "remove", "replace", "copy")


class PatchOp(NamedTuple):
    # A NamedTuple, not a frozen dataclass: built once per patch op on the hot path.
    op: str
    path: str
    value: str | None = None
    from_: str | None = None

    def require_value(self) -> str:
        if self.value is None:
            # P: botocore lets a patch operation through without a value.
            raise bad_request(f"Invalid patch operation: {self.op} {self.path} requires a value")
        return self.value


def parse_op(raw: object) -> PatchOp:
    """One element of ``patchOperations`` as botocore let it through, or a clear 400 (P)."""
    if not isinstance(raw, Mapping):
        raise bad_request(f"Invalid patch operation specified: {raw!r}")
    op = raw.get("op")
    if op not in OPS:
        raise bad_request(
            f"Invalid patch operation specified: {op if op is not None else 'null'}. "
            f"Must be one of: [{', '.join(OPS)}]"
        )
    path = raw.get("path")
    from_ = raw.get("from")
    if op == "copy":
        # Copy carries no value; a missing path or from shows as null in the copy error.
        return PatchOp("copy", _text(path), None, _text(from_))
    if path is None:
        raise bad_request(f"Invalid patch operation: {op} requires a path")
    value = raw.get("value")
    return PatchOp(op, str(path), None if value is None else str(value), None)


def _text(value: Any) -> str:
    return "null" if value is None else str(value)


def bool_value(op: PatchOp) -> bool:
    value = op.require_value()
    parsed = parse_bool(value)
    if parsed is None:
        raise bad_request(
            f"Invalid boolean value specified for {op.path}: {value}. Must be true or false"
        )
    return parsed


def int_value(op: PatchOp) -> int:
    value = op.require_value()
    parsed = parse_int(value)
    if parsed is None:
        raise bad_request(f"Invalid integer value specified for {op.path}: {value}")
    return parsed


def double_value(op: PatchOp) -> float:
    value = op.require_value()
    parsed = parse_double(value)
    if parsed is None:
        raise bad_request(f"Invalid number value specified for {op.path}: {value}")
    return parsed


def one_of(choices: tuple[str, ...]) -> Callable[[PatchOp], str]:
    def parse(op: PatchOp) -> str:
        value = op.require_value()
        if value not in choices:
            raise bad_request(
                f"Invalid value specified for {op.path}: {value}. "
                f"Must be one of: [{', '.join(choices)}]"
            )
        return value

    return parse
