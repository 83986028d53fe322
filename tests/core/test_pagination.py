"""Paging rules shared by GetRestApis, GetDeployments and GetResources."""

from __future__ import annotations

import pytest

from apigw_canary_mock.core.errors import ApiError
from apigw_canary_mock.core.pagination import decode_position, encode_position, paginate

ITEMS = list(range(60))


def test_default_limit_is_25() -> None:
    page, position = paginate(ITEMS, None, None)
    assert page == ITEMS[:25]
    assert position is not None
    assert decode_position(position) == 25


def test_walks_all_items_once() -> None:
    seen: list[int] = []
    position: str | None = None
    while True:
        page, position = paginate(ITEMS, 7, position)
        seen += page
        if position is None:
            break
    assert seen == ITEMS


def test_exact_fit_has_no_position() -> None:
    assert paginate(ITEMS, 60, None) == (ITEMS, None)
    assert paginate([], None, None) == ([], None)


def test_limit_clamped_to_500() -> None:
    page, position = paginate(list(range(600)), 1000, None)
    assert len(page) == 500
    assert position is not None


def test_position_past_the_end_is_an_empty_page() -> None:
    assert paginate(ITEMS, 5, encode_position(1000)) == ([], None)


def test_token_is_opaque() -> None:
    assert not encode_position(25).isdigit()


@pytest.mark.parametrize("token", ["", "25", "!!!", "cG9zOi0x", "cG9zOg", "eHl6", "\u00e9"])
def test_bad_tokens(token: str) -> None:
    with pytest.raises(ApiError) as caught:
        paginate(ITEMS, None, token)
    assert caught.value == ApiError("BadRequestException", "Invalid position parameter", 400)


@pytest.mark.parametrize("limit", [0, -1])
def test_bad_limits(limit: int) -> None:
    with pytest.raises(ApiError) as caught:
        paginate(ITEMS, limit, None)
    assert caught.value.message == f"Invalid limit specified: {limit}. Must be between 1 and 500"
