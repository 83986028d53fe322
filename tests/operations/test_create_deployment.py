"""Spec section 2: CreateDeployment with and without canarySettings and stageName."""

from __future__ import annotations

import re
from typing import Any

import pytest

from apigw_canary_mock.core.errors import ApiError
from apigw_canary_mock.core.store import Backend

from .helpers import ACCOUNT, bad_request, body, call, deploy, make_api, stage

PREFIX = "Invalid deployment content specified."


def test_answers_201_with_id_and_date_only(backend: Backend, api_id: str) -> None:
    result = call(backend, "CreateDeployment", restApiId=api_id)
    assert result.status == 201
    assert set(result.body) == {"id", "createdDate"}
    assert re.fullmatch(r"[a-z0-9]{6}", result.body["id"])
    assert isinstance(result.body["createdDate"], int)


def test_description_only_when_given(backend: Backend, api_id: str) -> None:
    answer = body(backend, "CreateDeployment", restApiId=api_id, description="v1")
    assert answer["description"] == "v1"


@pytest.mark.parametrize(
    ("method", "integration", "message"),
    [
        (False, False, "The REST API doesn't contain any methods"),
        (True, False, "No integration defined for method"),
    ],
)
def test_content_checks(backend: Backend, method: bool, integration: bool, message: str) -> None:
    api_id = make_api(backend, method=method, integration=integration)
    with bad_request(backend, api_id, message):
        call(backend, "CreateDeployment", restApiId=api_id, stageName="prod")


def test_unknown_api(backend: Backend) -> None:
    with pytest.raises(ApiError) as caught:
        call(backend, "CreateDeployment", restApiId="nope")
    assert caught.value == ApiError(
        "NotFoundException", f"Invalid API identifier specified {ACCOUNT}:nope", 404
    )


def test_new_stage_takes_request_members(backend: Backend, api_id: str) -> None:
    dep = deploy(
        backend,
        api_id,
        stageName="prod",
        stageDescription="the stage",
        variables={"a": "1"},
        cacheClusterEnabled=True,
        cacheClusterSize="6.1",
        tracingEnabled=True,
    )
    got = stage(backend, api_id)
    assert got["deploymentId"] == dep
    assert got["description"] == "the stage"
    assert got["variables"] == {"a": "1"}
    assert (got["cacheClusterEnabled"], got["cacheClusterSize"]) == (True, "6.1")
    assert got["cacheClusterStatus"] == "AVAILABLE"
    assert got["tracingEnabled"] is True


def test_new_stage_without_description_has_none(backend: Backend, api_id: str) -> None:
    deploy(backend, api_id, stageName="prod", description="deployment text")
    assert "description" not in stage(backend, api_id)


def test_existing_stage_repointed_and_variables_merged(
    backend: Backend, api_id: str, time_machine: Any
) -> None:
    time_machine.move_to(1_700_000_000)
    deploy(backend, api_id, stageName="prod", variables={"a": "1", "b": "2"})
    time_machine.move_to(1_700_000_100)
    second = deploy(backend, api_id, stageName="prod", variables={"b": "3", "c": "4"})
    got = stage(backend, api_id)
    assert got["deploymentId"] == second
    assert got["variables"] == {"a": "1", "b": "3", "c": "4"}
    assert (got["createdDate"], got["lastUpdatedDate"]) == (1_700_000_000, 1_700_000_100)


@pytest.mark.parametrize(
    ("stage_name", "message"),
    [
        (
            None,
            f"{PREFIX}Non null and non empty stageName must be provided for canary deployment."
            " Provided value is null",
        ),
        (
            "",
            f"{PREFIX}Non null and non empty stageName must be provided for canary deployment."
            " Provided value is ",
        ),
        (
            "missing",
            f"{PREFIX}Stage missing must already be created before making a canary release"
            " deployment",
        ),
    ],
)
def test_canary_needs_an_existing_stage(
    backend: Backend, api_id: str, stage_name: str | None, message: str
) -> None:
    params: dict[str, Any] = {"canarySettings": {"percentTraffic": 10.0}}
    if stage_name is not None:
        params["stageName"] = stage_name
    with bad_request(backend, api_id, message):
        call(backend, "CreateDeployment", restApiId=api_id, **params)


def test_canary_checks_come_before_content_checks(backend: Backend) -> None:
    api_id = make_api(backend, method=False)
    message = (
        f"{PREFIX}Stage prod must already be created before making a canary release deployment"
    )
    with bad_request(backend, api_id, message):
        call(backend, "CreateDeployment", restApiId=api_id, stageName="prod", canarySettings={})


def test_canary_on_existing_stage(backend: Backend, api_id: str) -> None:
    first = deploy(backend, api_id, stageName="prod", stageDescription="d", variables={"a": "1"})
    before = stage(backend, api_id)
    canary = deploy(
        backend,
        api_id,
        stageName="prod",
        variables={"a": "9"},
        stageDescription="ignored",
        canarySettings={"percentTraffic": 25.5, "stageVariableOverrides": {"a": "2"}},
    )
    got = stage(backend, api_id)
    assert got["deploymentId"] == first
    assert got["variables"] == before["variables"] == {"a": "1"}
    assert got["description"] == "d"
    assert got["canarySettings"] == {
        "deploymentId": canary,
        "percentTraffic": 25.5,
        "useStageCache": False,
        "stageVariableOverrides": {"a": "2"},
    }


def test_canary_defaults(backend: Backend, api_id: str) -> None:
    deploy(backend, api_id, stageName="prod")
    canary = deploy(backend, api_id, stageName="prod", canarySettings={})
    assert stage(backend, api_id)["canarySettings"] == {
        "deploymentId": canary,
        "percentTraffic": 0.0,
        "useStageCache": False,
    }


def test_canary_replaced_whole(backend: Backend, api_id: str) -> None:
    deploy(backend, api_id, stageName="prod")
    deploy(
        backend,
        api_id,
        stageName="prod",
        canarySettings={"percentTraffic": 10.0, "stageVariableOverrides": {"a": "1"}},
    )
    newer = deploy(
        backend,
        api_id,
        stageName="prod",
        canarySettings={"percentTraffic": 50, "useStageCache": True},
    )
    assert stage(backend, api_id)["canarySettings"] == {
        "deploymentId": newer,
        "percentTraffic": 50.0,
        "useStageCache": True,
    }


def test_non_canary_deployment_on_canary_stage(backend: Backend, api_id: str) -> None:
    deploy(backend, api_id, stageName="prod")
    deploy(backend, api_id, stageName="prod", canarySettings={"percentTraffic": 5.0})
    message = (
        f"{PREFIX}Non canary deployment not supported on stage prod because Canary is enabled."
        " Provide CanarySettings in deploymentInput."
    )
    with bad_request(backend, api_id, message):
        call(backend, "CreateDeployment", restApiId=api_id, stageName="prod")


@pytest.mark.parametrize("percent", [-0.1, 100.5, float("nan"), float("inf")])
def test_canary_percent_out_of_range(backend: Backend, api_id: str, percent: float) -> None:
    deploy(backend, api_id, stageName="prod")
    message = (
        f"Invalid percentTraffic value specified: {percent}. Must be a number between 0.0 and 100.0"
    )
    with bad_request(backend, api_id, message):
        call(
            backend,
            "CreateDeployment",
            restApiId=api_id,
            stageName="prod",
            canarySettings={"percentTraffic": percent},
        )


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {"variables": {"bad-name": "x"}},
            "Invalid stage variable name: bad-name.  Please use names with only word characters.",
        ),
        (
            {"variables": {"ok": "a*b"}},
            "Invalid stage variable value: a*b.  Please use values with alphanumeric characters"
            " and the symbols ' ', -', '.', '_', ':', '/', '?', '&', '=', and ','.",
        ),
        (
            {"cacheClusterSize": "2"},
            "Invalid cacheClusterSize specified: 2. "
            "Must be one of: [0.5, 1.6, 6.1, 13.5, 28.4, 58.2, 118, 237]",
        ),
        (
            {"stageName": "bad name"},
            "Invalid stage name specified: bad name. Stage names may contain only letters, "
            "digits, hyphens and underscores, at most 128 characters",
        ),
    ],
)
def test_value_checks(backend: Backend, api_id: str, params: dict[str, Any], message: str) -> None:
    params.setdefault("stageName", "prod")
    with bad_request(backend, api_id, message):
        call(backend, "CreateDeployment", restApiId=api_id, **params)


def test_canary_override_checked_like_variables(backend: Backend, api_id: str) -> None:
    deploy(backend, api_id, stageName="prod")
    with bad_request(
        backend,
        api_id,
        "Invalid stage variable name: a.b.  Please use names with only word characters.",
    ):
        call(
            backend,
            "CreateDeployment",
            restApiId=api_id,
            stageName="prod",
            canarySettings={"stageVariableOverrides": {"a.b": "1"}},
        )


def test_empty_stage_name_without_canary_creates_no_stage(backend: Backend, api_id: str) -> None:
    deploy(backend, api_id, stageName="")
    assert body(backend, "GetStages", restApiId=api_id) == {"item": []}


def test_no_deployment_left_after_error(backend: Backend, api_id: str) -> None:
    with pytest.raises(ApiError):
        call(backend, "CreateDeployment", restApiId=api_id, canarySettings={})
    assert body(backend, "GetDeployments", restApiId=api_id) == {"items": []}
