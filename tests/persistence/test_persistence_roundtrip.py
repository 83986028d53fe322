"""Every change every operation makes reaches the state file (the journal names it).

A state file writes only what the Backends' journals name (apigw_canary_mock/core/journal.py).
A change that is not journaled would live in the writing process and be lost to every other:
so the contract scenario, which calls every emulated operation, runs on a file-backed mock,
and after every call a fresh store reading the same file must hold exactly the live state.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from operations.test_contract import SCENARIO, resolve

from apigw_canary_mock import EMULATED_OPERATIONS, mock_apigateway
from apigw_canary_mock.persistence import SqliteStateStore
from apigw_canary_mock.wire import operation_model

REGION = "us-east-1"


def state_of(store: Any) -> dict[tuple[str, str], Any]:
    return {
        (account, region): (dict(backend.rest_apis), backend.domains)
        for account, region, backend in store.snapshot()
    }


def test_every_operation_writes_what_it_changed(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    called = set()
    with mock_apigateway(state=path) as apigw:
        created = apigw._call("CreateRestApi", {"name": "x", "tags": {"a": "b"}}, REGION)
        api_id = created["id"]
        ids = {
            "<root>": created["rootResourceId"],
            "<stage-arn>": f"arn:aws:apigateway:{REGION}::/restapis/{api_id}/stages/s2",
        }
        for name, params, remember in SCENARIO:
            members = operation_model(name).input_shape.members
            given = {"restApiId": api_id} if "restApiId" in members else {}
            answer = apigw._call(name, {**given, **resolve(params, ids)}, REGION)
            if remember is not None:
                ids[remember] = answer["id"]
            called.add(name)
            reader = SqliteStateStore(path, read_only=True)
            try:
                assert state_of(reader) == state_of(apigw.state), f"after {name}"
            finally:
                reader.close()
    assert called | {"CreateRestApi"} == set(EMULATED_OPERATIONS)
