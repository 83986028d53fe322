"""Value rules (spec 7): stage variables, stage names, and AWS-like parsing of patch values."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from decimal import Decimal

from .errors import bad_request
from .evidence import rule

MAX_VARIABLES = 100
CACHE_CLUSTER_SIZES = ("0.5", "1.6", "6.1", "13.5", "28.4", "58.2", "118", "237")
_CACHE_CLUSTER_SIZE_SET = frozenset(CACHE_CLUSTER_SIZES)

_VARIABLE_NAME = re.compile(r"[A-Za-z0-9_]{1,64}")
# D: A-Z a-z 0-9 and -._~:/?#&=, ; P: plus space (AWS's own error text lists it).
_VARIABLE_VALUE = re.compile(r"[A-Za-z0-9\-._~:/?#&=, ]{1,512}")
_STAGE_NAME = re.compile(r"[A-Za-z0-9_-]{1,128}")
_INTEGER = re.compile(r"[+-]?[0-9]+")
# Plain decimal notation only: Python's float() would also take "1_0", "nan" and "inf".
_DOUBLE = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def check_variable(name: str, value: str) -> None:
    """One stage variable or canary override, with the quoted AWS texts (Q)."""
    if _VARIABLE_NAME.fullmatch(name) is None:
        raise bad_request(
            f"Invalid stage variable name: {name}.  Please use names with only word characters."
        )
    if _VARIABLE_VALUE.fullmatch(value) is None:
        raise bad_request(
            f"Invalid stage variable value: {value}.  Please use values with alphanumeric "
            "characters and the symbols ' ', -', '.', '_', ':', '/', '?', '&', '=', and ','."
        )


def check_variable_count(variables: Mapping[str, str]) -> None:
    if len(variables) > MAX_VARIABLES:
        # P: the limit is documented, the text is ours.
        raise bad_request(
            f"Too many stage variables: {len(variables)}. At most {MAX_VARIABLES} are allowed"
        )


def check_variables(variables: Mapping[str, str]) -> None:
    for name, value in variables.items():
        check_variable(name, value)
    check_variable_count(variables)


def check_stage_name(name: str) -> None:
    if _STAGE_NAME.fullmatch(name) is None:
        # P: the rule is documented (D), the text is ours.
        raise bad_request(
            f"Invalid stage name specified: {name}. Stage names may contain only letters, "
            "digits, hyphens and underscores, at most 128 characters"
        )


def check_cache_cluster_size(size: str) -> str:
    if size not in _CACHE_CLUSTER_SIZE_SET:
        raise bad_request(
            f"Invalid cacheClusterSize specified: {size}. "
            f"Must be one of: [{', '.join(CACHE_CLUSTER_SIZES)}]"
        )
    return size


def check_percent_traffic(value: float, shown: str) -> float:
    """A canary's share of traffic: a finite number in 0.0-100.0 (P: the text)."""
    if not (0.0 <= value <= 100.0):  # also rejects nan
        raise bad_request(
            f"Invalid percentTraffic value specified: {shown}. "
            "Must be a number between 0.0 and 100.0"
        )
    return value


def parse_percent_traffic(text: str) -> float:
    parsed = parse_double(text)
    return check_percent_traffic(math.nan if parsed is None else parsed, text)


NEGATIVE_ZERO = rule(
    "negative-zero", "P", "a double given as -0.0 is read as 0.0 (stored and answered as 0.0)"
)


def percent_from_request(value: object) -> float:
    """percentTraffic as botocore let it through (float, int or Decimal) as a float."""
    number = math.nan
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        try:
            number = float(value) + 0.0  # + 0.0: -0.0 reads as 0.0
        except (ArithmeticError, ValueError):  # 10**400, Decimal("sNaN")
            number = math.nan
    return check_percent_traffic(number, str(value))


def parse_double(text: str) -> float | None:
    """A finite number the way AWS reads one ("66.660000" -> 66.66; "-0.0" -> 0.0), else None."""
    if _DOUBLE.fullmatch(text) is None:
        return None
    number = float(text) + 0.0
    return number if math.isfinite(number) else None


#: The most digits a 64-bit integer has: longer digit strings are no number AWS reads.
_MAX_INTEGER_DIGITS = 20


def parse_int(text: str) -> int | None:
    """An integer the way AWS reads one; None for anything else, huge digit strings included."""
    if len(text) > _MAX_INTEGER_DIGITS + 1 or _INTEGER.fullmatch(text) is None:
        return None
    return int(text)


def parse_bool(text: str) -> bool | None:
    lowered = text.lower()
    if lowered == "true":
        return True
    if lowered == "false":
        return False
    return None
