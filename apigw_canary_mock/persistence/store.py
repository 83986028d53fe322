"""SqliteStateStore: the emulator's state in a state file that processes share.

Rows (persistence.file.SCHEMA): one per REST API definition (everything of the API but its
stages and deployments), one per stage, one per deployment, one per Backend holding data outside
its APIs, the ``meta`` row (the file's generation and the id generator), and one history row per
stage change. Each data row is a JSON document (persistence.codec).

Transactions: every call runs in ``store.transaction(writes)``. A reading one is a deferred
``BEGIN`` (a WAL snapshot: it never takes the write lock and never waits for a writer); a
writing one is ``BEGIN IMMEDIATE`` (one writer at a time). On entry, the rows other processes
wrote since this process last looked are loaded: every write bumps the file's generation and
stamps the rows it writes with it (a deleted object keeps its row, with no data), so a process
loads only the rows newer than the generation it has seen. On exit, a writing transaction
writes what the Backends' journals name (core.journal: the API, stage, deployment or backend
that changed; an object that no longer exists is deleted, an API with all its rows), the
history rows and the generation, then COMMITs. So an UpdateStage writes one stage row, whatever
else the file holds.

Durability: WAL with ``synchronous=NORMAL``. A COMMIT has written the transaction to the WAL
file (the OS has it) before the call returns its answer: every other process sees it, and it
survives the process being killed at any point. A power cut or an OS crash may lose the last
transactions, never the file's consistency. ``synchronous=FULL`` would add an fsync to every
writing call (milliseconds on many disks) to survive power cuts too, which a test emulator's
state does not need.

Interrupts: a KeyboardInterrupt (or any exception a signal handler raises) may land on any
bytecode of a call, including this module's own commit and rollback code. The store is made
so that it never leaves a transaction open, and never trusts its in-memory objects after one:

* until a transaction has ended well, the objects in memory are "not current"; the next
  transaction loads the whole state again (``_current``);
* any exception in a transaction's entry or exit rolls back what is open;
* Python may raise an interrupt on the first bytecode of ``__exit__``, before any of its code
  runs: the transaction's level is then left behind. The next transaction of the thread notices
  (the frame that opened it is no longer running) and rolls it back (``_heal``); so does
  ``close()``. Such a call was never acknowledged (its caller got the exception);
* a leftover open transaction on the connection is rolled back before the next one begins.

fork(): fork() waits for calls in progress (core.store); the child closes the connection it
inherited (a connection must not cross fork(): SQLite's in-process lock bookkeeping would make
the child's own connection wait forever), opens its own on its next call, and loads the state
again.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import sys
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from types import FrameType, TracebackType
from typing import Any

from apigw_canary_mock.core.history import HistoryLog, StageRecord, StageWrite
from apigw_canary_mock.core.ids import IdGenerator
from apigw_canary_mock.core.journal import Key
from apigw_canary_mock.core.restapi import Deployment, RestApi
from apigw_canary_mock.core.stage import Stage
from apigw_canary_mock.core.store import Backend, StateStore
from apigw_canary_mock.errors import MockError, MockStateError

from . import codec, file
from .codec import CodecError

#: Test hook: called in a writing transaction after its rows are written, before COMMIT.
_before_commit_hook: Callable[[], None] | None = None

# Connections a fork() child inherited while they were in use: never closed, never collected.
_abandoned: list[sqlite3.Connection] = []

# The codecs are built at first use (not at import: ``import apigw_canary_mock`` pays nothing).
_codec = codec.codec_for


# One encoder for every document: json.dumps(value, separators=...) builds one per call.
_dumps = json.JSONEncoder(separators=(",", ":"), allow_nan=False).encode


def _owns(lock: Any) -> bool:
    """Whether this thread holds ``lock`` (an RLock)."""
    return bool(lock._is_owned())


def _on_stack(frame: FrameType | None, top: FrameType | None) -> bool:
    while top is not None:
        if top is frame:
            return True
        top = top.f_back
    return False


# -- rows ---------------------------------------------------------------------------------


class _Table:
    """The SQL of one table of objects keyed by ``keys``."""

    def __init__(self, name: str, keys: tuple[str, ...]) -> None:
        where = " AND ".join(f"{key} = ?" for key in keys)
        self.name = name
        self.update = (
            f"UPDATE {name} SET data = ?, generation = ? WHERE {where} AND data IS NOT NULL"
        )
        self.delete = f"DELETE FROM {name} WHERE {where}"
        self.insert = (
            f"INSERT INTO {name} ({', '.join(keys)}, created, generation, data) "
            f"VALUES ({', '.join('?' for _ in keys)}, ?, ?, ?)"
        )
        self.tombstone = (
            f"UPDATE {name} SET data = NULL, generation = ? WHERE {where} AND data IS NOT NULL"
        )
        self.since = (
            f"SELECT {', '.join(keys)}, created, data FROM {name} WHERE generation > ? ORDER BY row"
        )

    def put(
        self, connection: sqlite3.Connection, key: tuple[str, ...], data: str, gen: int
    ) -> None:
        if connection.execute(self.update, (data, gen, *key)).rowcount == 0:
            # New, or back after a delete (its row: a tombstone): a new row, listed last.
            connection.execute(self.delete, key)
            connection.execute(self.insert, (*key, gen, gen, data))

    def remove(self, connection: sqlite3.Connection, key: tuple[str, ...], gen: int) -> None:
        connection.execute(self.tombstone, (gen, *key))


_BACKENDS = _Table("backends", ("account_id", "region"))
_APIS = _Table("rest_apis", ("account_id", "region", "rest_api_id"))
_DEPLOYMENTS = _Table("deployments", ("account_id", "region", "rest_api_id", "deployment_id"))
_STAGES = _Table("stages", ("account_id", "region", "rest_api_id", "stage_name"))
_API_CHILDREN = (
    "DELETE FROM stages WHERE account_id = ? AND region = ? AND rest_api_id = ?",
    "DELETE FROM deployments WHERE account_id = ? AND region = ? AND rest_api_id = ?",
)
_INSERT_HISTORY = (
    "INSERT INTO history (account_id, region, rest_api_id, stage_name, time, operation, params,"
    " stage) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)
_HISTORY_COLUMNS = (
    "seq, account_id, region, rest_api_id, stage_name, time, operation, params, stage"
)


# -- history ------------------------------------------------------------------------------


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


#: What SqliteHistoryLog.commit keeps until the transaction writes it.
_PendingHistory = tuple[str, str, str, Mapping[str, Any], tuple[StageWrite, ...], int]


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
        # Called inside the operation's writing transaction; written when it commits.
        self._store._pending_history.append(
            (account_id, region, operation, params, tuple(writes), time)
        )

    def records(
        self, account_id: str, region: str, rest_api_id: str, stage_name: str
    ) -> list[StageRecord]:
        rows = self._store._query(
            f"SELECT {_HISTORY_COLUMNS} FROM history WHERE account_id = ? AND region = ? AND"
            " rest_api_id = ? AND stage_name = ? ORDER BY seq",
            (account_id, region, rest_api_id, stage_name),
        )
        return [
            StageRecord(row.time, row.operation, row.params, row.stage)
            for row in self._store._history_rows(rows)
        ]


# -- transactions -------------------------------------------------------------------------


class _Transaction:
    """``with store.transaction(writes):`` (nested ones join the outermost)."""

    __slots__ = ("_store", "writes")

    def __init__(self, store: SqliteStateStore, writes: bool) -> None:
        self._store = store
        self.writes = writes

    def __enter__(self) -> None:
        store = self._store
        lock = store.lock
        owned = _owns(lock)
        try:
            lock.acquire()
            store._enter(self, sys._getframe(1))
        except BaseException:
            store._enter_failed(self, owned or _owns(lock))
            raise

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        # No try/finally here: _exit releases this level's hold on the lock together with the
        # level, so an interrupt on the first bytecode of either function leaves both (for
        # _heal), never one without the other.
        self._store._exit(self, exc_type is None)


class SqliteStateStore(StateStore):
    """A StateStore whose state lives in an SQLite file shared by processes.

    ``seed`` seeds the ids of a new file (an existing file continues its own sequence).
    ``read_only``: never creates, initialises or writes the file (``show``); a writing call
    raises MockStateError. ``busy_timeout``: how long a call waits while another process
    holds the file (default ``BUSY_TIMEOUT_SECONDS``, 30 s).
    """

    # The child of a fork() must close the connection it inherits while it is idle.
    wait_for_calls_at_fork = True

    def __init__(
        self,
        path: str | os.PathLike[str],
        seed: int | None = None,
        *,
        read_only: bool = False,
        busy_timeout: float | None = None,
    ) -> None:
        super().__init__(seed)
        self.path = os.fspath(path)
        self.read_only = read_only
        timeout = file.BUSY_TIMEOUT_SECONDS if busy_timeout is None else float(busy_timeout)
        self.busy = file.BusyWait(self.path, timeout)
        self.history: SqliteHistoryLog = SqliteHistoryLog(self)
        # A new file's seed: the one given, else one from the OS (kept in the file, so every
        # process continues the same sequence).
        self._new_file_seed = seed if seed is not None else int.from_bytes(os.urandom(7), "big")
        self._connection: sqlite3.Connection | None = None
        self._pid = 0
        self._keep_open = True
        # The transaction levels open in the thread holding the lock (outermost first), the
        # frame that opened the outermost, that thread, and whether it may write.
        self._levels: list[_Transaction] = []
        self._outer_frame: FrameType | None = None
        self._owner: int | None = None
        self._writing = False
        # The objects in memory are the file's state at ``_generation`` (else: load it all).
        self._current = False
        self._generation = 0
        self._persisted_drawn = 0
        self._pending_history: list[_PendingHistory] = []
        #: How many transactions left behind by an interrupted __exit__ were rolled back.
        self.healed = 0
        # Opens (and initialises a missing or empty file), checks, loads: fails early, and
        # then leaves no connection open (Python 3.13 warns about an unclosed one).
        try:
            with self.transaction(writes=False):
                pass
        except BaseException:
            self._close_connection()
            raise

    def __repr__(self) -> str:
        return f"<SqliteStateStore {self.path!r}{' read-only' if self.read_only else ''}>"

    # -- the connection ---------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        connection = self._connection
        if connection is not None:
            if self._pid == os.getpid():
                return connection
            # Inherited through a fork() that ran no at-fork handler: leave it be.
            _abandoned.append(connection)
            self._connection = None
            self._current = False
        connection = file.open_connection(
            self.path, read_only=self.read_only, seed=self._new_file_seed, busy=self.busy
        )
        self._connection, self._pid = connection, os.getpid()
        return connection

    def close(self) -> None:
        """Close the file; it is opened again (briefly) if the state is read afterwards."""
        with self.lock:
            self._keep_open = False
            if self._levels and not _on_stack(self._outer_frame, sys._getframe(1)):
                self._heal()
            if not self._levels:
                self._close_connection()

    def _close_connection(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None and self._pid == os.getpid():
            with contextlib.suppress(sqlite3.Error):
                connection.close()

    def after_fork_in_child(self, quiescent: bool) -> None:
        super().after_fork_in_child(quiescent)
        connection, self._connection = self._connection, None
        if connection is not None:
            if quiescent and not self._levels:
                # Idle (fork() waited for the calls in progress): close it before this child
                # opens a connection of its own, so SQLite forgets the parent's locks.
                try:
                    connection.close()
                except sqlite3.Error:
                    _abandoned.append(connection)
            else:
                _abandoned.append(connection)
        for _ in self._levels:  # fork() inside a call: the child's lock as the call holds it
            self.lock.acquire()
        self._owner = threading.get_ident() if self._levels else None
        self._current = False

    # -- transactions -----------------------------------------------------------------

    def transaction(self, writes: bool = True) -> _Transaction:
        return _Transaction(self, writes)

    def _enter(self, transaction: _Transaction, frame: FrameType | None) -> None:
        # Under the lock, which this thread holds once more for ``transaction``.
        levels = self._levels
        if levels and not _on_stack(self._outer_frame, frame):
            self._heal()  # levels whose ``with`` ended without their __exit__ running
        if not levels:
            self._outer_frame = frame
            self._owner = threading.get_ident()
            self._begin(transaction.writes)
        elif transaction.writes and not self._writing:
            raise MockStateError(
                f"{self.path}: a call that may write can not run inside a reading transaction "
                "of the state file"
            )
        levels.append(transaction)

    # Each open level holds the lock once. A level and its hold go together: a level is removed
    # by ``del`` or an assignment (no point where Python checks for signals) right before its
    # release, so no single interrupt can remove one without the other.

    def _enter_failed(self, transaction: _Transaction, holds_lock: bool) -> None:
        if not holds_lock:
            return  # interrupted while waiting for the lock: nothing to undo
        levels = self._levels
        appended = bool(levels) and levels[-1] is transaction
        if len(levels) == int(appended):  # the outermost: end what it began
            self._outer_frame = None
            self._owner = None
            self._abort()
        if appended:
            del levels[-1]
        self.lock.release()

    def _exit(self, transaction: _Transaction, success: bool) -> None:
        levels = self._levels
        if transaction not in levels:
            return
        while levels[-1] is not transaction:
            # Inner levels whose __exit__ never ran (interrupted): release what they held.
            del levels[-1]
            self.lock.release()
        if len(levels) > 1:
            del levels[-1]
            self.lock.release()
            return
        try:
            self._end(success)
        finally:
            self._levels = []
            self._outer_frame = None
            self._owner = None
            self.lock.release()

    def _heal(self) -> None:
        """End the transaction levels left behind by an interrupted __exit__ (this thread's)."""
        self.healed += 1
        self._abort()
        levels = self._levels
        while levels:
            del levels[-1]
            self.lock.release()  # the hold its __enter__ took
        self._outer_frame = None
        self._owner = None

    def _abort(self) -> None:
        """Roll back whatever is open; the objects in memory are not current any more."""
        self._current = False
        self._pending_history.clear()
        connection = self._connection
        if connection is not None and self._pid == os.getpid():
            try:
                if connection.in_transaction:
                    connection.execute("ROLLBACK")
            except sqlite3.Error:
                # The connection is unusable: a new one next time.
                self._close_connection()
        if not self._keep_open:
            self._close_connection()

    def _begin(self, writes: bool) -> None:
        current = self._current
        self._current = False  # until this transaction ends well
        self._pending_history.clear()
        if writes and self.read_only:
            raise MockStateError(f"{self.path}: opened read-only; this call would write")
        connection = self._connect()
        try:
            if connection.in_transaction:  # left by a call interrupted during its rollback
                connection.execute("ROLLBACK")
                current = False
            self._writing = writes
            begin = "BEGIN IMMEDIATE" if writes else "BEGIN"

            def attempt() -> Any:
                connection.execute(begin)
                return connection.execute(
                    "SELECT generation, ids FROM meta WHERE id = 1"
                ).fetchone()

            row = self.busy.run(attempt, undo=lambda: self._rollback(connection))
            if row is None:
                raise CodecError("the meta row is missing")
            generation, ids = row
            if type(generation) is not int:
                raise CodecError(f"meta.generation: expected an integer, got {generation!r}")
            if not current:
                self._load_all(connection, ids)
            elif generation != self._generation:
                self._load_since(connection, self._generation, ids)
            self._generation = generation
        except sqlite3.Error as error:
            raise file.state_error(self.path, error, "read") from None
        except (CodecError, ValueError) as error:
            raise self._corrupt(error) from None

    @staticmethod
    def _rollback(connection: sqlite3.Connection) -> None:
        if connection.in_transaction:
            connection.execute("ROLLBACK")

    def _end(self, success: bool) -> None:
        connection = self._connection
        try:
            if connection is None:
                if success:
                    raise MockStateError(
                        f"{self.path}: the process forked in the middle of this call; "
                        "the child does not finish it"
                    )
            elif not success:
                self._abort()
            elif self._writing:
                self._commit_writes(connection)
            else:
                connection.execute("COMMIT")  # ends the read snapshot
        except BaseException as error:
            self._abort()
            if isinstance(error, sqlite3.Error):
                raise file.state_error(self.path, error, "write") from None
            if isinstance(error, CodecError):
                raise MockStateError(
                    f"{self.path}: can not write the state file: {error}"
                ) from None
            raise
        finally:
            # A reading call that changed something (an operation wrongly listed as read-only)
            # wrote nothing: load the file again rather than keep what it does not hold.
            unwritten = False
            for backend in self._backends.values():
                journal = backend.journal
                unwritten = unwritten or bool(journal.changed)
                journal.clear()
            self._pending_history.clear()
            if not self._keep_open:
                self._close_connection()
        if success and not (unwritten and not self._writing):
            self._current = True

    # -- writing --------------------------------------------------------------------------

    def _commit_writes(self, connection: sqlite3.Connection) -> None:
        generation = self._generation + 1
        stages: dict[int, str] = {}  # the JSON of each stage written, for its history rows
        wrote = self._write_rows(connection, generation, stages)
        if self._pending_history:
            self._write_history(connection, stages)
            wrote = True
        drawn = self.ids.drawn
        if drawn != self._persisted_drawn:
            connection.execute(
                "UPDATE meta SET generation = ?, ids = ? WHERE id = 1",
                (generation, _dumps({"seed": self.ids.seed, "drawn": drawn})),
            )
            wrote = True
        elif wrote:
            connection.execute("UPDATE meta SET generation = ? WHERE id = 1", (generation,))
        hook = _before_commit_hook
        if hook is not None:
            hook()
        connection.execute("COMMIT")
        if wrote:
            self._generation = generation
        self._persisted_drawn = drawn

    def _stage_json(self, stage: Stage, cache: dict[int, str]) -> str:
        text = cache.get(id(stage))
        if text is None:
            text = cache[id(stage)] = _dumps(_codec(Stage).encode(stage))
        return text

    def _write_rows(
        self, connection: sqlite3.Connection, generation: int, stages: dict[int, str]
    ) -> bool:
        wrote = False
        for (account_id, region), backend in self._backends.items():
            changed = backend.journal.changed
            if not changed:
                continue
            wrote = True
            for key in _in_creation_order(backend, changed):
                kind = key[0]
                if kind == "stage":
                    api = backend.rest_apis.get(key[1])
                    if api is None:
                        continue  # deleted with its API
                    row = (account_id, region, key[1], key[2])
                    stage = api.stages.get(key[2])
                    if stage is None:
                        _STAGES.remove(connection, row, generation)
                    else:
                        _STAGES.put(connection, row, self._stage_json(stage, stages), generation)
                elif kind == "deployment":
                    api = backend.rest_apis.get(key[1])
                    if api is None:
                        continue
                    row = (account_id, region, key[1], key[2])
                    deployment = api.deployments.get(key[2])
                    if deployment is None:
                        _DEPLOYMENTS.remove(connection, row, generation)
                    else:
                        data = _dumps(_codec(Deployment).encode(deployment))
                        _DEPLOYMENTS.put(connection, row, data, generation)
                elif kind == "api":
                    api_row = (account_id, region, key[1])
                    api = backend.rest_apis.get(key[1])
                    if api is None:
                        _APIS.remove(connection, api_row, generation)
                        for statement in _API_CHILDREN:
                            connection.execute(statement, api_row)
                    else:
                        data = _dumps(_codec(RestApi).encode(api))
                        _APIS.put(connection, api_row, data, generation)
                elif kind == "backend":
                    document = {
                        name: encode(getattr(backend, name))
                        for name, (encode, _) in codec.backend_fields().items()
                    }
                    _BACKENDS.put(connection, (account_id, region), _dumps(document), generation)
                else:
                    raise MockError(f"apigw_canary_mock: unknown journal key {key!r} (a bug)")
        return wrote

    def _write_history(self, connection: sqlite3.Connection, stages: dict[int, str]) -> None:
        rows = []
        for account_id, region, operation, params, writes, time in self._pending_history:
            params_json = _dumps(codec.encode_any(dict(params), lenient=True))
            for rest_api_id, stage_name, stage in writes:
                stage_json = None if stage is None else self._stage_json(stage, stages)
                rows.append(
                    (account_id, region, rest_api_id, stage_name, time, operation, params_json,
                     stage_json)
                )  # fmt: skip
        connection.executemany(_INSERT_HISTORY, rows)

    # -- loading --------------------------------------------------------------------------

    def _corrupt(self, error: Exception) -> MockStateError:
        return MockStateError(f"{self.path}: corrupt state file ({error}); it was left untouched")

    @staticmethod
    def _ids_state(text: Any) -> tuple[int, int]:
        if type(text) is not str:
            raise CodecError("meta.ids: expected a JSON text")
        document = json.loads(text)
        if type(document) is not dict or set(document) != {"seed", "drawn"}:
            raise CodecError("meta.ids: expected an object with seed and drawn")
        seed, drawn = document["seed"], document["drawn"]
        if type(seed) is not int or type(drawn) is not int or drawn < 0:
            raise CodecError("meta.ids: seed and drawn must be integers")
        return seed, drawn

    def _load_all(self, connection: sqlite3.Connection, ids_text: Any) -> None:
        seed, drawn = self._ids_state(ids_text)
        ids = IdGenerator(seed)
        ids.resume(drawn)
        self.ids = ids
        self._backends = {}
        self._persisted_drawn = drawn
        self._apply(connection, 0)

    def _load_since(self, connection: sqlite3.Connection, since: int, ids_text: Any) -> None:
        seed, drawn = self._ids_state(ids_text)
        if seed != self.ids.seed:
            raise CodecError("meta.ids: the seed changed")
        self.ids.resume(drawn)
        self._persisted_drawn = drawn
        self._apply(connection, since)

    def _apply(self, connection: sqlite3.Connection, since: int) -> None:
        """Load every row written after the generation ``since`` into the objects in memory."""
        fields = codec.backend_fields()
        for account_id, region, _, data in connection.execute(_BACKENDS.since, (since,)):
            backend = StateStore.backend(self, _text(account_id), _text(region))
            document = _document(data, "backend")
            if document is None:
                continue
            unknown = set(document) - set(fields)
            if unknown:
                raise CodecError(f"backend {account_id} {region}: unknown {sorted(unknown)}")
            for name, value in document.items():
                old = codec.backend_ids(name, getattr(backend, name))
                new_value = fields[name][1](value)
                new = codec.backend_ids(name, new_value)
                setattr(backend, name, new_value)
                self._swap_ids(old, new)
        for account_id, region, api_id, created, data in connection.execute(_APIS.since, (since,)):
            self._apply_api(_text(account_id), _text(region), _text(api_id), created, data, since)
        for account_id, region, api_id, dep_id, created, data in connection.execute(
            _DEPLOYMENTS.since, (since,)
        ):
            api = self._loaded_api(account_id, region, api_id, "deployment")
            deployments = api.deployments
            document = _document(data, f"deployment {dep_id}")
            if document is None:
                if deployments.pop(dep_id, None) is not None:
                    self.ids.release(dep_id)
                continue
            deployment = _codec(Deployment).decode(document)
            if deployment.id != dep_id:
                raise CodecError(f"the deployment row {dep_id!r} holds {deployment.id!r}")
            if _generation(created) > since:
                deployments.pop(dep_id, None)  # (re)created: listed last
            deployments[dep_id] = deployment
            self.ids.claim(dep_id)
        for account_id, region, api_id, name, created, data in connection.execute(
            _STAGES.since, (since,)
        ):
            api = self._loaded_api(account_id, region, api_id, "stage")
            document = _document(data, f"stage {name}")
            if document is None:
                api.stages.pop(name, None)
                continue
            stage = _codec(Stage).decode(document)
            if stage.name != name:
                raise CodecError(f"the stage row {name!r} holds {stage.name!r}")
            if _generation(created) > since:
                api.stages.pop(name, None)
            api.stages[name] = stage

    def _swap_ids(self, old: Sequence[str], new: Sequence[str]) -> None:
        kept = set(new)
        for ident in old:
            if ident not in kept:
                self.ids.release(ident)
        self.ids.claim_all(new)

    def _apply_api(
        self, account_id: str, region: str, api_id: str, created: Any, data: Any, since: int
    ) -> None:
        backend = StateStore.backend(self, account_id, region)
        apis = backend.rest_apis
        old = apis.get(api_id)
        document = _document(data, f"REST API {api_id}")
        if document is None:
            if old is not None:
                del apis[api_id]
                for ident in (*codec.ids_in(old), *old.deployments):
                    self.ids.release(ident)
            return
        api = _codec(RestApi).decode(document, ids=self.ids, journal=backend.journal)
        if api.id != api_id:
            raise CodecError(f"the REST API row {api_id!r} holds {api.id!r}")
        if old is not None and _generation(created) <= since:
            # The same API, its definition changed: keep its stages and deployments.
            api.stages, api.deployments = old.stages, old.deployments
            self._swap_ids(codec.ids_in(old), codec.ids_in(api))
            apis[api_id] = api
            return
        if old is not None:  # deleted and created again since: a new API, listed last
            del apis[api_id]
            for ident in (*codec.ids_in(old), *old.deployments):
                self.ids.release(ident)
        apis[api_id] = api
        self.ids.claim_all(codec.ids_in(api))

    def _loaded_api(self, account_id: Any, region: Any, api_id: Any, what: str) -> RestApi:
        backend = self._backends.get((_text(account_id), _text(region)))
        api = None if backend is None else backend.rest_apis.get(_text(api_id))
        if api is None:
            raise CodecError(f"a {what} row of the REST API {api_id!r}, which the file lacks")
        return api

    # -- reading ------------------------------------------------------------------------

    def backend(self, account_id: str, region: str) -> Backend:
        if self._owner == threading.get_ident():  # inside this thread's transaction
            return super().backend(account_id, region)
        # Outside a call (a helper reading the state): the latest state first.
        with self.transaction(writes=False):
            return super().backend(account_id, region)

    def snapshot(self) -> list[tuple[str, str, Backend]]:
        """Every (account, region, backend) as the file holds them now."""
        with self.transaction(writes=False):
            return list(self.backends())

    def _query(self, sql: str, parameters: Sequence[Any] = ()) -> list[Any]:
        with self.transaction(writes=False):
            connection = self._connection
            assert connection is not None
            try:
                return connection.execute(sql, parameters).fetchall()
            except sqlite3.Error as error:
                raise file.state_error(self.path, error, "read") from None

    def _history_rows(self, rows: list[Any]) -> list[HistoryRow]:
        found = []
        try:
            for seq, account_id, region, api_id, stage_name, time, operation, params, stage in rows:
                decoded = codec.decode_any(json.loads(_text(params)))
                if type(decoded) is not dict or type(time) is not int:
                    raise CodecError(f"history row {seq}: params must be an object")
                found.append(
                    HistoryRow(
                        seq, _text(account_id), _text(region), _text(api_id), _text(stage_name),
                        time, _text(operation), decoded,
                        None if stage is None else _codec(Stage).decode(json.loads(_text(stage))),
                    )
                )  # fmt: skip
        except (CodecError, ValueError) as error:
            raise self._corrupt(error) from None
        return found

    def history_rows(self, after: int = 0) -> list[HistoryRow]:
        """The stored stage changes with ``seq > after``, oldest first."""
        rows = self._query(
            f"SELECT {_HISTORY_COLUMNS} FROM history WHERE seq > ? ORDER BY seq", (after,)
        )
        return self._history_rows(rows)

    def last_history_seq(self) -> int:
        row = self._query("SELECT MAX(seq) FROM history")[0]
        return int(row[0] or 0)


def _text(value: Any) -> str:
    if type(value) is not str:
        raise CodecError(f"expected a text column, got {type(value).__name__}")
    return value


def _generation(value: Any) -> int:
    if type(value) is not int:
        raise CodecError(f"expected a generation number, got {type(value).__name__}")
    return value


def _document(data: Any, what: str) -> dict[str, Any] | None:
    """The JSON object a row's ``data`` holds (None: the object was deleted)."""
    if data is None:
        return None
    if type(data) is not str:
        raise CodecError(f"{what}: the data column is not JSON text")
    document = json.loads(data)
    if type(document) is not dict:
        raise CodecError(f"{what}: expected a JSON object")
    return document


def _in_creation_order(backend: Backend, changed: set[Key]) -> list[Key]:
    """The journal's keys; those of one container in the order it lists them (so the rows of
    objects one call created are numbered, and listed after a reload, in that order)."""
    keys = sorted(changed)
    if len(keys) < 2:
        return keys
    groups: dict[tuple[str, str], int] = {}
    for key in keys:
        container = (key[0], key[1] if key[0] in ("stage", "deployment") else "")
        groups[container] = groups.get(container, 0) + 1
    if all(count < 2 for count in groups.values()):
        return keys
    position: dict[Key, int] = {}
    for (kind, api_id), count in groups.items():
        if count < 2:
            continue
        if kind == "api":
            members: Iterator[str] = iter(backend.rest_apis)
        else:
            api = backend.rest_apis.get(api_id)
            if api is None:
                continue
            members = iter(api.stages if kind == "stage" else api.deployments)
        for index, name in enumerate(members):
            position[(kind, api_id, name) if kind != "api" else (kind, name)] = index

    def order(key: Key) -> tuple[str, str, int]:
        container = key[1] if key[0] in ("stage", "deployment") else ""
        return key[0], container, position.get(key, -1)  # deleted ones (no position) first

    return sorted(keys, key=order)


def iter_stages(store: SqliteStateStore) -> Iterator[tuple[str, str, str, str, Stage]]:
    """(account, region, restApiId, API name, stage) of every stage in the file."""
    for account_id, region, backend in store.snapshot():
        for api in backend.rest_apis.values():
            for stage in api.stages.values():
                yield account_id, region, api.id, api.name, stage
