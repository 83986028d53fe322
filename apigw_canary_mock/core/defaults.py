"""The defaults every layer shares: one place, so they can never disagree."""

from __future__ import annotations

import re

#: The account every client acts in unless told otherwise (12 digits, like AWS's).
DEFAULT_ACCOUNT_ID = "123456789012"
#: The region of the mock's own helpers, and of a client whose region is somehow unknown.
DEFAULT_REGION = "us-east-1"

# What botocore accepts as a region name (botocore.utils.validate_region_name).
_REGION_NAME = re.compile(r"[a-zA-Z0-9](?:[a-zA-Z0-9\-]{0,61}[a-zA-Z0-9])?")


def region_name_problem(region: object, what: str = "region") -> str | None:
    """Why ``region`` is not a region name a client could have; None when it is one."""
    if isinstance(region, str) and _REGION_NAME.fullmatch(region):
        return None
    return (
        f"{what} must be an AWS region name such as {DEFAULT_REGION!r} (letters, digits "
        f"and hyphens, as botocore accepts); got {region!r}"
    )
