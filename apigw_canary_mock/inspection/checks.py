"""Argument checks shared by the mock's helpers and the command line: a clear MockUsageError
instead of a raw exception or a silent no-op."""

from __future__ import annotations

from apigw_canary_mock.core.defaults import region_name_problem
from apigw_canary_mock.errors import MockUsageError


def check_region(region: object, what: str = "region") -> str:
    """``region`` if it is a region name a client could have; else a MockUsageError."""
    problem = region_name_problem(region, what)
    if problem is not None:
        raise MockUsageError(problem)
    assert isinstance(region, str)  # for the type checker: region_name_problem checked it
    return region


def check_str(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise MockUsageError(f"{what} must be a string; got {value!r}")
    return value


def check_seed(seed: object, what: str = "seed") -> int:
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise MockUsageError(f"{what} must be an int; got {seed!r}")
    return seed
