"""State that lasts (``mock_apigateway(state=FILE)``): across activations and processes, no
lost update between concurrent processes, no half request seen, a killed process leaves the
file consistent, and a file that is not ours is refused and left untouched."""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import boto3
import pytest

from apigw_canary_mock import MockError, MockStateError, mock_apigateway
from apigw_canary_mock.__main__ import main
from apigw_canary_mock.persistence import APPLICATION_ID, SCHEMA_VERSION

REGION = "us-east-1"


def apigateway() -> Any:
    return boto3.client("apigateway", region_name=REGION)


def run_python(code: str, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_canary_stage(path: Path) -> str:
    """A state file with API "orders", stage prod on a deployment, a canary at 10 %."""
    with mock_apigateway(state=path, seed=3) as mock:
        api_id = mock.create_deployable_api("orders")
        client = apigateway()
        client.create_deployment(restApiId=api_id, stageName="prod")
        client.create_deployment(
            restApiId=api_id, stageName="prod", canarySettings={"percentTraffic": 10.0}
        )
    return api_id


# -- lasting state ------------------------------------------------------------------------


@pytest.mark.slow
def test_state_lasts_across_activations_and_processes(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    api_id = make_canary_stage(path)
    with mock_apigateway(state=path) as mock:  # a second activation, same process
        assert mock.get_stage(api_id, "prod")["canarySettings"]["percentTraffic"] == 10.0
    other = run_python(
        """
        import sys, boto3
        from apigw_canary_mock import mock_apigateway
        with mock_apigateway(state=sys.argv[1]):
            client = boto3.client("apigateway", region_name="us-east-1")
            client.update_stage(restApiId=sys.argv[2], stageName="prod", patchOperations=[
                {"op": "replace", "path": "/canarySettings/percentTraffic", "value": "50"}])
        """,
        str(path),
        api_id,
    )
    assert other.returncode == 0, other.stderr
    with mock_apigateway(state=str(path)) as mock:
        assert mock.get_stage(api_id, "prod")["canarySettings"]["percentTraffic"] == 50.0
        mock.stage_history(api_id, "prod").assert_canary_percentages([None, 10.0, 50.0])
        assert mock.stage_history(api_id, "prod").operations()[-1] == "UpdateStage"


def test_missing_and_empty_files_are_initialised(tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    for path in (tmp_path / "missing.db", empty):
        with mock_apigateway(state=path):
            assert apigateway().get_rest_apis()["items"] == []
        with sqlite3.connect(path) as db:
            assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
            assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        db.close()


def test_the_default_stays_in_memory(tmp_path: Path) -> None:
    with mock_apigateway() as mock:
        assert type(mock.state).__name__ == "StateStore"
    with pytest.raises(MockError, match="state must be a file path or None"):
        mock_apigateway(state=3)  # type: ignore[call-overload]


# -- files that are not ours ----------------------------------------------------------------


def _sqlite(path: Path, *statements: str) -> None:
    db = sqlite3.connect(path)
    for statement in statements:
        db.execute(statement)
    db.commit()
    db.close()


def _not_sqlite(path: Path) -> None:
    path.write_bytes(b"deploy log: nothing to see here\n" * 64)


def _sqlite_magic_then_garbage(path: Path) -> None:
    path.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 16)


def _foreign_database(path: Path) -> None:
    _sqlite(path, "CREATE TABLE orders (id INTEGER)", "INSERT INTO orders VALUES (1)")


def _other_application(path: Path) -> None:
    _sqlite(path, "PRAGMA application_id = 1234", "CREATE TABLE t (x)")


def _newer_schema(path: Path) -> None:
    make_canary_stage(path)
    _sqlite(path, f"PRAGMA user_version = {SCHEMA_VERSION + 1}")


def _truncated(path: Path) -> None:
    make_canary_stage(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _corrupt_state_row(path: Path) -> None:
    make_canary_stage(path)
    _sqlite(path, """UPDATE stages SET data = '{"name": 7}'""")  # a number for a name


def _v1_state_file(path: Path, blob: bytes) -> None:
    """A state file of schema 1 (apigw_canary_mock < 0.2: a pickled state) holding ``blob``."""
    _sqlite(
        path,
        "CREATE TABLE state (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL,"
        " blob BLOB NOT NULL)",
        "CREATE TABLE history (seq INTEGER PRIMARY KEY AUTOINCREMENT, account_id TEXT NOT NULL,"
        " region TEXT NOT NULL, rest_api_id TEXT NOT NULL, stage_name TEXT NOT NULL, time INTEGER"
        " NOT NULL, operation TEXT NOT NULL, record BLOB NOT NULL)",
        f"PRAGMA application_id = {APPLICATION_ID}",
        "PRAGMA user_version = 1",
    )
    db = sqlite3.connect(path)
    db.execute("INSERT INTO state VALUES (1, 1, ?)", (blob,))
    db.commit()
    db.close()


def _pickle_string(text: str) -> bytes:
    data = text.encode()
    return b"\x8c" + bytes([len(data)]) + data  # SHORT_BINUNICODE


def _pickled_call(module: str, name: str, argv: list[str]) -> bytes:
    """A pickle calling ``module.name(argv)`` when loaded (protocol 4, hand-made)."""
    return (
        b"\x80\x04"
        + _pickle_string(module)
        + _pickle_string(name)
        + b"\x93(]("  # STACK_GLOBAL, MARK, EMPTY_LIST, MARK
        + b"".join(_pickle_string(arg) for arg in argv)
        + b"etR."  # APPENDS, TUPLE, REDUCE, STOP
    )


def _code_in_the_blob(path: Path) -> None:
    # The old format's escape: a dotted global resolved under apigw_canary_mock.* (a class, so
    # its allow-list let it through) running a command. Refused without unpickling anything.
    marker = path.with_name("pwned")
    _v1_state_file(
        path,
        _pickled_call("apigw_canary_mock.pipeline", "subprocess.Popen", ["touch", str(marker)]),
    )


BAD_FILES_OLD = None
BAD_FILES = {
    "not SQLite": (_not_sqlite, "not an SQLite database"),
    "SQLite magic, then garbage": (_sqlite_magic_then_garbage, "corrupt"),
    "another SQLite database": (_foreign_database, "not an apigw_canary_mock state file"),
    "another application_id": (_other_application, "application_id 0x000004d2"),
    "a newer schema": (_newer_schema, f"schema version {SCHEMA_VERSION + 1}, newer"),
    "truncated": (_truncated, "corrupt"),
    "corrupt state": (_corrupt_state_row, "corrupt state file"),
    "code in the state": (_code_in_the_blob, "older apigw_canary_mock (schema version 1"),
}


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_a_bad_file_is_refused_and_left_untouched(tmp_path: Path, name: str) -> None:
    make, problem = BAD_FILES[name]
    path = tmp_path / "bad.db"
    make(path)
    for suffix in ("-wal", "-shm"):  # only the file itself remains
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    before = sha256(path)
    with pytest.raises(MockStateError) as raised, mock_apigateway(state=path):
        apigateway().get_rest_apis()
    assert str(path) in str(raised.value)
    assert problem in str(raised.value)
    assert sha256(path) == before
    assert isinstance(raised.value, MockError)
    assert not (tmp_path / "pwned").exists()  # nothing in the file ran


def test_show_on_a_bad_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.db"
    _foreign_database(path)
    before = sha256(path)
    assert main(["show", "--state", str(path)]) == 2
    err = capsys.readouterr().err
    assert "not an apigw_canary_mock state file" in err and str(path) in err
    assert sha256(path) == before
    assert main(["show", "--state", str(tmp_path / "missing.db")]) == 2
    assert "no such state file" in capsys.readouterr().err
    assert not (tmp_path / "missing.db").exists()


# -- a process killed in the middle of a request ------------------------------------------

HOLD_AND_DIE = """
import sys, time, boto3
from apigw_canary_mock import mock_apigateway, persistence

def hold():  # inside the write transaction, after the writes, before COMMIT
    print("holding", flush=True)
    time.sleep(60)

with mock_apigateway(state=sys.argv[1]):
    client = boto3.client("apigateway", region_name="us-east-1")
    persistence.store._before_commit_hook = hold
    client.update_stage(restApiId=sys.argv[2], stageName="prod", patchOperations=[
        {"op": "replace", "path": "/canarySettings/percentTraffic", "value": "77"},
        {"op": "replace", "path": "/variables/color", "value": "blue"}])
"""


@pytest.mark.slow
def test_a_process_killed_mid_request_leaves_the_file_consistent(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    api_id = make_canary_stage(path)
    child = subprocess.Popen(
        [sys.executable, "-c", HOLD_AND_DIE, str(path), api_id],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "holding", child.stderr
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
        child.stdout.close()  # type: ignore[union-attr]
        child.stderr.close()  # type: ignore[union-attr]
    assert child.returncode == -signal.SIGKILL
    with mock_apigateway(state=path) as mock:
        stage = mock.get_stage(api_id, "prod")
        assert stage["canarySettings"]["percentTraffic"] == 10.0  # the request never happened
        assert "variables" not in stage
        assert mock.stage_history(api_id, "prod").operations() == [
            "CreateDeployment",
            "CreateDeployment",
        ]
        client = apigateway()  # and the file is usable
        client.update_stage(
            restApiId=api_id,
            stageName="prod",
            patchOperations=[
                {"op": "replace", "path": "/canarySettings/percentTraffic", "value": "20"}
            ],
        )
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    db.close()
    with mock_apigateway(state=path) as mock:
        assert mock.get_stage(api_id, "prod")["canarySettings"]["percentTraffic"] == 20.0


# -- concurrent processes -------------------------------------------------------------------

WRITER = """
import sys, boto3
from apigw_canary_mock import mock_apigateway
path, api_id, me, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
with mock_apigateway(state=path):
    client = boto3.client("apigateway", region_name="us-east-1")
    for value in range(count):
        client.update_stage(restApiId=api_id, stageName="prod", patchOperations=[
            {"op": "replace", "path": f"/variables/{me}", "value": str(value)},
            {"op": "replace", "path": f"/canarySettings/stageVariableOverrides/{me}",
             "value": str(value)}])
        stage = client.get_stage(restApiId=api_id, stageName="prod")
        variables = stage.get("variables", {})
        overrides = stage["canarySettings"].get("stageVariableOverrides", {})
        # Never half a request: each variable comes with its override.
        assert variables == overrides, (variables, overrides)
        assert variables[me] == str(value), (me, value, variables)
print("ok")
"""

PROCESSES, WRITES = 8, 50


@pytest.mark.slow
def test_concurrent_processes_lose_no_update(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    api_id = make_canary_stage(path)
    started = time.perf_counter()
    children = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), api_id, f"p{n}", str(WRITES)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(PROCESSES)
    ]
    outcomes = [child.communicate(timeout=120) for child in children]
    elapsed = time.perf_counter() - started
    for child, (out, err) in zip(children, outcomes, strict=True):
        assert child.returncode == 0 and out.strip() == "ok", err
    with mock_apigateway(state=path) as mock:
        stage = mock.get_stage(api_id, "prod")
        last = {f"p{n}": str(WRITES - 1) for n in range(PROCESSES)}
        assert stage["variables"] == last
        assert stage["canarySettings"]["stageVariableOverrides"] == last
        updates = mock.stage_history(api_id, "prod").operations().count("UpdateStage")
    assert updates == PROCESSES * WRITES, f"{updates} writes found in {elapsed:.1f} s"
    print(f"{updates}/{PROCESSES * WRITES} writes found, {elapsed:.1f} s")


def test_an_old_pickle_state_file_is_refused_by_show_and_run_without_running_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The second escape of the old format: builtins.getattr reaching a module's globals.
    path, marker = tmp_path / "old.db", tmp_path / "pwned"
    _v1_state_file(path, _pickled_getattr_chain(str(marker)))
    before = sha256(path)
    assert main(["show", "--state", str(path)]) == 2
    assert not marker.exists(), "show ran code from the state file"
    assert main(["run", "--state", str(path), "--", "true"]) == 2
    err = capsys.readouterr().err
    assert "older apigw_canary_mock (schema version 1" in err
    assert "Delete it (or move it away) and create the state again" in err
    assert sha256(path) == before
    assert not marker.exists()


def _pickled_getattr_chain(marker: str) -> bytes:
    """getattr(getattr(getattr(SqliteStateStore.__init__, "__globals__"), "get")("os"),
    "system")("touch MARKER"): only classes and builtins.getattr, which the old allow-list
    let through."""
    getattr_ = b"h\x00"  # BINGET 0: builtins.getattr, memoized first

    def call(function: bytes, *args: bytes) -> bytes:
        return function + b"(" + b"".join(args) + b"tR"

    init = call(
        getattr_,
        _pickle_string("apigw_canary_mock.persistence")
        + _pickle_string("SqliteStateStore")
        + b"\x93",
        _pickle_string("__init__"),
    )
    globals_ = call(getattr_, init, _pickle_string("__globals__"))
    os_module = call(call(getattr_, globals_, _pickle_string("get")), _pickle_string("os"))
    system = call(getattr_, os_module, _pickle_string("system"))
    return (
        b"\x80\x04"
        + _pickle_string("builtins")
        + _pickle_string("getattr")
        + b"\x93\x94"  # STACK_GLOBAL, MEMOIZE
        + b"0"  # POP: kept in the memo only
        + call(system, _pickle_string(f"touch {marker}"))
        + b"."
    )
