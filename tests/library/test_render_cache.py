"""The per-Stage render cache: answers are the caller's own, changes show at once."""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from apigw_canary_mock import ApiGatewayMock, engine, mock_apigateway
from apigw_canary_mock.operations.result import ObjectResult
from apigw_canary_mock.operations.shapes import stage_body
from apigw_canary_mock.wire import operation_model, render_success, response

REGION = "us-east-1"


@pytest.fixture
def apigw() -> Iterator[ApiGatewayMock]:
    with mock_apigateway() as mock:
        yield mock


@pytest.fixture
def client(apigw: ApiGatewayMock) -> Any:
    return boto3.client("apigateway", region_name=REGION)


@pytest.fixture
def api_id(apigw: ApiGatewayMock, client: Any) -> str:
    api_id = apigw.create_deployable_api()
    client.create_deployment(
        restApiId=api_id, stageName="prod", variables={"color": "blue"}, tracingEnabled=True
    )
    client.create_deployment(
        restApiId=api_id,
        stageName="prod",
        canarySettings={"percentTraffic": 10.0, "stageVariableOverrides": {"color": "green"}},
    )
    client.update_stage(
        restApiId=api_id,
        stageName="prod",
        patchOperations=[
            {"op": "replace", "path": "/*/*/metrics/enabled", "value": "true"},
            {"op": "replace", "path": "/accessLogSettings/format", "value": "$context.requestId"},
        ],
    )
    client.create_stage(
        restApiId=api_id,
        stageName="beta",
        deploymentId=client.get_stage(restApiId=api_id, stageName="prod")["deploymentId"],
        tags={"team": "a"},
    )
    return api_id


def _scramble(stage: dict[str, Any]) -> None:
    """Change every container of a GetStage answer, nested ones too."""
    for value in stage.values():
        if isinstance(value, dict):
            for inner in value.values():
                if isinstance(inner, dict):
                    inner["scrambled"] = True
                    inner.clear()
            value["scrambled"] = "yes"
    stage["stageName"] = "scrambled"
    stage["extra"] = 1


def _without_metadata(answer: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in answer.items() if k != "ResponseMetadata"}


@pytest.mark.parametrize("stage_name", ["prod", "beta"])
def test_mutating_a_get_stage_answer_never_changes_the_next(
    client: Any, api_id: str, stage_name: str
) -> None:
    first = _without_metadata(client.get_stage(restApiId=api_id, stageName=stage_name))
    expected = json.loads(json.dumps(first, default=str))
    for _ in range(3):
        answer = client.get_stage(restApiId=api_id, stageName=stage_name)
        assert json.loads(json.dumps(_without_metadata(answer), default=str)) == expected
        _scramble(answer)
        answer["ResponseMetadata"]["HTTPHeaders"]["x"] = "y"
    assert (
        client.get_stage(restApiId=api_id, stageName=stage_name)["ResponseMetadata"][
            "HTTPHeaders"
        ].get("x")
        is None
    )


def test_mutating_a_get_stages_answer_never_changes_the_next(client: Any, api_id: str) -> None:
    expected = json.loads(json.dumps(client.get_stages(restApiId=api_id)["item"], default=str))
    for _ in range(3):
        answer = client.get_stages(restApiId=api_id)
        assert json.loads(json.dumps(answer["item"], default=str)) == expected
        for item in answer["item"]:
            _scramble(item)
        answer["item"].clear()
    # GetStage and GetStages share the cached rendering of a stage.
    single = _without_metadata(client.get_stage(restApiId=api_id, stageName="prod"))
    assert json.loads(json.dumps(single, default=str)) == expected[0]


def test_answers_share_no_container(client: Any, api_id: str) -> None:
    def containers(value: Any) -> Iterator[int]:
        if isinstance(value, (dict, list)):
            yield id(value)
            for item in value.values() if isinstance(value, dict) else value:
                yield from containers(item)

    one = client.get_stage(restApiId=api_id, stageName="prod")
    two = client.get_stage(restApiId=api_id, stageName="prod")
    many = client.get_stages(restApiId=api_id)
    assert not set(containers(one)) & set(containers(two))
    assert not set(containers(one)) & set(containers(many))


def test_a_change_is_visible_at_once(client: Any, api_id: str) -> None:
    for percent in ("20", "30.5", "0"):
        client.get_stage(restApiId=api_id, stageName="prod")
        client.get_stages(restApiId=api_id)
        updated = client.update_stage(
            restApiId=api_id,
            stageName="prod",
            patchOperations=[
                {"op": "replace", "path": "/canarySettings/percentTraffic", "value": percent}
            ],
        )
        assert updated["canarySettings"]["percentTraffic"] == float(percent)
        got = client.get_stage(restApiId=api_id, stageName="prod")
        assert got["canarySettings"]["percentTraffic"] == float(percent)
        listed = client.get_stages(restApiId=api_id)["item"]
        assert listed[0]["canarySettings"]["percentTraffic"] == float(percent)
    client.delete_stage(restApiId=api_id, stageName="beta")
    assert [s["stageName"] for s in client.get_stages(restApiId=api_id)["item"]] == ["prod"]


def test_history_entries_are_unaffected(apigw: ApiGatewayMock, client: Any, api_id: str) -> None:
    before = [change.stage for change in apigw.stage_history(api_id, "prod")]
    for _ in range(2):
        _scramble(_without_metadata(client.get_stage(restApiId=api_id, stageName="prod")))
        for item in client.get_stages(restApiId=api_id)["item"]:
            _scramble(item)
    assert [change.stage for change in apigw.stage_history(api_id, "prod")] == before
    client.update_stage(
        restApiId=api_id,
        stageName="prod",
        patchOperations=[{"op": "replace", "path": "/variables/color", "value": "red"}],
    )
    history = apigw.stage_history(api_id, "prod")
    assert [change.stage for change in history][:-1] == before
    assert history[-1].stage is not None
    assert history[-1].stage["variables"] == {"color": "red"}
    assert before[-1] is not None
    assert before[-1]["variables"] == {"color": "blue"}


def test_http_body_is_the_json_of_the_answer(client: Any, api_id: str) -> None:
    for answer in (
        client.get_stage(restApiId=api_id, stageName="prod"),
        client.get_stage(restApiId=api_id, stageName="prod"),
        client.get_stages(restApiId=api_id),
        client.get_stages(restApiId=api_id),
        client.get_stages(restApiId=api_id, deploymentId="nope"),
    ):
        metadata = answer.pop("ResponseMetadata")
        assert answer is not None
        assert int(metadata["HTTPHeaders"]["content-length"]) > 0


def test_content_length_matches_the_body(apigw: ApiGatewayMock, client: Any, api_id: str) -> None:
    model = operation_model("GetStages")
    params = {"restApiId": api_id}
    for _ in range(2):
        http, parsed = apigw_dispatch(apigw, model, params)
        content = http.content
        assert int(http.headers["content-length"]) == len(content)
        body = json.loads(content)
        assert [item["stageName"] for item in body["item"]] == ["prod", "beta"]
        assert len(parsed["item"]) == 2
    http, _ = apigw_dispatch(apigw, model, {"restApiId": api_id, "deploymentId": "nope"})
    assert http.content == b'{"item":[]}'
    assert http.headers["content-length"] == str(len(b'{"item":[]}'))


def apigw_dispatch(apigw: ApiGatewayMock, model: Any, params: dict[str, Any]) -> Any:
    return engine.answer(apigw.session, apigw.account_id, REGION, model, params, from_client=False)


def test_another_timestamp_parser_gets_its_own_values(apigw: ApiGatewayMock, api_id: str) -> None:
    stage = apigw.backend(REGION).rest_api(api_id).stage("prod")
    model = operation_model("GetStage")
    default = render_success(model, ObjectResult(stage, stage_body))[1]
    raw = render_success(model, ObjectResult(stage, stage_body), lambda value: value)[1]
    again = render_success(model, ObjectResult(stage, stage_body))[1]
    assert raw["createdDate"] == stage.created_date
    assert default["createdDate"] == again["createdDate"] != stage.created_date
    assert default["createdDate"].timestamp() == stage.created_date


def test_a_copy_is_rendered_afresh_and_the_rendering_dies_with_its_stage(
    apigw: ApiGatewayMock, api_id: str
) -> None:
    stage = apigw.backend(REGION).rest_api(api_id).stage("prod")
    model = operation_model("GetStage")
    render_success(model, ObjectResult(stage, stage_body))
    assert response._cached(stage) is not None
    copied = stage.copy()
    assert response._cached(copied) is None
    assert copied == stage
    assert stage_body(copied) == stage_body(stage)
    render_success(model, ObjectResult(copied, stage_body))
    key = id(copied)
    assert key in response._RENDERINGS
    del copied
    gc.collect()
    assert key not in response._RENDERINGS  # no rendering outlives its stage


def test_putting_a_stored_stage_again_stores_a_new_one_rendered_afresh(
    apigw: ApiGatewayMock, api_id: str
) -> None:
    api = apigw.backend(REGION).rest_api(api_id)
    stage = api.stage("prod")
    render_success(operation_model("GetStage"), ObjectResult(stage, stage_body))
    stored = api.put_stage(stage)
    assert stored is not stage and api.stage("prod") is stored  # never changed in place
    assert response._cached(stored) is None
    assert response._cached(stage) is not None  # the old object's rendering is still right
