"""Input validation against botocore's model, exactly as botocore's serializer does it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from botocore.exceptions import ParamValidationError
from botocore.validate import ParamValidator

# Stateless; one instance serves every call.
_VALIDATOR = ParamValidator()


def validate_params(params: Mapping[str, Any], operation_model: Any) -> None:
    """Raise botocore's ParamValidationError when ``params`` do not fit the input shape.

    Same steps as botocore.validate.ParamValidationDecorator, for clients built with
    ``parameter_validation=False`` (whose serializer skips them).
    """
    shape = operation_model.input_shape
    if shape is None:
        return
    report = _VALIDATOR.validate(params, shape)
    if report.has_errors():
        raise ParamValidationError(report=report.generate_report())


def check_patch_ops(params: Mapping[str, Any], operation_model: Any) -> None:
    """Reject a ``patchOperations[].op`` outside the model's enum before the call (spec §4.3).

    The spec records this as a client-side rejection. botocore's own validator checks types,
    not enum values, so the mock checks this one enum itself, for every client, in botocore's
    ParamValidationError format; other errors of the same request are reported with it.
    """
    operations = params.get("patchOperations")
    if not isinstance(operations, list):
        return
    known = _patch_op_set(operation_model)
    for operation in operations:
        # The common case: every op is a known one (a dict's op, or no str op at all).
        if type(operation) is dict:
            op = operation.get("op")
            if not isinstance(op, str) or op in known:
                continue
        break
    else:
        return
    bad = [
        (index, op)
        for index, operation in enumerate(operations)
        if isinstance(operation, Mapping)
        and isinstance(op := operation.get("op"), str)
        and op not in _patch_op_enum(operation_model)
    ]
    if not bad:
        return
    valid = ", ".join(_patch_op_enum(operation_model))
    lines = [
        f"Invalid value for parameter patchOperations[{index}].op, value: {op}, "
        f"valid values: {valid}"
        for index, op in bad
    ]
    shape = operation_model.input_shape
    report = _VALIDATOR.validate(params, shape) if shape is not None else None
    if report is not None and report.has_errors():
        # botocore's own findings for the same request go in the same report.
        lines = report.generate_report().splitlines() + lines
    raise ParamValidationError(report="\n".join(lines))


_PATCH_OP_ENUMS: dict[str, tuple[str, ...]] = {}


def _patch_op_enum(operation_model: Any) -> tuple[str, ...]:
    name = operation_model.name
    try:
        return _PATCH_OP_ENUMS[name]
    except KeyError:
        member = operation_model.input_shape.members["patchOperations"].member
        enum = tuple(member.members["op"].enum)
        _PATCH_OP_ENUMS[name] = enum
        return enum


_PATCH_OP_SETS: dict[str, frozenset[object]] = {}


def _patch_op_set(operation_model: Any) -> frozenset[object]:
    name = operation_model.name
    known = _PATCH_OP_SETS.get(name)
    if known is None:
        known = _PATCH_OP_SETS[name] = frozenset(_patch_op_enum(operation_model))
    return known
