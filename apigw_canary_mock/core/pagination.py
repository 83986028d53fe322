"""Paging of list operations (GetRestApis, GetDeployments, GetResources).

``limit`` defaults to 25 and is clamped to 500 (AWS documents 500 as the maximum page size);
a limit below 1 is a 400. ``position`` is an opaque token naming the offset of the next page;
it is present in an answer only when more items remain.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from typing import TypeVar

from .errors import bad_request

T = TypeVar("T")

DEFAULT_LIMIT = 25
MAX_LIMIT = 500
_PREFIX = "pos:"


def paginate(
    items: Sequence[T], limit: int | None, position: str | None
) -> tuple[list[T], str | None]:
    """One page of ``items`` and the token of the next page (None on the last page)."""
    if limit is None:
        limit = DEFAULT_LIMIT
    elif limit < 1:
        raise bad_request(f"Invalid limit specified: {limit}. Must be between 1 and {MAX_LIMIT}")
    limit = min(limit, MAX_LIMIT)
    start = 0 if position is None else decode_position(position)
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
        raise bad_request("Invalid position parameter")
    return int(digits)
