"""State that lasts: a StateStore kept in a SQLite file (``mock_apigateway(state=FILE)``,
``python -m apigw_canary_mock run --state FILE``).

The file holds the whole emulated state (every account and region, the id generator) as one
pickled blob with a version counter, and the stage history as one row per change. Every
operation runs in one ``BEGIN IMMEDIATE`` transaction (``SqliteStateStore.transaction``):

* on entry, the blob is loaded again only if its version changed since this process last
  read it;
* the operation runs on the loaded objects, exactly like the in-memory store;
* on exit, an operation that may write (not ``Get*``) is pickled again and written back only
  if its bytes changed, with its history rows; then COMMIT.

So processes sharing a file never lose an update and never see half a request (SQLite
serialises the write transactions; a reader holds one too), and a process killed in the middle
of a request leaves the file as it was before that request (SQLite rolls the transaction back).
WAL journal, ``synchronous=NORMAL`` (safe against a killed process; a power cut may lose the
last transactions, never the file's consistency), a busy timeout of 30 s.

The file is identified by ``PRAGMA application_id`` and versioned by ``PRAGMA user_version``.
A file that is corrupt, of a newer schema or not ours raises MockStateError and is not written.
The blob is read with an unpickler that only builds apigw_canary_mock's own classes and a few
builtins, so a state file can not run code.
"""

from __future__ import annotations

import io
import os
import pickle
import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from apigw_canary_mock.core.history import HistoryKey, HistoryLog, StageRecord, StageWrite
from apigw_canary_mock.core.ids import IdGenerator
from apigw_canary_mock.core.stage import Stage
from apigw_canary_mock.core.store import Backend, StateStore
from apigw_canary_mock.errors import MockStateError

#: ``PRAGMA application_id`` of a state file: "AGCM" (apigw_canary_mock).
APPLICATION_ID = 0x4147434D
#: ``PRAGMA user_version``: the schema this code reads and writes.
SCHEMA_VERSION = 1
BUSY_TIMEOUT_SECONDS = 30.0

_SQLITE_MAGIC = b"SQLite format 3\x00"
_BLOB_FORMAT = 1
_SCHEMA = """
CREATE TABLE state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL,
    blob BLOB NOT NULL
);
CREATE TABLE history (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id TEXT NOT NULL,
    region TEXT NOT NULL,
    rest_api_id TEXT NOT NULL,
    stage_name TEXT NOT NULL,
    time INTEGER NOT NULL,
    operation TEXT NOT NULL,
    record BLOB NOT NULL
);
CREATE INDEX history_by_stage ON history (account_id, region, rest_api_id, stage_name, seq);
"""

#: Test hook: called inside the write transaction, after the writes and before COMMIT.
_before_commit_hook: Callable[[], None] | None = None

# Connections inherited through fork(): never closed in the child (closing would checkpoint
# and delete the parent's WAL file), never garbage collected.
_abandoned: list[sqlite3.Connection] = []


# -- reading pickles safely ---------------------------------------------------------------

_SAFE_GLOBALS = frozenset(
    {
        ("builtins", "set"),
        ("builtins", "frozenset"),
        ("builtins", "dict"),
        ("builtins", "list"),
        ("builtins", "tuple"),
        ("builtins", "object"),
        ("builtins", "getattr"),
        ("copyreg", "_reconstructor"),
        ("random", "Random"),
        ("datetime", "datetime"),
        ("datetime", "timezone"),
        ("datetime", "timedelta"),
    }
)


class _StateUnpickler(pickle.Unpickler):
    """Builds only apigw_canary_mock's classes and plain builtins: a state file is data."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _SAFE_GLOBALS or (
            module.startswith("apigw_canary_mock.") and not name.startswith("_")
        ):
            value = super().find_class(module, name)
            if module.startswith("apigw_canary_mock.") and not isinstance(value, type):
                raise pickle.UnpicklingError(f"{module}.{name} is not a class")
            return value
        raise pickle.UnpicklingError(f"global {module}.{name} is not allowed in a state file")


def _loads(data: bytes) -> Any:
    return _StateUnpickler(io.BytesIO(data)).load()


def _dumps(value: Any) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


# -- history rows ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HistoryRow:
    """One stored change of a stage, with where it happened."""

    seq: int
    account_id: str
    region: str
    rest_api_id: str
    stage_name: str
    time: int
    operation: str
    params: Mapping[str, Any]
    stage: Stage | None


class SqliteHistoryLog(HistoryLog):
    """The stage history kept in the state file's ``history`` table (one row per change)."""

    def __init__(self, store: SqliteStateStore) -> None:
        super().__init__()
        self._store = store

    def commit(
        self,
        account_id: str,
        region: str,
        operation: str,
        params: Mapping[str, Any],
        writes: Sequence[StageWrite],
        time: int,
    ) -> None:
        # Called inside the operation's write transaction (engine.dispatch).
        connection = self._store.connection()
        connection.executemany(
            "INSERT INTO history (account_id, region, rest_api_id, stage_name, time,"
            " operation, record) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (account_id, region, rest_api_id, stage_name, time, operation,
                 _dumps((dict(params), stage)))
                for rest_api_id, stage_name, stage in writes
            ],
        )  # fmt: skip

    def records(
        self, account_id: str, region: str, rest_api_id: str, stage_name: str
    ) -> list[StageRecord]:
        with self._store.lock:
            rows = (
                self._store.connection()
                .execute(
                    "SELECT time, operation, record FROM history WHERE account_id = ? AND"
                    " region = ? AND rest_api_id = ? AND stage_name = ? ORDER BY seq",
                    (account_id, region, rest_api_id, stage_name),
                )
                .fetchall()
            )
        records = []
        for time, operation, record in rows:
            params, stage = self._store.decode(record)
            records.append(StageRecord(time, operation, params, stage))
        return records

    def keys(self) -> list[HistoryKey]:
        with self._store.lock:
            rows = (
                self._store.connection()
                .execute(
                    "SELECT account_id, region, rest_api_id, stage_name FROM history"
                    " GROUP BY account_id, region, rest_api_id, stage_name ORDER BY MIN(seq)"
                )
                .fetchall()
            )
        return [(str(a), str(r), str(i), str(s)) for a, r, i, s in rows]


# -- the store ------------------------------------------------------------------------------


class _Transaction:
    """``with store.transaction(writes):`` (re-entrant within one thread)."""

    __slots__ = ("_store", "_writes")

    def __init__(self, store: SqliteStateStore, writes: bool) -> None:
        self._store = store
        self._writes = writes

    def __enter__(self) -> None:
        self._store.enter(self._writes)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._store.exit(exc_type is None)


class SqliteStateStore(StateStore):
    """A StateStore whose state lives in a SQLite file shared by processes."""

    def __init__(self, path: str | os.PathLike[str], seed: int | None = None) -> None:
        super().__init__(seed)
        self.path = os.fspath(path)
        self.history = SqliteHistoryLog(self)
        self._connection: sqlite3.Connection | None = None
        self._pid = 0
        self._keep_open = True
        self._depth = 0
        self._may_write = False
        self._version: int | None = None
        self._blob = b""
        # Opens (and initialises an empty or missing file), checks, loads: fails early.
        with self.transaction(writes=False):
            pass

    # -- the connection -----------------------------------------------------------------

    def connection(self) -> sqlite3.Connection:
        """This process's connection to the file (opened and checked on first use)."""
        connection = self._connection
        if connection is not None and self._pid == os.getpid():
            return connection
        if connection is not None:  # inherited through fork()
            _abandoned.append(connection)
            self._connection = None
            self._version = None
        connection = _open(self.path, self.ids)
        self._connection, self._pid = connection, os.getpid()
        return connection

    def close(self) -> None:
        """Close the file; it is opened again (briefly) if the state is read afterwards."""
        with self.lock:
            self._keep_open = False
            if self._depth == 0:
                self._close_connection()

    def _close_connection(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None and self._pid == os.getpid():
            connection.close()

    # -- transactions -------------------------------------------------------------------

    def transaction(self, writes: bool = True) -> _Transaction:
        return _Transaction(self, writes)

    def enter(self, writes: bool) -> None:
        self.lock.acquire()
        try:
            if self._depth == 0:
                self._begin()
                self._may_write = False
            self._may_write = self._may_write or writes
            self._depth += 1
        except BaseException:
            self.lock.release()
            raise

    def exit(self, success: bool) -> None:
        try:
            self._depth -= 1
            if self._depth == 0:
                self._end(success)
        finally:
            self.lock.release()

    def _begin(self) -> None:
        connection = self.connection()
        try:
            connection.execute("BEGIN IMMEDIATE")
            row = connection.execute("SELECT version FROM state WHERE id = 1").fetchone()
            if row is None:
                raise MockStateError(f"{self.path}: corrupt state file (no state row)")
            if row[0] != self._version:
                self._load(connection)
        except BaseException as error:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            if not self._keep_open:
                self._close_connection()
            if isinstance(error, sqlite3.DatabaseError):
                raise MockStateError(f"{self.path}: can not read the state file: {error}") from None
            raise

    def _load(self, connection: sqlite3.Connection) -> None:
        version, blob = connection.execute(
            "SELECT version, blob FROM state WHERE id = 1"
        ).fetchone()
        content = self.decode(blob)
        if not (
            isinstance(content, tuple)
            and len(content) == 3
            and content[0] == _BLOB_FORMAT
            and isinstance(content[1], IdGenerator)
            and isinstance(content[2], dict)
        ):
            raise MockStateError(f"{self.path}: corrupt state file (unexpected state content)")
        _, self.ids, self._backends = content
        self._version, self._blob = version, bytes(blob)

    def decode(self, data: bytes) -> Any:
        try:
            return _loads(data)
        except Exception as error:
            raise MockStateError(
                f"{self.path}: corrupt state file (can not decode the state: {error})"
            ) from None

    def _end(self, success: bool) -> None:
        connection = self._connection
        assert connection is not None
        try:
            if not success:
                # The in-memory objects may be half changed: load them again next time.
                self._version = None
                connection.execute("ROLLBACK")
                return
            if self._may_write:
                blob = _dumps((_BLOB_FORMAT, self.ids, self._backends))
                if blob != self._blob:
                    version = (self._version or 0) + 1
                    connection.execute(
                        "UPDATE state SET version = ?, blob = ? WHERE id = 1", (version, blob)
                    )
                    self._version, self._blob = version, blob
                hook = _before_commit_hook
                if hook is not None:
                    hook()
            connection.execute("COMMIT")
        except BaseException:
            self._version = None
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise
        finally:
            if not self._keep_open:
                self._close_connection()

    # -- reading ------------------------------------------------------------------------

    def backend(self, account_id: str, region: str) -> Backend:
        if self._depth == 0:
            # Outside an operation (a helper reading the state): the latest state first.
            with self.transaction(writes=False):
                return super().backend(account_id, region)
        return super().backend(account_id, region)

    def snapshot(self) -> list[tuple[str, str, Backend]]:
        """Every (account, region, backend) as the file holds them now."""
        with self.transaction(writes=False):
            return list(self.backends())

    def history_rows(self, after: int = 0) -> list[HistoryRow]:
        """The stored stage changes with ``seq > after``, oldest first."""
        with self.lock:
            rows = (
                self.connection()
                .execute(
                    "SELECT seq, account_id, region, rest_api_id, stage_name, time, operation,"
                    " record FROM history WHERE seq > ? ORDER BY seq",
                    (after,),
                )
                .fetchall()
            )
            if not self._keep_open and self._depth == 0:
                self._close_connection()
        found = []
        for seq, account_id, region, api_id, stage_name, time, operation, record in rows:
            params, stage = self.decode(record)
            found.append(
                HistoryRow(seq, account_id, region, api_id, stage_name, time, operation, params,
                           stage)
            )  # fmt: skip
        return found

    def last_history_seq(self) -> int:
        with self.lock:
            row = self.connection().execute("SELECT MAX(seq) FROM history").fetchone()
        return int(row[0] or 0)

    def __repr__(self) -> str:
        return f"<SqliteStateStore {self.path!r}>"


# -- opening a file -------------------------------------------------------------------------


def _open(path: str, ids: IdGenerator) -> sqlite3.Connection:
    """A checked connection to the state file at ``path``; an empty or missing file is
    initialised (with ``ids`` as the id generator). Anything else not ours: MockStateError,
    and the file is not written."""
    _check_header(path)
    try:
        connection = sqlite3.connect(
            path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None, check_same_thread=False
        )
    except sqlite3.Error as error:
        raise MockStateError(f"{path}: can not open the state file: {error}") from None
    try:
        _check_or_initialise(connection, path, ids)
        connection.execute("PRAGMA synchronous = NORMAL")
        return connection
    except BaseException:
        connection.close()
        raise


def _check_header(path: str) -> None:
    try:
        with open(path, "rb") as file:
            header = file.read(len(_SQLITE_MAGIC))
    except FileNotFoundError:
        return
    except IsADirectoryError:
        raise MockStateError(f"{path}: is a directory, not a state file") from None
    except OSError as error:
        raise MockStateError(f"{path}: can not read the state file: {error}") from None
    if header and header != _SQLITE_MAGIC:
        raise MockStateError(
            f"{path}: not an apigw_canary_mock state file (not an SQLite database); "
            "it was left untouched"
        )


def _pragma(connection: sqlite3.Connection, name: str) -> int:
    return int(connection.execute(f"PRAGMA {name}").fetchone()[0])


def _check_or_initialise(connection: sqlite3.Connection, path: str, ids: IdGenerator) -> None:
    try:
        if _check(connection, path):
            return
        connection.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have initialised it meanwhile.
            if not _check(connection, path):
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        connection.execute(statement)
                connection.execute(
                    "INSERT INTO state (id, version, blob) VALUES (1, 1, ?)",
                    (_dumps((_BLOB_FORMAT, ids, {})),),
                )
                connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            connection.execute("COMMIT")
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise
        if _pragma_text(connection, "journal_mode") != "wal":
            connection.execute("PRAGMA journal_mode = WAL")
    except sqlite3.DatabaseError as error:
        raise MockStateError(
            f"{path}: corrupt state file or not an SQLite database ({error}); it was left untouched"
        ) from None


def _pragma_text(connection: sqlite3.Connection, name: str) -> str:
    return str(connection.execute(f"PRAGMA {name}").fetchone()[0]).lower()


def _check(connection: sqlite3.Connection, path: str) -> bool:
    """True for a good state file; False for an empty database (to initialise)."""
    application_id = _pragma(connection, "application_id")
    user_version = _pragma(connection, "user_version")
    if application_id == 0 and user_version == 0:
        tables = [
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]
        if not tables:
            return False
        raise MockStateError(
            f"{path}: not an apigw_canary_mock state file (an SQLite database with the "
            f"tables {', '.join(sorted(tables))}); it was left untouched"
        )
    if application_id != APPLICATION_ID:
        raise MockStateError(
            f"{path}: not an apigw_canary_mock state file (SQLite application_id "
            f"{application_id:#010x}, ours is {APPLICATION_ID:#010x}); it was left untouched"
        )
    if user_version > SCHEMA_VERSION:
        raise MockStateError(
            f"{path}: state file of schema version {user_version}, newer than this "
            f"apigw_canary_mock reads ({SCHEMA_VERSION}); upgrade apigw_canary_mock. "
            "It was left untouched"
        )
    if user_version < 1:
        raise MockStateError(f"{path}: corrupt state file (schema version {user_version})")
    problems = [row[0] for row in connection.execute("PRAGMA quick_check")]
    if problems != ["ok"]:
        raise MockStateError(
            f"{path}: corrupt state file ({'; '.join(problems[:3])}); it was left untouched"
        )
    return True


def open_state(path: str | os.PathLike[str], seed: int | None = None) -> SqliteStateStore:
    """The state kept in ``path`` (created when missing or empty; ``seed`` then seeds the ids)."""
    return SqliteStateStore(path, seed)


def iter_stages(
    store: SqliteStateStore,
) -> Iterator[tuple[str, str, str, str, Stage]]:
    """(account, region, restApiId, API name, stage) of every stage in the file."""
    for account_id, region, backend in store.snapshot():
        for api in backend.rest_apis.values():
            for stage in api.stages.values():
                yield account_id, region, api.id, api.name, stage


__all__ = [
    "APPLICATION_ID",
    "SCHEMA_VERSION",
    "HistoryRow",
    "SqliteHistoryLog",
    "SqliteStateStore",
    "open_state",
]
