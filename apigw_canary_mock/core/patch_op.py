"""One UpdateStage patch operation: its parsing and the readers of its value (texts: P)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from .errors import bad_request
from .evidence import rule
from .values import parse_bool, parse_double, parse_int

OPS = ("add", "remove", "replace", "copy")

VALUE_MISSING = rule(
    "stage-patch-value-missing",
    "P",
    "an UpdateStage add/replace without a value (botocore lets it through): BadRequestException "
    "`Invalid patch operation: <op> <path> requires a value`",
)
OP_UNSUPPORTED = rule(
    "stage-patch-op-unsupported",
    "P",
    "an UpdateStage op move or test (in the model's enum, so they reach the service) or none: "
    "BadRequestException `Invalid patch operation specified: <op>. Must be one of: [add, remove, "
    "replace, copy]`",
)
PATH_MISSING = rule(
    "stage-patch-path-missing",
    "P",
    "an UpdateStage add/replace/remove without a path: BadRequestException `Invalid patch "
    "operation: <op> requires a path`",
)
BOOLEAN = rule(
    "stage-patch-boolean-value",
    "P",
    "a boolean patch value other than true or false (in any case): BadRequestException "
    "`Invalid boolean value specified for <path>: <v>. Must be true or false`",
)
INTEGER = rule(
    "stage-patch-integer-value",
    "P",
    "an integer patch value that is not one: BadRequestException `Invalid integer value "
    "specified for <path>: <v>`",
)
NUMBER = rule(
    "stage-patch-number-value",
    "P",
    "a number patch value that is not a finite number (nan, inf, 1_0 included): "
    "BadRequestException `Invalid number value specified for <path>: <v>`",
)
ENUM = rule(
    "stage-patch-enum-value",
    "P",
    "a loglevel or unauthorizedCacheControlHeaderStrategy patch value outside its enum: "
    "BadRequestException `Invalid value specified for <path>: <v>. Must be one of: [...]`",
)


class PatchOp(NamedTuple):
    # A NamedTuple, not a frozen dataclass: built once per patch op on the hot path.
    op: str
    path: str
    value: str | None = None
    from_: str | None = None

    def require_value(self) -> str:
        if self.value is None:
            # P: botocore lets a patch operation through without a value.
            raise bad_request(
                f"Invalid patch operation: {self.op} {self.path} requires a value", VALUE_MISSING
            )
        return self.value


def parse_op(raw: object) -> PatchOp:
    """One element of ``patchOperations`` as botocore let it through, or a clear 400 (P)."""
    if not isinstance(raw, Mapping):
        raise bad_request(f"Invalid patch operation specified: {raw!r}", OP_UNSUPPORTED)
    op = raw.get("op")
    if op not in OPS:
        raise bad_request(
            f"Invalid patch operation specified: {op if op is not None else 'null'}. "
            f"Must be one of: [{', '.join(OPS)}]",
            OP_UNSUPPORTED,
        )
    path = raw.get("path")
    from_ = raw.get("from")
    value = raw.get("value")
    if op == "copy":
        # A missing path or from shows as null in the copy error; the value is kept only to
        # tell that it was ignored (P).
        return PatchOp("copy", _text(path), None if value is None else str(value), _text(from_))
    if path is None:
        raise bad_request(f"Invalid patch operation: {op} requires a path", PATH_MISSING)
    return PatchOp(op, str(path), None if value is None else str(value), None)


def _text(value: Any) -> str:
    return "null" if value is None else str(value)


def bool_value(op: PatchOp) -> bool:
    value = op.require_value()
    parsed = parse_bool(value)
    if parsed is None:
        raise bad_request(
            f"Invalid boolean value specified for {op.path}: {value}. Must be true or false",
            BOOLEAN,
        )
    return parsed


def int_value(op: PatchOp) -> int:
    value = op.require_value()
    parsed = parse_int(value)
    if parsed is None:
        raise bad_request(f"Invalid integer value specified for {op.path}: {value}", INTEGER)
    return parsed


def double_value(op: PatchOp) -> float:
    value = op.require_value()
    parsed = parse_double(value)
    if parsed is None:
        raise bad_request(f"Invalid number value specified for {op.path}: {value}", NUMBER)
    return parsed


def one_of(choices: tuple[str, ...]) -> Callable[[PatchOp], str]:
    def parse(op: PatchOp) -> str:
        value = op.require_value()
        if value not in choices:
            raise bad_request(
                f"Invalid value specified for {op.path}: {value}. "
                f"Must be one of: [{', '.join(choices)}]",
                ENUM,
            )
        return value

    return parse
