"""SqliteStateStore's transactions in one process: nested ones, levels an interrupted __exit__
left behind, a connection inherited without an at-fork handler, failures at commit and
rollback; and what an open store loads when another store of the same file changed it (an API's
definition, an API created again under its id, a deployment updated)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import boto3
import pytest

from apigw_canary_mock import MockStateError, mock_apigateway
from apigw_canary_mock.core.stage import Stage
from apigw_canary_mock.errors import MockError
from apigw_canary_mock.operations import OPERATIONS
from apigw_canary_mock.persistence import SqliteStateStore
from apigw_canary_mock.persistence import store as store_module

ACCOUNT, REGION = "123456789012", "us-east-1"


def apigateway() -> Any:
    return boto3.client("apigateway", region_name=REGION)


def api_names(store: SqliteStateStore) -> list[str]:
    return [api.name for _, _, backend in store.snapshot() for api in backend.rest_apis.values()]


def generation(path: Path) -> int:
    db = sqlite3.connect(path)
    try:
        return int(db.execute("SELECT generation FROM meta").fetchone()[0])
    finally:
        db.close()


@pytest.fixture
def store(tmp_path: Path) -> Any:
    opened = SqliteStateStore(tmp_path / "state.db", seed=1)
    yield opened
    opened.close()


def create_api(store: SqliteStateStore, name: str) -> str:
    with store.transaction():
        backend = store.backend(ACCOUNT, REGION)
        return str(OPERATIONS["CreateRestApi"](backend, {"name": name}).body["id"])


def test_the_repr_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    SqliteStateStore(path).close()
    reader = SqliteStateStore(path, read_only=True)
    try:
        assert repr(reader) == f"<SqliteStateStore {str(path)!r} read-only>"
    finally:
        reader.close()


def test_nested_transactions_join_the_outermost(store: SqliteStateStore) -> None:
    with store.transaction():
        create_api(store, "inner")  # its own ``with``, nested: written with the outer one
        with store.transaction(writes=False):
            assert api_names(store) == ["inner"]
    assert not store.lock._is_owned()  # type: ignore[attr-defined]
    other = SqliteStateStore(store.path)
    try:
        assert api_names(other) == ["inner"]
    finally:
        other.close()


def test_a_writing_call_inside_a_reading_transaction_is_refused(store: SqliteStateStore) -> None:
    with store.transaction(writes=False):
        with pytest.raises(MockStateError) as caught:
            create_api(store, "nope")
        assert str(caught.value) == (
            f"{store.path}: a call that may write can not run inside a reading transaction of "
            "the state file"
        )
    assert api_names(store) == []


def enter_without_exit(store: SqliteStateStore, writes: bool = True) -> Any:
    """A transaction whose __exit__ never runs (as after an interrupt on its first bytecode)."""
    transaction = store.transaction(writes)
    transaction.__enter__()
    return transaction


def test_levels_left_behind_are_rolled_back_by_the_next_transaction(
    store: SqliteStateStore,
) -> None:
    left = enter_without_exit(store)
    store.backend(ACCOUNT, REGION).rest_apis.clear()  # not written: rolled back
    assert api_names(store) == []
    assert store.healed == 1
    left.__exit__(None, None, None)  # runs late: a no-op, nothing is released twice
    assert not store.lock._is_owned()  # type: ignore[attr-defined]


def test_close_rolls_back_levels_left_behind(store: SqliteStateStore) -> None:
    create_api(store, "kept")
    enter_without_exit(store)
    store.close()
    assert store.healed == 1
    assert not store.lock._is_owned()  # type: ignore[attr-defined]
    assert api_names(store) == ["kept"]


def test_an_outer_exit_releases_inner_levels_whose_exit_never_ran(
    store: SqliteStateStore,
) -> None:
    outer = store.transaction()
    outer.__enter__()
    store.transaction().__enter__()
    store.transaction().__enter__()
    outer.__exit__(None, None, None)
    assert not store.lock._is_owned()  # type: ignore[attr-defined]
    assert store.healed == 0


def test_a_writing_transaction_that_changes_nothing_writes_nothing(
    store: SqliteStateStore,
) -> None:
    path = Path(store.path)
    before = generation(path)
    with store.transaction():
        store.backend(ACCOUNT, REGION)
    assert generation(path) == before


def test_journal_keys_of_an_api_that_is_gone_write_nothing(store: SqliteStateStore) -> None:
    path = Path(store.path)
    before = generation(path)
    with store.transaction():
        journal = store.backend(ACCOUNT, REGION).journal
        journal.stage_written("gone", "prod", None)
        journal.deployment_changed("gone", "d1")
    assert generation(path) == before + 1  # the backend's journal named something
    db = sqlite3.connect(path)
    assert db.execute("SELECT COUNT(*) FROM stages").fetchone()[0] == 0
    assert db.execute("SELECT COUNT(*) FROM deployments").fetchone()[0] == 0
    db.close()


def test_an_unknown_journal_key_is_a_bug_said_and_nothing_is_written(
    store: SqliteStateStore,
) -> None:
    create_api(store, "kept")
    path = Path(store.path)
    before = generation(path)
    unknown = r"unknown journal key \('bogus', 'x'\) \(a bug\)"
    with pytest.raises(MockError, match=unknown), store.transaction():
        backend = store.backend(ACCOUNT, REGION)
        next(iter(backend.rest_apis.values())).name = "changed"
        backend.journal.changed.update({("bogus", "x"), ("api", "zz")})  # type: ignore[arg-type]
    assert generation(path) == before
    assert api_names(store) == ["kept"]


def test_objects_one_call_created_are_listed_in_their_order_after_a_reload(
    store: SqliteStateStore,
) -> None:
    with store.transaction():
        backend = store.backend(ACCOUNT, REGION)
        for name in ("zeta", "alpha", "mid"):
            OPERATIONS["CreateRestApi"](backend, {"name": name})
        api = next(iter(backend.rest_apis.values()))
        deployments = [api.add_deployment(None).id for _ in range(3)]
        for name in ("z", "a", "m"):
            api.put_stage(Stage(name, deployments[0], 1, 1))
    fresh = SqliteStateStore(store.path)
    try:
        assert api_names(fresh) == ["zeta", "alpha", "mid"]
        ((_, _, backend),) = fresh.snapshot()
        loaded = next(iter(backend.rest_apis.values()))
        assert list(loaded.stages) == ["z", "a", "m"]
        assert list(loaded.deployments) == deployments
    finally:
        fresh.close()


def test_a_connection_inherited_without_an_at_fork_handler_is_left_alone(
    store: SqliteStateStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    create_api(store, "kept")
    inherited = store._connection
    assert inherited is not None
    monkeypatch.setattr(store, "_pid", -1)  # as in a child the connection crossed fork() to
    monkeypatch.setattr(store_module, "_abandoned", [])
    assert api_names(store) == ["kept"]  # a connection of its own, the state loaded again
    assert store_module._abandoned == [inherited]
    assert store._connection is not inherited
    inherited.close()


def test_after_fork_an_idle_connection_is_closed_and_one_in_use_abandoned(
    store: SqliteStateStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "_abandoned", [])
    create_api(store, "kept")
    idle = store._connection
    store.after_fork_in_child(quiescent=True)
    assert store._connection is None
    assert store_module._abandoned == []
    with pytest.raises(sqlite3.ProgrammingError):
        idle.execute("SELECT 1")  # type: ignore[union-attr]
    # fork() inside a call: the child holds the lock as the call does, and can not finish it.
    transaction = store.transaction()
    transaction.__enter__()
    busy = store._connection
    store.after_fork_in_child(quiescent=False)
    assert store_module._abandoned == [busy]
    assert store.lock._is_owned()  # type: ignore[attr-defined]
    with pytest.raises(MockStateError, match="the process forked in the middle of this call"):
        transaction.__exit__(None, None, None)
    assert not store.lock._is_owned()  # type: ignore[attr-defined]
    busy.close()  # type: ignore[union-attr]
    assert api_names(store) == ["kept"]


class Broken:
    """A connection that fails at everything (a disk that went away)."""

    in_transaction = True

    def execute(self, *args: Any) -> Any:
        raise sqlite3.OperationalError("disk I/O error")

    def close(self) -> None:
        raise sqlite3.OperationalError("disk I/O error")


def test_a_rollback_that_fails_drops_the_connection(store: SqliteStateStore) -> None:
    create_api(store, "kept")
    with pytest.raises(RuntimeError, match="the call failed"), store.transaction():
        real = store._connection
        store._connection = Broken()  # type: ignore[assignment]
        raise RuntimeError("the call failed")
    assert store._connection is None  # a new one next time
    real.close()  # type: ignore[union-attr]
    assert api_names(store) == ["kept"]


def test_a_failed_call_after_close_closes_what_it_opened(store: SqliteStateStore) -> None:
    store.close()
    with pytest.raises(RuntimeError), store.transaction():
        assert store._connection is not None
        raise RuntimeError("the call failed")
    assert store._connection is None


def test_a_query_sqlite_refuses_is_a_state_error(store: SqliteStateStore) -> None:
    with pytest.raises(MockStateError) as caught:
        store._query("SELECT x FROM nowhere")
    assert str(caught.value) == (
        f"{store.path}: can not read the state file: corrupt state file (no such table: "
        "nowhere); it was left untouched"
    )


def test_a_backend_row_with_no_data_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    SqliteStateStore(path).close()
    db = sqlite3.connect(path)
    db.execute(
        "INSERT INTO backends (account_id, region, created, generation, data) "
        f"VALUES ('{ACCOUNT}', '{REGION}', 1, 1, NULL)"
    )
    db.commit()
    db.close()
    opened = SqliteStateStore(path)
    try:
        assert [(a, r) for a, r, _ in opened.snapshot()] == [(ACCOUNT, REGION)]
    finally:
        opened.close()


# -- what an open store loads when another one changed the file -----------------------------


def test_an_open_store_loads_what_another_changed(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    with mock_apigateway(state=path, seed=2) as mock:
        first = mock.create_deployable_api("first")
        second = mock.create_deployable_api("second")
        client = apigateway()
        client.create_deployment(restApiId=first, stageName="prod")
        dep = client.create_deployment(restApiId=first, stageName="prod")["id"]
        reader = SqliteStateStore(path)
        try:
            assert api_names(reader) == ["first", "second"]
            # The definition changed: its stages and deployments kept.
            client.update_rest_api(
                restApiId=first,
                patchOperations=[{"op": "replace", "path": "/name", "value": "1st"}],
            )
            # An id released (a resource deleted) and a deployment updated in place.
            resource = client.create_resource(
                restApiId=first, parentId=mock_root(client, first), pathPart="gone"
            )["id"]
            ((_, _, backend),) = reader.snapshot()
            assert resource in backend.rest_apis[first].resources
            client.delete_resource(restApiId=first, resourceId=resource)
            client.update_deployment(
                restApiId=first,
                deploymentId=dep,
                patchOperations=[{"op": "replace", "path": "/description", "value": "d"}],
            )
            assert api_names(reader) == ["1st", "second"]
            ((_, _, backend),) = reader.snapshot()
            api = backend.rest_apis[first]
            assert list(api.stages) == ["prod"]
            assert [d.description for d in api.deployments.values()][-1] == "d"
            assert list(api.deployments)[-1] == dep  # updated in place: its place kept
            assert resource not in api.resources
            # The first API's row made again under its id (as by a delete and a create).
            db = sqlite3.connect(path)
            db.execute(
                "UPDATE rest_apis SET created = (SELECT generation + 1 FROM meta), "
                "generation = (SELECT generation + 1 FROM meta) WHERE rest_api_id = ?",
                (first,),
            )
            db.execute("UPDATE meta SET generation = generation + 1")
            db.commit()
            db.close()
            assert api_names(reader) == ["second", "1st"]  # a new API: listed last
            assert second in reader.snapshot()[0][2].rest_apis
        finally:
            reader.close()


def mock_root(client: Any, api_id: str) -> str:
    return str(client.get_rest_api(restApiId=api_id)["rootResourceId"])


def test_a_value_the_codec_can_not_write_fails_the_call_and_writes_nothing(
    store: SqliteStateStore,
) -> None:
    api_id = create_api(store, "kept")
    path = Path(store.path)
    before = generation(path)
    with pytest.raises(MockStateError) as caught, store.transaction():
        api = store.backend(ACCOUNT, REGION).rest_apis[api_id]
        api.put_stage(Stage("prod", "d1", 1, 1, variables={"a": 1}))  # type: ignore[dict-item]
    assert str(caught.value) == (
        f"{store.path}: can not write the state file: Stage.variables: expected strings, "
        "got str: int"
    )
    assert generation(path) == before
    ((_, _, backend),) = store.snapshot()
    assert backend.rest_apis[api_id].stages == {}


def test_close_inside_a_call_closes_the_file_when_the_call_ends(store: SqliteStateStore) -> None:
    with store.transaction():
        create_api(store, "kept")
        store.close()
        assert store._connection is not None  # the call goes on
    assert store._connection is None
    assert api_names(store) == ["kept"]  # opened again to read, and closed after


def test_a_file_whose_meta_table_went_away_is_a_read_error(store: SqliteStateStore) -> None:
    store.snapshot()
    db = sqlite3.connect(store.path)
    db.execute("DROP TABLE meta")
    db.commit()
    db.close()
    with pytest.raises(MockStateError) as caught:
        store.snapshot()
    assert str(caught.value) == (
        f"{store.path}: can not read the state file: corrupt state file (no such table: meta); "
        "it was left untouched"
    )


class InterruptedLock:
    """A lock whose acquire() is interrupted (a signal handler raising while it waits)."""

    def acquire(self) -> bool:
        raise KeyboardInterrupt

    def _is_owned(self) -> bool:
        return False


def test_an_interrupt_while_waiting_for_the_lock_undoes_nothing(
    store: SqliteStateStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    create_api(store, "kept")
    monkeypatch.setattr(store, "lock", InterruptedLock())
    with pytest.raises(KeyboardInterrupt), store.transaction():
        pass  # never entered
    monkeypatch.undo()
    assert store._levels == []
    assert api_names(store) == ["kept"]


def test_after_fork_a_connection_that_fails_to_close_is_abandoned_and_a_failed_call_ends(
    store: SqliteStateStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "_abandoned", [])
    store.snapshot()
    real = store._connection
    broken = Broken()
    store._connection = broken  # type: ignore[assignment]
    store.after_fork_in_child(quiescent=True)
    assert store_module._abandoned == [broken]
    real.close()  # type: ignore[union-attr]
    store.after_fork_in_child(quiescent=True)  # no connection: nothing to close
    # fork() inside a call that then fails: the child just ends it.
    transaction = store.transaction()
    transaction.__enter__()
    busy = store._connection
    store.after_fork_in_child(quiescent=False)
    transaction.__exit__(RuntimeError, RuntimeError("failed"), None)
    assert not store.lock._is_owned()  # type: ignore[attr-defined]
    busy.close()  # type: ignore[union-attr]
