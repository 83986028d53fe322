"""core/patch_table.py: routing of path templates, refusals, all-or-nothing by copy."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from apigw_canary_mock.core.errors import ApiError
from apigw_canary_mock.core.patch_op import PatchOp
from apigw_canary_mock.core.patch_table import (
    ADD_REMOVE_REPLACE,
    PatchTable,
    Row,
    add_remove_replace,
    choose_supported,
    invalid_path,
    op_not_listed,
    op_refused,
    path_not_listed,
    path_or_op_not_listed,
    read_members,
    read_members_or_null,
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


def test_a_rest_placeholder_spans_segments_but_not_a_line_break() -> None:
    rest: PatchTable[dict[str, Any]] = PatchTable(
        {"/binaryMediaTypes/{type+}": Row({"add": setter})},
        unknown_path=invalid_path("r-path"),
        refuse=choose_supported("r-op"),
    )
    work: dict[str, Any] = {}
    rest.apply(work, [{"op": "add", "path": "/binaryMediaTypes/image/png~1x"}])
    assert work == {"/binaryMediaTypes/image/png~1x": None}  # the row's groups name "type"
    for path in ("/binaryMediaTypes/", "/binaryMediaTypes/a\nb"):
        with pytest.raises(ApiError) as caught:
            rest.apply({}, [{"op": "add", "path": path}])
        assert caught.value.message == f"Invalid patch path {path}"


def test_the_rest_placeholder_is_unescaped() -> None:
    seen: list[Mapping[str, str]] = []
    rest: PatchTable[None] = PatchTable(
        {"/types/{type+}": Row({"add": lambda work, op, groups: seen.append(groups)})},
        unknown_path=invalid_path("r-path"),
        refuse=choose_supported("r-op"),
    )
    rest.apply(None, [{"op": "add", "path": "/types/image/a~1b~0c"}])
    assert seen == [{"type": "image/a/b~c"}]


def test_operations_apply_in_order_and_the_first_failure_stops_the_rest() -> None:
    def fails(work: dict[str, Any], op: PatchOp, groups: Mapping[str, str]) -> None:
        raise ApiError("BadRequestException", "bad", 400)

    ordered: PatchTable[dict[str, Any]] = PatchTable(
        {"/a": Row({"replace": setter}), "/b": Row({"replace": fails})},
        unknown_path=invalid_path("r-path"),
        refuse=replace_only("r-op"),
    )
    work: dict[str, Any] = {}
    ops = [
        {"op": "replace", "path": "/a", "value": "1"},
        {"op": "replace", "path": "/a", "value": "2"},
        {"op": "replace", "path": "/b"},
        {"op": "replace", "path": "/a", "value": "3"},
    ]
    with pytest.raises(ApiError, match="bad"):
        ordered.apply(work, ops)
    # The work object is the caller's to throw away; it holds what ran before the failure.
    assert work == {"/a": "2"}


def test_an_element_that_is_not_a_map_refuses_the_request_before_any_operation() -> None:
    with pytest.raises(ApiError) as caught:
        TABLE.apply({}, [{"op": "add", "path": "/x"}, "replace"])
    assert caught.value.message == "Invalid patch operation specified: 'replace'"
    assert caught.value.rule == "patch-operation-malformed"


# -- the deployment side's family: one rule for every op, absent members read as "null" -----

NULL_TABLE: PatchTable[dict[str, Any]] = PatchTable(
    {"/a": Row({"replace": setter})},
    unknown_path=invalid_path("r-path"),
    refuse=op_not_listed("[replace]", "r-op"),
    read=read_members_or_null,
)


def refusal(table: PatchTable[dict[str, Any]], op: str | None, path: str | None) -> ApiError:
    with pytest.raises(ApiError) as caught:
        table.apply({}, [{"op": op, "path": path, "value": "v"}])
    return caught.value


@pytest.mark.parametrize("op", ["add", "move", "test", None])
def test_op_not_listed_rests_on_one_rule_for_every_op(op: str | None) -> None:
    refused = refusal(NULL_TABLE, op, "/a")
    assert (refused.message, refused.rule) == (
        "Invalid patch operation specified. Must be one of: [replace]",
        "r-op",
    )


def test_absent_members_read_as_null_or_empty() -> None:
    assert refusal(NULL_TABLE, None, None).message == "Invalid patch path null"
    assert refusal(TABLE, None, None).message == "Invalid patch path "
    assert read_members_or_null({"value": 1}) == PatchOp("null", "null", "1", None)
    assert read_members({"from": "/f"}) == PatchOp("", "", None, "/f")


def test_path_or_op_not_listed() -> None:
    refuse = path_or_op_not_listed("[/a]", "r-path", "r-op")
    quoted: PatchTable[dict[str, Any]] = PatchTable(
        {"/a": Row({"replace": setter})},
        unknown_path=refuse,
        refuse=refuse,
        read=read_members_or_null,
    )
    wrong_path = refusal(quoted, "replace", "/b")
    assert (wrong_path.message, wrong_path.rule) == (
        "Invalid patch path  '/b' specified for op 'replace'. Must be one of: [/a]",
        "r-path",
    )
    for op, path in (("add", "/a"), ("move", "/b"), (None, None)):
        other = refusal(quoted, op, path)
        assert other.message == (
            f"Invalid patch path  '{path or 'null'}' specified for op '{op or 'null'}'. "
            "Please choose supported operations"
        )
        assert other.rule == "r-op"


def test_op_refused_and_its_recorded_twin() -> None:
    move = PatchOp("move", "/a")
    assert op_refused(ADD_REMOVE_REPLACE, "r")(move).rule == "r"
    assert add_remove_replace("r")(move).rule == "patch-unrecorded-ops"
    assert add_remove_replace("r")(PatchOp("remove", "/a")).rule == "r"
    assert op_refused(ADD_REMOVE_REPLACE, "r")(move).message == (
        "Invalid patch operation specified. Must be 'add'|'remove'|'replace'"
    )
