"""deployment-surface §4: a deployment freezes the API definition; apiSummary shows it."""

from __future__ import annotations

from typing import Any

from .helpers import STAGE, body, deploy, op


def summary(client: Any, api: str, deployment_id: str) -> dict[str, Any]:
    answer = client.get_deployment(restApiId=api, deploymentId=deployment_id, embed=["apisummary"])
    return dict(answer["apiSummary"])


def test_get_deployment_without_embed_has_no_api_summary(client: Any, api: str) -> None:
    deployment_id = deploy(client, api)
    assert set(body(client.get_deployment(restApiId=api, deploymentId=deployment_id))) == {
        "id",
        "createdDate",
    }


def test_api_summary_describes_the_snapshot_not_the_live_api(client: Any, api: str) -> None:
    root = client.get_rest_api(restApiId=api)["rootResourceId"]
    first = deploy(client, api)
    pets = client.create_resource(restApiId=api, parentId=root, pathPart="pets")["id"]
    client.put_method(
        restApiId=api, resourceId=pets, httpMethod="POST", authorizationType="AWS_IAM"
    )
    client.put_integration(restApiId=api, resourceId=pets, httpMethod="POST", type="MOCK")
    client.update_method(
        restApiId=api,
        resourceId=root,
        httpMethod="GET",
        patchOperations=[op("replace", "/apiKeyRequired", "true")],
    )
    second = deploy(client, api)
    client.delete_resource(restApiId=api, resourceId=pets)

    assert summary(client, api, first) == {
        "/": {"GET": {"authorizationType": "NONE", "apiKeyRequired": False}}
    }
    assert summary(client, api, second) == {
        "/": {"GET": {"authorizationType": "NONE", "apiKeyRequired": True}},
        "/pets": {"POST": {"authorizationType": "AWS_IAM", "apiKeyRequired": False}},
    }


def test_a_canary_deployment_has_its_own_snapshot(client: Any, api: str) -> None:
    root = client.get_rest_api(restApiId=api)["rootResourceId"]
    base = deploy(client, api, stageName=STAGE)
    client.update_method(
        restApiId=api,
        resourceId=root,
        httpMethod="GET",
        patchOperations=[op("replace", "/authorizationType", "AWS_IAM")],
    )
    canary = deploy(client, api, stageName=STAGE, canarySettings={"percentTraffic": 10.0})
    assert summary(client, api, base)["/"]["GET"]["authorizationType"] == "NONE"
    assert summary(client, api, canary)["/"]["GET"]["authorizationType"] == "AWS_IAM"
