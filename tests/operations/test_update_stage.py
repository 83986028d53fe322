"""UpdateStage through its handler: bodies, dates, atomicity (spec 1 and 4)."""

from __future__ import annotations

from typing import Any

import pytest

from apigw_canary_mock.core.store import Backend

from .helpers import bad_request, body, call, deploy, stage


def update(backend: Backend, api_id: str, *ops: dict[str, Any]) -> dict[str, Any]:
    result = call(
        backend, "UpdateStage", restApiId=api_id, stageName="prod", patchOperations=list(ops)
    )
    assert result.status == 200
    return result.body


def replace(path: str, value: str) -> dict[str, Any]:
    return {"op": "replace", "path": path, "value": value}


@pytest.fixture
def dep(backend: Backend, api_id: str) -> str:
    return deploy(backend, api_id, stageName="prod", variables={"a": "1"})


def test_answer_is_the_stored_stage(backend: Backend, api_id: str, dep: str) -> None:
    answer = update(backend, api_id, replace("/description", "d"))
    assert answer == stage(backend, api_id)
    assert answer["description"] == "d"


def test_last_updated_date_advances(backend: Backend, api_id: str, time_machine: Any) -> None:
    time_machine.move_to(1_700_000_000)
    deploy(backend, api_id, stageName="prod")
    time_machine.move_to(1_700_000_050)
    answer = update(backend, api_id, replace("/tracingEnabled", "true"))
    assert (answer["createdDate"], answer["lastUpdatedDate"]) == (1_700_000_000, 1_700_000_050)


def test_empty_patch_changes_nothing(backend: Backend, api_id: str, time_machine: Any) -> None:
    time_machine.move_to(1_700_000_000)
    deploy(backend, api_id, stageName="prod")
    time_machine.move_to(1_700_000_050)
    assert update(backend, api_id)["lastUpdatedDate"] == 1_700_000_000


def test_canary_body_lifecycle(backend: Backend, api_id: str, dep: str) -> None:
    answer = update(backend, api_id, replace("/canarySettings/percentTraffic", "50"))
    assert answer["canarySettings"] == {
        "deploymentId": dep,
        "percentTraffic": 50.0,
        "useStageCache": False,
    }
    answer = update(backend, api_id, replace("/canarySettings/stageVariableOverrides/a", "2"))
    assert answer["canarySettings"]["stageVariableOverrides"] == {"a": "2"}
    answer = update(
        backend, api_id, {"op": "remove", "path": "/canarySettings/stageVariableOverrides/a"}
    )
    assert "stageVariableOverrides" not in answer["canarySettings"]
    answer = update(backend, api_id, {"op": "remove", "path": "/canarySettings"})
    assert "canarySettings" not in answer
    assert answer["deploymentId"] == dep


def test_promotion_flow(backend: Backend, api_id: str, dep: str) -> None:
    canary = deploy(
        backend,
        api_id,
        stageName="prod",
        canarySettings={"percentTraffic": 10.0, "stageVariableOverrides": {"b": "2"}},
    )
    answer = update(
        backend,
        api_id,
        {"op": "copy", "from": "/canarySettings/deploymentId", "path": "/deploymentId"},
        {"op": "copy", "from": "/canarySettings/stageVariableOverrides", "path": "/variables"},
        replace("/canarySettings/percentTraffic", "0.0"),
    )
    assert answer["deploymentId"] == canary
    assert answer["variables"] == {"a": "1", "b": "2"}
    assert answer["canarySettings"]["percentTraffic"] == 0.0
    # The old deployment is free once nothing points to it.
    assert call(backend, "DeleteDeployment", restApiId=api_id, deploymentId=dep).status == 202


def test_cache_cluster_size_shown_only_while_enabled(
    backend: Backend, api_id: str, dep: str
) -> None:
    answer = update(backend, api_id, replace("/cacheClusterSize", "6.1"))
    assert "cacheClusterSize" not in answer
    answer = update(backend, api_id, replace("/cacheClusterEnabled", "true"))
    assert (answer["cacheClusterSize"], answer["cacheClusterStatus"]) == ("6.1", "AVAILABLE")
    answer = update(backend, api_id, replace("/cacheClusterEnabled", "false"))
    assert "cacheClusterSize" not in answer
    assert answer["cacheClusterStatus"] == "NOT_AVAILABLE"


def test_method_settings_body(backend: Backend, api_id: str, dep: str) -> None:
    answer = update(
        backend,
        api_id,
        replace("/*/*/throttling/burstLimit", "123"),
        replace("/test/GET/logging/loglevel", "INFO"),
    )
    defaults = {
        "cacheDataEncrypted": False,
        "cacheTtlInSeconds": 300,
        "cachingEnabled": False,
        "dataTraceEnabled": False,
        "metricsEnabled": False,
        "requireAuthorizationForCacheControl": True,
        "throttlingBurstLimit": 5000,
        "throttlingRateLimit": 10000.0,
        "unauthorizedCacheControlHeaderStrategy": "SUCCEED_WITH_RESPONSE_HEADER",
    }
    assert answer["methodSettings"] == {
        "*/*": {**defaults, "throttlingBurstLimit": 123},
        "test/GET": {**defaults, "throttlingBurstLimit": 123, "loggingLevel": "INFO"},
    }
    assert isinstance(answer["methodSettings"]["*/*"]["throttlingRateLimit"], float)


def test_access_log_body(backend: Backend, api_id: str, dep: str) -> None:
    answer = update(
        backend,
        api_id,
        {"op": "add", "path": "/accessLogSettings/destinationArn", "value": "arn:aws:logs:x"},
        replace("/accessLogSettings/format", "$context.requestId"),
    )
    assert answer["accessLogSettings"] == {
        "destinationArn": "arn:aws:logs:x",
        "format": "$context.requestId",
    }
    answer = update(backend, api_id, {"op": "remove", "path": "/accessLogSettings"})
    assert "accessLogSettings" not in answer


def test_client_certificate(backend: Backend, api_id: str, dep: str) -> None:
    assert (
        update(backend, api_id, replace("/clientCertificateId", "c1"))["clientCertificateId"]
        == "c1"
    )


def test_variables_key_disappears_when_empty(backend: Backend, api_id: str, dep: str) -> None:
    answer = update(backend, api_id, {"op": "remove", "path": "/variables/a"})
    assert "variables" not in answer


def test_failed_request_changes_nothing(backend: Backend, api_id: str, dep: str) -> None:
    with bad_request(backend, api_id, "Deployment id does not exist"):
        call(
            backend,
            "UpdateStage",
            restApiId=api_id,
            stageName="prod",
            patchOperations=[
                replace("/description", "changed"),
                replace("/canarySettings/percentTraffic", "5"),
                replace("/deploymentId", "nope00"),
            ],
        )
    assert "canarySettings" not in stage(backend, api_id)


def test_update_among_many_stages(backend: Backend, api_id: str, dep: str) -> None:
    for n in range(300):
        call(backend, "CreateStage", restApiId=api_id, stageName=f"s{n}", deploymentId=dep)
    answer = update(backend, api_id, replace("/description", "still fine"))
    assert answer["stageName"] == "prod"
    assert len(body(backend, "GetStages", restApiId=api_id)["item"]) == 301
