"""Values botocore can not send, refused before the call with botocore's ParamValidationError.

botocore's validator lets some values through that its serializer then fails on with a raw
Python error (or that no AWS parser would read back):

* a string holding a lone surrogate (``"orders\\ud800"``): not Unicode text; botocore raises
  UnicodeEncodeError for a URI member, and the mock could not encode its answer either;
* a number for a double member that is no float: ``10**400`` (OverflowError in botocore's
  serializer), ``Decimal("sNaN")`` (ValueError).

The mock refuses both for every client and on both call paths, before anything runs or is
stored, with one clear ParamValidationError naming each bad value (a declared policy:
``unsendable-value``). Cheap on the common path: ASCII strings are skipped by ``isascii()``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from botocore.exceptions import ParamValidationError

from apigw_canary_mock.core.evidence import rule

UNSENDABLE = rule(
    "unsendable-value",
    "P",
    "a lone surrogate in any string, or a double no float can hold (10**400, Decimal sNaN): "
    "ParamValidationError before the call (botocore itself fails on them with a raw error)",
)

_SURROGATE = re.compile("[\ud800-\udfff]")


def check_sendable(params: Mapping[str, Any], operation_model: Any) -> None:
    """Raise ParamValidationError if ``params`` hold a value botocore could not send."""
    for value in params.values():
        if type(value) is not str or not value.isascii():
            break
    else:
        return  # the common case: ASCII strings only (GetStage, DeleteStage...)
    problems: list[str] = []
    shape = operation_model.input_shape
    for name, value in params.items():
        member = shape.members.get(name) if shape is not None else None
        _check(value, member, name, problems)
    if problems:
        raise ParamValidationError(report="\n".join(problems))


def _check(value: Any, shape: Any, path: str, problems: list[str]) -> None:
    kind = type(value)
    if kind is str:
        if not value.isascii() and _SURROGATE.search(value):
            problems.append(
                f"Invalid value for parameter {path}, value: {value!r}: a lone surrogate "
                f"({_SURROGATE.search(value).group()!r}) is not Unicode text, so it can not be "  # type: ignore[union-attr]
                "encoded as UTF-8 and sent (apigw_canary_mock policy unsendable-value)"
            )
        return
    type_name = getattr(shape, "type_name", None)
    if kind is dict or isinstance(value, Mapping):
        members = getattr(shape, "members", None) if type_name == "structure" else None
        value_shape = getattr(shape, "value", None) if type_name == "map" else None
        for key, item in value.items():
            if type(key) is str and not key.isascii() and _SURROGATE.search(key):
                _check(key, None, f"{path} (a key)", problems)
            member = members.get(key) if members is not None else value_shape
            _check(item, member, f"{path}.{key}", problems)
    elif kind is list or kind is tuple:
        member = getattr(shape, "member", None) if type_name == "list" else None
        for index, item in enumerate(value):
            _check(item, member, f"{path}[{index}]", problems)
    elif type_name in ("double", "float") and isinstance(value, (int, Decimal)):
        try:
            float(value)
        except (ArithmeticError, ValueError):
            problems.append(
                f"Invalid value for parameter {path}, value: {_shown(value)}: no double can "
                "hold it, so botocore can not send it (apigw_canary_mock policy unsendable-value)"
            )
    elif isinstance(value, int) and value.bit_length() > _MAX_INT_BITS:
        problems.append(
            f"Invalid value for parameter {path}, value: {_shown(value)}: botocore can not "
            "write it as text (Python refuses over 4,300 digits; apigw_canary_mock policy "
            "unsendable-value)"
        )


# Under Python's 4,300-digit limit for int <-> str conversion, with a margin.
_MAX_INT_BITS = 14_000


def _shown(value: int | Decimal) -> str:
    if isinstance(value, int):
        return f"an integer of about {int(value.bit_length() * 0.30103) + 1} digits"
    return repr(value)
