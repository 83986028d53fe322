"""aiobotocore / aioboto3 clients are answered exactly like boto3's: the same canary rollout
through both gives the same answers, errors are the async client's own exception classes, and
the mock works as a decorator of an ``async def``, a ``with`` block around ``async with``
clients, and an async context manager itself."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable, Generator
from datetime import datetime, timezone
from typing import Any

import boto3
import pytest

# The async clients are an extra (apigw_canary_mock[async]): without them, this module skips.
pytest.importorskip("aiobotocore")

import aiobotocore.client
import aiobotocore.session
import time_machine
from botocore.exceptions import ClientError, ParamValidationError

from apigw_canary_mock import (
    ApiGatewayMock,
    MockUsageError,
    UnemulatedOperationError,
    active_mock,
    mock_apigateway,
)

try:
    import aioboto3
except ImportError:  # pragma: no cover - aioboto3 pins an older botocore than some users run
    aioboto3 = None

needs_aioboto3 = pytest.mark.skipif(aioboto3 is None, reason="aioboto3 is not installed")

REGION = "us-east-1"
T0 = datetime(2024, 5, 1, 12, 0, 0, tzinfo=timezone.utc)
ORIGINAL_AIO_MAKE_API_CALL = aiobotocore.client.AioBaseClient.__dict__["_make_api_call"]

# A rollout is a generator: it yields (method name, kwargs) and is sent each answer, so the
# same steps run through a sync client and an async one.
Rollout = Generator[tuple[str, dict[str, Any]], dict[str, Any], None]


def rollout() -> Rollout:
    api = yield "create_rest_api", {"name": "orders"}
    api_id = api["id"]
    resources = yield "get_resources", {"restApiId": api_id}
    root_id = next(item["id"] for item in resources["items"] if item["path"] == "/")
    method = {"restApiId": api_id, "resourceId": root_id, "httpMethod": "GET"}
    yield "put_method", {**method, "authorizationType": "NONE"}
    yield "put_integration", {**method, "type": "MOCK"}
    yield "create_deployment", {"restApiId": api_id, "stageName": "prod"}
    yield (
        "create_deployment",
        {
            "restApiId": api_id,
            "stageName": "prod",
            "canarySettings": {"percentTraffic": 10.0, "stageVariableOverrides": {"v": "2"}},
        },
    )
    stage = {"restApiId": api_id, "stageName": "prod"}
    canary = yield "get_stage", stage
    assert canary["canarySettings"]["percentTraffic"] == 10.0
    ramp = [{"op": "replace", "path": "/canarySettings/percentTraffic", "value": "50"}]
    yield "update_stage", {**stage, "patchOperations": ramp}
    promote = [
        {"op": "copy", "from": "/canarySettings/deploymentId", "path": "/deploymentId"},
        {"op": "copy", "from": "/canarySettings/stageVariableOverrides", "path": "/variables"},
        {"op": "replace", "path": "/canarySettings/percentTraffic", "value": "0.0"},
    ]
    promoted = yield "update_stage", {**stage, "patchOperations": promote}
    assert promoted["deploymentId"] == canary["canarySettings"]["deploymentId"]
    removed = yield (
        "update_stage",
        {**stage, "patchOperations": [{"op": "remove", "path": "/canarySettings"}]},
    )
    assert "canarySettings" not in removed
    yield "get_stages", {"restApiId": api_id}
    yield "get_deployments", {"restApiId": api_id}
    yield "get_rest_apis", {}


def comparable(answer: dict[str, Any]) -> dict[str, Any]:
    """The answer minus what differs per request: the request id and the date header."""
    metadata = dict(answer["ResponseMetadata"])
    del metadata["RequestId"]
    metadata["HTTPHeaders"] = {
        name: value
        for name, value in metadata["HTTPHeaders"].items()
        if name not in ("date", "x-amzn-requestid")
    }
    return {**answer, "ResponseMetadata": metadata}


def run_sync(steps: Rollout, client: Any) -> list[tuple[str, dict[str, Any]]]:
    answers = []
    method, kwargs = next(steps)
    while True:
        answer = getattr(client, method)(**kwargs)
        answers.append((method, comparable(answer)))
        try:
            method, kwargs = steps.send(answer)
        except StopIteration:
            return answers


async def run_async(steps: Rollout, client: Any) -> list[tuple[str, dict[str, Any]]]:
    answers = []
    method, kwargs = next(steps)
    while True:
        answer = await getattr(client, method)(**kwargs)
        answers.append((method, comparable(answer)))
        try:
            method, kwargs = steps.send(answer)
        except StopIteration:
            return answers


def sync_answers() -> list[tuple[str, dict[str, Any]]]:
    with time_machine.travel(T0, tick=False), mock_apigateway(seed=7):
        return run_sync(rollout(), boto3.client("apigateway", region_name=REGION))


def in_frozen_time(coroutine: Callable[[], Any]) -> Any:
    with time_machine.travel(T0, tick=False):
        return asyncio.run(coroutine())


# -- the same rollout, the same answers -------------------------------------------------------


@needs_aioboto3
def test_decorated_async_def_with_aioboto3_gives_the_sync_answers() -> None:
    @mock_apigateway(seed=7)
    async def run() -> list[tuple[str, dict[str, Any]]]:
        session = aioboto3.Session()
        async with session.client("apigateway", region_name=REGION) as client:
            return await run_async(rollout(), client)

    answers = in_frozen_time(run)
    assert [method for method, _ in answers] == [method for method, _ in sync_answers()]
    assert answers == sync_answers()
    assert answers[0][1]["createdDate"] == T0


def _listen(**kwargs: Any) -> None:
    """A foreign before-call listener: the client's calls take botocore's full path."""


@pytest.mark.parametrize("path", ["direct", "botocore-path"])
def test_with_block_around_async_with_aiobotocore_client_gives_the_sync_answers(
    path: str,
) -> None:
    async def run() -> list[tuple[str, dict[str, Any]]]:
        with mock_apigateway(seed=7):
            session = aiobotocore.session.get_session()
            async with session.create_client("apigateway", region_name=REGION) as client:
                if path == "botocore-path":
                    client.meta.events.register("before-call.apigateway", _listen)
                return await run_async(rollout(), client)

    assert in_frozen_time(run) == sync_answers()


def test_mock_is_an_async_context_manager() -> None:
    async def run() -> tuple[ApiGatewayMock, list[str]]:
        async with mock_apigateway(account_id="111122223333") as apigw:
            assert active_mock() is apigw and apigw.is_active
            api_id = apigw.create_deployable_api("orders")
            session = aiobotocore.session.get_session()
            async with session.create_client("apigateway", region_name=REGION) as client:
                await client.create_deployment(restApiId=api_id, stageName="prod")
                stage = await client.get_stage(restApiId=api_id, stageName="prod")
                assert apigw.get_stage(api_id, "prod") == {
                    key: value for key, value in stage.items() if key != "ResponseMetadata"
                }
                names = [api["name"] for api in (await client.get_rest_apis())["items"]]
        return apigw, names

    apigw, names = asyncio.run(run())
    assert names == ["orders"]
    assert not apigw.is_active
    with pytest.raises(MockUsageError):
        active_mock()


def test_async_context_manager_stops_on_error() -> None:
    async def run() -> None:
        async with mock_apigateway():
            raise KeyError("boom")

    with pytest.raises(KeyError):
        asyncio.run(run())
    with pytest.raises(MockUsageError):
        active_mock()


# -- errors -------------------------------------------------------------------------------------


def test_errors_are_the_async_clients_own_exception_classes() -> None:
    @mock_apigateway
    async def run() -> None:
        session = aiobotocore.session.get_session()
        async with session.create_client("apigateway", region_name=REGION) as client:
            with pytest.raises(client.exceptions.NotFoundException) as caught:
                await client.get_stages(restApiId="nope")
            assert isinstance(caught.value, ClientError)
            assert caught.value.response["Error"]["Message"] == (
                "Invalid API identifier specified 123456789012:nope"
            )
            assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404
            with pytest.raises(ParamValidationError):
                await client.get_stage(restApiId="x")
            with pytest.raises(UnemulatedOperationError) as unemulated:
                await client.get_api_keys()
            assert unemulated.value.operation == "GetApiKeys"

    asyncio.run(run())


@needs_aioboto3
def test_async_and_sync_errors_match() -> None:
    def sync_error() -> dict[str, Any]:
        with mock_apigateway(), pytest.raises(ClientError) as caught:
            boto3.client("apigateway", region_name=REGION).get_stage(
                restApiId="nope", stageName="prod"
            )
        return comparable(caught.value.response)

    @mock_apigateway
    async def async_error() -> dict[str, Any]:
        session = aioboto3.Session()
        async with session.client("apigateway", region_name=REGION) as client:
            with pytest.raises(ClientError) as caught:
                await client.get_stage(restApiId="nope", stageName="prod")
        return comparable(caught.value.response)

    assert asyncio.run(async_error()) == sync_error()


# -- wiring ------------------------------------------------------------------------------------


def test_aiobotocore_method_is_wrapped_only_while_active() -> None:
    current = aiobotocore.client.AioBaseClient.__dict__
    assert current["_make_api_call"] is ORIGINAL_AIO_MAKE_API_CALL
    with mock_apigateway():
        assert current["_make_api_call"] is not ORIGINAL_AIO_MAKE_API_CALL
        assert current["_make_api_call"].__wrapped__ is ORIGINAL_AIO_MAKE_API_CALL
    assert current["_make_api_call"] is ORIGINAL_AIO_MAKE_API_CALL


def test_aiobotocore_client_created_before_start_is_answered() -> None:
    async def run() -> list[str]:
        session = aiobotocore.session.get_session()
        async with session.create_client("apigateway", region_name=REGION) as client:
            with mock_apigateway():
                await client.create_rest_api(name="early")
                return [api["name"] for api in (await client.get_rest_apis())["items"]]

    assert asyncio.run(run()) == ["early"]


def test_importing_apigw_canary_mock_does_not_import_aiobotocore() -> None:
    # In a fresh interpreter: this one imported aiobotocore above.
    import subprocess

    code = (
        "import sys, apigw_canary_mock; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('aiobotocore', 'aioboto3')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


IMPORTED_AFTER_START = """
import asyncio, sys
from apigw_canary_mock import mock_apigateway

meta_path = list(sys.meta_path)

# Started and stopped before aiobotocore is imported: no hook is left to patch it later.
with mock_apigateway():
    assert "aiobotocore" not in sys.modules
assert sys.meta_path == meta_path

@mock_apigateway
async def rollout_step():
    from aiobotocore.session import get_session  # first imported while the mock is active
    async with get_session().create_client("apigateway", region_name="us-east-1") as client:
        await client.create_rest_api(name="late-import")
        return [api["name"] for api in (await client.get_rest_apis())["items"]]

assert asyncio.run(rollout_step()) == ["late-import"], "answered"
assert sys.meta_path == meta_path
import aiobotocore.client, inspect, wrapt
method = aiobotocore.client.AioBaseClient.__dict__["_make_api_call"]
assert not isinstance(method, wrapt.ObjectProxy), method
assert inspect.iscoroutinefunction(method) and method.__module__ == "aiobotocore.client"
print("ok")
"""


def test_aiobotocore_imported_after_start_is_covered_and_left_clean() -> None:
    import subprocess

    out = subprocess.run(
        [sys.executable, "-c", IMPORTED_AFTER_START], capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"
