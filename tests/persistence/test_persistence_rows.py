"""How a state file is stored and loaded: a call writes only what it changed (one row per API
definition, stage, deployment), a process loads only the rows other processes changed since it
last looked (deletions too, listing order kept), ids stay one deterministic sequence across
processes, and the history keeps the params as they were sent."""

from __future__ import annotations

import gc
import json
import os
import sqlite3
import subprocess
import sys
import textwrap
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import boto3
import pytest

from apigw_canary_mock import MockStateError, mock_apigateway
from apigw_canary_mock.__main__ import main
from apigw_canary_mock.persistence import SCHEMA_VERSION, SqliteStateStore

REGION = "us-east-1"
ENV = {**os.environ, "AWS_EC2_METADATA_DISABLED": "true"}


def apigateway() -> Any:
    return boto3.client("apigateway", region_name=REGION)


def run_python(code: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=ENV,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def rows(path: Path, sql: str) -> list[Any]:
    db = sqlite3.connect(path)
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


def make_api(path: Path, stages: int = 1, variables: int = 0, seed: int = 3) -> str:
    with mock_apigateway(state=path, seed=seed) as mock:
        api_id = mock.create_deployable_api("orders")
        client = apigateway()
        client.create_deployment(restApiId=api_id, stageName="prod")
        deployment = client.get_stage(restApiId=api_id, stageName="prod")["deploymentId"]
        values = {f"v{n}": f"value-{n}" for n in range(variables)}
        for n in range(stages - 1):
            client.create_stage(
                restApiId=api_id, stageName=f"s{n}", deploymentId=deployment, variables=values
            )
        if values:
            client.update_stage(
                restApiId=api_id,
                stageName="prod",
                patchOperations=[
                    {"op": "replace", "path": f"/variables/{k}", "value": v}
                    for k, v in values.items()
                ],
            )
    return api_id


UPDATE = [{"op": "replace", "path": "/canarySettings/percentTraffic", "value": "5"}]


# -- what a call writes -----------------------------------------------------------------------


def test_the_file_is_json_documents_readable_from_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    api_id = make_api(path)
    assert rows(path, "PRAGMA user_version") == [(SCHEMA_VERSION,)] == [(2,)]
    (stage,) = rows(path, "SELECT json_extract(data, '$.deployment_id'), data FROM stages")
    assert json.loads(stage[1])["name"] == "prod"
    (api,) = rows(path, "SELECT rest_api_id, json_extract(data, '$.name') FROM rest_apis")
    assert api == (api_id, "orders")
    (ids,) = rows(path, "SELECT json(ids) FROM meta")
    # 10 + 6 + 6 + 6 + 6 characters: API, root, the models Empty and Error, deployment.
    assert json.loads(ids[0]) == {"seed": 3, "drawn": 34}


def test_an_update_stage_writes_its_stage_row_and_a_history_row_only(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    api_id = make_api(path, stages=5)
    before = rows(path, "SELECT generation FROM meta")[0][0]
    history = rows(path, "SELECT count(*) FROM history")[0][0]
    with mock_apigateway(state=path):
        apigateway().create_deployment(
            restApiId=api_id, stageName="prod", canarySettings={"percentTraffic": 1.0}
        )
        middle = rows(path, "SELECT generation FROM meta")[0][0]
        apigateway().update_stage(restApiId=api_id, stageName="prod", patchOperations=UPDATE)
    after = rows(path, "SELECT generation FROM meta")[0][0]
    assert (middle, after) == (before + 1, before + 2)
    changed = {
        table: rows(path, f"SELECT count(*) FROM {table} WHERE generation = {after}")[0][0]
        for table in ("rest_apis", "deployments", "stages", "backends")
    }
    assert changed == {"rest_apis": 0, "deployments": 0, "stages": 1, "backends": 0}
    assert rows(path, "SELECT count(*) FROM history")[0][0] == history + 2


def test_a_reading_call_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    api_id = make_api(path)
    with mock_apigateway(state=path):
        before = rows(path, "SELECT generation FROM meta")
        apigateway().get_stage(restApiId=api_id, stageName="prod")
        apigateway().get_rest_apis()
        assert rows(path, "SELECT generation FROM meta") == before


def best_call(call: Any, calls: int) -> float:
    gc.collect()  # not the collection of the objects the mock just loaded, in the batch
    started = time.perf_counter()
    for _ in range(calls):
        call()
    return (time.perf_counter() - started) / calls


@pytest.mark.slow
def test_an_update_stage_costs_the_same_with_1000_stages_of_50_variables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from apigw_canary_mock.persistence import file as state_file

    files = {10: tmp_path / "small.db", 1000: tmp_path / "big.db"}
    api_ids = {
        stages: make_api(path, stages=stages, variables=50) for stages, path in files.items()
    }
    # What one UpdateStage writes: WAL frames (no checkpoint while measuring).
    monkeypatch.setattr(
        state_file, "_on_connect", lambda db: db.execute("PRAGMA wal_autocheckpoint = 0")
    )
    pages = {}
    for stages, path in files.items():
        with mock_apigateway(state=path):
            client, wal = apigateway(), Path(f"{path}-wal")
            client.update_stage(restApiId=api_ids[stages], stageName="prod", patchOperations=UPDATE)
            before = wal.stat().st_size
            for _ in range(20):
                client.update_stage(
                    restApiId=api_ids[stages], stageName="prod", patchOperations=UPDATE
                )
            pages[stages] = (wal.stat().st_size - before) / 20 / (4096 + 24)
    monkeypatch.setattr(state_file, "_on_connect", None)
    # What it costs: the best of batches taken in turn (so a busy machine slows both alike).
    costs: dict[int, list[tuple[float, float]]] = {10: [], 1000: []}
    for _ in range(6):
        for stages, path in files.items():
            with mock_apigateway(state=path):
                client, api_id = apigateway(), api_ids[stages]

                def update(client: Any = client, api_id: str = api_id) -> None:
                    client.update_stage(restApiId=api_id, stageName="prod", patchOperations=UPDATE)

                def get(client: Any = client, api_id: str = api_id) -> None:
                    client.get_stage(restApiId=api_id, stageName="prod")

                costs[stages].append((best_call(update, 30), best_call(get, 30)))
    best = {
        stages: (min(u for u, _ in runs), min(g for _, g in runs)) for stages, runs in costs.items()
    }
    print(
        f"\n[state file] UpdateStage {best[10][0] * 1e6:.0f} us (10 stages) vs "
        f"{best[1000][0] * 1e6:.0f} us (1,000 stages of 50 variables); GetStage "
        f"{best[10][1] * 1e6:.0f} / {best[1000][1] * 1e6:.0f} us; pages written per "
        f"UpdateStage {pages[10]:.1f} / {pages[1000]:.1f}"
    )
    # The same rows written (the pickle: ~1,000 pages). Deterministic, unlike the timings
    # above, which are printed (and measured in benchmarks/bench.py), not asserted.
    assert pages[1000] <= pages[10] + 3


# -- what another process changed --------------------------------------------------------------

OTHER_PROCESS = """
import sys, boto3
from apigw_canary_mock import MockStateError, mock_apigateway
with mock_apigateway(state=sys.argv[1]):
    client = boto3.client("apigateway", region_name="us-east-1")
    api_id = sys.argv[2]
    for step in sys.argv[3:]:
        what, _, name = step.partition("=")
        if what == "update":
            client.update_stage(restApiId=api_id, stageName=name, patchOperations=[
                {"op": "replace", "path": "/variables/by", "value": "other"}])
        elif what == "create":
            deployment = client.get_stage(restApiId=api_id, stageName="prod")["deploymentId"]
            client.create_stage(restApiId=api_id, stageName=name, deploymentId=deployment)
        elif what == "delete":
            client.delete_stage(restApiId=api_id, stageName=name)
        elif what == "deploy":
            print(client.create_deployment(restApiId=api_id)["id"])
        elif what == "undeploy":
            client.delete_deployment(restApiId=api_id, deploymentId=name)
        elif what == "api":
            print(client.create_rest_api(name=name)["id"])
        elif what == "delete-api":
            client.delete_rest_api(restApiId=name)
"""


@pytest.mark.slow
def test_a_process_loads_only_what_others_changed(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    api_id = make_api(path, stages=4)
    with mock_apigateway(state=path) as mock:
        store = mock.state
        assert isinstance(store, SqliteStateStore)
        client = apigateway()
        names = [item["stageName"] for item in client.get_stages(restApiId=api_id)["item"]]
        full_loads: list[int] = []
        load_all = store._load_all
        store._load_all = lambda *args: (full_loads.append(1), load_all(*args))[1]  # type: ignore[method-assign]
        untouched = store.backend("123456789012", REGION).rest_apis[api_id].stages["s1"]

        new_deployment = run_python(
            OTHER_PROCESS, str(path), api_id, "update=s0", "create=c", "create=b", "delete=s2",
            "deploy=",
        ).strip()  # fmt: skip
        items = client.get_stages(restApiId=api_id)["item"]
        assert [item["stageName"] for item in items] == [n for n in names if n != "s2"] + ["c", "b"]
        assert next(i for i in items if i["stageName"] == "s0")["variables"] == {"by": "other"}
        api = store.backend("123456789012", REGION).rest_apis[api_id]
        assert api.stages["s1"] is untouched  # not loaded again
        assert new_deployment in api.deployments

        run_python(OTHER_PROCESS, str(path), api_id, f"undeploy={new_deployment}")
        deployments = client.get_deployments(restApiId=api_id)["items"]
        assert new_deployment not in [d["id"] for d in deployments]

        other_api = run_python(OTHER_PROCESS, str(path), api_id, "api=second").strip()
        assert [a["name"] for a in client.get_rest_apis()["items"]] == ["orders", "second"]
        run_python(OTHER_PROCESS, str(path), api_id, f"delete-api={api_id}")
        assert [a["id"] for a in client.get_rest_apis()["items"]] == [other_api]
        assert full_loads == []
    with mock_apigateway(state=path):  # a fresh process's full load agrees
        assert [a["id"] for a in apigateway().get_rest_apis()["items"]] == [other_api]


def test_a_call_interrupted_in_its_transaction_makes_the_next_one_load_everything(
    tmp_path: Path,
) -> None:
    path = tmp_path / "state.db"
    api_id = make_api(path)
    from apigw_canary_mock.persistence import store as store_module

    def interrupt() -> None:
        raise KeyboardInterrupt

    with mock_apigateway(state=path) as mock:
        client = apigateway()
        store_module._before_commit_hook = interrupt
        try:
            with pytest.raises(KeyboardInterrupt):
                client.update_stage(restApiId=api_id, stageName="prod", patchOperations=UPDATE)
        finally:
            store_module._before_commit_hook = None
        # In memory the change was made; the file rolled it back: the next call reloads.
        assert "canarySettings" not in client.get_stage(restApiId=api_id, stageName="prod")
        assert mock.stage_history(api_id, "prod").operations() == ["CreateDeployment"]


# -- ids ---------------------------------------------------------------------------------------

CREATE_ONE = """
import sys, boto3
from apigw_canary_mock import MockStateError, mock_apigateway
with mock_apigateway(state=sys.argv[1]):
    client = boto3.client("apigateway", region_name="us-east-1")
    print(client.create_deployment(restApiId=sys.argv[2])["id"])
"""


@pytest.mark.slow
def test_ids_are_one_seeded_sequence_across_processes(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    api_id = make_api(path, seed=42)
    spread = []
    with mock_apigateway(state=path) as mock:
        client = apigateway()
        for n in range(6):
            if n % 2:  # every other one by another process
                spread.append(run_python(CREATE_ONE, str(path), api_id).strip())
            else:
                spread.append(client.create_deployment(restApiId=api_id)["id"])
        mock.state.close()
    with mock_apigateway(seed=42) as memory:  # the same calls in one in-memory mock
        same_api = memory.create_deployable_api("orders")
        apigateway().create_deployment(restApiId=same_api, stageName="prod")
        assert same_api == api_id
        client = apigateway()
        alone = [client.create_deployment(restApiId=same_api)["id"] for _ in range(6)]
    assert spread == alone
    assert memory.seed == 42


@pytest.mark.slow
def test_a_process_never_hands_out_an_id_another_process_uses(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    api_id = make_api(path)
    with mock_apigateway(state=path) as mock:
        store = mock.state
        other = run_python(CREATE_ONE, str(path), api_id).strip()
        apigateway().get_rest_apis()  # loads the other process's rows
        generator = store.ids
        assert other in generator._live  # guarded: drawing it again would be skipped
        before = generator.drawn
        generator.resume(before)  # a no-op at the same position
        assert generator.drawn == before


# -- history ---------------------------------------------------------------------------------


def test_history_params_keep_decimals_and_bytes(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    api_id = make_api(path)
    with mock_apigateway(state=path) as mock:
        apigateway().create_deployment(
            restApiId=api_id, stageName="prod", canarySettings={"percentTraffic": Decimal("12.5")}
        )
    with mock_apigateway(state=path) as mock:
        change = mock.stage_history(api_id, "prod")[-1]
        assert change.params["canarySettings"] == {"percentTraffic": Decimal("12.5")}
        assert change.percent_traffic == 12.5
    (params,) = rows(path, "SELECT params FROM history ORDER BY seq DESC LIMIT 1")[0]
    assert json.loads(params)["canarySettings"] == {"percentTraffic": {"$decimal": "12.5"}}


def test_show_writes_nothing_to_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "state.db"
    make_api(path)
    before = path.read_bytes()
    assert main(["show", "--state", str(path)]) == 0
    assert f"state file {path} (schema 2)" in capsys.readouterr().out
    assert path.read_bytes() == before
    store = SqliteStateStore(path, read_only=True)
    try:
        refused = pytest.raises(MockStateError, match="opened read-only; this call would write")
        with refused, store.transaction(writes=True):
            pass
    finally:
        store.close()
    assert path.read_bytes() == before


# -- what a Backend holds outside its APIs ---------------------------------------------------


def test_a_registered_backend_field_has_a_row_of_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from apigw_canary_mock.core import store as core_store
    from apigw_canary_mock.persistence import codec

    class BackendWithDomains(core_store.Backend):  # what a later core change would add
        __slots__ = ("domain_names",)

        def __init__(self, *args: Any) -> None:
            super().__init__(*args)
            self.domain_names: dict[str, str] = {}

    monkeypatch.setattr(core_store, "Backend", BackendWithDomains)
    monkeypatch.setattr(codec, "_BACKEND_FIELDS", {})
    monkeypatch.setattr(codec, "_backend_codecs", {})
    codec.register_backend_field("domain_names", dict[str, str])
    path = tmp_path / "state.db"
    writer, reader = SqliteStateStore(path), SqliteStateStore(path)
    try:
        with reader.transaction(writes=False):
            pass
        with writer.transaction(writes=True):
            backend = writer.backend("123456789012", REGION)
            backend.domain_names["api.example.com"] = "d-123"  # type: ignore[attr-defined]
            backend.journal.backend_changed()
        assert rows(path, "SELECT account_id, region, data FROM backends") == [
            ("123456789012", REGION, '{"domain_names":{"api.example.com":"d-123"}}')
        ]
        loaded = reader.backend("123456789012", REGION)  # an incremental load
        assert loaded.domain_names == {"api.example.com": "d-123"}  # type: ignore[attr-defined]
    finally:
        writer.close()
        reader.close()
    fresh = SqliteStateStore(path, read_only=True)
    try:
        backend = fresh.backend("123456789012", REGION)
        assert backend.domain_names == {"api.example.com": "d-123"}  # type: ignore[attr-defined]
    finally:
        fresh.close()
