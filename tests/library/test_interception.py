"""The botocore wiring: what is (not) registered, what is (not) sent, and who reads what."""

from __future__ import annotations

import gc
import json
import socket
import weakref
from typing import Any

import boto3
import botocore.client
import botocore.signers
import pytest
import wrapt
from awscli.clidriver import create_clidriver  # type: ignore[import-untyped]
from botocore.config import Config
from dateutil.tz import tzlocal  # type: ignore[import-untyped]

from apigw_canary_mock import MockError, mock_apigateway
from apigw_canary_mock.core.errors import ApiError
from apigw_canary_mock.operations import OPERATIONS

REGION = "us-east-1"


def apigateway() -> Any:
    return boto3.client("apigateway", region_name=REGION)


def handlers_of(client: Any, event: str) -> list[Any]:
    trie = client.meta.events._emitter._handlers
    return [h for h in trie.prefix_search(event) if h.__module__.startswith("apigw_canary")]


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a socket was opened")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.fixture
def no_signing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a request was signed")

    monkeypatch.setattr(botocore.signers.RequestSigner, "sign", refuse)


def test_nothing_is_signed_or_sent(no_network: None, no_signing: None) -> None:
    with mock_apigateway() as apigw:
        api_id = apigw.create_deployable_api()
        client = apigateway()
        client.create_deployment(restApiId=api_id, stageName="prod")
        assert client.get_stage(restApiId=api_id, stageName="prod")["stageName"] == "prod"


def test_handlers_registered_once_and_only_on_apigateway_clients() -> None:
    with mock_apigateway():
        client = apigateway()
        sts = boto3.client("sts", region_name=REGION)
        client.get_rest_apis()  # the direct path: no handler needed on the emitter
        assert handlers_of(client, "before-call.api-gateway.GetRestApis") == []
        # Calls down botocore's path (a foreign listener is there) need them: once.
        client.meta.events.register("before-call.apigateway", lambda **kwargs: None)
        for _ in range(3):
            client.get_rest_apis()
        assert len(handlers_of(client, "before-parameter-build.api-gateway.GetRestApis")) == 1
        assert len(handlers_of(client, "before-call.api-gateway.GetRestApis")) == 1
        assert handlers_of(sts, "before-call.sts.GetCallerIdentity") == []


def test_after_call_handlers_read_the_http_answer() -> None:
    seen: list[Any] = []
    with mock_apigateway():
        client = apigateway()
        client.meta.events.register(
            "after-call.api-gateway.GetRestApis",
            lambda http_response, **kw: seen.append(http_response),
        )
        client.create_rest_api(name="x")
        parsed = client.get_rest_apis()
    (http,) = seen
    assert http.status_code == 200
    assert http.headers["Content-Type"] == "application/json"
    assert int(http.headers["content-length"]) == len(http.content)
    body = json.loads(http.content)
    # AWS's JSON name of the list is "item"; botocore maps it to "items".
    assert [api["name"] for api in body["item"]] == ["x"]
    assert body["item"][0]["createdDate"] == int(parsed["items"][0]["createdDate"].timestamp())


def test_timestamps_are_tzlocal_datetimes_like_botocores_parser_gives() -> None:
    with mock_apigateway():
        created = apigateway().create_rest_api(name="x")["createdDate"]
    assert isinstance(created.tzinfo, tzlocal)


@pytest.mark.parametrize(
    ("config", "attempts"),
    [
        (Config(retries={"mode": "legacy"}), 5),
        (Config(retries={"mode": "standard"}), 3),
        (Config(retries={"total_max_attempts": 1}), 1),
    ],
    # Explicit modes: botocore's default mode changed from legacy to standard (1.4x).
    ids=["legacy", "standard", "no-retries"],
)
def test_throttling_is_retried_as_the_client_config_says(
    monkeypatch: pytest.MonkeyPatch, config: Config | None, attempts: int
) -> None:
    calls: list[str] = []

    def throttled(backend: Any, params: Any) -> Any:
        calls.append(params["restApiId"])
        raise ApiError("TooManyRequestsException", "Too Many Requests", 429)

    monkeypatch.setitem(OPERATIONS, "GetStages", throttled)
    with mock_apigateway():
        client = boto3.client("apigateway", region_name="us-east-1", config=config)
        with pytest.raises(client.exceptions.TooManyRequestsException) as caught:
            client.get_stages(restApiId="abc")
    # No real backoff sleep happens: botocore's retry handlers are asked, not the network.
    assert calls == ["abc"] * attempts
    metadata = caught.value.response["ResponseMetadata"]
    assert (metadata["HTTPStatusCode"], metadata["RetryAttempts"]) == (429, attempts - 1)


def test_a_bug_in_a_handler_is_a_mock_error_not_a_raw_key_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(backend: Any, params: dict[str, Any]) -> Any:
        return params["missing"]

    monkeypatch.setitem(OPERATIONS, "GetStages", broken)
    with (
        mock_apigateway(),
        pytest.raises(MockError, match="while emulating GetStages: KeyError") as e,
    ):
        apigateway().get_stages(restApiId="abc")
    assert isinstance(e.value.__cause__, KeyError)


def test_a_foreign_wrapper_on_top_of_ours_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    original = botocore.client.BaseClient.__dict__["_make_api_call"]
    calls: list[str] = []

    def count(wrapped: Any, instance: Any, args: Any, kwargs: Any) -> Any:
        calls.append(args[0])
        return wrapped(*args, **kwargs)

    try:
        with mock_apigateway():
            ours = botocore.client.BaseClient.__dict__["_make_api_call"]
            foreign = wrapt.FunctionWrapper(ours, count)
            botocore.client.BaseClient._make_api_call = foreign
            apigateway().get_rest_apis()
        # Ours could not be removed without dropping theirs: it stays, inert.
        assert botocore.client.BaseClient.__dict__["_make_api_call"] is foreign
        with mock_apigateway():
            assert apigateway().get_rest_apis()["items"] == []
        assert calls == ["GetRestApis", "GetRestApis"]
    finally:
        botocore.client.BaseClient._make_api_call = original
    # With the chain gone, a new activation wraps again.
    with mock_apigateway():
        assert apigateway().get_rest_apis()["items"] == []
    assert botocore.client.BaseClient.__dict__["_make_api_call"] is original


def test_a_new_activation_reuses_its_wrapper_unless_the_method_changed_meanwhile() -> None:
    original = botocore.client.BaseClient.__dict__["_make_api_call"]
    with mock_apigateway():
        first = botocore.client.BaseClient.__dict__["_make_api_call"]
    with mock_apigateway():
        assert botocore.client.BaseClient.__dict__["_make_api_call"] is first
    assert botocore.client.BaseClient.__dict__["_make_api_call"] is original

    # Someone else patches the method while no mock is active: ours wraps theirs, fresh.
    def theirs(self: Any, operation_name: str, api_params: Any) -> Any:
        return original(self, operation_name, api_params)

    botocore.client.BaseClient._make_api_call = theirs
    try:
        with mock_apigateway():
            ours = botocore.client.BaseClient.__dict__["_make_api_call"]
            assert ours is not first
            assert ours.__wrapped__ is theirs
            assert apigateway().get_rest_apis()["items"] == []
        assert botocore.client.BaseClient.__dict__["_make_api_call"] is theirs
    finally:
        botocore.client.BaseClient._make_api_call = original


def test_aws_cli_v1_in_process(capsys: pytest.CaptureFixture[str]) -> None:
    with mock_apigateway() as apigw:
        api_id = apigw.create_deployable_api()
        driver = create_clidriver()
        assert driver.main(["apigateway", "create-deployment", "--rest-api-id", api_id,
                            "--stage-name", "prod"]) == 0  # fmt: skip
        deployment = json.loads(capsys.readouterr().out)
        assert create_clidriver().main(["apigateway", "get-stages", "--rest-api-id", api_id]) == 0
        stages = json.loads(capsys.readouterr().out)
        assert create_clidriver().main(
            ["apigateway", "get-stage", "--rest-api-id", api_id, "--stage-name", "nope"]
        ) == 255  # fmt: skip
        error = capsys.readouterr().err
    (stage,) = stages["item"]
    assert stage["deploymentId"] == deployment["id"]
    # The CLI's own parser keeps timestamps as sent (epoch seconds), as with real AWS.
    assert isinstance(stage["createdDate"], int)
    assert "An error occurred (NotFoundException) when calling the GetStage operation: " in error
    assert "Invalid stage identifier specified" in error


@pytest.mark.parametrize("direct_path", ["1", "0"])
def test_a_client_dropped_while_a_mock_is_active_is_freed(
    direct_path: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A session-long mock and a fresh client per test must not keep every client alive.
    monkeypatch.setenv("APIGW_CANARY_MOCK_DIRECT_PATH", direct_path)
    with mock_apigateway():
        client = apigateway()
        client.create_rest_api(name="orders")
        dropped = weakref.ref(client)
        del client
        gc.collect()
        assert dropped() is None
        # Another client of the same mock still answers, and so does a new one.
        assert len(apigateway().get_rest_apis()["items"]) == 1


def ours(client: Any) -> list[Any]:
    return [value for value in vars(client).values() if "apigw_canary" in type(value).__module__]


def test_a_client_keeps_nothing_of_the_mock_after_it_stops() -> None:
    client = apigateway()
    with mock_apigateway():
        client.get_rest_apis()
        assert ours(client)
    assert not ours(client)
