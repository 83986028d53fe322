"""The defaults every layer shares: one place, so they can never disagree."""

from __future__ import annotations

#: The account every client acts in unless told otherwise (12 digits, like AWS's).
DEFAULT_ACCOUNT_ID = "123456789012"
#: The region of the mock's own helpers, and of a client whose region is somehow unknown.
DEFAULT_REGION = "us-east-1"
