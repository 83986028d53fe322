"""The example of docs/rollout-testing.md, verbatim: a rollout script and its tests.

Keep the two in step: the doc's code blocks are copied from here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import boto3
import pytest
from botocore.config import Config

from apigw_canary_mock import ApiGatewayMock, mock_apigateway

if TYPE_CHECKING:  # boto3-stubs[apigateway], for a type checker: nothing at run time
    from mypy_boto3_apigateway.type_defs import PatchOperationTypeDef

# --- rollout.py: the code under test ----------------------------------------------------


class RolloutAborted(Exception):
    """The canary failed its health check; the stage was rolled back."""


HealthCheck = Callable[[str, float], bool]  # (canary deployment id, percent) -> healthy?


def canary_rollout(
    api_id: str,
    stage: str,
    *,
    health_check: HealthCheck,
    steps: tuple[float, ...] = (10.0, 50.0, 100.0),
    overrides: dict[str, str] | None = None,
    region: str = "us-east-1",
) -> str:
    """Deploy a canary, ramp it through ``steps``, promote it, remove it. Returns its id."""
    client = boto3.client(
        "apigateway",
        region_name=region,
        config=Config(retries={"mode": "standard", "max_attempts": 3}),
    )
    canary_id: str = client.create_deployment(
        restApiId=api_id,
        stageName=stage,
        description="canary",
        canarySettings={"percentTraffic": steps[0], "stageVariableOverrides": overrides or {}},
    )["id"]

    def patch(*operations: PatchOperationTypeDef) -> None:
        client.update_stage(restApiId=api_id, stageName=stage, patchOperations=list(operations))

    for number, percent in enumerate(steps):
        if number:  # the first step was set by create_deployment
            patch(
                {"op": "replace", "path": "/canarySettings/percentTraffic", "value": str(percent)}
            )
        if not health_check(canary_id, percent):
            patch({"op": "remove", "path": "/canarySettings"})  # rollback
            raise RolloutAborted(f"canary {canary_id} unhealthy at {percent} %")

    patch(  # promote
        {"op": "copy", "from": "/canarySettings/deploymentId", "path": "/deploymentId"},
        {"op": "copy", "from": "/canarySettings/stageVariableOverrides", "path": "/variables"},
        {"op": "replace", "path": "/canarySettings/percentTraffic", "value": "0.0"},
    )
    patch({"op": "remove", "path": "/canarySettings"})
    return canary_id


# --- test_rollout.py: its tests ---------------------------------------------------------


@pytest.fixture
def apigw() -> Iterator[ApiGatewayMock]:
    with mock_apigateway(seed=1) as mock:  # or the apigateway_mock fixture
        yield mock


@pytest.fixture
def api_id(apigw: ApiGatewayMock) -> str:
    api_id = apigw.create_deployable_api("orders")
    client = boto3.client("apigateway", region_name="us-east-1")
    client.create_deployment(restApiId=api_id, stageName="prod", variables={"color": "blue"})
    apigw.reset_calls()  # assert on what the rollout does, not on the setup
    return api_id


def test_rollout_ramps_promotes_and_removes(apigw: ApiGatewayMock, api_id: str) -> None:
    stable = apigw.get_stage(api_id, "prod")["deploymentId"]
    seen: list[tuple[float, float]] = []

    def healthy(canary_id: str, percent: float) -> bool:
        # At each step, the traffic the canary really gets, and what its requests see.
        split = apigw.simulate_traffic(api_id, "prod", requests=100_000, seed=7)
        seen.append((percent, split.canary_share))
        request = apigw.route(api_id, "prod", seed=1)
        if request.is_canary:
            assert request.deployment_id == canary_id
            assert request.variables["color"] == "green"
        return True

    canary = canary_rollout(api_id, "prod", health_check=healthy, overrides={"color": "green"})

    assert [percent for percent, _ in seen] == [10.0, 50.0, 100.0]
    assert all(abs(share - percent) <= 0.5 for percent, share in seen)

    history = apigw.stage_history(api_id, "prod")
    history.assert_canary_percentages([None, 10.0, 50.0, 100.0, 0.0, None])
    assert history.deployment_ids()[-1] == canary != stable
    assert history.promotions() == [4]  # after the canary reached 100 %
    assert history[-1].stage is not None
    assert history[-1].stage["variables"] == {"color": "green"}

    apigw.assert_called_once("CreateDeployment")
    apigw.assert_called_with(
        "UpdateStage", patchOperations=[{"op": "remove", "path": "/canarySettings"}]
    )
    assert apigw.call_count("UpdateStage") == 4
    assert apigw.route(api_id, "prod", request_id="after").deployment_id == canary


def test_unhealthy_canary_is_rolled_back(apigw: ApiGatewayMock, api_id: str) -> None:
    stable = apigw.get_stage(api_id, "prod")["deploymentId"]

    def healthy(canary_id: str, percent: float) -> bool:
        return percent < 50  # the canary breaks at 50 %

    with pytest.raises(RolloutAborted, match=r"unhealthy at 50\.0 %"):
        canary_rollout(api_id, "prod", health_check=healthy)

    history = apigw.stage_history(api_id, "prod")
    history.assert_canary_percentages([None, 10.0, 50.0, None])
    assert set(history.deployment_ids()) == {stable}  # never promoted
    assert history.promotions() == []
    apigw.assert_called_with(
        "UpdateStage", patchOperations=[{"op": "remove", "path": "/canarySettings"}]
    )
    split = apigw.simulate_traffic(api_id, "prod")
    assert split.counts == {stable: 10_000}  # all traffic back on the stable deployment


def test_throttled_ramp_is_retried_by_botocore(apigw: ApiGatewayMock, api_id: str) -> None:
    ramp_to_50 = {"op": "replace", "path": "/canarySettings/percentTraffic", "value": "50.0"}
    throttle = apigw.inject_fault(
        "UpdateStage",
        "TooManyRequestsException",
        times=2,
        match={"patchOperations": [ramp_to_50]},
    )

    canary_rollout(api_id, "prod", health_check=lambda canary_id, percent: True)

    apigw.assert_all_faults_consumed()
    assert throttle.consumed == 2
    ramps = apigw.calls.filter("UpdateStage", patchOperations=[ramp_to_50])
    assert [(call.status, call.injected) for call in ramps] == [
        (429, True),
        (429, True),
        (200, False),
    ]
    apigw.stage_history(api_id, "prod").assert_canary_percentages(
        [None, 10.0, 50.0, 100.0, 0.0, None]  # the throttled attempts changed nothing
    )


def test_throttling_beyond_the_retries_stops_the_rollout(
    apigw: ApiGatewayMock, api_id: str
) -> None:
    # More throttles than the client's 4 attempts: the rollout stops at 10 %.
    apigw.inject_fault("UpdateStage", "TooManyRequestsException", times=10)
    client = boto3.client("apigateway", region_name="us-east-1")
    with pytest.raises(client.exceptions.TooManyRequestsException):
        canary_rollout(api_id, "prod", health_check=lambda canary_id, percent: True)
    apigw.stage_history(api_id, "prod").assert_canary_percentages([None, 10.0])
    assert apigw.pending_faults()  # some throttles were never reached
    apigw.clear_faults()


def test_the_doc_shows_this_example() -> None:
    import inspect
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "rollout-testing.md").read_text()
    for function in (
        canary_rollout,
        apigw,
        api_id,
        test_rollout_ramps_promotes_and_removes,
        test_unhealthy_canary_is_rolled_back,
        test_throttling_beyond_the_retries_stops_the_rollout,
    ):
        source = inspect.getsource(getattr(function, "__wrapped__", function))
        assert source in doc, f"docs/rollout-testing.md is out of date: {function.__name__}"
