"""End to end: a canary rollout driven the way a deploy script drives it, and a rollback."""

from __future__ import annotations

from typing import Any

from .helpers import (
    ACTIVE_STAGES,
    STAGE,
    deploy,
    deployment_ids,
    get_stage,
    non_canary_on_canary_stage,
    patch,
    raises_api_error,
    status_of,
    update,
)


def set_percent(client: Any, api: str, percent: str) -> dict[str, Any]:
    return update(client, api, patch("replace", "/canarySettings/percentTraffic", percent))


def test_full_rollout_to_promotion(client: Any, api: str) -> None:
    stable = deploy(
        client,
        api,
        stageName=STAGE,
        stageDescription="production",
        variables={"color": "blue", "region": "eu"},
        description="v1",
    )
    # 1. the new version goes out as a canary at 10 %
    canary = deploy(
        client,
        api,
        stageName=STAGE,
        description="v2",
        canarySettings={"percentTraffic": 10.0, "stageVariableOverrides": {"color": "green"}},
    )
    stage = get_stage(client, api)
    assert stage["deploymentId"] == stable
    assert stage["variables"] == {"color": "blue", "region": "eu"}
    assert stage["canarySettings"] == {
        "deploymentId": canary,
        "percentTraffic": 10.0,
        "useStageCache": False,
        "stageVariableOverrides": {"color": "green"},
    }
    # 2. ramp
    assert set_percent(client, api, "50")["canarySettings"]["percentTraffic"] == 50.0
    stage = set_percent(client, api, "100")
    assert stage["canarySettings"]["percentTraffic"] == 100.0
    assert stage["deploymentId"] == stable
    # 3. a plain deployment is refused while the canary runs
    with raises_api_error(client, "BadRequestException", 400, non_canary_on_canary_stage(STAGE)):
        client.create_deployment(restApiId=api, stageName=STAGE)
    # 4. promote: the stage takes the canary's deployment and overrides; the canary stays at 0 %
    stage = update(
        client,
        api,
        patch("copy", "/deploymentId", from_="/canarySettings/deploymentId"),
        patch("copy", "/variables", from_="/canarySettings/stageVariableOverrides"),
        patch("replace", "/canarySettings/percentTraffic", "0.0"),
    )
    assert stage["deploymentId"] == canary
    assert stage["variables"] == {"color": "green", "region": "eu"}
    assert stage["canarySettings"] == {
        "deploymentId": canary,
        "percentTraffic": 0.0,
        "useStageCache": False,
        "stageVariableOverrides": {"color": "green"},
    }
    # 5. end the canary
    stage = update(client, api, patch("remove", "/canarySettings"))
    assert "canarySettings" not in stage
    assert stage["deploymentId"] == canary
    assert stage["variables"] == {"color": "green", "region": "eu"}
    assert stage["description"] == "production"
    assert get_stage(client, api) == stage
    # 6. the old deployment is free; the live one is not
    assert status_of(client.delete_deployment(restApiId=api, deploymentId=stable)) == 202
    with raises_api_error(client, "BadRequestException", 400, ACTIVE_STAGES):
        client.delete_deployment(restApiId=api, deploymentId=canary)
    assert deployment_ids(client, api) == [canary]
    # 7. plain deployments work again
    v3 = deploy(client, api, stageName=STAGE)
    assert get_stage(client, api)["deploymentId"] == v3


def test_rollback_removes_canary_without_promotion(client: Any, api: str) -> None:
    stable = deploy(client, api, stageName=STAGE, variables={"color": "blue"})
    canary = deploy(
        client,
        api,
        stageName=STAGE,
        canarySettings={"percentTraffic": 25.0, "stageVariableOverrides": {"color": "green"}},
    )
    set_percent(client, api, "50")
    before = get_stage(client, api)
    stage = update(client, api, patch("remove", "/canarySettings"))
    assert "canarySettings" not in stage
    assert stage["deploymentId"] == stable
    assert stage["variables"] == {"color": "blue"}
    assert {k: v for k, v in stage.items() if k != "lastUpdatedDate"} == {
        k: v for k, v in before.items() if k not in ("lastUpdatedDate", "canarySettings")
    }
    assert status_of(client.delete_deployment(restApiId=api, deploymentId=canary)) == 202
    assert deployment_ids(client, api) == [stable]


def test_canary_retarget_by_patch_then_promote(client: Any, api: str) -> None:
    stable = deploy(client, api, stageName=STAGE)
    candidate = deploy(client, api)
    stage = update(
        client,
        api,
        patch("replace", "/canarySettings/deploymentId", candidate),
        patch("replace", "/canarySettings/percentTraffic", "20"),
        patch("replace", "/canarySettings/stageVariableOverrides/flag", "on"),
    )
    assert stage["deploymentId"] == stable
    assert stage["canarySettings"] == {
        "deploymentId": candidate,
        "percentTraffic": 20.0,
        "useStageCache": False,
        "stageVariableOverrides": {"flag": "on"},
    }
    stage = update(
        client,
        api,
        patch("copy", "/deploymentId", from_="/canarySettings/deploymentId"),
        patch("copy", "/variables", from_="/canarySettings/stageVariableOverrides"),
        patch("remove", "/canarySettings"),
    )
    assert stage["deploymentId"] == candidate
    assert stage["variables"] == {"flag": "on"}
    assert "canarySettings" not in stage
