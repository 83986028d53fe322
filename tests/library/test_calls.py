"""Recorded calls and the unittest.mock-style assertions on them."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from typing import Any
from unittest.mock import ANY

import boto3
import pytest
from botocore.config import Config

from apigw_canary_mock import ApiGatewayMock, mock_apigateway
from apigw_canary_mock.engine.matching import params_match
from apigw_canary_mock.engine.records import copy_params
from apigw_canary_mock.inspection.calls import Call, CallList, make_call

REGION = "us-east-1"
NO_RETRIES = Config(retries={"mode": "standard", "total_max_attempts": 1})


@pytest.fixture
def apigw() -> Iterator[ApiGatewayMock]:
    with mock_apigateway() as mock:
        yield mock


@pytest.fixture
def client(apigw: ApiGatewayMock) -> Any:
    return boto3.client("apigateway", region_name=REGION, config=NO_RETRIES)


def ramp(client: Any, api_id: str, percent: str) -> None:
    client.update_stage(
        restApiId=api_id,
        stageName="prod",
        patchOperations=[
            {"op": "replace", "path": "/canarySettings/percentTraffic", "value": percent}
        ],
    )


@pytest.fixture
def api_id(apigw: ApiGatewayMock, client: Any) -> str:
    api = apigw.create_deployable_api("orders")
    client.create_deployment(restApiId=api, stageName="prod")
    return api


# -- what is recorded -------------------------------------------------------------------


def test_mock_helpers_are_not_recorded(apigw: ApiGatewayMock) -> None:
    api = apigw.create_deployable_api()
    apigw.get_stages(api)
    assert len(apigw.calls) == 0
    assert not apigw.calls.called


def test_a_success_is_recorded_with_params_response_time_region_account(
    apigw: ApiGatewayMock, client: Any, api_id: str
) -> None:
    answer = client.get_stage(restApiId=api_id, stageName="prod")
    call = apigw.calls.last
    assert call.operation == "GetStage"
    assert call.params == {"restApiId": api_id, "stageName": "prod"}
    expected = dict(answer)
    del expected["ResponseMetadata"]
    assert call.response == expected
    assert call.succeeded
    assert (call.error_code, call.error_message, call.status) == (None, None, 200)
    assert call.region == REGION
    assert call.account_id == apigw.account_id
    assert call.request_id == answer["ResponseMetadata"]["RequestId"]
    assert isinstance(call.time, int)
    assert not call.injected


def test_a_recorded_response_is_what_was_answered_not_what_the_caller_did_with_it(
    apigw: ApiGatewayMock, client: Any, api_id: str
) -> None:
    client.update_stage(
        restApiId=api_id,
        stageName="prod",
        patchOperations=[{"op": "replace", "path": "/variables/color", "value": "blue"}],
    )
    answer = client.get_stages(restApiId=api_id)
    expected = {
        "item": [dict(stage, variables=dict(stage["variables"])) for stage in answer["item"]]
    }
    answer["item"][0]["variables"]["color"] = "changed by the caller"
    answer["item"].append({"stageName": "added by the caller"})
    call = apigw.calls.last
    assert call.response == expected
    # Same types as the client got: tz-aware datetimes from the same timestamp parser.
    assert call.response["item"][0]["createdDate"] == expected["item"][0]["createdDate"]
    assert call.response["item"][0]["createdDate"].tzinfo is not None


def test_the_call_log_holds_nothing_the_caller_got(
    apigw: ApiGatewayMock, client: Any, api_id: str
) -> None:
    # Kept alive by the log, every answer (a dict per stage for GetStages) would cost memory
    # and garbage-collector time for the rest of the test.
    answer = client.get_stages(restApiId=api_id)
    items = answer["item"]
    assert sys.getrefcount(answer) == 2  # the name `answer` and getrefcount's argument
    assert sys.getrefcount(items) == 3  # and the answer
    assert len(apigw.calls) == 2


def test_a_client_with_raw_timestamps_has_them_raw_in_its_calls(apigw: ApiGatewayMock) -> None:
    session = boto3.session.Session()
    session._session.get_component("response_parser_factory").set_parser_defaults(
        timestamp_parser=lambda value: value
    )
    client = session.client("apigateway", region_name=REGION)
    answer = client.create_rest_api(name="raw")
    assert apigw.calls.last.response is not None
    assert apigw.calls.last.response["createdDate"] == answer["createdDate"]
    assert not hasattr(answer["createdDate"], "tzinfo")


def test_an_error_is_recorded_with_code_and_message(
    apigw: ApiGatewayMock, client: Any, api_id: str
) -> None:
    with pytest.raises(client.exceptions.NotFoundException):
        client.get_stage(restApiId=api_id, stageName="nope")
    call = apigw.calls.last
    assert call.response is None
    assert not call.succeeded
    assert (call.error_code, call.error_message, call.status) == (
        "NotFoundException",
        "Invalid stage identifier specified",
        404,
    )


def test_calls_keep_their_order_and_region(apigw: ApiGatewayMock) -> None:
    east = boto3.client("apigateway", region_name="us-east-1")
    west = boto3.client("apigateway", region_name="eu-west-1")
    east.get_rest_apis()
    west.get_rest_apis()
    east.create_rest_api(name="a")
    assert apigw.calls.operations() == ["GetRestApis", "GetRestApis", "CreateRestApi"]
    assert [c.region for c in apigw.calls] == ["us-east-1", "eu-west-1", "us-east-1"]
    assert len(apigw.calls.filter(region="eu-west-1")) == 1


def test_recorded_params_do_not_follow_later_changes(
    apigw: ApiGatewayMock, client: Any, api_id: str
) -> None:
    patch = [{"op": "replace", "path": "/description", "value": "one"}]
    client.update_stage(restApiId=api_id, stageName="prod", patchOperations=patch)
    patch[0]["value"] = "two"
    patch.append({"op": "remove", "path": "/description"})
    recorded = apigw.calls.last.params["patchOperations"]
    assert recorded == [{"op": "replace", "path": "/description", "value": "one"}]


def test_copy_params_copies_two_levels() -> None:
    params: dict[str, Any] = {
        "a": "x",
        "variables": {"k": "v"},
        "canarySettings": {"stageVariableOverrides": {"k": "v"}},
        "patchOperations": [{"op": "remove", "path": "/x"}],
    }
    copied = copy_params(params)
    assert copied == params
    assert copied["variables"] is not params["variables"]
    assert copied["patchOperations"][0] is not params["patchOperations"][0]
    assert (
        copied["canarySettings"]["stageVariableOverrides"]
        is not params["canarySettings"]["stageVariableOverrides"]
    )


def test_calls_is_a_snapshot_and_reset_calls_forgets(
    apigw: ApiGatewayMock, client: Any, api_id: str
) -> None:
    before = apigw.calls
    client.get_stages(restApiId=api_id)
    assert len(apigw.calls) == len(before) + 1
    apigw.reset_calls()
    assert len(apigw.calls) == 0
    client.get_stages(restApiId=api_id)
    apigw.assert_called_once("GetStages")


def test_calls_are_readable_after_stop(client: Any) -> None:
    with mock_apigateway() as mock:
        boto3.client("apigateway", region_name=REGION).get_rest_apis()
    assert mock.calls.operations() == ["GetRestApis"]


# -- the CallList -----------------------------------------------------------------------


def test_filter_by_operation_outcome_and_params(
    apigw: ApiGatewayMock, client: Any, api_id: str
) -> None:
    ramp(client, api_id, "10")
    ramp(client, api_id, "50")
    with pytest.raises(client.exceptions.BadRequestException):
        ramp(client, api_id, "150")
    updates = apigw.calls.filter("UpdateStage")
    assert len(updates) == 3
    assert len(apigw.calls.filter("UpdateStage", succeeded=False)) == 1
    assert len(apigw.calls.filter("UpdateStage", succeeded=True)) == 2
    assert len(apigw.calls.filter(stageName="prod")) == 4
    assert len(apigw.calls.filter("GetStage")) == 0
    assert updates.last.error_code == "BadRequestException"
    assert updates[0].params["patchOperations"][0]["value"] == "10"
    assert [c.operation for c in updates[1:]] == ["UpdateStage", "UpdateStage"]


def test_last_of_no_calls_raises_index_error(apigw: ApiGatewayMock) -> None:
    with pytest.raises(IndexError, match="no calls were recorded"):
        _ = apigw.calls.last


def test_call_count(apigw: ApiGatewayMock, client: Any, api_id: str) -> None:
    ramp(client, api_id, "10")
    ramp(client, api_id, "20")
    assert apigw.call_count("UpdateStage") == 2
    assert apigw.call_count("CreateDeployment") == 1
    assert apigw.call_count("DeleteStage") == 0
    assert apigw.calls.call_count() == 3


def test_describe_lists_one_call_per_line(apigw: ApiGatewayMock, client: Any, api_id: str) -> None:
    with pytest.raises(client.exceptions.NotFoundException):
        client.get_stage(restApiId=api_id, stageName="nope")
    text = str(apigw.calls)
    assert text.splitlines() == [
        f"  1. CreateDeployment(restApiId={api_id!r}, stageName='prod') -> 201",
        f"  2. GetStage(restApiId={api_id!r}, stageName='nope') -> 404 NotFoundException: "
        "Invalid stage identifier specified",
    ]
    assert str(CallList(())) == "(no calls)"
    assert repr(apigw.calls) == "<CallList of 2 call(s)>"


# -- assertions -------------------------------------------------------------------------


def test_assertions_that_pass(apigw: ApiGatewayMock, client: Any, api_id: str) -> None:
    ramp(client, api_id, "10")
    ramp(client, api_id, "50")
    apigw.assert_called("UpdateStage")
    apigw.assert_called_once("CreateDeployment")
    apigw.assert_not_called("DeleteStage")
    apigw.assert_called_with(
        "UpdateStage",
        stageName="prod",
        patchOperations=[
            {"op": "replace", "path": "/canarySettings/percentTraffic", "value": "50"}
        ],
    )
    apigw.assert_called_with("UpdateStage", restApiId=api_id, patchOperations=ANY)
    apigw.assert_any_call(
        "UpdateStage",
        patchOperations=[
            {"op": "replace", "path": "/canarySettings/percentTraffic", "value": "10"}
        ],
    )


def test_nested_maps_match_as_subsets(apigw: ApiGatewayMock, client: Any, api_id: str) -> None:
    client.create_deployment(
        restApiId=api_id,
        stageName="prod",
        canarySettings={"percentTraffic": 10.0, "stageVariableOverrides": {"color": "green"}},
    )
    apigw.assert_called_with("CreateDeployment", canarySettings={"percentTraffic": 10})
    with pytest.raises(AssertionError):
        apigw.assert_called_with("CreateDeployment", canarySettings={"percentTraffic": 20})


def test_params_match_rules() -> None:
    assert params_match({"a": 1, "b": {"c": 2, "d": 3}}, {"b": {"c": 2}})
    assert not params_match({"a": 1}, {"b": 1})
    assert not params_match({"a": [1, 2]}, {"a": [1]})
    assert params_match({"a": [1, 2]}, {"a": ANY})
    assert not params_match({"a": "x"}, {"a": {"b": 1}})


def _calls_made(message: str) -> list[str]:
    return message.split("Calls made:\n", 1)[1].splitlines()


def test_failed_assertions_list_the_calls_made(
    apigw: ApiGatewayMock, client: Any, api_id: str
) -> None:
    ramp(client, api_id, "10")
    ramp(client, api_id, "50")
    listing = [
        f"  1. CreateDeployment(restApiId={api_id!r}, stageName='prod') -> 201",
        f"  2. UpdateStage(restApiId={api_id!r}, stageName='prod', patchOperations=[{{'op': "
        "'replace', 'path': '/canarySettings/percentTraffic', 'value': '10'}]) -> 200",
        f"  3. UpdateStage(restApiId={api_id!r}, stageName='prod', patchOperations=[{{'op': "
        "'replace', 'path': '/canarySettings/percentTraffic', 'value': '50'}]) -> 200",
    ]
    cases: list[tuple[Any, str]] = [
        (lambda: apigw.assert_called("DeleteStage"), "expected DeleteStage to have been called."),
        (
            lambda: apigw.assert_called_once("UpdateStage"),
            "expected UpdateStage to have been called once; called 2 times.",
        ),
        (
            lambda: apigw.assert_not_called("UpdateStage"),
            "expected UpdateStage not to have been called; called 2 times.",
        ),
        (
            lambda: apigw.assert_called_with("UpdateStage", stageName="beta"),
            "expected UpdateStage(stageName='beta') as the last UpdateStage call; it was "
            + listing[2][5:]
            + ".",
        ),
        (
            lambda: apigw.assert_called_with("DeleteStage", stageName="prod"),
            "expected DeleteStage(stageName='prod') as the last DeleteStage call; "
            "DeleteStage was not called.",
        ),
        (
            lambda: apigw.assert_any_call("UpdateStage", stageName="beta"),
            "expected a call UpdateStage(stageName='beta'); none matched.",
        ),
    ]
    for check, first_line in cases:
        with pytest.raises(AssertionError) as caught:
            check()
        message = str(caught.value)
        assert message.splitlines()[0] == first_line
        assert _calls_made(message) == listing


def test_assertion_with_no_calls_says_so(apigw: ApiGatewayMock) -> None:
    with pytest.raises(AssertionError, match=re.escape("Calls made:\n(no calls)")):
        apigw.assert_called("GetStage")


def test_make_call_of_an_error_answer_without_metadata() -> None:
    call = make_call("GetStage", {}, {"Error": {"Code": "X", "Message": "m"}}, 400, 0, "r", "a")
    assert isinstance(call, Call)
    assert (call.error_code, call.error_message, call.request_id) == ("X", "m", "")
