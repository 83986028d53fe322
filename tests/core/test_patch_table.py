"""core/patch_table.py: routing of path templates, refusals, all-or-nothing by copy."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from apigw_canary_mock.core.errors import ApiError
from apigw_canary_mock.core.patch_op import PatchOp
from apigw_canary_mock.core.patch_table import (
    PatchTable,
    Row,
    choose_supported,
    invalid_path,
    path_not_listed,
    replace_only,
)


def setter(work: dict[str, Any], op: PatchOp, groups: Mapping[str, str]) -> None:
    work[groups.get("name", op.path)] = op.value


TABLE: PatchTable[dict[str, Any]] = PatchTable(
    {
        "/description": Row({"replace": setter}, replace_only("r-scalar")),
        "/requestParameters/{name}": Row({"add": setter, "remove": setter}),
    },
    unknown_path=invalid_path("r-path"),
    refuse=choose_supported("r-op"),
)


def patch(*ops: dict[str, Any]) -> dict[str, Any]:
    work: dict[str, Any] = {}
    TABLE.apply(work, list(ops))
    return work


def test_a_placeholder_is_one_unescaped_segment() -> None:
    assert patch({"op": "add", "path": "/requestParameters/a~1b~0c", "value": "1"}) == {
        "a/b~c": "1"
    }


@pytest.mark.parametrize(
    "path", ["/requestParameters", "/requestParameters/", "/requestParameters/a/b", "/x", ""]
)
def test_unknown_paths(path: str) -> None:
    with pytest.raises(ApiError) as caught:
        patch({"op": "add", "path": path})
    assert (caught.value.message, caught.value.rule) == (f"Invalid patch path {path}", "r-path")


def test_refusals_by_row_then_table() -> None:
    with pytest.raises(ApiError) as caught:
        patch({"op": "add", "path": "/description", "value": "x"})
    assert caught.value.message == "Invalid patch operation specified. Must be one of: [replace]"
    assert caught.value.rule == "r-scalar"
    with pytest.raises(ApiError) as caught:
        patch({"op": "move", "path": "/requestParameters/a"})
    assert caught.value.message == (
        "Invalid patch path  '/requestParameters/a' specified for op 'move'. "
        "Please choose supported operations"
    )
    assert caught.value.rule == "patch-unrecorded-ops"  # move was never recorded


def test_path_not_listed_answers_replace_and_other_ops_apart() -> None:
    refuse = path_not_listed("[/a, /b]", "r")
    assert refuse(PatchOp("replace", "/c", "v")).message == (
        "Invalid patch path  '/c' specified for op 'replace'. Must be one of: [/a, /b]"
    )
    assert refuse(PatchOp("add", "/c", "v")).message.endswith("Please choose supported operations")


@pytest.mark.parametrize("operations", [None, "x", 5, {"op": "replace"}])
def test_anything_but_a_list_is_no_operation(operations: object) -> None:
    work: dict[str, Any] = {}
    TABLE.apply(work, operations)
    assert work == {}


def test_a_malformed_element() -> None:
    with pytest.raises(ApiError) as caught:
        TABLE.apply({}, [{"op": "replace", "path": "/description", "value": "x"}, 7])
    assert caught.value.message == "Invalid patch operation specified: 7"
