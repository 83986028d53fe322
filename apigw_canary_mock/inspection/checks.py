"""Argument checks shared by the mock's helpers and the command line: a clear MockUsageError
instead of a raw exception or a silent no-op."""

from __future__ import annotations

import re

from apigw_canary_mock.core.defaults import DEFAULT_REGION
from apigw_canary_mock.errors import MockUsageError

# What botocore accepts as a region name (botocore.utils.validate_region_name).
_REGION_NAME = re.compile(r"[a-zA-Z0-9](?:[a-zA-Z0-9\-]{0,61}[a-zA-Z0-9])?")


def check_region(region: object, what: str = "region") -> str:
    """``region`` if it is a region name a client could have; else a MockUsageError."""
    if not isinstance(region, str) or not _REGION_NAME.fullmatch(region):
        raise MockUsageError(
            f"{what} must be an AWS region name such as {DEFAULT_REGION!r} (letters, digits "
            f"and hyphens, as botocore accepts); got {region!r}"
        )
    return region


def check_str(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise MockUsageError(f"{what} must be a string; got {value!r}")
    return value


def check_seed(seed: object, what: str = "seed") -> int:
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise MockUsageError(f"{what} must be an int; got {seed!r}")
    return seed
