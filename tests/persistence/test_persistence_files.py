"""What can go wrong with a state file, said in plain words (MockStateError naming the file),
never a raw sqlite3 error, a hang or a takeover: full disk, read-only file or directory, a FIFO,
/dev/null, a foreign database with no tables, a table dropped, a file locked too long."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest

from apigw_canary_mock import MockStateError, mock_apigateway
from apigw_canary_mock.__main__ import main
from apigw_canary_mock.persistence import file as state_file

REGION = "us-east-1"
ENV = {**os.environ, "AWS_EC2_METADATA_DISABLED": "true"}


def apigateway() -> Any:
    return boto3.client("apigateway", region_name=REGION)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_python(code: str, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=ENV,
    )


def make_state(path: Path) -> str:
    with mock_apigateway(state=path, seed=3) as mock:
        api_id = mock.create_deployable_api("orders")
        apigateway().create_deployment(restApiId=api_id, stageName="prod")
    return api_id


def refused(path: Path | str, capsys: pytest.CaptureFixture[str]) -> tuple[str, str]:
    """(what starting a mock on ``path`` raises, what ``show`` prints): both must refuse."""
    with pytest.raises(MockStateError) as raised, mock_apigateway(state=path):
        apigateway().get_rest_apis()
    capsys.readouterr()
    assert main(["show", "--state", str(path)]) == 2
    return str(raised.value), capsys.readouterr().err


# -- not a regular file ---------------------------------------------------------------------

START_AND_SHOW = """
import sys
from apigw_canary_mock import MockStateError, mock_apigateway
from apigw_canary_mock.__main__ import main
try:
    mock_apigateway(state=sys.argv[1]).start()
except MockStateError as error:
    print("refused:", error, flush=True)
print("show exit", main(["show", "--state", sys.argv[1]]), flush=True)
"""


@pytest.mark.slow
def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "state.db"
    os.mkfifo(fifo)
    # In a child process: opening a FIFO to read it would block for ever.
    try:
        done = run_python(START_AND_SHOW, str(fifo), timeout=30)
    except subprocess.TimeoutExpired:
        pytest.fail("starting a mock on a FIFO blocked")
    assert f"refused: {fifo}: not a regular file (a named pipe (FIFO))" in done.stdout
    assert "show exit 2" in done.stdout, done.stderr
    assert "not a regular file" in done.stderr


def test_dev_null_is_refused_and_nothing_is_created_beside_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    if not os.path.exists("/dev/null") or os.path.exists("/dev/null-journal"):
        pytest.skip("needs /dev/null, and no /dev/null-journal yet")
    try:
        error, shown = refused(Path("/dev/null"), capsys)
    finally:
        created = [p for p in ("/dev/null-journal", "/dev/null-wal") if os.path.exists(p)]
        for leftover in created:
            os.unlink(leftover)
    assert created == []
    assert error.startswith("/dev/null: not a regular file (a character device)")
    assert "not a regular file" in shown


# -- SQLite files that are not state files ------------------------------------------------------


def test_a_foreign_database_with_no_tables_is_not_taken_over(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "other.db"
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode = WAL")  # writes the header: a database with no tables
    db.close()
    before = sha256(path)
    error, shown = refused(path, capsys)
    problem = "not an apigw_canary_mock state file (an SQLite database with no tables)"
    assert problem in error and problem in shown
    assert sha256(path) == before


@pytest.mark.parametrize("table", state_file.TABLES)
def test_a_state_file_with_a_table_dropped_is_corrupt(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], table: str
) -> None:
    path = tmp_path / "state.db"
    make_state(path)
    db = sqlite3.connect(path)
    db.execute(f"DROP TABLE {table}")
    db.commit()
    db.close()
    before = sha256(path)
    error, shown = refused(path, capsys)
    assert f"corrupt state file (the table(s) {table} missing)" in error
    assert "corrupt state file" in shown and "Traceback" not in shown
    assert sha256(path) == before


# -- read-only ------------------------------------------------------------------------------


@contextlib.contextmanager
def read_only(path: Path) -> Iterator[None]:
    """``path`` (a file or a directory) made read-only, even for root (chattr +i)."""
    mode = path.stat().st_mode
    path.chmod(0o555 if path.is_dir() else 0o444)
    immutable = False
    try:
        if os.access(path, os.W_OK):  # root: the mode bits do not stop it
            chattr = shutil.which("chattr")
            if chattr is None or subprocess.run([chattr, "+i", str(path)]).returncode != 0:
                pytest.skip("can not make a file read-only for this user")
            immutable = True
        yield
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(path)], check=True)
        path.chmod(mode)


def test_a_read_only_file_is_refused_and_show_reads_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "state.db"
    make_state(path)
    with read_only(path):
        with pytest.raises(MockStateError) as raised, mock_apigateway(state=path):
            apigateway().update_stage(restApiId="x", stageName="prod", patchOperations=[])
        assert str(raised.value) == (
            f"{path}: can not open the state file: read-only: the file can not be written "
            "(make it writable)"
        )
        capsys.readouterr()
        assert main(["show", "--state", str(path)]) == 0
        assert "API orders" in capsys.readouterr().out


def test_a_read_only_directory_is_called_read_only_not_corrupt(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    directory = tmp_path / "ro"
    directory.mkdir()
    path = directory / "state.db"
    make_state(path)
    with read_only(directory):
        with pytest.raises(MockStateError) as raised, mock_apigateway(state=path):
            apigateway().get_rest_apis()
        assert str(raised.value).startswith(
            f"{path}: can not open the state file: read-only: its directory {directory} can "
            "not be written, and SQLite creates state.db-wal and state.db-shm beside the file"
        )
        capsys.readouterr()
        assert main(["show", "--state", str(path)]) == 0  # reading needs no -wal file
        assert "API orders" in capsys.readouterr().out
    assert sorted(p.name for p in directory.iterdir()) == ["state.db"]


# -- a full disk ----------------------------------------------------------------------------

FILL_THE_DISK = """
import json, sqlite3, sys, boto3
from apigw_canary_mock import MockStateError, mock_apigateway
path = sys.argv[1] + "/state.db"
report = {"acked": None}
try:
    with mock_apigateway(state=path) as mock:
        api_id = mock.create_deployable_api("orders")
        client = boto3.client("apigateway", region_name="us-east-1")
        client.create_deployment(restApiId=api_id, stageName="prod")
        big = "x" * 500
        for n in range(100000):
            client.update_stage(restApiId=api_id, stageName="prod", patchOperations=[
                {"op": "replace", "path": f"/variables/v{n % 100}", "value": big},
                {"op": "replace", "path": "/variables/n", "value": str(n)}])
            report["acked"] = n
except Exception as error:
    report["error"] = [type(error).__name__, str(error)]
db = sqlite3.connect(path)
report["integrity"] = db.execute("PRAGMA integrity_check").fetchall()
db.close()
try:
    with mock_apigateway(state=path) as mock:  # what was acknowledged is there, readable
        report["n"] = mock.get_stage(api_id, "prod")["variables"]["n"]
except Exception as error:
    report["read_error"] = [type(error).__name__, str(error)]
print(json.dumps(report))
"""


@pytest.mark.slow
def test_a_full_disk_is_said_in_plain_words_and_loses_nothing(tmp_path: Path) -> None:
    unshare = shutil.which("unshare")
    script = tmp_path / "fill.py"
    script.write_text(textwrap.dedent(FILL_THE_DISK))
    mount = tmp_path / "small"
    mount.mkdir()
    command = f"mount -t tmpfs -o size=400k none {mount} && exec {sys.executable} {script} {mount}"
    probe = (
        subprocess.run([unshare, "--user", "--map-root-user", "--mount", "true"])
        if unshare
        else None
    )
    if probe is None or probe.returncode != 0:
        pytest.skip("needs unshare (a user and mount namespace) to mount a small tmpfs")
    done = subprocess.run(
        [unshare, "--user", "--map-root-user", "--mount", "sh", "-c", command],  # type: ignore[list-item]
        capture_output=True,
        text=True,
        timeout=120,
        env=ENV,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout)
    assert report["error"][0] == "MockStateError", report
    assert report["error"][1].startswith(f"{mount}/state.db: can not ")
    assert "no space left on the device" in report["error"][1]
    assert report["integrity"] == [["ok"]]
    assert report["acked"] is not None and report.get("n") == str(report["acked"]), report


def test_a_full_database_is_said_in_plain_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Portable stand-in for a full disk: SQLite reports a page limit reached the same way.
    path = tmp_path / "state.db"
    api_id = make_state(path)
    monkeypatch.setattr(
        state_file, "_on_connect", lambda db: db.execute("PRAGMA max_page_count = 30")
    )
    with mock_apigateway(state=path), pytest.raises(MockStateError) as raised:
        client = apigateway()
        for n in range(10000):
            client.update_stage(
                restApiId=api_id,
                stageName="prod",
                patchOperations=[
                    {"op": "replace", "path": f"/variables/v{n % 100}", "value": "x" * 500}
                ],
            )
    assert str(raised.value) == (
        f"{path}: can not write the state file: no space left on the device (the disk or the "
        "quota is full)"
    )


# -- a file locked by another process ---------------------------------------------------------


@contextlib.contextmanager
def writer_holding_the_lock(path: Path, seconds: float) -> Iterator[None]:
    """Another connection holds the write lock for ``seconds`` (a slow writer)."""
    held = threading.Event()

    def hold() -> None:
        db = sqlite3.connect(path, isolation_level=None)
        db.execute("BEGIN IMMEDIATE")
        db.execute("UPDATE meta SET generation = generation")
        held.set()
        time.sleep(seconds)
        db.execute("ROLLBACK")
        db.close()

    thread = threading.Thread(target=hold)
    thread.start()
    held.wait()
    try:
        yield
    finally:
        thread.join()


def test_reads_do_not_wait_for_a_writer_and_writes_wait_then_say_locked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "state.db"
    api_id = make_state(path)
    monkeypatch.setattr(state_file, "BUSY_TIMEOUT_SECONDS", 0.5)
    with mock_apigateway(state=path), writer_holding_the_lock(path, 3.0):
        client = apigateway()
        started = time.perf_counter()
        assert client.get_stage(restApiId=api_id, stageName="prod")["stageName"] == "prod"
        assert client.get_stages(restApiId=api_id)["item"]
        read = time.perf_counter() - started
        with pytest.raises(MockStateError) as raised:
            client.update_stage(restApiId=api_id, stageName="prod", patchOperations=[])
        waited = time.perf_counter() - started - read
    assert read < 1.5, f"a read waited {read:.2f} s for the writer"  # it holds it 3 s
    assert str(raised.value).startswith(
        f"{path}: the state file was locked by another process for more than 0.5 s"
    )
    assert 0.5 <= waited < 2.5


def test_a_write_waits_for_a_slow_writer_and_goes_through(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    api_id = make_state(path)
    with mock_apigateway(state=path) as mock, writer_holding_the_lock(path, 0.6):
        started = time.perf_counter()
        apigateway().update_stage(
            restApiId=api_id,
            stageName="prod",
            patchOperations=[{"op": "replace", "path": "/variables/a", "value": "1"}],
        )
        waited = time.perf_counter() - started
        assert mock.state.busy.waits > 0  # type: ignore[attr-defined]
    assert 0.4 < waited < 3.0
    with mock_apigateway(state=path) as mock:
        assert mock.get_stage(api_id, "prod")["variables"] == {"a": "1"}


# -- many processes, slow transactions ------------------------------------------------------

CONTENDER = """
import json, sys, time, boto3
from apigw_canary_mock import mock_apigateway
from apigw_canary_mock.persistence import store as store_module
path, api_id, me = sys.argv[1:4]
count, slow = int(sys.argv[4]), float(sys.argv[5])
store_module._before_commit_hook = lambda: time.sleep(slow)  # a slow writer
acked = []
with mock_apigateway(state=path) as mock:
    client = boto3.client("apigateway", region_name="us-east-1")
    for value in range(count):
        client.update_stage(restApiId=api_id, stageName="prod", patchOperations=[
            {"op": "replace", "path": f"/variables/{me}", "value": str(value)}])
        acked.append(value)
        client.get_stage(restApiId=api_id, stageName="prod")
    busy = mock.state.busy
print(json.dumps({"acked": acked, "waits": busy.waits, "longest": busy.longest}))
"""

PROCESSES = int(os.environ.get("APIGW_CONTENTION_PROCESSES", "16"))
CONTENDED_WRITES = int(os.environ.get("APIGW_CONTENTION_WRITES", "12"))


@pytest.mark.slow
def test_sixteen_processes_with_slow_transactions_all_go_through(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    api_id = make_state(path)
    started = time.perf_counter()
    children = [
        subprocess.Popen(
            [sys.executable, "-c", textwrap.dedent(CONTENDER), str(path), api_id, f"p{n}",
             str(CONTENDED_WRITES), "0.02"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=ENV,
        )
        for n in range(PROCESSES)
    ]  # fmt: skip
    outcomes = [child.communicate(timeout=600) for child in children]
    elapsed = time.perf_counter() - started
    failed = [
        err[-800:] for child, (_, err) in zip(children, outcomes, strict=True) if child.returncode
    ]
    assert failed == [], f"{len(failed)} of {PROCESSES} processes died: {failed[0]}"
    reports = [json.loads(out) for out, _ in outcomes]
    with mock_apigateway(state=path) as mock:
        variables = mock.get_stage(api_id, "prod")["variables"]
        updates = mock.stage_history(api_id, "prod").operations().count("UpdateStage")
    assert variables == {f"p{n}": str(CONTENDED_WRITES - 1) for n in range(PROCESSES)}
    assert all(report["acked"] == list(range(CONTENDED_WRITES)) for report in reports)
    assert updates == PROCESSES * CONTENDED_WRITES
    print(
        f"\n[contention] {PROCESSES} processes x {CONTENDED_WRITES} UpdateStage (+ GetStage) "
        f"with 20 ms transactions: {updates} writes acknowledged and found, 0 errors, "
        f"{sum(r['waits'] for r in reports)} busy waits, longest wait "
        f"{max(r['longest'] for r in reports):.2f} s, {elapsed:.1f} s in all"
    )


# -- the words for each cause ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (sqlite3.OperationalError("database or disk is full"), "no space left on the device"),
        (OSError(28, "No space left on device"), "no space left on the device"),
        (sqlite3.DatabaseError("database disk image is malformed"), "corrupt state file"),
        (sqlite3.DatabaseError("file is not a database"), "corrupt state file"),
        (sqlite3.OperationalError("no such table: stages"), "corrupt state file"),
        (sqlite3.OperationalError("database is locked"), "locked by another process"),
        (sqlite3.OperationalError("access permission denied"), "permission denied"),
        (OSError(13, "Permission denied"), "permission denied"),
        (sqlite3.OperationalError("something new"), "SQLite error: something new"),
    ],
    ids=repr,
)
def test_every_cause_has_plain_words(tmp_path: Path, error: Exception, words: str) -> None:
    # (Errors made here carry no SQLite code: their text tells, as on Python 3.10.)
    path = str(tmp_path / "state.db")
    message = str(state_file.state_error(path, error, "write"))
    assert message.startswith(f"{path}: can not write the state file: ")
    assert words in message
