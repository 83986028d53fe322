"""core.patch_rows: the two error families, order of application, all-or-nothing."""

from __future__ import annotations

import pytest

from apigw_canary_mock.core.errors import ApiError
from apigw_canary_mock.core.patch_rows import PLAIN, QUOTED, PatchTable


def _set_a(target: dict[str, str | None], value: str | None) -> None:
    target["a"] = value


def _set_b(target: dict[str, str | None], value: str | None) -> None:
    if value == "bad":
        raise ApiError("BadRequestException", "bad b", 400)
    target["b"] = value


ROWS = {("replace", "/a"): _set_a, ("replace", "/b"): _set_b, ("add", "/b"): _set_b}


def table(style: str) -> PatchTable[dict[str, str | None]]:
    return PatchTable(ROWS, style=style, rule_path="r-path", rule_op="r-op")


def refusal(style: str, op: str | None, path: str | None) -> ApiError:
    with pytest.raises(ApiError) as caught:
        table(style).apply({}, [{"op": op, "path": path, "value": "v"}])
    return caught.value


def test_operations_apply_in_order() -> None:
    target: dict[str, str | None] = {}
    operations = [
        {"op": "replace", "path": "/a", "value": "1"},
        {"op": "replace", "path": "/a", "value": "2"},
        {"op": "add", "path": "/b"},
    ]
    assert table(PLAIN).apply(target, operations) == {"a": "2", "b": None}


@pytest.mark.parametrize("operations", [None, "replace", 7, {}, []])
def test_anything_but_a_list_is_no_operation(operations: object) -> None:
    assert table(PLAIN).apply({"a": "kept"}, operations) == {"a": "kept"}


def test_an_element_that_is_not_a_map() -> None:
    with pytest.raises(ApiError) as caught:
        table(PLAIN).apply({}, ["replace"])
    assert caught.value.code == "BadRequestException"


def test_plain_family() -> None:
    unknown = refusal(PLAIN, "replace", "/c")
    assert (unknown.message, unknown.rule) == ("Invalid patch path /c", "r-path")
    wrong_op = refusal(PLAIN, "remove", "/b")
    assert wrong_op.message == "Invalid patch operation specified. Must be one of: [replace, add]"
    assert wrong_op.rule == "r-op"
    assert refusal(PLAIN, None, None).message == "Invalid patch path null"


def test_quoted_family() -> None:
    no_such_op = refusal(QUOTED, "remove", "/a")
    assert no_such_op.message == (
        "Invalid patch path  '/a' specified for op 'remove'. Please choose supported operations"
    )
    assert no_such_op.rule == "r-op"
    wrong_path = refusal(QUOTED, "add", "/a")
    assert wrong_path.message == (
        "Invalid patch path  '/a' specified for op 'add'. Must be one of: [/b]"
    )
    assert wrong_path.rule == "r-path"


def test_a_failing_setter_stops_the_request() -> None:
    target: dict[str, str | None] = {}
    with pytest.raises(ApiError):
        table(PLAIN).apply(
            target,
            [
                {"op": "replace", "path": "/a", "value": "1"},
                {"op": "replace", "path": "/b", "value": "bad"},
            ],
        )
    # The working copy is the caller's to throw away; it holds what ran before the failure.
    assert target == {"a": "1"}


def test_unknown_style() -> None:
    with pytest.raises(ValueError):
        PatchTable(ROWS, style="other", rule_path="r", rule_op="r")
