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

VARIABLE_NAME = rule(
    "stage-variable-name",
    "Q",
    "a stage variable name other than 1-64 letters, digits, underscores: BadRequestException "
    "`Invalid stage variable name: <n>.  Please use names with only word characters.`",
)
VARIABLE_VALUE = rule(
    "stage-variable-value",
    "Q",
    "a stage variable value that is empty, over 512 characters or has a character outside "
    "A-Z a-z 0-9 -._~:/?#&=, and space: BadRequestException `Invalid stage variable value: "
    "<v>.  Please use values with alphanumeric characters and the symbols ' ', -', '.', '_', "
    "':', '/', '?', '&', '=', and ','.` (the characters: D)",
)
VARIABLE_VALUE_SPACE = rule(
    "stage-variable-value-space",
    "P",
    "a space is allowed in stage variable values and canary overrides (AWS's own error text "
    "lists it; the documentation does not)",
)
OVERRIDE_CHECKS = rule(
    "canary-override-checks",
    "P",
    "canary stageVariableOverrides are checked like stage variables, with the same texts",
)
VARIABLE_COUNT = rule(
    "stage-variable-count",
    "P",
    "more than 100 variables (or overrides): BadRequestException `Too many stage variables: "
    "<n>. At most 100 are allowed` (the limit is documented, the text is ours)",
)
STAGE_NAME = rule(
    "stage-name-invalid",
    "P",
    "a stage name other than 1-128 letters, digits, hyphens, underscores (D): BadRequestException "
    "`Invalid stage name specified: <n>. Stage names may contain only letters, digits, hyphens "
    "and underscores, at most 128 characters`",
)
CACHE_CLUSTER_SIZE = rule(
    "cache-cluster-size-invalid",
    "P",
    "an UpdateStage /cacheClusterSize value outside the model's sizes (D): BadRequestException "
    "`Invalid cacheClusterSize specified: <v>. Must be one of: [0.5, 1.6, 6.1, 13.5, 28.4, "
    "58.2, 118, 237]`",
)
PERCENT_TRAFFIC = rule(
    "percent-traffic-invalid",
    "P",
    "a percentTraffic that is not a number or outside 0.0-100.0: BadRequestException `Invalid "
    "percentTraffic value specified: <v>. Must be a number between 0.0 and 100.0`",
)
EMPTY_VALUE_UNSETS = rule(
    "empty-value-unsets",
    "P",
    "a description (CreateStage, CreateDeployment stageDescription, UpdateStage replace "
    '/description) or clientCertificateId given as "" unsets it',
)
NUMBERS = rule(
    "stage-patch-numbers",
    "R",
    'numbers in patch values read as AWS reads them ("66.660000" -> 66.66; "50" -> 50.0)',
)


def check_variable(name: str, value: str, override: bool = False) -> None:
    """One stage variable or canary override (``override``), with the quoted AWS texts (Q)."""
    if _VARIABLE_NAME.fullmatch(name) is None:
        raise bad_request(
            f"Invalid stage variable name: {name}.  Please use names with only word characters.",
            OVERRIDE_CHECKS if override else VARIABLE_NAME,
        )
    if _VARIABLE_VALUE.fullmatch(value) is None:
        raise bad_request(
            f"Invalid stage variable value: {value}.  Please use values with alphanumeric "
            "characters and the symbols ' ', -', '.', '_', ':', '/', '?', '&', '=', and ','.",
            OVERRIDE_CHECKS if override else VARIABLE_VALUE,
        )


def check_variable_count(variables: Mapping[str, str]) -> None:
    if len(variables) > MAX_VARIABLES:
        raise bad_request(
            f"Too many stage variables: {len(variables)}. At most {MAX_VARIABLES} are allowed",
            VARIABLE_COUNT,
        )


def check_variables(variables: Mapping[str, str], override: bool = False) -> None:
    for name, value in variables.items():
        check_variable(name, value, override)
    check_variable_count(variables)


def has_space(variables: Mapping[str, str]) -> bool:
    """Whether a value rests on the space policy (VARIABLE_VALUE_SPACE)."""
    for value in variables.values():  # noqa: SIM110 (any() over a generator costs more)
        if " " in value:
            return True
    return False


def check_stage_name(name: str) -> None:
    if _STAGE_NAME.fullmatch(name) is None:
        raise bad_request(
            f"Invalid stage name specified: {name}. Stage names may contain only letters, "
            "digits, hyphens and underscores, at most 128 characters",
            STAGE_NAME,
        )


def check_cache_cluster_size(size: str) -> str:
    if size not in _CACHE_CLUSTER_SIZE_SET:
        raise bad_request(
            f"Invalid cacheClusterSize specified: {size}. "
            f"Must be one of: [{', '.join(CACHE_CLUSTER_SIZES)}]",
            CACHE_CLUSTER_SIZE,
        )
    return size


def check_percent_traffic(value: float, shown: str) -> float:
    """A canary's share of traffic: a finite number in 0.0-100.0."""
    if not (0.0 <= value <= 100.0):  # also rejects nan
        raise bad_request(
            f"Invalid percentTraffic value specified: {shown}. "
            "Must be a number between 0.0 and 100.0",
            PERCENT_TRAFFIC,
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
