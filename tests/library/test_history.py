"""Stage history: every change kept with its time, operation, params and the stage after it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Any

import boto3
import pytest
import time_machine
from botocore.config import Config
from botocore.exceptions import ClientError
from freezegun import freeze_time

from apigw_canary_mock import ApiGatewayMock, mock_apigateway
from apigw_canary_mock.core.history import HistoryLog
from apigw_canary_mock.core.journal import Journal
from apigw_canary_mock.core.stage import Stage
from apigw_canary_mock.inspection.history import StageHistory

REGION = "us-east-1"
T0 = datetime(2024, 3, 1, 12, 0, 0, tzinfo=timezone.utc)


@pytest.fixture
def apigw() -> Iterator[ApiGatewayMock]:
    with mock_apigateway() as mock:
        yield mock


@pytest.fixture
def client(apigw: ApiGatewayMock) -> Any:
    config = Config(retries={"mode": "standard", "total_max_attempts": 1})
    return boto3.client("apigateway", region_name=REGION, config=config)


def patch(client: Any, api_id: str, *ops: dict[str, str], stage: str = "prod") -> Any:
    return client.update_stage(restApiId=api_id, stageName=stage, patchOperations=list(ops))


def replace(path: str, value: str) -> dict[str, str]:
    return {"op": "replace", "path": path, "value": value}


def rollout(client: Any, api_id: str) -> tuple[str, str]:
    """Create, canary at 10, ramp 50 and 100, promote, remove."""
    stable = client.create_deployment(restApiId=api_id, stageName="prod")["id"]
    canary = client.create_deployment(
        restApiId=api_id,
        stageName="prod",
        canarySettings={"percentTraffic": 10, "stageVariableOverrides": {"color": "green"}},
    )["id"]
    patch(client, api_id, replace("/canarySettings/percentTraffic", "50"))
    patch(client, api_id, replace("/canarySettings/percentTraffic", "100"))
    patch(
        client,
        api_id,
        {"op": "copy", "from": "/canarySettings/deploymentId", "path": "/deploymentId"},
        {"op": "copy", "from": "/canarySettings/stageVariableOverrides", "path": "/variables"},
        replace("/canarySettings/percentTraffic", "0"),
    )
    patch(client, api_id, {"op": "remove", "path": "/canarySettings"})
    return stable, canary


def test_every_change_of_a_rollout_is_kept(apigw: ApiGatewayMock, client: Any) -> None:
    api_id = apigw.create_deployable_api()
    stable, canary = rollout(client, api_id)
    history = apigw.stage_history(api_id, "prod")
    assert len(history) == 6
    assert history.operations() == ["CreateDeployment"] * 2 + ["UpdateStage"] * 4
    assert history.canary_percentages() == [None, 10.0, 50.0, 100.0, 0.0, None]
    assert history.deployment_ids() == [stable, stable, stable, stable, canary, canary]
    assert history.promotions() == [4]
    # "a promotion happened after the canary reached 100 %"
    assert history.promotions()[0] > history.canary_percentages().index(100.0)
    assert history[1].canary_deployment_id == canary
    assert history[1].overrides == {"color": "green"}
    assert history[4].stage is not None
    assert history[4].stage["variables"] == {"color": "green"}
    assert history[5].canary is None
    assert history[2].params["patchOperations"] == [replace("/canarySettings/percentTraffic", "50")]


def test_each_entry_is_what_get_stage_answered_then(apigw: ApiGatewayMock, client: Any) -> None:
    api_id = apigw.create_deployable_api()
    client.create_deployment(restApiId=api_id, stageName="prod")
    after = patch(client, api_id, replace("/variables/a", "b"), replace("/tracingEnabled", "true"))
    del after["ResponseMetadata"]
    entry = apigw.stage_history(api_id, "prod")[-1]
    assert entry.stage == after
    assert entry.stage == apigw.get_stage(api_id, "prod")
    # Later changes leave earlier entries alone.
    patch(client, api_id, replace("/variables/a", "c"))
    assert apigw.stage_history(api_id, "prod")[1].stage == after


def test_create_stage_delete_stage_and_recreate(apigw: ApiGatewayMock, client: Any) -> None:
    api_id = apigw.create_deployable_api()
    deployment = client.create_deployment(restApiId=api_id)["id"]
    client.create_stage(restApiId=api_id, stageName="beta", deploymentId=deployment)
    client.delete_stage(restApiId=api_id, stageName="beta")
    client.create_stage(restApiId=api_id, stageName="beta", deploymentId=deployment)
    history = apigw.stage_history(api_id, "beta")
    assert history.operations() == ["CreateStage", "DeleteStage", "CreateStage"]
    assert [entry.deleted for entry in history] == [False, True, False]
    assert history[1].stage is None
    assert history[1].deployment_id is None
    assert history[1].percent_traffic is None
    assert history[1].overrides == {}


def test_delete_rest_api_ends_the_history_of_its_stages(apigw: ApiGatewayMock, client: Any) -> None:
    api_id = apigw.create_deployable_api()
    client.create_deployment(restApiId=api_id, stageName="prod")
    client.delete_rest_api(restApiId=api_id)
    history = apigw.stage_history(api_id, "prod")
    assert history.operations() == ["CreateDeployment", "DeleteRestApi"]
    assert history[-1].deleted


def test_failing_requests_leave_no_entry(apigw: ApiGatewayMock, client: Any) -> None:
    api_id = apigw.create_deployable_api()
    client.create_deployment(restApiId=api_id, stageName="prod")
    with pytest.raises(client.exceptions.BadRequestException):
        # The first op is fine, the second fails: nothing of the request is applied.
        patch(
            client,
            api_id,
            replace("/description", "x"),
            replace("/canarySettings/percentTraffic", "101"),
        )
    with pytest.raises(client.exceptions.ConflictException):
        deployment = apigw.get_stage(api_id, "prod")["deploymentId"]
        client.create_stage(restApiId=api_id, stageName="prod", deploymentId=deployment)
    with pytest.raises(client.exceptions.NotFoundException):
        client.delete_stage(restApiId=api_id, stageName="nope")
    assert apigw.stage_history(api_id, "prod").operations() == ["CreateDeployment"]
    # A stage that never existed has no history to ask for: an error, not an empty one.
    with pytest.raises(ClientError, match="Invalid stage identifier"):
        apigw.stage_history(api_id, "nope")


def test_reads_and_empty_patches_make_no_entry(apigw: ApiGatewayMock, client: Any) -> None:
    api_id = apigw.create_deployable_api()
    client.create_deployment(restApiId=api_id, stageName="prod")
    client.get_stage(restApiId=api_id, stageName="prod")
    client.get_stages(restApiId=api_id)
    client.update_stage(restApiId=api_id, stageName="prod", patchOperations=[])
    client.create_deployment(restApiId=api_id)  # no stage
    assert len(apigw.stage_history(api_id, "prod")) == 1


def test_history_is_per_region(apigw: ApiGatewayMock) -> None:
    west = boto3.client("apigateway", region_name="eu-west-1")
    api_id = apigw.create_deployable_api(region="eu-west-1")
    west.create_deployment(restApiId=api_id, stageName="prod")
    assert len(apigw.stage_history(api_id, "prod", region="eu-west-1")) == 1
    with pytest.raises(ClientError, match="Invalid API identifier specified"):
        apigw.stage_history(api_id, "prod")  # the API is in eu-west-1 only


def test_times_come_from_the_travelled_clock(apigw: ApiGatewayMock, client: Any) -> None:
    api_id = apigw.create_deployable_api()
    with time_machine.travel(T0, tick=False) as traveller:
        client.create_deployment(restApiId=api_id, stageName="prod")
        traveller.shift(90)
        patch(client, api_id, replace("/canarySettings/percentTraffic", "10"))
    history = apigw.stage_history(api_id, "prod")
    start = int(T0.timestamp())
    assert [entry.time for entry in history] == [start, start + 90]
    assert history[1].stage is not None
    assert history[1].stage["lastUpdatedDate"] == datetime.fromtimestamp(start + 90, timezone.utc)
    assert [call.time for call in apigw.calls] == [start, start + 90]
    rows = history.render().splitlines()
    assert "2024-03-01T12:00:00Z" in rows[3]
    assert "2024-03-01T12:01:30Z" in rows[4]


def test_times_under_freezegun(apigw: ApiGatewayMock, client: Any) -> None:
    api_id = apigw.create_deployable_api()
    with freeze_time("2023-05-06 07:08:09"):
        client.create_deployment(restApiId=api_id, stageName="prod")
    expected = int(datetime(2023, 5, 6, 7, 8, 9, tzinfo=timezone.utc).timestamp())
    assert apigw.stage_history(api_id, "prod")[0].time == expected


def test_render_is_a_table_and_str_renders_it(apigw: ApiGatewayMock, client: Any) -> None:
    api_id = apigw.create_deployable_api()
    with time_machine.travel(T0, tick=False):
        stable, canary = rollout(client, api_id)
    history = apigw.stage_history(api_id, "prod")
    when = "2024-03-01T12:00:00Z"
    widths = (1, 20, 16, 12, 6, 7)

    def row(*cells: str) -> str:
        padded = [cell.ljust(width) for cell, width in zip(cells, widths, strict=False)]
        return "  ".join([*padded, *cells[len(widths) :]]).rstrip()

    assert history.render().splitlines() == [
        f"stage history of {api_id}/prod:",
        row("#", "time (UTC)", "operation", "deploymentId", "canary", "percent", "overrides"),
        "  ".join("-" * w for w in (*widths, 11)),
        row("0", when, "CreateDeployment", stable, "-", "-", "-"),
        row("1", when, "CreateDeployment", stable, canary, "10", "color=green"),
        row("2", when, "UpdateStage", stable, canary, "50", "color=green"),
        row("3", when, "UpdateStage", stable, canary, "100", "color=green"),
        row("4", when, "UpdateStage", canary, canary, "0", "color=green"),
        row("5", when, "UpdateStage", canary, "-", "-", "-"),
    ]
    assert str(history) == history.render()
    assert repr(history) == f"<StageHistory {api_id}/prod: 6 change(s)>"


def test_render_of_a_delete_and_of_nothing(apigw: ApiGatewayMock, client: Any) -> None:
    api_id = apigw.create_deployable_api()
    # (A stage with no change at all only exists as an empty StageHistory.)
    assert StageHistory(api_id, "prod", []).render().splitlines()[-1] == "(no changes)"
    client.create_deployment(restApiId=api_id, stageName="prod")
    client.delete_stage(restApiId=api_id, stageName="prod")
    last = apigw.stage_history(api_id, "prod").render().splitlines()[-1]
    assert last.split()[2:] == ["DeleteStage", "(deleted)", "-", "-", "-"]


def test_a_failing_assertion_shows_the_table(apigw: ApiGatewayMock, client: Any) -> None:
    api_id = apigw.create_deployable_api()
    rollout(client, api_id)
    history = apigw.stage_history(api_id, "prod")
    with pytest.raises(AssertionError) as caught:
        assert history.canary_percentages() == [None, 10.0, 25.0], str(history)
    assert "stage history of" in str(caught.value)
    assert "CreateDeployment" in str(caught.value)
    with pytest.raises(AssertionError) as caught:
        history.assert_canary_percentages([None, 10.0, 25.0, 100.0])
    assert str(caught.value).splitlines()[:2] == [
        "expected canary percentages [None, 10.0, 25.0, 100.0]",
        "got                         [None, 10.0, 50.0, 100.0, 0.0, None]",
    ]
    assert str(caught.value).splitlines()[2:] == history.render().splitlines()
    history.assert_canary_percentages([None, 10, 50, 100, 0, None])


def test_helper_writes_are_kept_too(apigw: ApiGatewayMock) -> None:
    # The mock's own helpers are not calls, but what they change is history.
    api_id = apigw.create_deployable_api()
    apigw._call("CreateDeployment", {"restApiId": api_id, "stageName": "prod"}, REGION)
    assert apigw.stage_history(api_id, "prod").operations() == ["CreateDeployment"]
    assert len(apigw.calls) == 0


# -- the core pieces --------------------------------------------------------------------


def stage(deployment: str = "d1") -> Stage:
    return Stage(name="prod", deployment_id=deployment, created_date=0, last_updated_date=0)


def test_the_journal_keeps_stage_writes_in_order_and_names_what_changed() -> None:
    journal = Journal()
    assert not journal
    journal.stage_written("api", "prod", stage())
    journal.stage_written("api", "prod", None)
    journal.deployment_changed("api", "d1")
    journal.api_changed("api")
    assert [(a, n, s is None) for a, n, s in journal.stage_writes] == [
        ("api", "prod", False),
        ("api", "prod", True),
    ]
    assert journal.changed == {
        ("stage", "api", "prod"),
        ("deployment", "api", "d1"),
        ("api", "api"),
    }
    journal.clear()
    assert not journal and journal.stage_writes == []


def test_history_log_and_stage_history_from_records() -> None:
    log = HistoryLog()
    log.commit("acct", "r", "CreateStage", {"x": 1}, [("api", "prod", stage())], 5)
    log.commit("acct", "r", "DeleteStage", {}, [("api", "prod", None)], 6)
    assert log.keys() == [("acct", "r", "api", "prod")]
    records = log.records("acct", "r", "api", "prod")
    history = StageHistory.from_records(
        "api", "prod", records, lambda s: {"deploymentId": s.deployment_id}
    )
    assert history.deployment_ids() == ["d1", None]
    assert [entry.time for entry in history] == [5, 6]
    assert list(history[0:1]) == [history[0]]
    assert log.records("acct", "r", "api", "other") == []


def test_a_misspelt_stage_or_api_is_an_error_not_an_empty_history(
    apigw: ApiGatewayMock, client: Any
) -> None:
    api_id = apigw.create_deployable_api()
    client.create_deployment(restApiId=api_id, stageName="prod")
    with pytest.raises(ClientError, match="Invalid stage identifier"):
        apigw.stage_history(api_id, "prdo")
    with pytest.raises(ClientError, match="Invalid API identifier"):
        apigw.stage_history("nosuchapi0", "prod")


def test_a_deleted_stage_keeps_its_history(apigw: ApiGatewayMock, client: Any) -> None:
    api_id = apigw.create_deployable_api()
    client.create_deployment(restApiId=api_id, stageName="prod")
    client.delete_stage(restApiId=api_id, stageName="prod")
    assert apigw.stage_history(api_id, "prod").operations() == ["CreateDeployment", "DeleteStage"]
