"""Combinations checked in review: multi-op sequences over a canary, re-deploys, deletes."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import time_machine

from .helpers import (
    ACTIVE_STAGES,
    assert_datetime,
    body,
    deploy,
    get_stage,
    patch,
    raises_api_error,
    status_of,
    update,
)

T0 = datetime(2024, 5, 1, 9, 0, 0, tzinfo=timezone.utc)
T1 = T0 + timedelta(hours=1)


def _canary_on_redeployed_stage(client: Any, api: str) -> tuple[str, str]:
    base = deploy(client, api, stageName="prod", variables={"a": "1", "b": "2"})
    canary = deploy(
        client,
        api,
        stageName="prod",
        canarySettings={
            "percentTraffic": 25.5,
            "stageVariableOverrides": {"a": "9", "c": "3"},
            "useStageCache": True,
        },
    )
    return base, canary


def test_remove_then_recreate_canary_in_one_request(client: Any, api: str) -> None:
    """A later op sees the earlier one: the new canary starts from scratch on the stage."""
    base, _ = _canary_on_redeployed_stage(client, api)
    answer = update(
        client,
        api,
        patch("remove", "/canarySettings"),
        patch("replace", "/canarySettings/stageVariableOverrides/x", "v"),
    )
    assert answer["deploymentId"] == base
    assert answer["variables"] == {"a": "1", "b": "2"}
    assert answer["canarySettings"] == {
        "deploymentId": base,
        "percentTraffic": 0.0,
        "useStageCache": False,
        "stageVariableOverrides": {"x": "v"},
    }


def test_promotion_after_repointing_the_canary(client: Any, api: str) -> None:
    base, canary = _canary_on_redeployed_stage(client, api)
    update(client, api, patch("remove", "/canarySettings/stageVariableOverrides/a"))
    answer = update(
        client,
        api,
        patch("replace", "/canarySettings/deploymentId", base),
        patch("replace", "/canarySettings/deploymentId", canary),
        patch("replace", "/canarySettings/percentTraffic", "0.0"),
        patch("copy", "/deploymentId", from_="/canarySettings/deploymentId"),
        patch("copy", "/variables", from_="/canarySettings/stageVariableOverrides"),
    )
    assert answer["deploymentId"] == canary
    assert answer["variables"] == {"a": "1", "b": "2", "c": "3"}
    # The canary stays, with the percentTraffic the request set (§4.2).
    assert answer["canarySettings"] == {
        "deploymentId": canary,
        "percentTraffic": 0.0,
        "useStageCache": True,
        "stageVariableOverrides": {"c": "3"},
    }
    # The old base deployment is free now; the promoted one is held twice.
    assert status_of(client.delete_deployment(restApiId=api, deploymentId=base)) == 202
    with raises_api_error(client, "BadRequestException", 400, ACTIVE_STAGES):
        client.delete_deployment(restApiId=api, deploymentId=canary)
    listed = client.get_stages(restApiId=api, deploymentId=canary)["item"]
    assert [item["stageName"] for item in listed] == ["prod"]


def test_remove_canary_keeps_everything_else_and_advances_last_updated(
    client: Any, api: str
) -> None:
    with time_machine.travel(T0, tick=False):
        _canary_on_redeployed_stage(client, api)
        update(
            client,
            api,
            patch("replace", "/description", "d"),
            patch("replace", "/*/*/metrics/enabled", "true"),
            patch("replace", "/tracingEnabled", "true"),
        )
        before = get_stage(client, api)
    with time_machine.travel(T1, tick=False):
        answer = update(client, api, patch("remove", "/canarySettings"))
    assert "canarySettings" not in answer
    assert_datetime(answer["lastUpdatedDate"])
    assert answer["lastUpdatedDate"] == T1
    assert answer["createdDate"] == before["createdDate"] == T0
    expected = {k: v for k, v in before.items() if k not in ("canarySettings", "lastUpdatedDate")}
    assert {k: v for k, v in answer.items() if k != "lastUpdatedDate"} == expected


def test_canary_replaced_by_create_deployment_without_overrides(client: Any, api: str) -> None:
    """The override map is replaced whole: a canary without overrides has no overrides key."""
    _canary_on_redeployed_stage(client, api)
    third = deploy(client, api, stageName="prod", canarySettings={})
    assert get_stage(client, api)["canarySettings"] == {
        "deploymentId": third,
        "percentTraffic": 0.0,
        "useStageCache": False,
    }


def test_delete_response_is_empty_202(client: Any, api: str) -> None:
    deployment_id = deploy(client, api)
    answer = client.delete_deployment(restApiId=api, deploymentId=deployment_id)
    assert status_of(answer) == 202
    assert body(answer) == {}
