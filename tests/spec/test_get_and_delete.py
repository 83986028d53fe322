"""§5 GetStage / GetStages and §6 deletes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from .helpers import (
    ACTIVE_STAGES,
    DEPLOYMENT_NOT_FOUND,
    STAGE,
    STAGE_NOT_FOUND,
    api_not_found,
    create_canary_stage,
    create_stage,
    deploy,
    deployment_ids,
    get_stage,
    patch,
    raises_api_error,
    status_of,
    update,
)

UNKNOWN_API = "abcde12345"

# --- GetStage ----------------------------------------------------------------------------------


def test_get_stage_of_missing_stage(client: Any, api: str) -> None:
    create_stage(client, api)
    with raises_api_error(client, "NotFoundException", 404, STAGE_NOT_FOUND):
        client.get_stage(restApiId=api, stageName="missing")


def test_get_stage_is_per_api(client: Any, api: str) -> None:
    other_api = client.create_rest_api(name="other")["id"]
    create_stage(client, api)
    with raises_api_error(client, "NotFoundException", 404, STAGE_NOT_FOUND):
        client.get_stage(restApiId=other_api, stageName=STAGE)


# --- unknown restApiId everywhere ---------------------------------------------------------------

UNKNOWN_API_CALLS: dict[str, Callable[[Any], Any]] = {
    "get_rest_api": lambda c: c.get_rest_api(restApiId=UNKNOWN_API),
    "get_stage": lambda c: c.get_stage(restApiId=UNKNOWN_API, stageName=STAGE),
    "get_stages": lambda c: c.get_stages(restApiId=UNKNOWN_API),
    "create_stage": lambda c: c.create_stage(
        restApiId=UNKNOWN_API, stageName=STAGE, deploymentId="abc123"
    ),
    "update_stage": lambda c: c.update_stage(
        restApiId=UNKNOWN_API,
        stageName=STAGE,
        patchOperations=[patch("replace", "/description", "x")],
    ),
    "delete_stage": lambda c: c.delete_stage(restApiId=UNKNOWN_API, stageName=STAGE),
    "create_deployment": lambda c: c.create_deployment(restApiId=UNKNOWN_API, stageName=STAGE),
    "create_canary_deployment": lambda c: c.create_deployment(
        restApiId=UNKNOWN_API, stageName=STAGE, canarySettings={"percentTraffic": 1.0}
    ),
    "get_deployment": lambda c: c.get_deployment(restApiId=UNKNOWN_API, deploymentId="abc123"),
    "get_deployments": lambda c: c.get_deployments(restApiId=UNKNOWN_API),
    "delete_deployment": lambda c: c.delete_deployment(
        restApiId=UNKNOWN_API, deploymentId="abc123"
    ),
    "get_resources": lambda c: c.get_resources(restApiId=UNKNOWN_API),
}


@pytest.mark.parametrize("call", UNKNOWN_API_CALLS.values(), ids=UNKNOWN_API_CALLS.keys())
def test_unknown_rest_api_id_is_not_found(
    client: Any, api: str, call: Callable[[Any], Any]
) -> None:
    with raises_api_error(client, "NotFoundException", 404, api_not_found(UNKNOWN_API)):
        call(client)


def test_deleted_rest_api_is_unknown(client: Any, api: str) -> None:
    client.delete_rest_api(restApiId=api)
    with raises_api_error(client, "NotFoundException", 404, api_not_found(api)):
        client.get_stages(restApiId=api)


# --- GetStages ---------------------------------------------------------------------------------


def test_get_stages_lists_in_creation_order(client: Any, api: str) -> None:
    deployment_id = deploy(client, api)
    for name in ["zeta", "alpha", "mid", "Beta"]:
        create_stage(client, api, name, deployment_id)
    deploy(client, api, stageName="aaa")
    names = [stage["stageName"] for stage in client.get_stages(restApiId=api)["item"]]
    assert names == ["zeta", "alpha", "mid", "Beta", "aaa"]


def test_get_stages_items_equal_get_stage(client: Any, api: str) -> None:
    create_canary_stage(client, api, "one", overrides={"a": "b"}, variables={"a": "c"})
    create_stage(client, api, "two", description="second")
    items = client.get_stages(restApiId=api)["item"]
    assert items == [get_stage(client, api, "one"), get_stage(client, api, "two")]


def test_get_stages_filters_on_the_stage_own_deployment(client: Any, api: str) -> None:
    first, second = deploy(client, api), deploy(client, api)
    create_stage(client, api, "b-stage", first)
    create_stage(client, api, "other", second)
    create_stage(client, api, "a-stage", first)
    response = client.get_stages(restApiId=api, deploymentId=first)
    assert status_of(response) == 200
    assert [stage["stageName"] for stage in response["item"]] == ["b-stage", "a-stage"]


def test_get_stages_filter_skips_canary_only_links(client: Any, api: str) -> None:
    base, canary_id = create_canary_stage(client, api, "canaried")
    create_stage(client, api, "on-canary-deployment", canary_id)
    by_canary = client.get_stages(restApiId=api, deploymentId=canary_id)["item"]
    by_base = client.get_stages(restApiId=api, deploymentId=base)["item"]
    assert [stage["stageName"] for stage in by_canary] == ["on-canary-deployment"]
    assert [stage["stageName"] for stage in by_base] == ["canaried"]


def test_get_stages_filter_without_matches_is_empty(client: Any, api: str) -> None:
    create_stage(client, api)
    unused = deploy(client, api)
    assert client.get_stages(restApiId=api, deploymentId=unused)["item"] == []


def test_get_stages_filter_follows_promotion(client: Any, api: str) -> None:
    base, canary_id = create_canary_stage(client, api)
    update(client, api, patch("copy", "/deploymentId", from_="/canarySettings/deploymentId"))
    assert client.get_stages(restApiId=api, deploymentId=base)["item"] == []
    assert [
        s["stageName"] for s in client.get_stages(restApiId=api, deploymentId=canary_id)["item"]
    ] == [STAGE]


# --- DeleteDeployment --------------------------------------------------------------------------


def test_delete_unused_deployment(client: Any, api: str) -> None:
    create_stage(client, api)
    unused = deploy(client, api)
    response = client.delete_deployment(restApiId=api, deploymentId=unused)
    assert status_of(response) == 202
    assert unused not in deployment_ids(client, api)
    with raises_api_error(client, "NotFoundException", 404):
        client.get_deployment(restApiId=api, deploymentId=unused)


def test_delete_deployment_a_stage_points_to_is_blocked(client: Any, api: str) -> None:
    deployment_id = deploy(client, api)
    create_stage(client, api, deployment_id=deployment_id)
    with raises_api_error(client, "BadRequestException", 400, ACTIVE_STAGES):
        client.delete_deployment(restApiId=api, deploymentId=deployment_id)
    assert deployment_id in deployment_ids(client, api)


def test_delete_deployment_only_a_canary_points_to_is_blocked(client: Any, api: str) -> None:
    _, canary_id = create_canary_stage(client, api)
    with raises_api_error(client, "BadRequestException", 400, ACTIVE_STAGES):
        client.delete_deployment(restApiId=api, deploymentId=canary_id)
    assert canary_id in deployment_ids(client, api)
    assert get_stage(client, api)["canarySettings"]["deploymentId"] == canary_id


def test_delete_deployment_after_stage_moved(client: Any, api: str) -> None:
    first, second = deploy(client, api), deploy(client, api)
    create_stage(client, api, deployment_id=first)
    update(client, api, patch("replace", "/deploymentId", second))
    assert status_of(client.delete_deployment(restApiId=api, deploymentId=first)) == 202


def test_delete_canary_deployment_after_canary_removed(client: Any, api: str) -> None:
    _, canary_id = create_canary_stage(client, api)
    update(client, api, patch("remove", "/canarySettings"))
    assert status_of(client.delete_deployment(restApiId=api, deploymentId=canary_id)) == 202


def test_delete_unknown_deployment(client: Any, api: str) -> None:
    with raises_api_error(client, "NotFoundException", 404, DEPLOYMENT_NOT_FOUND):
        client.delete_deployment(restApiId=api, deploymentId="zzzzzz")


def test_delete_deployment_twice(client: Any, api: str) -> None:
    deployment_id = deploy(client, api)
    client.delete_deployment(restApiId=api, deploymentId=deployment_id)
    with raises_api_error(client, "NotFoundException", 404, DEPLOYMENT_NOT_FOUND):
        client.delete_deployment(restApiId=api, deploymentId=deployment_id)


# --- DeleteStage -------------------------------------------------------------------------------


def test_delete_stage(client: Any, api: str) -> None:
    deployment_id = deploy(client, api)
    create_stage(client, api, deployment_id=deployment_id)
    create_stage(client, api, "kept", deployment_id)
    response = client.delete_stage(restApiId=api, stageName=STAGE)
    assert status_of(response) == 202
    with raises_api_error(client, "NotFoundException", 404, STAGE_NOT_FOUND):
        client.get_stage(restApiId=api, stageName=STAGE)
    assert [stage["stageName"] for stage in client.get_stages(restApiId=api)["item"]] == ["kept"]


def test_delete_stage_frees_its_deployments(client: Any, api: str) -> None:
    base, canary_id = create_canary_stage(client, api)
    client.delete_stage(restApiId=api, stageName=STAGE)
    assert status_of(client.delete_deployment(restApiId=api, deploymentId=canary_id)) == 202
    assert status_of(client.delete_deployment(restApiId=api, deploymentId=base)) == 202


def test_delete_missing_stage(client: Any, api: str) -> None:
    with raises_api_error(client, "NotFoundException", 404, STAGE_NOT_FOUND):
        client.delete_stage(restApiId=api, stageName="missing")


def test_deleted_stage_name_can_be_reused(client: Any, api: str) -> None:
    create_stage(client, api, description="old")
    client.delete_stage(restApiId=api, stageName=STAGE)
    stage = create_stage(client, api)
    assert "description" not in stage


def test_rest_api_of_another_region_is_unknown(client: Any, api: str) -> None:
    import boto3

    other_region = boto3.client("apigateway", region_name="eu-west-1")
    with raises_api_error(other_region, "NotFoundException", 404, api_not_found(api)):
        other_region.get_stages(restApiId=api)
    assert other_region.get_rest_apis()["items"] == []


def test_update_of_missing_stage_is_not_found(client: Any, api: str) -> None:
    with raises_api_error(client, "NotFoundException", 404):
        update(client, api, patch("replace", "/description", "x"), name="missing")
    assert client.get_stages(restApiId=api)["item"] == []


def test_get_stages_order_survives_updates(client: Any, api: str) -> None:
    deployment_id = deploy(client, api)
    for name in ["zeta", "alpha", "mid"]:
        create_stage(client, api, name, deployment_id)
    update(client, api, patch("replace", "/description", "touched"), name="zeta")
    deploy(client, api, stageName="alpha")
    names = [stage["stageName"] for stage in client.get_stages(restApiId=api)["item"]]
    assert names == ["zeta", "alpha", "mid"]
