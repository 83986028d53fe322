"""The state file itself: opening it, checking it is ours, initialising a new one, waiting
while another process holds it, and saying in plain words what went wrong.

A state file is an SQLite database identified by ``PRAGMA application_id`` (``APPLICATION_ID``)
and versioned by ``PRAGMA user_version`` (``SCHEMA_VERSION``). Only a missing or empty (0 byte)
file is initialised; anything else that is not a state file of this schema is refused with a
MockStateError naming the file, and is not written: not a regular file (a FIFO, ``/dev/null``),
not SQLite, an SQLite database of another application (even one with no tables), a corrupt file
(a table missing), a file of the older pickle format (schema 1: refused without reading it), a
file of a newer schema.

Every error of SQLite or of the OS becomes a MockStateError that names the file and the cause:
"no space left on the device", "read-only" (the file, its directory, the file system), "not a
regular file", "corrupt", "locked by another process for more than N s".

Busy waiting: the connection's own busy handler is off; an attempt that finds the file locked
(``SQLITE_BUSY``) is made again after an exponential backoff with jitter (1 ms, doubling, at
most 25 ms, each wait drawn between half and all of it so waiting processes do not retry in
step), for at most ``BUSY_TIMEOUT_SECONDS`` (30 s; per store: ``busy_timeout=``). Then a
MockStateError says the file was locked for more than that.
"""

from __future__ import annotations

import errno
import json
import os
import random
import sqlite3
import stat
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from apigw_canary_mock.errors import MockStateError

#: ``PRAGMA application_id`` of a state file: "AGCM" (apigw_canary_mock).
APPLICATION_ID = 0x4147434D
#: ``PRAGMA user_version``: the schema this code reads and writes.
SCHEMA_VERSION = 2
#: The schema of the files of apigw_canary_mock before 2 (a pickled state): refused.
PICKLE_SCHEMA_VERSION = 1
#: How long a call waits while another process holds the file, before a MockStateError.
BUSY_TIMEOUT_SECONDS = 30.0

_SQLITE_MAGIC = b"SQLite format 3\x00"

#: Each data row: the object's key, ``created`` (the generation that (re)created it: listing
#: order and identity), ``generation`` (the last write; readers load the rows newer than what
#: they have seen) and ``data`` (a JSON document, persistence.codec; NULL: deleted).
SCHEMA = """
CREATE TABLE meta (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    generation INTEGER NOT NULL,
    ids TEXT NOT NULL
);
CREATE TABLE backends (
    row INTEGER PRIMARY KEY,
    account_id TEXT NOT NULL,
    region TEXT NOT NULL,
    created INTEGER NOT NULL,
    generation INTEGER NOT NULL,
    data TEXT,
    UNIQUE (account_id, region)
);
CREATE INDEX backends_by_generation ON backends (generation);
CREATE TABLE rest_apis (
    row INTEGER PRIMARY KEY,
    account_id TEXT NOT NULL,
    region TEXT NOT NULL,
    rest_api_id TEXT NOT NULL,
    created INTEGER NOT NULL,
    generation INTEGER NOT NULL,
    data TEXT,
    UNIQUE (account_id, region, rest_api_id)
);
CREATE INDEX rest_apis_by_generation ON rest_apis (generation);
CREATE TABLE deployments (
    row INTEGER PRIMARY KEY,
    account_id TEXT NOT NULL,
    region TEXT NOT NULL,
    rest_api_id TEXT NOT NULL,
    deployment_id TEXT NOT NULL,
    created INTEGER NOT NULL,
    generation INTEGER NOT NULL,
    data TEXT,
    UNIQUE (account_id, region, rest_api_id, deployment_id)
);
CREATE INDEX deployments_by_generation ON deployments (generation);
CREATE TABLE stages (
    row INTEGER PRIMARY KEY,
    account_id TEXT NOT NULL,
    region TEXT NOT NULL,
    rest_api_id TEXT NOT NULL,
    stage_name TEXT NOT NULL,
    created INTEGER NOT NULL,
    generation INTEGER NOT NULL,
    data TEXT,
    UNIQUE (account_id, region, rest_api_id, stage_name)
);
CREATE INDEX stages_by_generation ON stages (generation);
CREATE TABLE history (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id TEXT NOT NULL,
    region TEXT NOT NULL,
    rest_api_id TEXT NOT NULL,
    stage_name TEXT NOT NULL,
    time INTEGER NOT NULL,
    operation TEXT NOT NULL,
    params TEXT NOT NULL,
    stage TEXT
);
CREATE INDEX history_by_stage ON history (account_id, region, rest_api_id, stage_name, seq);
"""

TABLES = ("meta", "backends", "rest_apis", "deployments", "stages", "history")

#: Test hook: called with every new connection, before it is checked.
_on_connect: Callable[[sqlite3.Connection], None] | None = None

T = TypeVar("T")

# -- SQLite's result codes ----------------------------------------------------------------

_PERM, _BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = (
    3, 5, 6, 8, 10, 11, 13, 14, 26,
)  # fmt: skip

# Before Python 3.11, sqlite3 errors carry no code: their texts (SQLite's own) tell.
_CODES_BY_TEXT = {
    "database or disk is full": _FULL,
    "attempt to write a readonly database": _READONLY,
    "unable to open database file": _CANTOPEN,
    "database is locked": _BUSY,
    "database table is locked": _LOCKED,
    "database disk image is malformed": _CORRUPT,
    "file is not a database": _NOTADB,
    "file is encrypted or is not a database": _NOTADB,
    "disk I/O error": _IOERR,
    "access permission denied": _PERM,
}


def result_code(error: sqlite3.Error) -> int | None:
    """SQLite's primary result code of ``error`` (None when unknown)."""
    code = getattr(error, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF
    return _CODES_BY_TEXT.get(str(error))


def is_busy(error: sqlite3.Error) -> bool:
    return result_code(error) in (_BUSY, _LOCKED)


# -- plain words ---------------------------------------------------------------------------


def _directory(path: str) -> str:
    return os.path.dirname(os.path.abspath(path)) or "/"


def _read_only_file_system(path: str) -> bool:
    try:
        return bool(os.statvfs(_directory(path)).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):
        return False


def _read_only_problem(path: str) -> str:
    name = os.path.basename(path)
    if _read_only_file_system(path):
        return "read-only: the file system it is on is mounted read-only"
    if os.path.exists(path) and not os.access(path, os.W_OK):
        return "read-only: the file can not be written (make it writable)"
    if not os.access(_directory(path), os.W_OK):
        return (
            f"read-only: its directory {_directory(path)} can not be written, and SQLite "
            f"creates {name}-wal and {name}-shm beside the file (make the directory writable)"
        )
    return "read-only: SQLite could not write it"


def _no_space(path: str) -> bool:
    try:
        return os.statvfs(_directory(path)).f_bavail == 0
    except (OSError, AttributeError):
        return False


def _problem(path: str, error: BaseException) -> str:
    if isinstance(error, sqlite3.Error):
        code = result_code(error)
        text = str(error)
        if code == _FULL:
            return "no space left on the device (the disk or the quota is full)"
        if code == _READONLY:
            return _read_only_problem(path)
        if code == _CANTOPEN:
            if not os.path.isdir(_directory(path)):
                return f"its directory {_directory(path)} does not exist"
            if _read_only_file_system(path) or not os.access(_directory(path), os.W_OK):
                return _read_only_problem(path)
            return f"SQLite can not open it ({text})"
        if code in (_BUSY, _LOCKED):
            return "locked by another process"
        if code in (_CORRUPT, _NOTADB):
            return f"corrupt state file ({text}); it was left untouched"
        if code == _IOERR:
            if _no_space(path):
                return "no space left on the device (the disk or the quota is full)"
            return f"an I/O error of the disk or the file system ({text})"
        if code == _PERM:
            return "permission denied"
        if "no such table" in text or "no such column" in text:
            return f"corrupt state file ({text}); it was left untouched"
        return f"SQLite error: {text}"
    if isinstance(error, OSError):
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            return "no space left on the device (the disk or the quota is full)"
        if error.errno == errno.EROFS:
            return _read_only_problem(path)
        if error.errno in (errno.EACCES, errno.EPERM):
            return "permission denied"
        return error.strerror or str(error)
    return str(error)


def state_error(path: str, error: BaseException, doing: str) -> MockStateError:
    """``error`` (of SQLite or the OS) as a MockStateError naming ``path`` and the cause."""
    if isinstance(error, MockStateError):
        return error
    return MockStateError(f"{path}: can not {doing} the state file: {_problem(path, error)}")


# -- waiting while another process holds the file ------------------------------------------

_FIRST_DELAY = 0.001
_MAX_DELAY = 0.025
_jitter = random.SystemRandom()  # no state to share with a forked child, or with the tests'


class BusyWait:
    """Runs an attempt again while the file is locked by another process (module docstring).

    ``waits`` and ``longest`` (seconds) say how much waiting this store has done.
    """

    def __init__(self, path: str, timeout: float) -> None:
        self.path = path
        self.timeout = timeout
        self.waits = 0
        self.longest = 0.0

    def run(self, attempt: Callable[[], T], undo: Callable[[], None] | None = None) -> T:
        """``attempt()``, made again after a wait while it fails with SQLITE_BUSY; ``undo``
        runs after each such failure (to end what the attempt began)."""
        started: float | None = None
        delay = _FIRST_DELAY
        while True:
            try:
                result = attempt()
            except sqlite3.OperationalError as error:
                if not is_busy(error):
                    raise
                if undo is not None:
                    undo()
                now = time.monotonic()
                if started is None:
                    started = now
                waited = now - started
                if waited >= self.timeout:
                    raise MockStateError(
                        f"{self.path}: the state file was locked by another process for more "
                        f"than {self.timeout:g} s (apigw_canary_mock.persistence."
                        "BUSY_TIMEOUT_SECONDS); a process may be stuck in the middle of a call"
                    ) from None
                self.waits += 1
                time.sleep(min(delay * _jitter.uniform(0.5, 1.0), self.timeout - waited))
                delay = min(delay * 2, _MAX_DELAY)
                continue
            if started is not None:
                self.longest = max(self.longest, time.monotonic() - started)
            return result


# -- opening -------------------------------------------------------------------------------

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def inspect(path: str) -> str:
    """ "missing", "empty" or "database" (SQLite's header); else a MockStateError. Never
    opens anything but a regular file (a FIFO would block, /dev/null would take a journal)."""
    try:
        mode = os.stat(path)
    except FileNotFoundError:
        return "missing"
    except OSError as error:
        raise state_error(path, error, "open") from None
    if not stat.S_ISREG(mode.st_mode):
        kind = next((what for test, what in _KINDS if test(mode.st_mode)), "not a file")
        if kind == "a directory":
            raise MockStateError(f"{path}: is a directory, not a state file")
        raise MockStateError(
            f"{path}: not a regular file ({kind}); a state file must be a regular file. "
            "It was left untouched"
        )
    if mode.st_size == 0:
        return "empty"
    try:
        with open(path, "rb") as file:
            header = file.read(len(_SQLITE_MAGIC))
    except OSError as error:
        raise state_error(path, error, "read") from None
    if header != _SQLITE_MAGIC:
        raise MockStateError(
            f"{path}: not an apigw_canary_mock state file (not an SQLite database); "
            "it was left untouched"
        )
    return "database"


def _connect(path: str, read_only: bool, immutable: bool = False) -> sqlite3.Connection:
    # No busy handler of SQLite's (timeout=0): BusyWait waits; autocommit (BEGIN is ours).
    if not read_only:
        return sqlite3.connect(path, timeout=0, isolation_level=None, check_same_thread=False)
    uri = Path(os.path.abspath(path)).as_uri() + "?mode=ro" + ("&immutable=1" if immutable else "")
    return sqlite3.connect(uri, uri=True, timeout=0, isolation_level=None, check_same_thread=False)


def open_connection(path: str, *, read_only: bool, seed: int, busy: BusyWait) -> sqlite3.Connection:
    """A checked connection to the state file ``path``. A missing or empty file is initialised
    (its ids seeded with ``seed``) unless ``read_only``, which never writes anything."""
    found = inspect(path)
    if read_only and found == "missing":
        raise MockStateError(f"{path}: no such state file")
    if read_only and found == "empty":
        raise MockStateError(f"{path}: an empty file, not a state file yet")
    if found == "missing" and not os.path.isdir(_directory(path)):
        raise MockStateError(
            f"{path}: can not create the state file: its directory {_directory(path)} "
            "does not exist"
        )
    if not read_only and not _writable(path, found):
        # Refused up front, rather than at the first write of a call.
        raise MockStateError(f"{path}: can not open the state file: {_read_only_problem(path)}")
    try:
        connection = _connect(path, read_only)
    except sqlite3.Error as error:
        raise state_error(path, error, "open") from None
    try:
        hook = _on_connect
        if hook is not None:
            hook(connection)
        try:
            busy.run(lambda: _check_or_initialise(connection, path, read_only, seed))
        except sqlite3.OperationalError as error:
            if not (read_only and result_code(error) == _CANTOPEN and _wal_impossible(path)):
                raise
            # A read-only directory with no -wal file: no process can be writing the file
            # (a writer needs to create the -wal file), so reading it as immutable is safe.
            connection.close()
            connection = _connect(path, read_only, immutable=True)
            busy.run(lambda: _check_or_initialise(connection, path, read_only, seed))
        if not read_only:
            busy.run(lambda: _use_wal(connection, path))
            connection.execute("PRAGMA synchronous = NORMAL")
        return connection
    except BaseException as error:
        connection.close()
        if isinstance(error, (sqlite3.Error, OSError)):
            raise state_error(path, error, "open") from None
        raise


def _writable(path: str, found: str) -> bool:
    if _read_only_file_system(path):
        return False
    if found != "missing" and not os.access(path, os.W_OK):
        return False
    # SQLite creates (and deletes) FILE-wal and FILE-shm beside the file.
    sidecars_ready = all(os.access(f"{path}{suffix}", os.W_OK) for suffix in ("-wal", "-shm"))
    return sidecars_ready or os.access(_directory(path), os.W_OK)


def _wal_impossible(path: str) -> bool:
    return not os.path.exists(f"{path}-wal") and (
        _read_only_file_system(path) or not os.access(_directory(path), os.W_OK)
    )


def _pragma(connection: sqlite3.Connection, name: str) -> int:
    return int(connection.execute(f"PRAGMA {name}").fetchone()[0])


def _tables(connection: sqlite3.Connection) -> list[str]:
    return [
        str(row[0])
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]


def _empty_file(path: str) -> bool:
    # Not PRAGMA page_count: inside a write transaction, SQLite counts the page 1 it prepares.
    def size(name: str) -> int:
        try:
            return os.path.getsize(name)
        except FileNotFoundError:
            return 0

    return size(path) == 0 and size(f"{path}-wal") == 0


def _classify(connection: sqlite3.Connection, path: str) -> str:
    """ "ours" or "empty" (an empty database: to initialise); else a MockStateError."""
    application_id = _pragma(connection, "application_id")
    user_version = _pragma(connection, "user_version")
    if application_id == 0 and user_version == 0:
        if _empty_file(path):
            return "empty"
        tables = _tables(connection)
        what = f"the tables {', '.join(sorted(tables))}" if tables else "no tables"
        raise MockStateError(
            f"{path}: not an apigw_canary_mock state file (an SQLite database with {what}); "
            "it was left untouched"
        )
    if application_id != APPLICATION_ID:
        raise MockStateError(
            f"{path}: not an apigw_canary_mock state file (SQLite application_id "
            f"{application_id:#010x}, ours is {APPLICATION_ID:#010x}); it was left untouched"
        )
    if user_version == PICKLE_SCHEMA_VERSION:
        raise MockStateError(
            f"{path}: a state file of an older apigw_canary_mock (schema version 1, a pickled "
            "state, which this version never reads: a pickle can run code). Nothing in it was "
            "read and it was left untouched. Delete it (or move it away) and create the state "
            "again: the next start makes a new file at this path"
        )
    if user_version > SCHEMA_VERSION:
        raise MockStateError(
            f"{path}: state file of schema version {user_version}, newer than this "
            f"apigw_canary_mock reads ({SCHEMA_VERSION}); upgrade apigw_canary_mock. "
            "It was left untouched"
        )
    if user_version != SCHEMA_VERSION:
        raise MockStateError(
            f"{path}: corrupt state file (schema version {user_version}); it was left untouched"
        )
    missing = [table for table in TABLES if table not in _tables(connection)]
    if missing:
        raise MockStateError(
            f"{path}: corrupt state file (the table(s) {', '.join(missing)} missing); "
            "it was left untouched"
        )
    return "ours"


def _check_or_initialise(
    connection: sqlite3.Connection, path: str, read_only: bool, seed: int
) -> None:
    if _classify(connection, path) == "ours":
        return
    if read_only:
        raise MockStateError(f"{path}: an empty file, not a state file yet")
    connection.execute("BEGIN IMMEDIATE")
    try:
        # Another process may have initialised it since: decide again, holding the lock.
        if _classify(connection, path) == "empty":
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    connection.execute(statement)
            connection.execute(
                "INSERT INTO meta (id, generation, ids) VALUES (1, 0, ?)",
                (json.dumps({"seed": seed, "drawn": 0}),),
            )
            connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        connection.execute("COMMIT")
    finally:
        if connection.in_transaction:
            connection.execute("ROLLBACK")


def _use_wal(connection: sqlite3.Connection, path: str) -> None:
    mode = str(connection.execute("PRAGMA journal_mode").fetchone()[0]).lower()
    if mode != "wal":
        mode = str(connection.execute("PRAGMA journal_mode = WAL").fetchone()[0]).lower()
        if mode != "wal":
            raise MockStateError(
                f"{path}: can not open the state file: SQLite can not use a write-ahead log "
                f"there (journal mode {mode!r}); use a state file on a local file system"
            )
