"""persistence.file: each cause of a failure to open, read or write a state file is said in
plain words naming the file (the OS's and SQLite's answers injected where a test can not make
them: a read-only mount, a full disk, a journal mode SQLite refuses)."""

from __future__ import annotations

import errno
import os
import socket
import sqlite3
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from apigw_canary_mock import MockStateError
from apigw_canary_mock.persistence import SqliteStateStore
from apigw_canary_mock.persistence import file as state_file

READONLY = sqlite3.OperationalError("attempt to write a readonly database")
CANTOPEN = sqlite3.OperationalError("unable to open database file")
IOERR = sqlite3.OperationalError("disk I/O error")


def statvfs(flag: int = 0, bavail: int = 100) -> Any:
    return lambda path: SimpleNamespace(f_flag=flag, f_bavail=bavail)


def no_statvfs(path: str) -> Any:
    raise OSError(errno.ENOSYS, "no statvfs")


def words(path: Path, error: BaseException) -> str:
    message = str(state_file.state_error(str(path), error, "write"))
    prefix = f"{path}: can not write the state file: "
    assert message.startswith(prefix)
    return message[len(prefix) :]


def test_a_read_only_mount_is_said(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "statvfs", statvfs(flag=os.ST_RDONLY))
    path = tmp_path / "state.db"
    assert words(path, READONLY) == "read-only: the file system it is on is mounted read-only"
    assert words(path, CANTOPEN).startswith("read-only: the file system it is on")
    assert words(path, OSError(errno.EROFS, "Read-only file system")).startswith("read-only")
    with pytest.raises(MockStateError) as caught:
        SqliteStateStore(path)
    assert str(caught.value) == (
        f"{path}: can not open the state file: read-only: the file system it is on is mounted "
        "read-only"
    )
    assert not path.exists()


def test_a_file_that_can_not_be_written_is_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "state.db"
    path.write_bytes(b"x")
    monkeypatch.setattr(os, "statvfs", no_statvfs)  # not known: not called read-only
    monkeypatch.setattr(os, "access", lambda name, mode: os.fspath(name) != str(path))
    assert words(path, READONLY) == "read-only: the file can not be written (make it writable)"


def test_read_only_for_a_reason_not_found_is_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "statvfs", statvfs())
    assert words(tmp_path / "state.db", READONLY) == "read-only: SQLite could not write it"


def test_a_file_sqlite_can_not_open_is_said_by_its_cause(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert words(tmp_path / "gone" / "state.db", CANTOPEN) == (
        f"its directory {tmp_path / 'gone'} does not exist"
    )
    monkeypatch.setattr(os, "statvfs", statvfs())
    assert words(tmp_path / "state.db", CANTOPEN) == (
        "SQLite can not open it (unable to open database file)"
    )
    monkeypatch.setattr(os, "access", lambda name, mode: False)
    assert words(tmp_path / "state.db", CANTOPEN).startswith(
        f"read-only: its directory {tmp_path} can not be written"
    )


def test_an_io_error_is_said_and_a_full_disk_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "state.db"
    monkeypatch.setattr(os, "statvfs", statvfs(bavail=0))
    assert words(path, IOERR) == "no space left on the device (the disk or the quota is full)"
    monkeypatch.setattr(os, "statvfs", no_statvfs)
    assert words(path, IOERR) == "an I/O error of the disk or the file system (disk I/O error)"


@pytest.mark.parametrize(
    ("error", "said"),
    [
        (OSError(errno.EIO, "Input/output error"), "Input/output error"),
        (OSError("no errno"), "no errno"),
        (RuntimeError("something else"), "something else"),
    ],
    ids=repr,
)
def test_other_errors_are_said_as_they_are(tmp_path: Path, error: Exception, said: str) -> None:
    assert words(tmp_path / "state.db", error) == said


def test_a_mock_state_error_is_passed_on_as_it_is(tmp_path: Path) -> None:
    error = MockStateError("already said")
    assert state_file.state_error(str(tmp_path), error, "read") is error


def test_a_file_that_can_not_be_examined_is_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "state.db"

    def stat(name: Any, *args: Any, **kwargs: Any) -> Any:
        raise PermissionError(errno.EACCES, "Permission denied", str(name))

    monkeypatch.setattr(os, "stat", stat)
    with pytest.raises(MockStateError) as caught:
        state_file.inspect(str(path))
    assert str(caught.value) == f"{path}: can not open the state file: permission denied"


def test_a_file_whose_header_can_not_be_read_is_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "state.db"
    path.write_bytes(b"SQLite format 3\x00")

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(state_file, "open", refuse, raising=False)
    with pytest.raises(MockStateError) as caught:
        state_file.inspect(str(path))
    assert str(caught.value) == f"{path}: can not read the state file: Input/output error"


def test_a_socket_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.sock"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        with pytest.raises(MockStateError, match=r"not a regular file \(a socket\)"):
            SqliteStateStore(path)
    finally:
        server.close()


def test_read_only_refuses_an_empty_file_and_a_missing_directory_is_said(tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    with pytest.raises(MockStateError, match="an empty file, not a state file yet"):
        SqliteStateStore(empty, read_only=True)
    missing = tmp_path / "gone" / "state.db"
    with pytest.raises(MockStateError) as caught:
        SqliteStateStore(missing)
    assert str(caught.value) == (
        f"{missing}: can not create the state file: its directory {tmp_path / 'gone'} "
        "does not exist"
    )


def test_a_connection_sqlite_refuses_is_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise CANTOPEN

    monkeypatch.setattr(sqlite3, "connect", refuse)
    with pytest.raises(MockStateError, match="can not open the state file: SQLite can not open"):
        SqliteStateStore(tmp_path / "state.db")


def test_a_schema_version_older_than_any_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    SqliteStateStore(path).close()
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 0")
    db.close()
    with pytest.raises(MockStateError) as caught:
        SqliteStateStore(path)
    assert str(caught.value) == (
        f"{path}: corrupt state file (schema version 0); it was left untouched"
    )


class Refusing(sqlite3.Connection):
    """A connection whose statements starting with ``refused`` fail (or answer ``answer``)."""

    refused = "?"
    answer: Any = None

    def execute(self, sql: str, *args: Any) -> Any:  # type: ignore[override]
        if sql.startswith(self.refused):
            if self.answer is not None:
                return SimpleNamespace(fetchone=lambda: (self.answer,))
            raise sqlite3.OperationalError("disk I/O error")
        return super().execute(sql, *args)


def refusing(monkeypatch: pytest.MonkeyPatch, refused: str, answer: Any = None) -> None:
    monkeypatch.setattr(Refusing, "refused", refused)
    monkeypatch.setattr(Refusing, "answer", answer)
    connect = sqlite3.connect
    monkeypatch.setattr(
        state_file.sqlite3, "connect", lambda *a, **k: connect(*a, factory=Refusing, **k)
    )


def test_a_failure_while_initialising_leaves_an_empty_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "state.db"
    refusing(monkeypatch, "INSERT INTO meta")
    with pytest.raises(MockStateError, match="can not open the state file: an I/O error"):
        SqliteStateStore(path)
    monkeypatch.undo()
    db = sqlite3.connect(path)
    assert db.execute("SELECT name FROM sqlite_master").fetchall() == []  # rolled back
    db.close()
    SqliteStateStore(path).close()  # initialised by the next start


def test_a_file_system_where_sqlite_keeps_no_write_ahead_log_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "state.db"
    refusing(monkeypatch, "PRAGMA journal_mode", answer="delete")
    with pytest.raises(MockStateError) as caught:
        SqliteStateStore(path)
    assert str(caught.value) == (
        f"{path}: can not open the state file: SQLite can not use a write-ahead log there "
        "(journal mode 'delete'); use a state file on a local file system"
    )


def test_a_read_only_open_failing_for_another_reason_is_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "state.db"
    SqliteStateStore(path).close()
    refusing(monkeypatch, "PRAGMA application_id")
    with pytest.raises(MockStateError, match="can not open the state file: an I/O error"):
        SqliteStateStore(path, read_only=True)


def test_a_busy_wait_without_undo_waits_and_goes_through(tmp_path: Path) -> None:
    busy = state_file.BusyWait(str(tmp_path), 5.0)
    answers: list[Any] = [sqlite3.OperationalError("database is locked"), "done"]

    def attempt() -> Any:
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    assert busy.run(attempt) == "done"
    assert busy.waits == 1


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(MockStateError) as caught:
        SqliteStateStore(tmp_path)
    assert str(caught.value) == f"{tmp_path}: is a directory, not a state file"


def test_a_file_another_process_initialised_meanwhile_is_taken_as_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "state.db"
    SqliteStateStore(path, seed=7).close()
    classify = state_file._classify
    answers = ["empty"]  # what this process saw before the other one's initialisation

    def racing(connection: sqlite3.Connection, name: str) -> str:
        return answers.pop() if answers else classify(connection, name)

    monkeypatch.setattr(state_file, "_classify", racing)
    opened = SqliteStateStore(path, seed=1)
    try:
        assert opened.ids.seed == 7  # the other process's file, not initialised again
    finally:
        opened.close()
    answers.append("empty")
    with pytest.raises(MockStateError, match="an empty file, not a state file yet"):
        SqliteStateStore(path, read_only=True)  # emptied meanwhile, as it were
