"""§3 CreateStage."""

from __future__ import annotations

from typing import Any

from .helpers import (
    DEPLOYMENT_ID_MISSING,
    STAGE,
    STAGE_EXISTS,
    body,
    create_canary_stage,
    create_stage,
    deploy,
    get_stage,
    raises_api_error,
    status_of,
)


def test_create_stage_answers_201_with_the_stage_as_get_stage_reads_it(
    client: Any, api: str
) -> None:
    deployment_id = deploy(client, api)
    response = client.create_stage(
        restApiId=api,
        stageName=STAGE,
        deploymentId=deployment_id,
        description="d",
        variables={"v": "1"},
    )
    assert status_of(response) == 201
    assert body(response) == get_stage(client, api)
    assert response["description"] == "d"
    assert response["variables"] == {"v": "1"}


def test_duplicate_stage_name_conflicts(client: Any, api: str) -> None:
    deployment_id = deploy(client, api)
    create_stage(client, api, deployment_id=deployment_id, description="first")
    before = get_stage(client, api)
    with raises_api_error(client, "ConflictException", 409, STAGE_EXISTS):
        client.create_stage(
            restApiId=api, stageName=STAGE, deploymentId=deploy(client, api), description="2nd"
        )
    assert get_stage(client, api) == before


def test_stage_names_are_case_sensitive_for_duplicates(client: Any, api: str) -> None:
    deployment_id = deploy(client, api)
    create_stage(client, api, "prod", deployment_id)
    create_stage(client, api, "Prod", deployment_id)
    assert [stage["stageName"] for stage in client.get_stages(restApiId=api)["item"]] == [
        "prod",
        "Prod",
    ]


def test_unknown_deployment_id_is_rejected(client: Any, api: str) -> None:
    with raises_api_error(client, "BadRequestException", 400, DEPLOYMENT_ID_MISSING):
        client.create_stage(restApiId=api, stageName=STAGE, deploymentId="zzzzzz")
    assert client.get_stages(restApiId=api)["item"] == []


def test_canary_deployment_may_equal_the_stage_deployment(client: Any, api: str) -> None:
    deployment_id = deploy(client, api)
    stage = create_stage(
        client,
        api,
        deployment_id=deployment_id,
        canarySettings={"deploymentId": deployment_id, "percentTraffic": 20.0},
    )
    assert stage["deploymentId"] == deployment_id
    assert stage["canarySettings"] == {
        "deploymentId": deployment_id,
        "percentTraffic": 20.0,
        "useStageCache": False,
    }


def test_canary_deployment_may_be_any_existing_deployment(client: Any, api: str) -> None:
    base, other = deploy(client, api), deploy(client, api)
    stage = create_stage(
        client,
        api,
        deployment_id=base,
        canarySettings={
            "deploymentId": other,
            "percentTraffic": 25,
            "useStageCache": True,
            "stageVariableOverrides": {"color": "green"},
        },
    )
    assert stage["deploymentId"] == base
    assert stage["canarySettings"] == {
        "deploymentId": other,
        "percentTraffic": 25.0,
        "useStageCache": True,
        "stageVariableOverrides": {"color": "green"},
    }
    assert get_stage(client, api) == stage


def test_canary_deployment_may_be_another_stage_canary(client: Any, api: str) -> None:
    _, canary_id = create_canary_stage(client, api, "first")
    stage = create_stage(
        client, api, "second", canarySettings={"deploymentId": canary_id, "percentTraffic": 1.0}
    )
    assert stage["canarySettings"]["deploymentId"] == canary_id
    assert get_stage(client, api, "first")["canarySettings"]["deploymentId"] == canary_id


def test_unknown_canary_deployment_id_is_rejected(client: Any, api: str) -> None:
    deployment_id = deploy(client, api)
    with raises_api_error(client, "BadRequestException", 400, DEPLOYMENT_ID_MISSING):
        client.create_stage(
            restApiId=api,
            stageName=STAGE,
            deploymentId=deployment_id,
            canarySettings={"deploymentId": "zzzzzz", "percentTraffic": 10.0},
        )
    assert client.get_stages(restApiId=api)["item"] == []


def test_canary_without_deployment_id_defaults_to_the_stage_deployment(
    client: Any, api: str
) -> None:
    deployment_id = deploy(client, api)
    stage = create_stage(
        client, api, deployment_id=deployment_id, canarySettings={"percentTraffic": 15.0}
    )
    assert stage["canarySettings"] == {
        "deploymentId": deployment_id,
        "percentTraffic": 15.0,
        "useStageCache": False,
    }


def test_canary_without_percent_traffic_defaults_to_zero(client: Any, api: str) -> None:
    deployment_id = deploy(client, api)
    stage = create_stage(
        client, api, deployment_id=deployment_id, canarySettings={"useStageCache": True}
    )
    canary = stage["canarySettings"]
    assert canary == {"deploymentId": deployment_id, "percentTraffic": 0.0, "useStageCache": True}
    assert isinstance(canary["percentTraffic"], float)


def test_empty_canary_settings_make_a_zero_canary_on_the_stage_deployment(
    client: Any, api: str
) -> None:
    deployment_id = deploy(client, api)
    stage = create_stage(client, api, deployment_id=deployment_id, canarySettings={})
    assert stage["canarySettings"] == {
        "deploymentId": deployment_id,
        "percentTraffic": 0.0,
        "useStageCache": False,
    }


def test_create_stage_takes_every_setting_from_the_request(client: Any, api: str) -> None:
    deployment_id = deploy(client, api)
    stage = create_stage(
        client,
        api,
        deployment_id=deployment_id,
        description="all of it",
        cacheClusterEnabled=True,
        cacheClusterSize="13.5",
        variables={"a": "1", "b": "two"},
        tracingEnabled=True,
        tags={"owner": "qa"},
    )
    assert stage["description"] == "all of it"
    assert stage["cacheClusterEnabled"] is True
    assert stage["cacheClusterSize"] == "13.5"
    assert stage["cacheClusterStatus"] == "AVAILABLE"
    assert stage["variables"] == {"a": "1", "b": "two"}
    assert stage["tracingEnabled"] is True
    assert stage["tags"] == {"owner": "qa"}
    assert stage["methodSettings"] == {}
