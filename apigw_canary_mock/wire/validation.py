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
