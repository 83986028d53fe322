"""Spec sections 1 (stage shape), 3 (CreateStage), 5 (GetStage/GetStages), 6 (deleting)."""

from __future__ import annotations

from typing import Any

import pytest

from apigw_canary_mock.core.errors import ApiError
from apigw_canary_mock.core.store import Backend

from .helpers import ACCOUNT, bad_request, body, call, deploy, fails_unchanged, make_api, stage

BARE_KEYS = {
    "stageName",
    "deploymentId",
    "cacheClusterEnabled",
    "cacheClusterStatus",
    "methodSettings",
    "tracingEnabled",
    "createdDate",
    "lastUpdatedDate",
}


def create_stage(backend: Backend, api_id: str, **params: Any) -> dict[str, Any]:
    result = call(backend, "CreateStage", restApiId=api_id, **params)
    assert result.status == 201
    return result.body


def test_bare_stage_shape(backend: Backend, api_id: str, time_machine: Any) -> None:
    time_machine.move_to(1_700_000_000)
    dep = deploy(backend, api_id)
    got = create_stage(backend, api_id, stageName="prod", deploymentId=dep)
    assert got == {
        "stageName": "prod",
        "deploymentId": dep,
        "cacheClusterEnabled": False,
        "cacheClusterStatus": "NOT_AVAILABLE",
        "methodSettings": {},
        "tracingEnabled": False,
        "createdDate": 1_700_000_000,
        "lastUpdatedDate": 1_700_000_000,
    }
    assert stage(backend, api_id) == got


def test_full_stage_shape(backend: Backend, api_id: str) -> None:
    dep = deploy(backend, api_id)
    call(backend, "CreateDocumentationVersion", restApiId=api_id, documentationVersion="1.0")
    got = create_stage(
        backend,
        api_id,
        stageName="prod",
        deploymentId=dep,
        description="d",
        cacheClusterEnabled=True,
        variables={"a": "1"},
        documentationVersion="1.0",
        canarySettings={"percentTraffic": 10.0, "stageVariableOverrides": {"a": "2"}},
        tracingEnabled=True,
        tags={"team": "x"},
    )
    assert set(got) == BARE_KEYS | {
        "description",
        "cacheClusterSize",
        "variables",
        "documentationVersion",
        "canarySettings",
        "tags",
    }
    assert got["cacheClusterSize"] == "0.5"
    assert got["cacheClusterStatus"] == "AVAILABLE"
    assert got["canarySettings"] == {
        "deploymentId": dep,
        "percentTraffic": 10.0,
        "useStageCache": False,
        "stageVariableOverrides": {"a": "2"},
    }


def test_no_none_values(backend: Backend, api_id: str) -> None:
    dep = deploy(backend, api_id)
    got = create_stage(backend, api_id, stageName="prod", deploymentId=dep, canarySettings={})
    assert None not in got.values()
    assert None not in got["canarySettings"].values()


def test_duplicate_stage(backend: Backend, api_id: str) -> None:
    dep = deploy(backend, api_id, stageName="prod")
    with fails_unchanged(backend, api_id, "ConflictException", "Stage already exists"):
        call(backend, "CreateStage", restApiId=api_id, stageName="prod", deploymentId=dep)


@pytest.mark.parametrize(
    "params",
    [
        {"deploymentId": "nope00"},
        {"deploymentId": ""},
        {"deploymentId": "DEP", "canarySettings": {"deploymentId": "nope00"}},
        {"deploymentId": "DEP", "canarySettings": {"deploymentId": ""}},
    ],
)
def test_unknown_deployment(backend: Backend, api_id: str, params: dict[str, Any]) -> None:
    dep = deploy(backend, api_id)
    if params["deploymentId"] == "DEP":
        params["deploymentId"] = dep
    with bad_request(backend, api_id, "Deployment id does not exist"):
        call(backend, "CreateStage", restApiId=api_id, stageName="prod", **params)


def test_canary_may_point_anywhere(backend: Backend, api_id: str) -> None:
    first, second = deploy(backend, api_id), deploy(backend, api_id)
    create_stage(
        backend,
        api_id,
        stageName="a",
        deploymentId=first,
        canarySettings={"deploymentId": second},
    )
    other = create_stage(
        backend,
        api_id,
        stageName="b",
        deploymentId=second,
        canarySettings={"deploymentId": second, "percentTraffic": 1.0},
    )
    assert other["canarySettings"]["deploymentId"] == second


def test_canary_defaults_to_stage_deployment(backend: Backend, api_id: str) -> None:
    dep = deploy(backend, api_id)
    got = create_stage(backend, api_id, stageName="prod", deploymentId=dep, canarySettings={})
    assert got["canarySettings"] == {
        "deploymentId": dep,
        "percentTraffic": 0.0,
        "useStageCache": False,
    }


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {"stageName": ""},
            "Invalid stage name specified: . Stage names may contain only letters, "
            "digits, hyphens and underscores, at most 128 characters",
        ),
        (
            {"stageName": "x" * 129},
            f"Invalid stage name specified: {'x' * 129}. Stage names may contain only letters, "
            "digits, hyphens and underscores, at most 128 characters",
        ),
        (
            {"variables": {"a": ""}},
            "Invalid stage variable value: .  Please use values with alphanumeric characters"
            " and the symbols ' ', -', '.', '_', ':', '/', '?', '&', '=', and ','.",
        ),
        (
            {"canarySettings": {"percentTraffic": 101.0}},
            "Invalid percentTraffic value specified: 101.0. Must be a number between 0.0 and 100.0",
        ),
        (
            {"cacheClusterSize": "1"},
            "Invalid cacheClusterSize specified: 1. "
            "Must be one of: [0.5, 1.6, 6.1, 13.5, 28.4, 58.2, 118, 237]",
        ),
    ],
)
def test_create_stage_value_checks(
    backend: Backend, api_id: str, params: dict[str, Any], message: str
) -> None:
    dep = deploy(backend, api_id)
    params = {"stageName": "prod", "deploymentId": dep, **params}
    with bad_request(backend, api_id, message):
        call(backend, "CreateStage", restApiId=api_id, **params)


def test_stage_name_limits_accepted(backend: Backend, api_id: str) -> None:
    dep = deploy(backend, api_id)
    name = "A-z_9" + "x" * 123
    assert create_stage(backend, api_id, stageName=name, deploymentId=dep)["stageName"] == name


@pytest.mark.parametrize(
    ("operation", "params"),
    [
        ("GetStage", {"stageName": "missing"}),
        ("UpdateStage", {"stageName": "missing", "patchOperations": []}),
        ("DeleteStage", {"stageName": "missing"}),
    ],
)
def test_missing_stage(backend: Backend, api_id: str, operation: str, params: Any) -> None:
    with fails_unchanged(
        backend, api_id, "NotFoundException", "Invalid stage identifier specified"
    ):
        call(backend, operation, restApiId=api_id, **params)


@pytest.mark.parametrize(
    "operation",
    [
        "GetRestApi",
        "DeleteRestApi",
        "GetStage",
        "GetStages",
        "UpdateStage",
        "DeleteStage",
        "CreateStage",
        "CreateDeployment",
        "GetDeployment",
        "GetDeployments",
        "DeleteDeployment",
        "GetResources",
    ],
)
@pytest.mark.parametrize("rest_api_id", ["nope", ""])
def test_unknown_api_everywhere(backend: Backend, operation: str, rest_api_id: str) -> None:
    params = {
        "restApiId": rest_api_id,
        "stageName": "s",
        "deploymentId": "d",
        "parentId": "p",
        "pathPart": "x",
        "resourceId": "r",
        "httpMethod": "GET",
        "authorizationType": "NONE",
        "type": "MOCK",
    }
    with pytest.raises(ApiError) as caught:
        call(backend, operation, **params)
    assert caught.value == ApiError(
        "NotFoundException", f"Invalid API identifier specified {ACCOUNT}:{rest_api_id}", 404
    )


def test_get_stages_order_and_filter(backend: Backend, api_id: str) -> None:
    first = deploy(backend, api_id, stageName="zeta")
    second = deploy(backend, api_id, stageName="alpha")
    deploy(backend, api_id, stageName="zeta", canarySettings={"percentTraffic": 1.0})
    call(backend, "UpdateStage", restApiId=api_id, stageName="zeta", patchOperations=[])
    create_stage(backend, api_id, stageName="mid", deploymentId=first)

    def names(**params: Any) -> list[str]:
        items = body(backend, "GetStages", restApiId=api_id, **params)["item"]
        return [item["stageName"] for item in items]

    assert names() == ["zeta", "alpha", "mid"]
    assert names(deploymentId=first) == ["zeta", "mid"]
    assert names(deploymentId=second) == ["alpha"]
    canary = stage(backend, api_id, "zeta")["canarySettings"]["deploymentId"]
    assert names(deploymentId=canary) == []  # P: a canary link alone does not count


def test_delete_stage(backend: Backend, api_id: str) -> None:
    deploy(backend, api_id, stageName="prod")
    result = call(backend, "DeleteStage", restApiId=api_id, stageName="prod")
    assert (result.body, result.status) == ({}, 202)
    assert body(backend, "GetStages", restApiId=api_id) == {"item": []}


def test_stage_ops_are_isolated_per_api(backend: Backend, api_id: str) -> None:
    other = make_api(backend)
    deploy(backend, api_id, stageName="prod")
    with pytest.raises(ApiError):
        stage(backend, other)
