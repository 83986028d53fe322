"""§2 CreateDeployment: every row of the table, exact texts, no deployment left behind on error."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
import time_machine

from .helpers import (
    CANARY_KEYS,
    CANARY_STAGE_NAME_EMPTY,
    CANARY_STAGE_NAME_NULL,
    NO_INTEGRATION,
    NO_METHODS,
    STAGE,
    canary_stage_missing,
    create_canary_stage,
    create_stage,
    deploy,
    deployment_ids,
    get_stage,
    non_canary_on_canary_stage,
    raises_api_error,
    root_resource_id,
    status_of,
)

T0 = datetime(2024, 3, 1, 12, 0, 0, tzinfo=timezone.utc)


# --- APIs that cannot be deployed ----------------------------------------------------------------


def test_api_without_methods_cannot_be_deployed(client: Any) -> None:
    api_id = client.create_rest_api(name="empty")["id"]
    with raises_api_error(client, "BadRequestException", 400, NO_METHODS):
        client.create_deployment(restApiId=api_id, stageName=STAGE)
    assert deployment_ids(client, api_id) == []
    assert client.get_stages(restApiId=api_id)["item"] == []


def test_method_without_integration_cannot_be_deployed(client: Any) -> None:
    created = client.create_rest_api(name="no-integration")
    api_id, root_id = created["id"], created["rootResourceId"]
    client.put_method(
        restApiId=api_id, resourceId=root_id, httpMethod="GET", authorizationType="NONE"
    )
    with raises_api_error(client, "BadRequestException", 400, NO_INTEGRATION):
        client.create_deployment(restApiId=api_id, stageName=STAGE)
    assert deployment_ids(client, api_id) == []
    assert client.get_stages(restApiId=api_id)["item"] == []


def test_method_without_integration_on_a_child_resource_cannot_be_deployed(
    client: Any, api: str
) -> None:
    root_id = root_resource_id(client, api)  # read through GetResources
    child = client.create_resource(restApiId=api, parentId=root_id, pathPart="pets")
    client.put_method(
        restApiId=api, resourceId=child["id"], httpMethod="POST", authorizationType="NONE"
    )
    with raises_api_error(client, "BadRequestException", 400, NO_INTEGRATION):
        client.create_deployment(restApiId=api)
    assert deployment_ids(client, api) == []


# --- stageName without canary --------------------------------------------------------------------


def test_deployment_without_stage_name_creates_no_stage(client: Any, api: str) -> None:
    deploy(client, api)
    assert client.get_stages(restApiId=api)["item"] == []


def test_stage_name_of_new_stage_creates_stage_from_request(client: Any, api: str) -> None:
    response = client.create_deployment(
        restApiId=api,
        stageName=STAGE,
        stageDescription="stage text",
        description="deployment text",
        variables={"color": "blue", "size": "L"},
        cacheClusterEnabled=True,
        cacheClusterSize="1.6",
        tracingEnabled=True,
    )
    assert status_of(response) == 201
    stage = get_stage(client, api)
    assert stage["deploymentId"] == response["id"]
    assert stage["description"] == "stage text"
    assert stage["variables"] == {"color": "blue", "size": "L"}
    assert stage["cacheClusterEnabled"] is True
    assert stage["cacheClusterSize"] == "1.6"
    assert stage["cacheClusterStatus"] == "AVAILABLE"
    assert stage["tracingEnabled"] is True
    assert "canarySettings" not in stage
    assert response["description"] == "deployment text"


def test_stage_name_of_new_stage_with_cache_defaults_size(client: Any, api: str) -> None:
    deploy(client, api, stageName=STAGE, cacheClusterEnabled=True)
    stage = get_stage(client, api)
    assert stage["cacheClusterSize"] == "0.5"
    assert stage["cacheClusterStatus"] == "AVAILABLE"


def test_implicit_stage_timestamps_are_the_creation_time(client: Any, api: str) -> None:
    with time_machine.travel(T0, tick=False):
        deployment = client.create_deployment(restApiId=api, stageName=STAGE)
    stage = get_stage(client, api)
    assert deployment["createdDate"] == T0
    assert stage["createdDate"] == T0
    assert stage["lastUpdatedDate"] == T0


def test_stage_name_of_existing_stage_repoints_it(client: Any, api: str) -> None:
    with time_machine.travel(T0, tick=False):
        first = deploy(client, api, stageName=STAGE, stageDescription="kept")
        before = get_stage(client, api)
    with time_machine.travel(T0 + timedelta(minutes=5), tick=False):
        second = deploy(client, api, stageName=STAGE)
    after = get_stage(client, api)
    assert before["deploymentId"] == first
    assert after["deploymentId"] == second
    assert after["description"] == "kept"
    assert after["createdDate"] == before["createdDate"]
    assert after["lastUpdatedDate"] > before["lastUpdatedDate"]
    assert after["lastUpdatedDate"] == T0 + timedelta(minutes=5)
    assert [stage["stageName"] for stage in client.get_stages(restApiId=api)["item"]] == [STAGE]


def test_stage_name_of_existing_stage_merges_variables(client: Any, api: str) -> None:
    deploy(client, api, stageName=STAGE, variables={"a": "1", "b": "2"})
    deploy(client, api, stageName=STAGE, variables={"b": "3", "c": "4"})
    assert get_stage(client, api)["variables"] == {"a": "1", "b": "3", "c": "4"}


def test_stage_name_of_existing_stage_without_variables_keeps_them(client: Any, api: str) -> None:
    deploy(client, api, stageName=STAGE, variables={"a": "1"})
    deploy(client, api, stageName=STAGE)
    assert get_stage(client, api)["variables"] == {"a": "1"}


# --- canarySettings ------------------------------------------------------------------------------


def test_canary_without_stage_name_is_rejected(client: Any, api: str) -> None:
    create_stage(client, api)
    before = deployment_ids(client, api)
    with raises_api_error(client, "BadRequestException", 400, CANARY_STAGE_NAME_NULL):
        client.create_deployment(restApiId=api, canarySettings={"percentTraffic": 10.0})
    assert deployment_ids(client, api) == before


def test_canary_with_empty_stage_name_is_rejected_with_trailing_space(
    client: Any, api: str
) -> None:
    create_stage(client, api)
    before = deployment_ids(client, api)
    with raises_api_error(client, "BadRequestException", 400, CANARY_STAGE_NAME_EMPTY) as error:
        client.create_deployment(
            restApiId=api, stageName="", canarySettings={"percentTraffic": 10.0}
        )
    assert error.message.endswith("Provided value is ")
    assert deployment_ids(client, api) == before


@pytest.mark.parametrize("missing", ["beta", "Prod-2"])
def test_canary_on_missing_stage_is_rejected(client: Any, api: str, missing: str) -> None:
    create_stage(client, api)
    before = deployment_ids(client, api)
    with raises_api_error(client, "BadRequestException", 400, canary_stage_missing(missing)):
        client.create_deployment(
            restApiId=api, stageName=missing, canarySettings={"percentTraffic": 10.0}
        )
    assert deployment_ids(client, api) == before
    assert [stage["stageName"] for stage in client.get_stages(restApiId=api)["item"]] == [STAGE]


def test_canary_on_existing_stage_leaves_stage_own_settings(client: Any, api: str) -> None:
    base = deploy(client, api)
    create_stage(client, api, deployment_id=base, description="stable", variables={"color": "blue"})
    before = get_stage(client, api)
    response = client.create_deployment(
        restApiId=api,
        stageName=STAGE,
        canarySettings={"percentTraffic": 12.5, "stageVariableOverrides": {"color": "green"}},
    )
    assert status_of(response) == 201
    stage = get_stage(client, api)
    assert stage["deploymentId"] == base
    assert stage["variables"] == {"color": "blue"}
    assert stage["description"] == "stable"
    assert stage["canarySettings"] == {
        "deploymentId": response["id"],
        "percentTraffic": 12.5,
        "useStageCache": False,
        "stageVariableOverrides": {"color": "green"},
    }
    assert stage["createdDate"] == before["createdDate"]


def test_canary_percent_traffic_defaults_to_zero(client: Any, api: str) -> None:
    create_stage(client, api)
    canary_id = deploy(client, api, stageName=STAGE, canarySettings={})
    canary = get_stage(client, api)["canarySettings"]
    assert canary == {"deploymentId": canary_id, "percentTraffic": 0.0, "useStageCache": False}
    assert isinstance(canary["percentTraffic"], float)


def test_canary_use_stage_cache_from_request(client: Any, api: str) -> None:
    create_stage(client, api)
    deploy(
        client, api, stageName=STAGE, canarySettings={"percentTraffic": 1.0, "useStageCache": True}
    )
    canary = get_stage(client, api)["canarySettings"]
    assert set(canary) == CANARY_KEYS
    assert canary["useStageCache"] is True


def test_canary_on_canary_stage_replaces_the_canary_whole(client: Any, api: str) -> None:
    base, first_canary = create_canary_stage(
        client, api, percent=10.0, overrides={"color": "green", "old": "x"}
    )
    update_response = client.update_stage(
        restApiId=api,
        stageName=STAGE,
        patchOperations=[
            {"op": "replace", "path": "/canarySettings/useStageCache", "value": "true"}
        ],
    )
    assert update_response["canarySettings"]["useStageCache"] is True
    second_canary = deploy(
        client,
        api,
        stageName=STAGE,
        canarySettings={"percentTraffic": 30.0, "stageVariableOverrides": {"color": "red"}},
    )
    stage = get_stage(client, api)
    assert second_canary != first_canary
    assert stage["deploymentId"] == base
    assert stage["canarySettings"] == {
        "deploymentId": second_canary,
        "percentTraffic": 30.0,
        "useStageCache": False,
        "stageVariableOverrides": {"color": "red"},
    }


def test_canary_replacement_without_overrides_drops_old_overrides(client: Any, api: str) -> None:
    create_canary_stage(client, api, overrides={"color": "green"})
    second_canary = deploy(client, api, stageName=STAGE, canarySettings={"percentTraffic": 5.0})
    assert get_stage(client, api)["canarySettings"] == {
        "deploymentId": second_canary,
        "percentTraffic": 5.0,
        "useStageCache": False,
    }


def test_non_canary_deployment_on_canary_stage_is_rejected(client: Any, api: str) -> None:
    create_canary_stage(client, api)
    before_stage = get_stage(client, api)
    before_ids = deployment_ids(client, api)
    with raises_api_error(client, "BadRequestException", 400, non_canary_on_canary_stage(STAGE)):
        client.create_deployment(restApiId=api, stageName=STAGE)
    assert deployment_ids(client, api) == before_ids
    assert get_stage(client, api) == before_stage


def test_deployment_without_stage_name_ignores_canary_stages(client: Any, api: str) -> None:
    create_canary_stage(client, api)
    before = get_stage(client, api)
    response = client.create_deployment(restApiId=api, description="unattached")
    assert status_of(response) == 201
    assert get_stage(client, api) == before


def test_non_canary_deployment_on_other_stage_is_allowed(client: Any, api: str) -> None:
    create_canary_stage(client, api, "canaried")
    create_stage(client, api, "plain")
    new_id = deploy(client, api, stageName="plain")
    assert get_stage(client, api, "plain")["deploymentId"] == new_id


def test_non_canary_deployment_text_names_the_stage(client: Any, api: str) -> None:
    create_canary_stage(client, api, name="blue_green-1")
    with raises_api_error(
        client, "BadRequestException", 400, non_canary_on_canary_stage("blue_green-1")
    ):
        client.create_deployment(restApiId=api, stageName="blue_green-1", variables={"a": "b"})


def test_non_canary_deployment_allowed_again_after_canary_removed(client: Any, api: str) -> None:
    create_canary_stage(client, api)
    client.update_stage(
        restApiId=api,
        stageName=STAGE,
        patchOperations=[{"op": "remove", "path": "/canarySettings"}],
    )
    new_id = deploy(client, api, stageName=STAGE)
    stage = get_stage(client, api)
    assert stage["deploymentId"] == new_id
    assert "canarySettings" not in stage
