"""Fail closed: with the network made to fail and no credentials anywhere, every emulated
operation works and an unemulated one raises the mock's own error; nothing tries the network.
After the mock stops, boto3 (and aiobotocore) behave exactly as before it started."""

from __future__ import annotations

import asyncio
import os
import socket
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import botocore.client
import botocore.utils
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError, EndpointConnectionError, NoCredentialsError

from apigw_canary_mock import EMULATED_OPERATIONS, UnemulatedOperationError, mock_apigateway

try:  # the async clients are an extra (apigw_canary_mock[async]): their checks skip without it
    import aiobotocore.client
    import aiobotocore.session
    import aiobotocore.utils
except ImportError:
    aiobotocore = None

needs_aiobotocore = pytest.mark.skipif(aiobotocore is None, reason="aiobotocore not installed")

REGION = "us-east-1"
# Captured at import, when no mock is active.
ORIGINAL = botocore.client.BaseClient.__dict__["_make_api_call"]
ORIGINAL_AIO = aiobotocore and aiobotocore.client.AioBaseClient.__dict__["_make_api_call"]
NO_RETRIES = Config(retries={"total_max_attempts": 1})


class Tripwires:
    """Records every attempt to reach the network or the instance metadata service."""

    def __init__(self) -> None:
        self.network: list[str] = []
        self.imds_requests: list[str] = []
        self.imds_lookups = 0


@pytest.fixture
def tripwires(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Tripwires]:
    wires = Tripwires()

    # -- no credentials anywhere
    for name in list(os.environ):
        if name.startswith("AWS_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "missing" / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "missing" / "credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")

    # -- no network
    def refuse(what: str) -> Any:
        def refused(*args: Any, **kwargs: Any) -> Any:
            wires.network.append(what)
            raise OSError(f"network disabled by the test ({what})")

        return refused

    monkeypatch.setattr(socket.socket, "connect", refuse("socket.connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("socket.connect_ex"))
    monkeypatch.setattr(socket, "create_connection", refuse("socket.create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("socket.getaddrinfo"))

    # -- no instance metadata: requests would trip, lookups are counted
    original_lookup = botocore.utils.InstanceMetadataFetcher.retrieve_iam_role_credentials

    def lookup(self: Any) -> Any:
        wires.imds_lookups += 1
        return original_lookup(self)

    def imds_request(self: Any, url_path: str, *args: Any, **kwargs: Any) -> Any:
        wires.imds_requests.append(url_path)
        raise AssertionError(f"instance metadata requested: {url_path}")

    monkeypatch.setattr(
        botocore.utils.InstanceMetadataFetcher, "retrieve_iam_role_credentials", lookup
    )
    monkeypatch.setattr(botocore.utils.InstanceMetadataFetcher, "_get_request", imds_request)
    if aiobotocore is not None:
        aio_fetcher = aiobotocore.utils.AioInstanceMetadataFetcher
        monkeypatch.setattr(aio_fetcher, "_get_request", imds_request)
    yield wires
    assert wires.imds_requests == []


def our_handlers(client: Any) -> list[Any]:
    """apigw_canary_mock's handlers on this client's emitter, for every operation."""
    trie = client.meta.events._emitter._handlers
    found = []
    for operation in client.meta.service_model.operation_names:
        for event in (
            f"before-parameter-build.api-gateway.{operation}",
            f"before-call.api-gateway.{operation}",
        ):
            found += [
                handler
                for handler in trie.prefix_search(event)
                if getattr(handler, "__module__", "").startswith("apigw_canary_mock")
            ]
    return found


def every_emulated_operation(client: Any) -> set[str]:
    """Calls each emulated operation once; returns the botocore names called."""
    called: set[str] = set()

    def call(method: str, **kwargs: Any) -> Any:
        called.add(client.meta.method_to_api_mapping[method])
        return getattr(client, method)(**kwargs)

    api_id = call("create_rest_api", name="orders")["id"]
    assert call("get_rest_api", restApiId=api_id)["name"] == "orders"
    assert [api["id"] for api in call("get_rest_apis")["items"]] == [api_id]
    rename = [{"op": "replace", "path": "/description", "value": "orders API"}]
    assert call("update_rest_api", restApiId=api_id, patchOperations=rename)["description"]
    root_id = call("get_resources", restApiId=api_id)["items"][0]["id"]
    child = call("create_resource", restApiId=api_id, parentId=root_id, pathPart="items")
    method = {"restApiId": api_id, "resourceId": child["id"], "httpMethod": "GET"}
    call("put_method", **method, authorizationType="NONE")
    call("put_integration", **method, type="MOCK")
    first = call("create_deployment", restApiId=api_id)["id"]
    call("create_stage", restApiId=api_id, stageName="prod", deploymentId=first)
    canary = call(
        "create_deployment",
        restApiId=api_id,
        stageName="prod",
        canarySettings={"percentTraffic": 10.0},
    )["id"]
    assert call("get_deployment", restApiId=api_id, deploymentId=canary)["id"] == canary
    assert len(call("get_deployments", restApiId=api_id)["items"]) == 2
    ramp = [{"op": "replace", "path": "/canarySettings/percentTraffic", "value": "50"}]
    call("update_stage", restApiId=api_id, stageName="prod", patchOperations=ramp)
    stage = call("get_stage", restApiId=api_id, stageName="prod")
    assert stage["canarySettings"]["percentTraffic"] == 50.0
    assert [s["stageName"] for s in call("get_stages", restApiId=api_id)["item"]] == ["prod"]
    export = call("get_export", restApiId=api_id, stageName="prod", exportType="oas30")
    document = export["body"].read()
    call("put_rest_api", restApiId=api_id, body=document, mode="merge")
    copy_id = call("import_rest_api", body=document)["id"]
    client.delete_rest_api(restApiId=copy_id)
    call("delete_stage", restApiId=api_id, stageName="prod")
    call("delete_deployment", restApiId=api_id, deploymentId=canary)
    call("delete_rest_api", restApiId=api_id)
    with pytest.raises(client.exceptions.NotFoundException):
        client.get_rest_api(restApiId=api_id)
    return called


def test_every_emulated_operation_works_without_network_or_credentials(
    tripwires: Tripwires,
) -> None:
    early = boto3.client("apigateway", region_name=REGION)
    lookups_at_creation = tripwires.imds_lookups
    with mock_apigateway():
        assert every_emulated_operation(early) == EMULATED_OPERATIONS
        late = boto3.client("apigateway", region_name=REGION)
        lookups_at_creation = tripwires.imds_lookups
        late.create_rest_api(name="late")
        with pytest.raises(UnemulatedOperationError) as caught:
            late.get_api_keys()
        assert not isinstance(caught.value, ClientError)
        assert caught.value.operation == "GetApiKeys"
    # The mock never asked for credentials: only botocore's client creation did.
    assert tripwires.imds_lookups == lookups_at_creation
    assert tripwires.network == []


def test_after_stop_boto3_is_exactly_as_before(tripwires: Tripwires) -> None:
    meta_path = list(sys.meta_path)
    early = boto3.client("apigateway", region_name=REGION, config=NO_RETRIES)
    with mock_apigateway():
        during = boto3.client(
            "apigateway",
            region_name=REGION,
            aws_access_key_id="AKIDEXAMPLE",
            aws_secret_access_key="secret",
            config=NO_RETRIES,
        )
        early.create_rest_api(name="early")
        during.create_rest_api(name="during")
        assert our_handlers(early) and our_handlers(during)
        assert botocore.client.BaseClient.__dict__["_make_api_call"] is not ORIGINAL
    assert botocore.client.BaseClient.__dict__["_make_api_call"] is ORIGINAL
    if aiobotocore is not None:
        assert aiobotocore.client.AioBaseClient.__dict__["_make_api_call"] is ORIGINAL_AIO
    assert our_handlers(early) == [] and our_handlers(during) == []
    assert sys.meta_path == meta_path
    assert tripwires.network == []

    # Now the calls go the real way: no credentials, or the (refused) network.
    with pytest.raises(NoCredentialsError):
        early.get_rest_apis()
    with pytest.raises(EndpointConnectionError):
        during.get_rest_apis()
    assert tripwires.network  # it really tried the network: the mock did not answer


@needs_aiobotocore
def test_async_client_fails_closed_and_is_left_alone_after_stop(tripwires: Tripwires) -> None:
    async def run() -> None:
        session = aiobotocore.session.get_session()
        credentials = {"aws_access_key_id": "AKIDEXAMPLE", "aws_secret_access_key": "secret"}
        async with session.create_client(
            "apigateway", region_name=REGION, config=NO_RETRIES, **credentials
        ) as client:
            with mock_apigateway():
                await client.create_rest_api(name="async")
                assert len((await client.get_rest_apis())["items"]) == 1
                with pytest.raises(UnemulatedOperationError):
                    await client.get_api_keys()
                assert our_handlers(client)
            assert tripwires.network == []
            assert aiobotocore.client.AioBaseClient.__dict__["_make_api_call"] is ORIGINAL_AIO
            assert our_handlers(client) == []
            with pytest.raises(EndpointConnectionError):
                await client.get_rest_apis()
            assert tripwires.network

    asyncio.run(run())
