"""GetDeployment(s) and DeleteDeployment (spec 1 and 6)."""

from __future__ import annotations

from typing import Any

import pytest

from apigw_canary_mock.core.errors import ApiError
from apigw_canary_mock.core.store import Backend

from .helpers import bad_request, body, call, deploy, fails_unchanged

IN_USE = "Active stages pointing to this deployment must be moved or deleted"


def test_get_deployment(backend: Backend, api_id: str) -> None:
    dep = deploy(backend, api_id, description="v1")
    got = body(backend, "GetDeployment", restApiId=api_id, deploymentId=dep)
    assert set(got) == {"id", "createdDate", "description"}


@pytest.mark.parametrize("embed", [["apisummary"], ["apiSummary", "other"]])
def test_api_summary_is_a_snapshot(backend: Backend, api_id: str, embed: list[str]) -> None:
    dep = deploy(backend, api_id)
    root = body(backend, "GetRestApi", restApiId=api_id)["rootResourceId"]
    child = body(backend, "CreateResource", restApiId=api_id, parentId=root, pathPart="pets")
    call(
        backend,
        "PutMethod",
        restApiId=api_id,
        resourceId=child["id"],
        httpMethod="POST",
        authorizationType="AWS_IAM",
        apiKeyRequired=True,
    )
    got = body(backend, "GetDeployment", restApiId=api_id, deploymentId=dep, embed=embed)
    assert got["apiSummary"] == {
        "/": {"GET": {"authorizationType": "NONE", "apiKeyRequired": False}}
    }
    call(
        backend,
        "PutIntegration",
        restApiId=api_id,
        resourceId=child["id"],
        httpMethod="POST",
        type="MOCK",
    )
    later = deploy(backend, api_id)
    got = body(backend, "GetDeployment", restApiId=api_id, deploymentId=later, embed=embed)
    assert got["apiSummary"]["/pets"] == {
        "POST": {"authorizationType": "AWS_IAM", "apiKeyRequired": True}
    }


@pytest.mark.parametrize("operation", ["GetDeployment", "DeleteDeployment"])
def test_unknown_deployment(backend: Backend, api_id: str, operation: str) -> None:
    with fails_unchanged(
        backend, api_id, "NotFoundException", "Invalid Deployment identifier specified"
    ):
        call(backend, operation, restApiId=api_id, deploymentId="nope00")


def test_delete_unused_deployment(backend: Backend, api_id: str) -> None:
    dep = deploy(backend, api_id)
    result = call(backend, "DeleteDeployment", restApiId=api_id, deploymentId=dep)
    assert (result.body, result.status) == ({}, 202)
    assert body(backend, "GetDeployments", restApiId=api_id) == {"items": []}


@pytest.mark.parametrize("link", ["stage", "canary"])
def test_delete_blocked_while_pointed_to(backend: Backend, api_id: str, link: str) -> None:
    first = deploy(backend, api_id, stageName="prod")
    second = deploy(backend, api_id, stageName="prod", canarySettings={"percentTraffic": 1.0})
    target = first if link == "stage" else second
    with bad_request(backend, api_id, IN_USE):
        call(backend, "DeleteDeployment", restApiId=api_id, deploymentId=target)
    call(
        backend,
        "UpdateStage",
        restApiId=api_id,
        stageName="prod",
        patchOperations=[{"op": "remove", "path": "/canarySettings"}],
    )
    if link == "canary":
        call(backend, "DeleteDeployment", restApiId=api_id, deploymentId=second)
    else:
        with pytest.raises(ApiError):
            call(backend, "DeleteDeployment", restApiId=api_id, deploymentId=first)


def test_get_deployments_pages_in_creation_order(backend: Backend, api_id: str) -> None:
    ids = [deploy(backend, api_id) for _ in range(7)]
    seen: list[str] = []
    params: dict[str, Any] = {"limit": 3}
    pages = 0
    while True:
        page = body(backend, "GetDeployments", restApiId=api_id, **params)
        seen += [item["id"] for item in page["items"]]
        pages += 1
        if "position" not in page:
            break
        params["position"] = page["position"]
    assert (seen, pages) == (ids, 3)


def test_get_deployments_default_limit(backend: Backend, api_id: str) -> None:
    for _ in range(26):
        deploy(backend, api_id)
    page = body(backend, "GetDeployments", restApiId=api_id)
    assert len(page["items"]) == 25
    assert "position" in page
