"""Paging of the list operations (GetRestApis, GetDeployments, GetResources, GetModels,
GetRequestValidators, GetAuthorizers, GetDocumentationParts/Versions, GetDomainNames,
GetBasePathMappings: every caller of operations.result.paged_result).

``limit`` defaults to 25 and is clamped to 500 (AWS documents both: D; the clamp is ours: P);
a limit below 1 is a 400. ``position`` is an opaque token naming the offset of the next page;
it is present in an answer only when more items remain.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from typing import TypeVar

from .errors import bad_request
from .evidence import rule
from .journal import Journal

T = TypeVar("T")

PAGING = rule(
    "paging-limit-position",
    "D",
    "list operations page with limit (default 25, at most 500) and position; position is "
    "present only while more items remain",
)
LIMIT_CLAMPED = rule(
    "paging-limit-clamped",
    "P",
    "a limit above 500 reads as 500 (not an error)",
)
LIMIT_INVALID = rule(
    "paging-limit-invalid",
    "P",
    "a limit below 1: BadRequestException `Invalid limit specified: <n>. Must be between 1 and "
    "500`",
)
POSITION_INVALID = rule(
    "paging-position-invalid",
    "P",
    "position is an opaque token; one the mock did not give: BadRequestException `Invalid "
    "position parameter`",
)

DEFAULT_LIMIT = 25
MAX_LIMIT = 500
_PREFIX = "pos:"


def paginate(
    items: Sequence[T], limit: int | None, position: str | None, journal: Journal | None = None
) -> tuple[list[T], str | None]:
    """One page of ``items`` and the token of the next page (None on the last page).

    ``journal`` notes when the clamp of ``limit`` shaped the page."""
    if limit is None:
        limit = DEFAULT_LIMIT
    elif limit < 1:
        raise bad_request(
            f"Invalid limit specified: {limit}. Must be between 1 and {MAX_LIMIT}", LIMIT_INVALID
        )
    start = 0 if position is None else decode_position(position)
    if limit > MAX_LIMIT:
        limit = MAX_LIMIT
        if journal is not None and len(items) > start + limit:
            journal.note(LIMIT_CLAMPED)
    end = start + limit
    return list(items[start:end]), (encode_position(end) if end < len(items) else None)


def encode_position(offset: int) -> str:
    return base64.urlsafe_b64encode(f"{_PREFIX}{offset}".encode()).decode().rstrip("=")


def decode_position(token: str) -> int:
    try:
        padded = token + "=" * (-len(token) % 4)
        text = base64.urlsafe_b64decode(padded.encode("ascii")).decode("ascii")
    except (binascii.Error, UnicodeError, ValueError):
        text = ""
    digits = text.removeprefix(_PREFIX)
    if (
        not text.startswith(_PREFIX)
        or not digits.isdigit()
        or not digits.isascii()
        or len(digits) > 19  # no list is longer; and int() refuses over 4,300 digits
    ):
        raise bad_request("Invalid position parameter", POSITION_INVALID)
    return int(digits)
