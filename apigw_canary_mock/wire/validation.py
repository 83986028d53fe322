"""Input validation against botocore's model, exactly as botocore's serializer does it."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from botocore.exceptions import ParamValidationError
from botocore.validate import ParamValidator

from apigw_canary_mock.wire.aws_validation import serialization_error

# Stateless; one instance serves every call.
_VALIDATOR = ParamValidator()


def validate_params(params: Mapping[str, Any], operation_model: Any) -> None:
    """Raise botocore's ParamValidationError when ``params`` do not fit the input shape.

    The same steps as botocore.validate.ParamValidationDecorator (a validating client's).
    """
    shape = operation_model.input_shape
    if shape is None:
        return
    report = _VALIDATOR.validate(params, shape)
    if report.has_errors():
        raise ParamValidationError(report=report.generate_report())


def validate_unchecked_params(params: Mapping[str, Any], operation_model: Any) -> None:
    """``validate_params`` for a client built with ``parameter_validation=False``.

    Such a client sends what botocore would have refused. The mock still refuses it with
    botocore's ParamValidationError, except a bool or a number where the JSON body wants a
    string: that reaches AWS, which answers a SerializationException (wire/aws_validation.py),
    so a request whose only faults are of that kind is let through, for the emulator to answer.
    """
    shape = operation_model.input_shape
    if shape is None:
        return
    report = _VALIDATOR.validate(params, shape)
    if not report.has_errors():
        return
    if (
        isinstance(params, dict)
        and serialization_error(operation_model, params) is not None
        and not _VALIDATOR.validate(_body_as_strings(params, shape), shape).has_errors()
    ):
        return
    raise ParamValidationError(report=report.generate_report())


def _body_as_strings(params: dict[str, Any], shape: Any) -> dict[str, Any]:
    """``params`` with every bool or number a string member of the body got as its str()."""
    members = shape.members
    return {
        name: (
            _as_strings(value, members[name])
            if name in members and members[name].serialization.get("location") is None
            else value
        )
        for name, value in params.items()
    }


def _as_strings(value: Any, shape: Any) -> Any:
    kind = shape.type_name
    if kind == "string":
        return str(value) if isinstance(value, (bool, int, float, Decimal)) else value
    if kind == "structure" and isinstance(value, dict):
        members = shape.members
        return {
            key: _as_strings(item, members[key]) if key in members else item
            for key, item in value.items()
        }
    if kind == "list" and isinstance(value, (list, tuple)):
        return [_as_strings(item, shape.member) for item in value]
    if kind == "map" and isinstance(value, dict):
        return {key: _as_strings(item, shape.value) for key, item in value.items()}
    return value
