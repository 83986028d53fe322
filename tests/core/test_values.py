"""Spec section 7: values, names and numbers."""

from __future__ import annotations

import pytest

from apigw_canary_mock.core.errors import ApiError
from apigw_canary_mock.core.values import (
    check_stage_name,
    check_variable,
    check_variables,
    parse_bool,
    parse_double,
    parse_int,
    percent_from_request,
)

BAD_VALUE = (
    "Invalid stage variable value: {}.  Please use values with alphanumeric characters and the "
    "symbols ' ', -', '.', '_', ':', '/', '?', '&', '=', and ','."
)
BAD_NAME = "Invalid stage variable name: {}.  Please use names with only word characters."


@pytest.mark.parametrize("name", ["a", "A_1", "_", "x" * 64])
@pytest.mark.parametrize(
    "value", ["v", "a-b.c_d~e:f/g?h#i&j=k,l", "with space", "x" * 512, "https://h/p?q=1#f"]
)
def test_good_variables(name: str, value: str) -> None:
    check_variable(name, value)


@pytest.mark.parametrize("name", ["", "a-b", "a.b", "a b", "é", "x" * 65, "a/b"])
def test_bad_names(name: str) -> None:
    with pytest.raises(ApiError) as caught:
        check_variable(name, "v")
    assert caught.value == ApiError("BadRequestException", BAD_NAME.format(name), 400)


@pytest.mark.parametrize("value", ["", "a*b", "a|b", "a\nb", "é", "x" * 513, "a'b", "a;b"])
def test_bad_values(value: str) -> None:
    with pytest.raises(ApiError) as caught:
        check_variable("ok", value)
    assert caught.value == ApiError("BadRequestException", BAD_VALUE.format(value), 400)


def test_name_checked_before_value() -> None:
    with pytest.raises(ApiError) as caught:
        check_variable("a-b", "*")
    assert caught.value.message == BAD_NAME.format("a-b")


def test_variable_count() -> None:
    check_variables({f"v{i}": "x" for i in range(100)})
    with pytest.raises(ApiError) as caught:
        check_variables({f"v{i}": "x" for i in range(101)})
    assert caught.value.message == "Too many stage variables: 101. At most 100 are allowed"


@pytest.mark.parametrize("name", ["prod", "a-b_C9", "x" * 128])
def test_good_stage_names(name: str) -> None:
    check_stage_name(name)


@pytest.mark.parametrize("name", ["", "a b", "a.b", "x" * 129, "é"])
def test_bad_stage_names(name: str) -> None:
    with pytest.raises(ApiError) as caught:
        check_stage_name(name)
    assert caught.value.message == (
        f"Invalid stage name specified: {name}. Stage names may contain only letters, digits, "
        "hyphens and underscores, at most 128 characters"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("66.660000", 66.66),
        ("50", 50.0),
        ("-1.5", -1.5),
        ("+2", 2.0),
        ("1e3", 1000.0),
        ("5.", 5.0),
        (".5", 0.5),
        ("nan", None),
        ("inf", None),
        ("1e999", None),
        ("1_0", None),
        (" 1", None),
        ("", None),
        ("0x10", None),
    ],
)
def test_parse_double(text: str, expected: float | None) -> None:
    assert parse_double(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"), [("5", 5), ("-5", -5), ("5.0", None), ("", None), ("1_0", None)]
)
def test_parse_int(text: str, expected: int | None) -> None:
    assert parse_int(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("true", True), ("false", False), ("True", True), ("FALSE", False), ("1", None), ("", None)],
)
def test_parse_bool(text: str, expected: bool | None) -> None:
    assert parse_bool(text) is expected


@pytest.mark.parametrize("value", [0, 0.0, 50, 100, 99.9])
def test_percent_from_request_accepts(value: float) -> None:
    assert percent_from_request(value) == float(value)
    assert isinstance(percent_from_request(value), float)


@pytest.mark.parametrize("value", [-1, 100.01, float("nan"), float("-inf"), "x", None])
def test_percent_from_request_rejects(value: object) -> None:
    with pytest.raises(ApiError) as caught:
        percent_from_request(value)
    assert caught.value.message == (
        f"Invalid percentTraffic value specified: {value}. Must be a number between 0.0 and 100.0"
    )
