"""§1 Shapes: stages, canarySettings, deployments, lists, HTTP status codes, ids."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from .conftest import make_deployable_api
from .helpers import (
    BARE_STAGE_KEYS,
    CANARY_KEYS,
    REGION,
    REST_API_ID,
    SHORT_ID,
    STAGE,
    assert_datetime,
    body,
    create_stage,
    deploy,
    get_stage,
    patch,
    raises_api_error,
    root_resource_id,
    status_of,
    update,
)


def assert_bare_stage(stage: dict[str, Any], deployment_id: str, name: str = STAGE) -> None:
    assert set(stage) == BARE_STAGE_KEYS
    assert stage["stageName"] == name
    assert stage["deploymentId"] == deployment_id
    assert stage["cacheClusterEnabled"] is False
    assert stage["cacheClusterStatus"] == "NOT_AVAILABLE"
    assert stage["methodSettings"] == {}
    assert stage["tracingEnabled"] is False
    assert_datetime(stage["createdDate"])
    assert_datetime(stage["lastUpdatedDate"])


# --- stage -------------------------------------------------------------------------------------


def test_create_stage_answers_201_with_bare_stage_shape(client: Any, api: str) -> None:
    deployment_id = deploy(client, api)
    response = client.create_stage(restApiId=api, stageName=STAGE, deploymentId=deployment_id)
    assert status_of(response) == 201
    assert_bare_stage(body(response), deployment_id)


def test_get_stage_answers_200_with_bare_stage_shape(client: Any, api: str) -> None:
    deployment_id = deploy(client, api)
    created = create_stage(client, api, deployment_id=deployment_id)
    response = client.get_stage(restApiId=api, stageName=STAGE)
    assert status_of(response) == 200
    assert_bare_stage(body(response), deployment_id)
    assert body(response) == created


def test_get_stages_items_have_the_stage_shape(client: Any, api: str) -> None:
    deployment_id = deploy(client, api)
    create_stage(client, api, deployment_id=deployment_id)
    response = client.get_stages(restApiId=api)
    assert status_of(response) == 200
    assert set(body(response)) == {"item"}
    (item,) = response["item"]
    assert_bare_stage(item, deployment_id)
    assert item == get_stage(client, api)


def test_update_stage_answers_200_with_the_whole_stage(client: Any, api: str) -> None:
    deployment_id = deploy(client, api)
    create_stage(client, api, deployment_id=deployment_id)
    response = client.update_stage(
        restApiId=api,
        stageName=STAGE,
        patchOperations=[patch("replace", "/tracingEnabled", "false")],
    )
    assert status_of(response) == 200
    assert_bare_stage(body(response), deployment_id)
    assert body(response) == get_stage(client, api)


def test_stage_made_by_create_deployment_without_description_is_bare(client: Any, api: str) -> None:
    deployment_id = deploy(client, api, stageName=STAGE)
    assert_bare_stage(get_stage(client, api), deployment_id)


def test_stage_made_by_create_deployment_ignores_deployment_description(
    client: Any, api: str
) -> None:
    deployment_id = deploy(client, api, stageName=STAGE, description="about the deployment")
    assert_bare_stage(get_stage(client, api), deployment_id)


def test_full_stage_shape(client: Any, api: str) -> None:
    deployment_id = deploy(client, api)
    created = create_stage(
        client,
        api,
        deployment_id=deployment_id,
        description="the prod stage",
        variables={"color": "blue"},
        cacheClusterEnabled=True,
        tracingEnabled=True,
        canarySettings={"percentTraffic": 5.0},
        tags={"team": "web"},
    )
    stage = update(
        client,
        api,
        patch(
            "replace", "/accessLogSettings/destinationArn", "arn:aws:logs:us-east-1:1:log-group:g"
        ),
        patch("replace", "/accessLogSettings/format", "$context.requestId"),
        patch("replace", "/*/*/metrics/enabled", "true"),
    )
    assert set(created) == BARE_STAGE_KEYS | {
        "description",
        "variables",
        "cacheClusterSize",
        "canarySettings",
        "tags",
    }
    assert set(stage) == set(created) | {"accessLogSettings"}
    assert stage["description"] == "the prod stage"
    assert stage["variables"] == {"color": "blue"}
    assert stage["cacheClusterEnabled"] is True
    assert stage["cacheClusterStatus"] == "AVAILABLE"
    assert stage["cacheClusterSize"] == "0.5"
    assert stage["tracingEnabled"] is True
    assert stage["tags"] == {"team": "web"}
    assert stage["canarySettings"] == {
        "deploymentId": deployment_id,
        "percentTraffic": 5.0,
        "useStageCache": False,
    }
    assert stage["accessLogSettings"] == {
        "destinationArn": "arn:aws:logs:us-east-1:1:log-group:g",
        "format": "$context.requestId",
    }
    assert set(stage["methodSettings"]) == {"*/*"}
    assert get_stage(client, api) == stage


def test_documentation_version_present_only_when_set(client: Any, api: str) -> None:
    create_stage(client, api, "plain")
    client.create_documentation_version(restApiId=api, documentationVersion="v1")
    stage = create_stage(client, api, "documented", documentationVersion="v1")
    assert "documentationVersion" not in get_stage(client, api, "plain")
    assert stage["documentationVersion"] == "v1"
    assert get_stage(client, api, "documented")["documentationVersion"] == "v1"


def test_unset_keys_are_absent_never_null(client: Any, api: str) -> None:
    stage = create_stage(client, api)
    for key in (
        "description",
        "variables",
        "canarySettings",
        "documentationVersion",
        "accessLogSettings",
        "tags",
        "cacheClusterSize",
        "clientCertificateId",
        "webAclArn",
    ):
        assert key not in stage


def test_cache_cluster_size_appears_only_while_cache_enabled(client: Any, api: str) -> None:
    create_stage(client, api)
    enabled = update(client, api, patch("replace", "/cacheClusterEnabled", "true"))
    assert enabled["cacheClusterSize"] == "0.5"
    assert enabled["cacheClusterStatus"] == "AVAILABLE"
    disabled = update(client, api, patch("replace", "/cacheClusterEnabled", "false"))
    assert "cacheClusterSize" not in disabled
    assert disabled["cacheClusterStatus"] == "NOT_AVAILABLE"
    assert disabled["cacheClusterEnabled"] is False


# --- canarySettings ----------------------------------------------------------------------------


@pytest.mark.parametrize("percent", [50, 50.0], ids=["int", "float"])
def test_canary_percent_traffic_reads_back_as_float_from_create_stage(
    client: Any, api: str, percent: float
) -> None:
    create_stage(client, api, canarySettings={"percentTraffic": percent})
    canary = get_stage(client, api)["canarySettings"]
    assert set(canary) == CANARY_KEYS
    assert isinstance(canary["percentTraffic"], float)
    assert canary["percentTraffic"] == 50.0
    assert canary["useStageCache"] is False


@pytest.mark.parametrize("percent", [50, 50.0], ids=["int", "float"])
def test_canary_percent_traffic_reads_back_as_float_from_create_deployment(
    client: Any, api: str, percent: float
) -> None:
    create_stage(client, api)
    deploy(client, api, stageName=STAGE, canarySettings={"percentTraffic": percent})
    canary = get_stage(client, api)["canarySettings"]
    assert set(canary) == CANARY_KEYS
    assert isinstance(canary["percentTraffic"], float)
    assert canary["percentTraffic"] == 50.0


@pytest.mark.parametrize("text", ["50", "50.0", "50.000"])
def test_canary_percent_traffic_reads_back_as_float_from_update_stage(
    client: Any, api: str, text: str
) -> None:
    create_stage(client, api)
    canary = update(client, api, patch("replace", "/canarySettings/percentTraffic", text))[
        "canarySettings"
    ]
    assert isinstance(canary["percentTraffic"], float)
    assert canary["percentTraffic"] == 50.0


def test_canary_overrides_key_only_when_an_override_exists(client: Any, api: str) -> None:
    create_stage(client, api, "without", canarySettings={"percentTraffic": 1.0})
    create_stage(
        client,
        api,
        "with",
        canarySettings={"percentTraffic": 1.0, "stageVariableOverrides": {"color": "green"}},
    )
    without = get_stage(client, api, "without")["canarySettings"]
    with_overrides = get_stage(client, api, "with")["canarySettings"]
    assert set(without) == CANARY_KEYS
    assert set(with_overrides) == CANARY_KEYS | {"stageVariableOverrides"}
    assert with_overrides["stageVariableOverrides"] == {"color": "green"}


def test_empty_maps_count_as_unset(client: Any, api: str) -> None:
    stage = create_stage(
        client,
        api,
        variables={},
        canarySettings={"percentTraffic": 1.0, "stageVariableOverrides": {}},
    )
    assert "variables" not in stage
    assert set(stage["canarySettings"]) == CANARY_KEYS
    deploy(client, api, stageName="implicit", variables={})
    assert "variables" not in get_stage(client, api, "implicit")


def test_canary_use_stage_cache_is_a_bool(client: Any, api: str) -> None:
    create_stage(client, api, canarySettings={"percentTraffic": 1.0, "useStageCache": True})
    assert get_stage(client, api)["canarySettings"]["useStageCache"] is True


# --- deployments -------------------------------------------------------------------------------


def test_create_deployment_answers_201_with_id_and_created_date(client: Any, api: str) -> None:
    response = client.create_deployment(restApiId=api)
    assert status_of(response) == 201
    deployment = body(response)
    assert set(deployment) == {"id", "createdDate"}
    assert SHORT_ID.match(deployment["id"])
    assert_datetime(deployment["createdDate"])


def test_deployment_description_present_only_when_given(client: Any, api: str) -> None:
    response = client.create_deployment(restApiId=api, description="release 7")
    assert set(body(response)) == {"id", "createdDate", "description"}
    assert response["description"] == "release 7"
    fetched = body(client.get_deployment(restApiId=api, deploymentId=response["id"]))
    assert fetched == body(response)


def test_get_deployment_answers_200_without_description_when_none_given(
    client: Any, api: str
) -> None:
    deployment_id = deploy(client, api)
    response = client.get_deployment(restApiId=api, deploymentId=deployment_id)
    assert status_of(response) == 200
    assert set(body(response)) == {"id", "createdDate"}
    assert response["id"] == deployment_id


def test_canary_deployment_carries_no_canary_information(client: Any, api: str) -> None:
    create_stage(client, api)
    response = client.create_deployment(
        restApiId=api,
        stageName=STAGE,
        canarySettings={"percentTraffic": 10.0, "stageVariableOverrides": {"a": "b"}},
    )
    assert status_of(response) == 201
    assert set(body(response)) == {"id", "createdDate"}
    fetched = client.get_deployment(restApiId=api, deploymentId=response["id"])
    assert set(body(fetched)) == {"id", "createdDate"}
    listed = next(
        item
        for item in client.get_deployments(restApiId=api)["items"]
        if item["id"] == response["id"]
    )
    assert set(listed) == {"id", "createdDate"}


def test_get_deployment_embed_apisummary(client: Any, api: str) -> None:
    deployment_id = deploy(client, api)
    response = client.get_deployment(
        restApiId=api, deploymentId=deployment_id, embed=["apisummary"]
    )
    assert response["apiSummary"] == {
        "/": {"GET": {"authorizationType": "NONE", "apiKeyRequired": False}}
    }
    plain = client.get_deployment(restApiId=api, deploymentId=deployment_id)
    assert "apiSummary" not in plain


# --- lists -------------------------------------------------------------------------------------


def test_get_stages_answers_singular_item(client: Any, api: str) -> None:
    response = client.get_stages(restApiId=api)
    assert status_of(response) == 200
    assert body(response) == {"item": []}


def test_get_deployments_answers_items(client: Any, api: str) -> None:
    first, second = deploy(client, api), deploy(client, api)
    response = client.get_deployments(restApiId=api)
    assert status_of(response) == 200
    assert "items" in response
    assert "item" not in response
    assert sorted(item["id"] for item in response["items"]) == sorted([first, second])


def test_get_deployments_pages_with_position_and_limit(client: Any, api: str) -> None:
    created = {deploy(client, api) for _ in range(3)}
    first_page = client.get_deployments(restApiId=api, limit=2)
    assert len(first_page["items"]) == 2
    assert "position" in first_page
    second_page = client.get_deployments(restApiId=api, limit=2, position=first_page["position"])
    assert len(second_page["items"]) == 1
    assert "position" not in second_page
    seen = [item["id"] for item in first_page["items"] + second_page["items"]]
    assert sorted(seen) == sorted(created)


def test_get_rest_apis_answers_items_and_pages(client: Any) -> None:
    ids = {make_deployable_api(client, f"api-{n}") for n in range(3)}
    response = client.get_rest_apis()
    assert status_of(response) == 200
    assert {item["id"] for item in response["items"]} == ids
    first_page = client.get_rest_apis(limit=2)
    second_page = client.get_rest_apis(limit=2, position=first_page["position"])
    assert len(first_page["items"]) == 2
    assert "position" not in second_page
    assert {item["id"] for item in first_page["items"] + second_page["items"]} == ids


# --- status codes and metadata ------------------------------------------------------------------


def test_setup_operations_answer_201(client: Any) -> None:
    created = client.create_rest_api(name="codes")
    assert status_of(created) == 201
    api_id, root_id = created["id"], created["rootResourceId"]
    resource = client.create_resource(restApiId=api_id, parentId=root_id, pathPart="pets")
    assert status_of(resource) == 201
    method = client.put_method(
        restApiId=api_id, resourceId=resource["id"], httpMethod="GET", authorizationType="NONE"
    )
    assert status_of(method) == 201
    integration = client.put_integration(
        restApiId=api_id, resourceId=resource["id"], httpMethod="GET", type="MOCK"
    )
    assert status_of(integration) == 201


def test_get_resources_lists_the_root_resource(client: Any) -> None:
    created = client.create_rest_api(name="resources")
    response = client.get_resources(restApiId=created["id"])
    assert status_of(response) == 200
    assert [item["path"] for item in response["items"]] == ["/"]
    assert response["items"][0]["id"] == created["rootResourceId"]
    assert root_resource_id(client, created["id"]) == created["rootResourceId"]


def test_delete_operations_answer_202(client: Any, api: str) -> None:
    deployment_id = deploy(client, api)
    create_stage(client, api, deployment_id=deploy(client, api))
    assert status_of(client.delete_stage(restApiId=api, stageName=STAGE)) == 202
    assert status_of(client.delete_deployment(restApiId=api, deploymentId=deployment_id)) == 202
    assert status_of(client.delete_rest_api(restApiId=api)) == 202


def test_every_success_carries_response_metadata(client: Any, api: str) -> None:
    responses = [
        client.create_deployment(restApiId=api, stageName=STAGE),
        client.get_stage(restApiId=api, stageName=STAGE),
        client.get_stages(restApiId=api),
        client.get_deployments(restApiId=api),
        client.update_stage(
            restApiId=api,
            stageName=STAGE,
            patchOperations=[patch("replace", "/description", "d")],
        ),
        client.delete_stage(restApiId=api, stageName=STAGE),
    ]
    for response in responses:
        metadata = response["ResponseMetadata"]
        assert {"RequestId", "HTTPStatusCode", "HTTPHeaders", "RetryAttempts"} <= set(metadata)
        assert isinstance(metadata["HTTPHeaders"], dict)


def test_error_has_code_message_and_top_level_message(client: Any, api: str) -> None:
    with raises_api_error(client, "NotFoundException", 404) as error:
        client.get_stage(restApiId=api, stageName="missing")
    assert error.response["message"] == error.response["Error"]["Message"]


# --- ids ---------------------------------------------------------------------------------------


def test_ids_have_aws_lengths_and_alphabet(client: Any) -> None:
    api_id = make_deployable_api(client)
    assert REST_API_ID.match(api_id), api_id
    root_id = client.get_rest_api(restApiId=api_id)["rootResourceId"]
    child = client.create_resource(restApiId=api_id, parentId=root_id, pathPart="pets")
    assert SHORT_ID.match(child["id"]), child
    for resource in client.get_resources(restApiId=api_id)["items"]:
        assert SHORT_ID.match(resource["id"]), resource
    for _ in range(5):
        deployment_id = deploy(client, api_id)
        assert SHORT_ID.match(deployment_id), deployment_id


def test_ids_are_unique(client: Any, api: str) -> None:
    ids = [deploy(client, api) for _ in range(20)]
    assert len(set(ids)) == 20


# --- the documented helpers ---------------------------------------------------------------------


def test_create_deployable_api_helper_makes_a_deployable_api(apigateway_mock: Any) -> None:
    api_id = apigateway_mock.create_deployable_api(name="helper", region=REGION)
    assert REST_API_ID.match(api_id)
    client = boto3.client("apigateway", region_name=REGION)
    deployment = client.create_deployment(restApiId=api_id, stageName=STAGE)
    summary = client.get_deployment(
        restApiId=api_id, deploymentId=deployment["id"], embed=["apisummary"]
    )["apiSummary"]
    assert summary == {"/": {"GET": {"authorizationType": "NONE", "apiKeyRequired": False}}}


def test_client_created_before_the_mock_started_is_served() -> None:
    from apigw_canary_mock import mock_apigateway

    early_client = boto3.client("apigateway", region_name=REGION)
    with mock_apigateway():
        api_id = make_deployable_api(early_client)
        response = early_client.create_deployment(restApiId=api_id, stageName=STAGE)
        assert status_of(response) == 201
        assert get_stage(early_client, api_id)["deploymentId"] == response["id"]


def test_mock_apigateway_context_manager_gives_fresh_state() -> None:
    from apigw_canary_mock import mock_apigateway

    with mock_apigateway() as apigw:
        client = boto3.client("apigateway", region_name=REGION)
        api_id = apigw.create_deployable_api(name="x", region=REGION)
        client.create_deployment(restApiId=api_id, stageName=STAGE)
        assert [stage["stageName"] for stage in client.get_stages(restApiId=api_id)["item"]] == [
            STAGE
        ]
    with mock_apigateway():
        client = boto3.client("apigateway", region_name=REGION)
        assert client.get_rest_apis()["items"] == []
