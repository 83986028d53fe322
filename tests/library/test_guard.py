"""The guard (activation.block_unmocked; pytest's ``--apigw-block-unmocked``): while it is on,
an apigateway call made outside any mock fails at once with UnmockedCallError, before anything
is signed or sent; calls inside a mock are answered as usual. Off, botocore is left exactly as
it was. (The pytest options themselves: tests/integration/test_plugin.py.)"""

from __future__ import annotations

import pickle
import threading
import time
from collections.abc import Iterator
from typing import Any

import boto3
import botocore.client
import botocore.endpoint
import pytest
from botocore.exceptions import NoCredentialsError

from apigw_canary_mock import (
    MockUsageError,
    UnmockedCallError,
    activation,
    active_mock,
    mock_apigateway,
)

REGION = "us-east-1"
ORIGINAL = botocore.client.BaseClient.__dict__["_make_api_call"]
BLOCKED = (
    "the apigateway call GetRestApis was made outside any mock: blocked by the test's guard, "
    "so it was not sent to AWS. Make it inside a mock: the apigateway_mock fixture, "
    "@mock_apigateway or `with mock_apigateway():`"
)


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every request botocore would send, recorded and refused."""
    requests: list[str] = []

    def send(self: Any, request: Any) -> Any:
        requests.append(request.url)
        raise AssertionError(f"an apigateway request reached the network: {request.url}")

    monkeypatch.setattr(botocore.endpoint.Endpoint, "_send", send)
    yield requests


@pytest.fixture
def guard() -> Iterator[None]:
    activation.block_unmocked("the test's guard")
    try:
        yield
    finally:
        activation.block_unmocked(None)
    assert botocore.client.BaseClient.__dict__["_make_api_call"] is ORIGINAL


def credentialed_client() -> Any:
    return boto3.client(
        "apigateway",
        region_name=REGION,
        aws_access_key_id="AKIAEXAMPLE",
        aws_secret_access_key="secret",
    )


def test_without_the_guard_a_forgotten_mock_reaches_for_the_network(sent: list[str]) -> None:
    # The control: what the guard prevents (here the request is refused by the fixture).
    with pytest.raises(AssertionError, match="reached the network"):
        credentialed_client().get_rest_apis()
    assert sent == [f"https://apigateway.{REGION}.amazonaws.com/restapis"]


@pytest.mark.usefixtures("guard")
def test_a_call_outside_any_mock_fails_at_once(sent: list[str]) -> None:
    client = credentialed_client()
    started = time.perf_counter()
    with pytest.raises(UnmockedCallError) as caught:
        client.get_rest_apis()
    assert time.perf_counter() - started < 0.5
    assert str(caught.value) == BLOCKED
    assert caught.value.operation == "GetRestApis"
    assert isinstance(caught.value, MockUsageError)
    assert sent == []


@pytest.mark.usefixtures("guard")
def test_no_credentials_are_looked_for() -> None:
    # conftest leaves no credentials anywhere: without the guard this is NoCredentialsError.
    client = boto3.client("apigateway", region_name=REGION)
    with pytest.raises(UnmockedCallError):
        client.get_rest_apis()
    activation.block_unmocked(None)
    with pytest.raises(NoCredentialsError):
        client.get_rest_apis()


@pytest.mark.usefixtures("guard")
def test_unemulated_operations_are_blocked_too(sent: list[str]) -> None:
    with pytest.raises(UnmockedCallError, match="the apigateway call GetApiKeys was made"):
        credentialed_client().get_api_keys()
    assert sent == []


@pytest.mark.usefixtures("guard")
def test_calls_inside_a_mock_are_answered_and_blocked_again_after(sent: list[str]) -> None:
    client = credentialed_client()  # created before the mock, hooked while blocked
    with pytest.raises(UnmockedCallError):
        client.get_rest_apis()
    with mock_apigateway():
        client.create_rest_api(name="inside")
        assert [api["name"] for api in client.get_rest_apis()["items"]] == ["inside"]
        # A worker thread that started no mock is answered by the only active one.
        with_thread: list[Any] = []
        worker = threading.Thread(target=lambda: with_thread.append(client.get_rest_apis()))
        worker.start()
        worker.join()
        assert [api["name"] for api in with_thread[0]["items"]] == ["inside"]
    with pytest.raises(UnmockedCallError):
        client.get_rest_apis()
    assert sent == []


@pytest.mark.usefixtures("guard")
def test_active_mock_still_says_no_mock_is_active() -> None:
    with pytest.raises(MockUsageError, match="no apigw_canary_mock is active"):
        active_mock()


def test_the_guard_off_leaves_botocore_as_it_was() -> None:
    activation.block_unmocked("on")
    assert botocore.client.BaseClient.__dict__["_make_api_call"] is not ORIGINAL
    activation.block_unmocked(None)
    assert botocore.client.BaseClient.__dict__["_make_api_call"] is ORIGINAL
    with mock_apigateway():
        pass
    assert botocore.client.BaseClient.__dict__["_make_api_call"] is ORIGINAL


def test_the_error_survives_pickling() -> None:
    error = UnmockedCallError("GetStage", "--apigw-block-unmocked")
    copy = pickle.loads(pickle.dumps(error))
    assert (type(copy), str(copy), copy.operation) == (type(error), str(error), "GetStage")


@pytest.mark.usefixtures("guard")
def test_an_async_client_is_blocked_too(sent: list[str]) -> None:
    aio_session = pytest.importorskip("aiobotocore.session")  # the [async] extra
    import asyncio

    async def call() -> None:
        session = aio_session.get_session()
        async with session.create_client(
            "apigateway", region_name=REGION, aws_access_key_id="a", aws_secret_access_key="b"
        ) as client:
            with pytest.raises(UnmockedCallError, match="GetRestApis"):
                await client.get_rest_apis()
            with mock_apigateway():
                assert (await client.get_rest_apis())["items"] == []

    asyncio.run(call())
    assert sent == []
