"""The options of a mock, checked in one place: ``mock_apigateway(**options)``, the pytest
marker and ``run`` all build a MockOptions, so a bad option fails the same way everywhere.

Internal: not part of the public API (its names may change in any release); the public
names are those of ``apigw_canary_mock`` itself.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from apigw_canary_mock.core.defaults import DEFAULT_ACCOUNT_ID, DEFAULT_REGION, region_name_problem
from apigw_canary_mock.errors import MockUsageError

#: The keyword options ``mock_apigateway`` (and the pytest marker) accept.
OPTION_NAMES = ("account_id", "seed", "pass_through_unemulated", "accounts", "state", "region")


@dataclass(frozen=True)
class MockOptions:
    """A mock's options, checked (see ApiGatewayMock for what each one does).

    ``apigw.options`` gives a mock's; ``MockOptions.from_kwargs({...})`` checks user-given
    ones as ``mock_apigateway(**options)`` does.
    """

    account_id: str = DEFAULT_ACCOUNT_ID
    """The account every client acts in (12 digits)."""
    seed: int | None = None
    """The seed of the generated ids (None: random)."""
    pass_through_unemulated: bool = False
    """Let unemulated apigateway operations go on down botocore's chain."""
    accounts: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """Access key id -> account id (read-only)."""
    state: str | None = None
    """The state file's path (None: in memory)."""
    region: str = DEFAULT_REGION
    """The region of the mock's helpers when they are given none."""

    @classmethod
    def from_kwargs(cls, options: Mapping[str, Any]) -> MockOptions:
        """Checked options from user-given keywords; unknown names fail with the valid ones."""
        if not options:  # the common case (every test of a suite): the defaults, checked once
            return _DEFAULTS
        unknown = sorted(set(options) - set(OPTION_NAMES))
        if unknown:
            raise MockUsageError(
                f"unknown option(s) {', '.join(unknown)} for mock_apigateway; "
                f"valid options: {', '.join(OPTION_NAMES)}"
            )
        return cls.checked(**options)

    @classmethod
    def checked(
        cls,
        *,
        account_id: object = DEFAULT_ACCOUNT_ID,
        seed: object = None,
        pass_through_unemulated: object = False,
        accounts: object = None,
        state: object = None,
        region: object = DEFAULT_REGION,
    ) -> MockOptions:
        """The options, each checked (a MockUsageError names a bad one)."""
        if not isinstance(pass_through_unemulated, bool):
            raise MockUsageError(
                f"pass_through_unemulated must be True or False; got {pass_through_unemulated!r}"
            )
        return cls(
            check_account_id(account_id),
            check_seed(seed),
            pass_through_unemulated,
            check_accounts(accounts),
            check_state(state),
            check_region(region),
        )

    def as_kwargs(self) -> dict[str, Any]:
        """The options as ``mock_apigateway`` takes them (for a fresh mock per test)."""
        return {
            "account_id": self.account_id,
            "seed": self.seed,
            "pass_through_unemulated": self.pass_through_unemulated,
            "accounts": dict(self.accounts) or None,
            "state": self.state,
            "region": self.region,
        }


def check_seed(seed: object) -> int | None:
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
        raise MockUsageError(f"seed must be an int or None; got {seed!r}")
    return seed


def check_region(region: object) -> str:
    """A region name a client could have (the mock's helpers act in it)."""
    problem = region_name_problem(region)
    if problem is not None:
        raise MockUsageError(problem)
    assert isinstance(region, str)  # for the type checker: region_name_problem checked it
    return region


def check_account_id(account_id: object) -> str:
    if not (
        isinstance(account_id, str)
        and len(account_id) == 12
        and account_id.isascii()
        and account_id.isdigit()
    ):
        raise MockUsageError(
            f"account_id must be a string of 12 digits, like {DEFAULT_ACCOUNT_ID!r}; "
            f"got {account_id!r}"
        )
    return account_id


def check_accounts(accounts: object) -> Mapping[str, str]:
    if accounts is None:
        return MappingProxyType({})
    if not isinstance(accounts, Mapping):
        raise MockUsageError(
            "accounts must be a mapping of access key id to account id, like "
            f"{{'AKIAOTHER': '210987654321'}}; got {accounts!r}"
        )
    checked: dict[str, str] = {}
    for access_key_id, account_id in accounts.items():
        if not isinstance(access_key_id, str) or not access_key_id:
            raise MockUsageError(
                f"accounts: every key must be a non-empty access key id string; "
                f"got {access_key_id!r}"
            )
        try:
            checked[access_key_id] = check_account_id(account_id)
        except MockUsageError as error:
            raise MockUsageError(f"accounts[{access_key_id!r}]: {error}") from None
    return MappingProxyType(checked)


def check_state(state: object) -> str | None:
    if state is None:
        return None
    if not (isinstance(state, (str, os.PathLike)) and isinstance(os.fspath(state), str)):
        raise MockUsageError(
            f"state must be a file path or None (a str or os.PathLike); got {state!r}"
        )
    path = os.fspath(state)
    if path == "":
        raise MockUsageError("state must be a file path or None; got '' (an empty path)")
    return path


_DEFAULTS = MockOptions.checked()
