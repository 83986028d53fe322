"""Checks the fuzzers apply to every answer: botocore's output shape, no nulls, error codes."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from botocore.model import OperationModel, Shape

# The HTTP status of each modelled error code API Gateway answers with.
ERROR_STATUS = {
    "BadRequestException": 400,
    "UnauthorizedException": 401,
    "NotFoundException": 404,
    "ConflictException": 409,
    "LimitExceededException": 429,
    "TooManyRequestsException": 429,
}


def check_shape(value: Any, shape: Shape, where: str = "") -> None:
    """``value`` is what botocore would parse for ``shape``: known members, right types, no None."""
    assert value is not None, f"{where}: None in an answer"
    kind = shape.type_name
    if kind == "structure":
        assert isinstance(value, dict), f"{where}: {type(value).__name__}, not a dict"
        members = shape.members
        for name, member in value.items():
            assert name in members, f"{where}: unknown member {name!r} of {shape.name}"
            check_shape(member, members[name], f"{where}.{name}")
    elif kind == "list":
        assert isinstance(value, list), f"{where}: {type(value).__name__}, not a list"
        for index, item in enumerate(value):
            check_shape(item, shape.member, f"{where}[{index}]")  # type: ignore[attr-defined]
    elif kind == "map":
        assert isinstance(value, dict), f"{where}: {type(value).__name__}, not a dict"
        for key, item in value.items():
            check_shape(key, shape.key, f"{where} key")  # type: ignore[attr-defined]
            if item is None and shape.name == "MapOfStringToString":
                continue  # R: AWS sends a template given as "" as null (responseTemplates)
            check_shape(item, shape.value, f"{where}[{key!r}]")  # type: ignore[attr-defined]
    elif kind == "string":
        assert isinstance(value, str), f"{where}: {type(value).__name__}, not a str"
        if shape.enum:
            assert value in shape.enum, f"{where}: {value!r} not in {shape.enum}"
    elif kind == "boolean":
        assert isinstance(value, bool), f"{where}: {type(value).__name__}, not a bool"
    elif kind in ("integer", "long"):
        assert isinstance(value, int), f"{where}: {type(value).__name__}, not an int"
        assert not isinstance(value, bool), f"{where}: a bool, not an int"
    elif kind in ("double", "float"):
        assert isinstance(value, float), f"{where}: {type(value).__name__}, not a float"
    elif kind == "timestamp":
        assert isinstance(value, datetime.datetime), f"{where}: {type(value).__name__}"
    else:
        raise AssertionError(f"{where}: unexpected shape type {kind}")


def check_answer(answer: Mapping[str, Any], model: OperationModel) -> None:
    """A success answer: the output shape plus botocore's ResponseMetadata, right status."""
    body = dict(answer)
    metadata = body.pop("ResponseMetadata")
    expected = model.http.get("responseCode", 200)
    assert metadata["HTTPStatusCode"] == expected, (model.name, metadata["HTTPStatusCode"])
    if model.output_shape is None:
        assert body == {}, (model.name, body)
    else:
        check_shape(body, model.output_shape, model.name)


# The codes of AWS's request-validation layer (spec aws-deployment-surface.md §1): not
# modelled errors, so botocore gives no top-level ``message`` for them.
LAYER_CODES = frozenset({"ValidationException", "SerializationException"})


def check_error(response: Mapping[str, Any], model: OperationModel) -> str:
    """A ClientError's response: a code the operation models, its status, message twice; or
    a code of the validation layer, 400, without the top-level message."""
    error = response["Error"]
    code = error["Code"]
    if code in LAYER_CODES:
        assert response["ResponseMetadata"]["HTTPStatusCode"] == 400
        assert isinstance(error["Message"], str) and error["Message"]
        assert "message" not in response, response
        return str(code)
    modelled = {shape.name for shape in model.error_shapes}
    assert code in modelled, f"{model.name} answered {code}, not one of {sorted(modelled)}"
    assert response["ResponseMetadata"]["HTTPStatusCode"] == ERROR_STATUS[code]
    assert isinstance(error["Message"], str) and error["Message"]
    assert response.get("message") == error["Message"]
    return str(code)
