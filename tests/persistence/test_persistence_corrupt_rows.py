"""A state file whose rows were edited into something the strict reader refuses (with the
sqlite3 module, as a hand or another tool could): opening it, or a process that already has it
open loading the change, is a MockStateError naming the file and saying it is corrupt (never a
raw KeyError/TypeError), and the file is left untouched."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest

from apigw_canary_mock import MockStateError, mock_apigateway
from apigw_canary_mock.persistence import SqliteStateStore
from apigw_canary_mock.persistence.store import iter_stages

REGION = "us-east-1"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A state file with an API (a GET method on /), two deployments, a stage with a canary and
    two history rows, copied into one file (no -wal beside it)."""
    folder = tmp_path_factory.mktemp("template")
    with mock_apigateway(state=folder / "live.db", seed=5) as mock:
        api_id = mock.create_deployable_api("orders")
        # Its own session with its own keys: a module fixture runs before the autouse one that
        # clears the environment, and must leave boto3's default session alone.
        client = boto3.session.Session(
            aws_access_key_id="testing", aws_secret_access_key="testing", region_name=REGION
        ).client("apigateway")
        client.create_deployment(restApiId=api_id, stageName="prod")
        client.create_deployment(
            restApiId=api_id, stageName="prod", canarySettings={"percentTraffic": 5.0}
        )
    source = sqlite3.connect(folder / "live.db")
    copy = sqlite3.connect(folder / "state.db")
    source.backup(copy)
    source.close()
    copy.close()
    return folder / "state.db"


@pytest.fixture
def state(template: Path, tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "state.db"
    path.write_bytes(template.read_bytes())
    yield path


def edit(path: Path, *statements: str) -> None:
    db = sqlite3.connect(path)
    try:
        for statement in statements:
            db.execute(statement)
        db.commit()
    finally:
        db.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def stage_json(path: str, value: str) -> str:
    return f"UPDATE stages SET data = json_set(data, '{path}', json('{value}'))"


def api_json(path: str, value: str) -> str:
    return f"UPDATE rest_apis SET data = json_set(data, '{path}', json('{value}'))"


GET = "$.resources.*.methods.GET"

CORRUPTIONS = {
    # the meta row
    "meta row missing": ("DELETE FROM meta", "the meta row is missing"),
    "generation a text": ("UPDATE meta SET generation = 'x'", "meta.generation: expected"),
    "ids not text": ("UPDATE meta SET ids = X'00'", "meta.ids: expected a JSON text"),
    "ids not an object": ("UPDATE meta SET ids = '[1]'", "expected an object with seed and drawn"),
    "ids negative": (
        """UPDATE meta SET ids = '{"seed":1,"drawn":-1}'""",
        "seed and drawn must be integers",
    ),
    "ids not JSON": ("UPDATE meta SET ids = 'seed=1'", "Expecting value"),
    # the columns of a row
    "data not text": ("UPDATE stages SET data = X'00'", "stage prod: the data column is not JSON"),
    "data not an object": ("UPDATE stages SET data = '[]'", "stage prod: expected a JSON object"),
    "data not JSON": ("UPDATE deployments SET data = '{'", "Expecting property name"),
    "key a blob": ("UPDATE rest_apis SET account_id = X'00'", "expected a text column, got bytes"),
    "created a text": ("UPDATE stages SET created = 'x'", "expected a generation number, got str"),
    "stage row of another name": ("UPDATE stages SET stage_name = 'beta'", "holds 'prod'"),
    "deployment row of another id": (
        "UPDATE deployments SET deployment_id = 'zz' WHERE row = 1",
        "holds",
    ),
    "API row of another id": ("UPDATE rest_apis SET rest_api_id = 'zz'", "holds"),
    "stage of a missing API": (
        "UPDATE stages SET rest_api_id = 'zz'",
        "a stage row of the REST API 'zz', which the file lacks",
    ),
    "deployment of a missing API": (
        "UPDATE deployments SET rest_api_id = 'zz'",
        "a deployment row of the REST API 'zz', which the file lacks",
    ),
    "backend with an unknown member": (
        "INSERT INTO backends (account_id, region, created, generation, data) "
        """VALUES ('123456789012', 'us-east-1', 1, 1, '{"bogus": 1}')""",
        "unknown ['bogus']",
    ),
    # the documents: each way the strict reader refuses a value
    "unknown member": (stage_json("$.bogus", "1"), "Stage: unknown member(s) ['bogus']"),
    "required field missing": (
        "UPDATE stages SET data = json_remove(data, '$.deployment_id')",
        "Stage: the field 'deployment_id' is missing",
    ),
    "string a number": (stage_json("$.description", "5"), "expected a string, got int"),
    "integer a text": (stage_json("$.created_date", '"1"'), "expected an integer, got str"),
    "boolean a number": (stage_json("$.tracing_enabled", "1"), "expected true or false, got int"),
    "float a text": (stage_json("$.canary.percent_traffic", '"5"'), "expected a number, got str"),
    "float a bad tag": (
        stage_json("$.canary.percent_traffic", '{"$float":"zero"}'),
        "expected a number, got dict",
    ),
    "object a list": (stage_json("$.canary", "[]"), "expected a CanarySettings object, got list"),
    "string map a list": (stage_json("$.variables", "[]"), "expected a dict, got list"),
    "string map of numbers": (stage_json("$.variables", '{"a": 1}'), "expected strings"),
    "object map a list": (
        stage_json("$.method_settings", "[]"),
        "Stage.method_settings: expected an object, got list",
    ),
    "object map item a number": (
        stage_json("$.method_settings", '{"k": 5}'),
        "Stage.method_settings: ['k']: expected a MethodSetting object, got int",
    ),
    "list an object": (api_json("$.endpoint_types", "{}"), "expected a list, got dict"),
    "list of numbers": (api_json("$.endpoint_types", "[1]"), "expected a string, got int"),
    "null field an object": (api_json("$.version", "{}"), "expected a string, got dict"),
    "any: two members beside a tag": (
        api_json(f"{GET}.integration.extras", '{"k": {"$bytes": "AA==", "x": 1}}'),
        "an object with a $ member must have only it",
    ),
    "any: a tag of the wrong body": (
        api_json(f"{GET}.integration.extras", '{"k": {"$bytes": 5}}'),
        "$bytes: expected a string, got int",
    ),
    "any: an unknown tag": (
        api_json(f"{GET}.integration.extras", '{"k": {"$code": "print(1)"}}'),
        "unknown tag '$code'",
    ),
    "any: unhashable set item": (
        api_json(f"{GET}.integration.extras", '{"k": {"$set": [[1]]}}'),
        "$set: ",
    ),
}


@pytest.mark.parametrize(("sql", "problem"), CORRUPTIONS.values(), ids=list(CORRUPTIONS))
def test_a_corrupt_row_is_a_state_error_naming_the_file_and_the_file_is_untouched(
    state: Path, sql: str, problem: str
) -> None:
    if "json_set" in sql and "*" in sql:  # json_set takes no wildcard: the method's own path
        db = sqlite3.connect(state)
        (root,) = db.execute("SELECT json_extract(data, '$.root_resource_id') FROM rest_apis")
        db.close()
        sql = sql.replace("*", root[0])
    edit(state, sql)
    before = digest(state)
    with pytest.raises(MockStateError) as caught:
        SqliteStateStore(state)
    message = str(caught.value)
    assert message.startswith(f"{state}: corrupt state file (")
    assert message.endswith("; it was left untouched")
    assert problem in message
    assert digest(state) == before


def test_a_corrupt_row_written_by_another_process_is_refused_by_an_open_store(
    state: Path,
) -> None:
    store = SqliteStateStore(state)
    try:
        assert [stage.name for *_, stage in _stages(store)] == ["prod"]
        edit(
            state,
            stage_json("$.variables", '{"a": 1}'),
            "UPDATE stages SET generation = generation + 10",
            "UPDATE meta SET generation = generation + 10",
        )
        with pytest.raises(MockStateError, match=r"corrupt state file \(Stage.variables"):
            store.snapshot()
        # The file fixed, the store reads it again (nothing of the refused load was kept).
        edit(state, stage_json("$.variables", '{"a": "1"}'))
        assert [stage.variables for *_, stage in _stages(store)] == [{"a": "1"}]
    finally:
        store.close()


def test_a_changed_id_seed_is_refused_by_an_open_store(state: Path) -> None:
    store = SqliteStateStore(state)
    try:
        store.snapshot()
        edit(
            state,
            """UPDATE meta SET ids = json_set(ids, '$.seed', 99), generation = generation + 1""",
        )
        with pytest.raises(MockStateError, match=r"corrupt state file \(meta.ids: the seed"):
            store.snapshot()
    finally:
        store.close()


def test_a_history_row_with_bad_params_is_a_state_error(state: Path) -> None:
    store = SqliteStateStore(state)
    try:
        assert [row.operation for row in store.history_rows()] == ["CreateDeployment"] * 2
        assert store.last_history_seq() == 2
        for bad, problem in (
            ("UPDATE history SET params = '[1]'", "history row 1: params must be an object"),
            ("UPDATE history SET params = '{'", "Expecting property name"),
            ("UPDATE history SET params = X'00'", "expected a text column, got bytes"),
        ):
            edit(state, bad)
            with pytest.raises(MockStateError) as caught:
                store.history_rows()
            assert str(caught.value).startswith(f"{state}: corrupt state file (")
            assert problem in str(caught.value)
    finally:
        store.close()


def _stages(store: SqliteStateStore) -> list[tuple[str, str, str, str, object]]:
    return list(iter_stages(store))
