"""Injected faults: the next N matching calls fail with an AWS error; retries as against AWS."""

from __future__ import annotations

import inspect
import json
import time
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest
from botocore.awsrequest import AWSResponse, HeadersDict
from botocore.config import Config
from botocore.exceptions import ClientError
from botocore.retries import bucket

from apigw_canary_mock import (
    ApiGatewayMock,
    MockUsageError,
    UnemulatedOperationError,
    engine,
    mock_apigateway,
    wire,
)
from apigw_canary_mock.engine.faults import ERROR_STATUS, make_fault, take_fault
from apigw_canary_mock.intercept.retries import answer_with_retries
from apigw_canary_mock.wire.response import RawBody

REGION = "us-east-1"
NO_RETRIES = Config(retries={"mode": "standard", "total_max_attempts": 1})


@pytest.fixture
def apigw() -> Iterator[ApiGatewayMock]:
    with mock_apigateway() as mock:
        yield mock


@pytest.fixture
def client(apigw: ApiGatewayMock) -> Any:
    return boto3.client("apigateway", region_name=REGION, config=NO_RETRIES)


@pytest.fixture
def api_id(apigw: ApiGatewayMock, client: Any) -> str:
    api = apigw.create_deployable_api()
    client.create_deployment(restApiId=api, stageName="prod")
    client.create_deployment(restApiId=api, stageName="beta")
    return api


def ramp(client: Any, api_id: str, percent: str, stage: str = "prod") -> Any:
    return client.update_stage(
        restApiId=api_id,
        stageName=stage,
        patchOperations=[
            {"op": "replace", "path": "/canarySettings/percentTraffic", "value": percent}
        ],
    )


# -- what a fault answers ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "message", "status"),
    [
        ("TooManyRequestsException", "Too Many Requests", 429),
        (
            "ConflictException",
            "Unable to complete operation due to concurrent modification. Please try again later.",
            409,
        ),
        ("ServiceUnavailableException", "Service Unavailable", 503),
        ("BadRequestException", "Bad Request", 400),
        ("LimitExceededException", "Limit Exceeded", 429),
        ("UnauthorizedException", "Unauthorized", 401),
        ("NotFoundException", "Not Found", 404),
    ],
)
def test_modelled_errors_render_like_real_ones(
    apigw: ApiGatewayMock, client: Any, api_id: str, code: str, message: str, status: int
) -> None:
    apigw.inject_fault("UpdateStage", code)
    with pytest.raises(getattr(client.exceptions, code)) as caught:
        ramp(client, api_id, "10")
    response = caught.value.response
    assert response["Error"] == {"Message": message, "Code": code}
    assert response["message"] == message  # the modelled member, as botocore parses it
    assert response["ResponseMetadata"]["HTTPStatusCode"] == status
    assert response["ResponseMetadata"]["HTTPHeaders"]["x-amzn-errortype"] == code
    # Same shape as an error the emulator makes itself.
    with pytest.raises(client.exceptions.BadRequestException) as real:
        ramp(client, api_id, "101")
    assert set(real.value.response) == set(response)


def test_a_message_of_your_own(apigw: ApiGatewayMock, client: Any, api_id: str) -> None:
    apigw.inject_fault("UpdateStage", "BadRequestException", message="Invalid patch path /x")
    with pytest.raises(client.exceptions.BadRequestException, match="Invalid patch path /x"):
        ramp(client, api_id, "10")


def test_any_code_with_a_status(apigw: ApiGatewayMock, client: Any, api_id: str) -> None:
    apigw.inject_fault("GetStage", "InternalServerError", status=500)
    apigw.inject_fault("GetStage", "SomethingNew", status=418, message="teapot")
    config = Config(retries={"mode": "standard", "total_max_attempts": 1})
    plain = boto3.client("apigateway", region_name=REGION, config=config)
    with pytest.raises(ClientError) as first:
        plain.get_stage(restApiId=api_id, stageName="prod")
    assert first.value.response["Error"]["Code"] == "InternalServerError"
    assert first.value.response["ResponseMetadata"]["HTTPStatusCode"] == 500
    with pytest.raises(ClientError) as second:
        plain.get_stage(restApiId=api_id, stageName="prod")
    assert second.value.response["Error"] == {"Message": "teapot", "Code": "SomethingNew"}
    assert "message" not in second.value.response  # not a modelled error: no members


def test_state_is_untouched_and_no_history_entry(
    apigw: ApiGatewayMock, client: Any, api_id: str
) -> None:
    before = apigw.get_stage(api_id, "prod")
    apigw.inject_fault("UpdateStage", "ServiceUnavailableException")
    with pytest.raises(client.exceptions.ServiceUnavailableException):
        ramp(client, api_id, "10")
    assert apigw.get_stage(api_id, "prod") == before
    assert apigw.stage_history(api_id, "prod").operations() == ["CreateDeployment"]
    call = apigw.calls.last
    assert call.injected
    assert (call.error_code, call.status) == ("ServiceUnavailableException", 503)
    assert call.describe().endswith("(injected fault)")
    # The next call goes through.
    ramp(client, api_id, "10")
    assert apigw.stage_history(api_id, "prod").canary_percentages() == [None, 10.0]


def test_times_and_pending(apigw: ApiGatewayMock, client: Any, api_id: str) -> None:
    fault = apigw.inject_fault("UpdateStage", "TooManyRequestsException", times=2)
    assert apigw.pending_faults() == [fault]
    for _ in range(2):
        with pytest.raises(client.exceptions.TooManyRequestsException):
            ramp(client, api_id, "10")
    assert (fault.consumed, fault.remaining, fault.pending) == (2, 0, False)
    assert apigw.pending_faults() == []
    ramp(client, api_id, "10")
    apigw.assert_all_faults_consumed()
    assert apigw.call_count("UpdateStage") == 3


def test_match_and_region_select_the_calls(apigw: ApiGatewayMock, client: Any, api_id: str) -> None:
    apigw.inject_fault("UpdateStage", "ConflictException", match={"stageName": "prod"})
    apigw.inject_fault("UpdateStage", "ConflictException", region="eu-west-1")
    ramp(client, api_id, "10", stage="beta")  # no match: goes through
    with pytest.raises(client.exceptions.ConflictException):
        ramp(client, api_id, "10", stage="prod")
    assert len(apigw.pending_faults()) == 1
    assert apigw.pending_faults()[0].region == "eu-west-1"


def test_faults_are_used_in_injection_order(
    apigw: ApiGatewayMock, client: Any, api_id: str
) -> None:
    apigw.inject_fault("GetStage", "TooManyRequestsException")
    apigw.inject_fault("GetStage", "ConflictException")
    with pytest.raises(client.exceptions.TooManyRequestsException):
        client.get_stage(restApiId=api_id, stageName="prod")
    with pytest.raises(client.exceptions.ConflictException):
        client.get_stage(restApiId=api_id, stageName="prod")


def test_mock_helpers_do_not_consume_faults(apigw: ApiGatewayMock, api_id: str) -> None:
    apigw.inject_fault("GetStage", "TooManyRequestsException")
    assert apigw.get_stage(api_id, "prod")["stageName"] == "prod"
    assert len(apigw.pending_faults()) == 1


def test_invalid_params_fail_before_the_fault(
    apigw: ApiGatewayMock, client: Any, api_id: str
) -> None:
    apigw.inject_fault("GetStage", "TooManyRequestsException")
    with pytest.raises(Exception, match="Missing required parameter"):
        client.get_stage(restApiId=api_id)
    assert len(apigw.pending_faults()) == 1


def test_unconsumed_faults_are_reported(apigw: ApiGatewayMock, client: Any, api_id: str) -> None:
    apigw.inject_fault("UpdateStage", "TooManyRequestsException", times=3)
    apigw.inject_fault("DeleteStage", "ConflictException", match={"stageName": "prod"})
    with pytest.raises(client.exceptions.TooManyRequestsException):
        ramp(client, api_id, "10")
    with pytest.raises(AssertionError) as caught:
        apigw.assert_all_faults_consumed()
    lines = str(caught.value).splitlines()
    assert lines[:3] == [
        "2 injected fault(s) not consumed:",
        "  - UpdateStage: TooManyRequestsException (429) 1/3 consumed",
        "  - DeleteStage, stageName='prod': ConflictException (409) 0/1 consumed",
    ]
    assert lines[3] == "Calls made:"
    assert lines[-1].endswith("-> 429 TooManyRequestsException: Too Many Requests (injected fault)")
    apigw.clear_faults()
    apigw.assert_all_faults_consumed()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"code": "Nope"}, "no HTTP status known for error code 'Nope': pass status="),
        ({"code": ""}, "code must be an AWS error code"),
        ({"code": "ConflictException", "times": 0}, "times must be an int of at least 1"),
        ({"code": "ConflictException", "times": True}, "times must be an int of at least 1"),
        ({"code": "X", "status": 200}, "status must be an HTTP error status"),
        ({"code": "ConflictException", "match": ["x"]}, "match must be a mapping"),
    ],
)
def test_bad_fault_arguments(apigw: ApiGatewayMock, kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(MockUsageError, match=f"^inject_fault: {message}"):
        apigw.inject_fault("GetStage", **kwargs)


def test_fault_on_an_unemulated_operation(apigw: ApiGatewayMock) -> None:
    with pytest.raises(UnemulatedOperationError, match="GetApiKeys"):
        apigw.inject_fault("GetApiKeys", "TooManyRequestsException")


def test_every_known_code_has_a_status_and_message() -> None:
    for code, (status, message) in ERROR_STATUS.items():
        fault = make_fault("GetStage", code)
        assert (fault.status, fault.message) == (status, message)
        assert 400 <= status < 600
    assert repr(make_fault("GetStage", "ConflictException")).startswith("<Fault GetStage: ")


def test_take_fault_skips_used_up_and_unmatched_faults() -> None:
    used = make_fault("GetStage", "ConflictException")
    used.consumed = 1
    other = make_fault("GetStage", "BadRequestException", match={"stageName": "b"})
    wanted = make_fault("GetStage", "TooManyRequestsException")
    faults = [used, other, wanted]
    taken = take_fault(faults, "GetStage", REGION, {"stageName": "a"})
    assert taken is wanted and taken.error().code == "TooManyRequestsException"
    assert take_fault(faults, "GetStage", REGION, {"stageName": "a"}) is None
    assert take_fault(faults, "UpdateStage", REGION, {"stageName": "b"}) is None


# -- retries ----------------------------------------------------------------------------
#
# botocore retries in Endpoint._send_request; intercept.retries.answer_with_retries replays
# that loop, on both of the mock's call paths. The reference below runs the very same client
# configuration through botocore's real Endpoint (the HTTP answers come from a before-send
# handler), and the two must agree.


def _throttled_then_ok(code: str, status: int, failures: int) -> Callable[..., Any]:
    answers = {"count": 0}

    def before_send(request: Any, **kwargs: Any) -> AWSResponse:
        answers["count"] += 1
        if answers["count"] <= failures:
            body = json.dumps({"message": "m"}).encode()
            headers = {"x-amzn-errortype": code, "content-type": "application/json"}
        else:
            body = json.dumps(
                {"stageName": "prod", "deploymentId": "d1", "createdDate": 1}
            ).encode()
            headers = {"content-type": "application/json"}
            status_code = 200
            return AWSResponse("https://x", status_code, HeadersDict(headers), RawBody(body))
        return AWSResponse("https://x", status, HeadersDict(headers), RawBody(body))

    before_send.answers = answers  # type: ignore[attr-defined]
    return before_send


def _outcome(call: Callable[[], Any]) -> tuple[str, int, bool]:
    try:
        metadata = call()["ResponseMetadata"]
        result = "ok"
    except ClientError as error:
        metadata = error.response["ResponseMetadata"]
        result = error.response["Error"]["Code"]
    return result, metadata["RetryAttempts"], bool(metadata.get("MaxAttemptsReached"))


def _reference(config: Config, code: str, status: int, failures: int) -> tuple[Any, int]:
    """What botocore's own Endpoint makes of ``failures`` error answers, then a success."""
    client = boto3.client(
        "apigateway",
        region_name=REGION,
        config=config,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    handler = _throttled_then_ok(code, status, failures)
    client.meta.events.register("before-send.api-gateway.GetStage", handler)
    outcome = _outcome(lambda: client.get_stage(restApiId="a", stageName="prod"))
    return outcome, handler.answers["count"]  # type: ignore[attr-defined]


def _listen(**kwargs: Any) -> None:
    """A foreign before-call listener: the call takes botocore's full path."""


PATHS = ["direct", "botocore-path"]


def on_path(client: Any, path: str) -> Any:
    """The client, answered by the mock's production path ``path`` (its retries included)."""
    if path == "botocore-path":
        client.meta.events.register("before-call.apigateway", _listen)
    return client


CONFIGS = [
    {"mode": "legacy"},
    {"mode": "legacy", "max_attempts": 0},
    {"mode": "legacy", "max_attempts": 1},
    {"mode": "legacy", "max_attempts": 3},
    {"mode": "standard"},
    {"mode": "standard", "max_attempts": 1},
    {"mode": "standard", "max_attempts": 2},
    {"mode": "standard", "max_attempts": 5},
    {"mode": "adaptive"},
    {"mode": "adaptive", "max_attempts": 4},
]


@pytest.mark.parametrize("retries", CONFIGS, ids=lambda r: "-".join(map(str, r.values())))
@pytest.mark.parametrize(
    ("code", "status"),
    [
        ("TooManyRequestsException", 429),
        ("ServiceUnavailableException", 503),
        ("ConflictException", 409),
        ("BadRequestException", 400),
    ],
)
@pytest.mark.parametrize("failures", [1, 2, 4])
@pytest.mark.parametrize("path", PATHS)
def test_retries_match_botocores_own_endpoint(
    monkeypatch: pytest.MonkeyPatch,
    retries: dict[str, Any],
    code: str,
    status: int,
    failures: int,
    path: str,
) -> None:
    slept: list[float] = []
    monkeypatch.setattr(time, "sleep", slept.append)
    # The adaptive mode's rate limiter waits on a condition in before-send (the reference
    # path only: the mock answers before it).
    monkeypatch.setattr(bucket.TokenBucket, "acquire", lambda self, amount=1, block=True: True)
    config = Config(retries=retries)  # type: ignore[arg-type]
    expected, attempts = _reference(config, code, status, failures)

    slept.clear()
    with mock_apigateway() as apigw:
        api_id = apigw.create_deployable_api()
        apigw._call("CreateDeployment", {"restApiId": api_id, "stageName": "prod"}, REGION)
        client = on_path(boto3.client("apigateway", region_name=REGION, config=config), path)
        apigw.inject_fault("GetStage", code, times=failures)
        outcome = _outcome(lambda: client.get_stage(restApiId=api_id, stageName="prod"))
    # Same result, RetryAttempts and MaxAttemptsReached; as many attempts (one call each).
    assert outcome == expected
    assert apigw.call_count("GetStage") == attempts
    # No real backoff: nothing slept (time.sleep is the only way botocore's handlers wait).
    assert slept == []


def test_retry_reference_really_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    # Guards the reference itself: botocore did retry (and wanted to sleep) there.
    slept: list[float] = []
    monkeypatch.setattr(time, "sleep", slept.append)
    config = Config(retries={"mode": "standard", "max_attempts": 3})
    outcome, attempts = _reference(config, "TooManyRequestsException", 429, 1)
    assert (outcome, attempts) == (("ok", 1, False), 2)
    assert len(slept) == 1


@pytest.mark.parametrize("path", PATHS)
def test_retried_success_reports_retry_attempts(
    apigw: ApiGatewayMock, api_id: str, path: str
) -> None:
    client = boto3.client(
        "apigateway", region_name=REGION, config=Config(retries={"mode": "standard"})
    )
    on_path(client, path)
    apigw.inject_fault("UpdateStage", "TooManyRequestsException", times=2)
    answer = ramp(client, api_id, "10")
    assert answer["ResponseMetadata"]["RetryAttempts"] == 2
    assert answer["canarySettings"]["percentTraffic"] == 10.0
    assert [(c.injected, c.status) for c in apigw.calls.filter("UpdateStage")] == [
        (True, 429),
        (True, 429),
        (False, 200),
    ]
    assert apigw.stage_history(api_id, "prod").canary_percentages() == [None, 10.0]


@pytest.mark.parametrize("path", PATHS)
def test_production_retries_run_through_the_tested_function(
    apigw: ApiGatewayMock, api_id: str, path: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The tests above check ``answer_with_retries`` against botocore's Endpoint; this one
    checks that each production path answers through it (no second, unrolled copy)."""
    seen: list[str] = []

    def spy(events: Any, model: Any, request: Any, answer_once: Any) -> Any:
        seen.append(model.name)
        return answer_with_retries(events, model, request, answer_once)

    monkeypatch.setattr("apigw_canary_mock.intercept.handlers.answer_with_retries", spy)
    client = on_path(boto3.client("apigateway", region_name=REGION), path)
    apigw.inject_fault("UpdateStage", "TooManyRequestsException", times=1)
    answer = ramp(client, api_id, "10")
    assert answer["ResponseMetadata"]["RetryAttempts"] == 1
    assert seen == ["UpdateStage"]


@pytest.mark.parametrize("path", PATHS)
def test_give_up_sets_max_attempts_reached(apigw: ApiGatewayMock, api_id: str, path: str) -> None:
    client = boto3.client(
        "apigateway",
        region_name=REGION,
        config=Config(retries={"mode": "standard", "max_attempts": 3}),
    )
    on_path(client, path)
    apigw.inject_fault("UpdateStage", "TooManyRequestsException", times=5)
    with pytest.raises(client.exceptions.TooManyRequestsException) as caught:
        ramp(client, api_id, "10")
    metadata = caught.value.response["ResponseMetadata"]
    # botocore's max_attempts counts retries: 1 attempt + 3 retries.
    assert (metadata["RetryAttempts"], metadata["MaxAttemptsReached"]) == (3, True)
    assert apigw.pending_faults()[0].remaining == 1


def test_answer_with_retries_accepts_a_context_and_skips_successes() -> None:
    client = boto3.client(
        "apigateway", region_name=REGION, config=Config(retries={"mode": "standard"})
    )
    model = wire.operation_model("GetStage")
    emitted: list[str] = []
    client.meta.events.register("needs-retry", lambda event_name, **kw: emitted.append(event_name))

    class Http:  # what botocore reads of an answer (1.44's standard mode: the headers too)
        def __init__(self, status: int) -> None:
            self.status_code = status
            self.headers: dict[str, str] = {}

    answers = iter(
        [
            (Http(200), {"ResponseMetadata": {"RetryAttempts": 0}}),
            (Http(503), {"Error": {"Code": "X"}, "ResponseMetadata": {"HTTPStatusCode": 503}}),
            (Http(200), {"ResponseMetadata": {"RetryAttempts": 0}}),
        ]
    )
    context: dict[str, Any] = {}
    http, parsed = answer_with_retries(client.meta.events, model, context, lambda: next(answers))
    assert (http.status_code, emitted, context) == (200, [], {})
    http, parsed = answer_with_retries(client.meta.events, model, context, lambda: next(answers))
    assert http.status_code == 200
    assert parsed["ResponseMetadata"]["RetryAttempts"] == 1
    assert emitted == ["needs-retry.api-gateway.GetStage"] * 2  # the retried success too
    assert context["retries"]["attempt"] == 2


@pytest.mark.parametrize("mode", ["legacy", "standard", "adaptive"])
def test_async_variant_with_an_aiobotocore_client(apigw: ApiGatewayMock, mode: str) -> None:
    import asyncio

    aio_session = pytest.importorskip("aiobotocore.session")  # the [async] extra

    api_id = apigw.create_deployable_api()
    apigw._call("CreateDeployment", {"restApiId": api_id, "stageName": "prod"}, REGION)
    apigw.inject_fault("GetStage", "TooManyRequestsException", times=2)
    model = wire.operation_model("GetStage")
    params = {"restApiId": api_id, "stageName": "prod"}

    async def run() -> tuple[Any, dict[str, Any]]:
        session = aio_session.get_session()
        config = Config(retries={"mode": mode, "max_attempts": 3})
        async with session.create_client(
            "apigateway",
            region_name=REGION,
            config=config,
            aws_access_key_id="a",
            aws_secret_access_key="b",
        ) as client:
            context: dict[str, Any] = {}
            answer = answer_with_retries(
                client.meta.events,
                model,
                context,
                lambda: engine.answer(apigw.session, apigw.account_id, REGION, model, params),
            )
            assert inspect.isawaitable(answer)  # the async emitter: a coroutine to await
            result: tuple[Any, dict[str, Any]] = await answer
            return result

    http, parsed = asyncio.run(run())
    assert http.status_code == 200
    assert parsed["ResponseMetadata"]["RetryAttempts"] == 2
    assert apigw.call_count("GetStage") == 3
