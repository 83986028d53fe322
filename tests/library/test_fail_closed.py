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
    # boto3.client() here builds its credential chain under this environment, whatever an
    # earlier test of the process left in boto3's default session.
    monkeypatch.setattr(boto3, "DEFAULT_SESSION", None)

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
    the_definition_operations(call, api_id, root_id)
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
    describe = [{"op": "replace", "path": "/description", "value": "d"}]
    call("update_deployment", restApiId=api_id, deploymentId=canary, patchOperations=describe)
    call("flush_stage_cache", restApiId=api_id, stageName="prod")
    call("flush_stage_authorizers_cache", restApiId=api_id, stageName="prod")
    arn = f"arn:aws:apigateway:{REGION}::/restapis/{api_id}/stages/prod"
    call("tag_resource", resourceArn=arn, tags={"team": "a"})
    assert call("get_tags", resourceArn=arn)["tags"] == {"team": "a"}
    call("untag_resource", resourceArn=arn, tagKeys=["team"])
    part = {"restApiId": api_id, "documentationPartId": ""}
    part["documentationPartId"] = call(
        "create_documentation_part", restApiId=api_id, location={"type": "API"}, properties="{}"
    )["id"]
    call("get_documentation_part", **part)
    call("get_documentation_parts", restApiId=api_id)
    properties = [{"op": "replace", "path": "/properties", "value": '{"a": 1}'}]
    call("update_documentation_part", **part, patchOperations=properties)
    call("import_documentation_parts", restApiId=api_id, body=b'{"swagger": "2.0"}')
    version = {"restApiId": api_id, "documentationVersion": "v1"}
    call("create_documentation_version", **version)
    call("get_documentation_version", **version)
    call("get_documentation_versions", restApiId=api_id)
    call("update_documentation_version", **version, patchOperations=describe)
    call("delete_documentation_version", **version)
    call("delete_documentation_part", **part)
    domain = {"domainName": "api.example.com"}
    call("create_domain_name", **domain, certificateArn="arn:aws:acm:us-east-1:1:certificate/c")
    call("get_domain_name", **domain)
    call("get_domain_names")
    policy = [{"op": "replace", "path": "/securityPolicy", "value": "TLS_1_0"}]
    call("update_domain_name", **domain, patchOperations=policy)
    call("create_base_path_mapping", **domain, restApiId=api_id, stage="prod")
    call("get_base_path_mapping", **domain, basePath="(none)")
    call("get_base_path_mappings", **domain)
    base_path = [{"op": "replace", "path": "/basePath", "value": "v1"}]
    call("update_base_path_mapping", **domain, basePath="(none)", patchOperations=base_path)
    call("delete_base_path_mapping", **domain, basePath="v1")
    call("delete_domain_name", **domain)
    call("delete_stage", restApiId=api_id, stageName="prod")
    call("delete_deployment", restApiId=api_id, deploymentId=canary)
    call("delete_rest_api", restApiId=api_id)
    with pytest.raises(client.exceptions.NotFoundException):
        client.get_rest_api(restApiId=api_id)
    return called


def the_definition_operations(call: Any, api_id: str, root_id: str) -> None:
    """Resources, methods, responses, integrations, models, validators, authorizers, gateway
    responses."""
    api = {"restApiId": api_id}
    child = call("create_resource", **api, parentId=root_id, pathPart="tmp")["id"]
    call("update_resource", **api, resourceId=child, patchOperations=[replace("/pathPart", "t")])
    assert call("get_resource", **api, resourceId=child)["path"] == "/t"
    method = {**api, "resourceId": child, "httpMethod": "POST"}
    call("create_model", **api, name="M", contentType="application/json", schema="{}")
    call("update_model", **api, modelName="M", patchOperations=[replace("/description", "d")])
    assert call("get_model", **api, modelName="M")["description"] == "d"
    assert len(call("get_models", **api)["items"]) == 3
    validator = call("create_request_validator", **api, name="v")["id"]
    call(
        "update_request_validator",
        **api,
        requestValidatorId=validator,
        patchOperations=[replace("/name", "w")],
    )
    assert call("get_request_validator", **api, requestValidatorId=validator)["name"] == "w"
    assert len(call("get_request_validators", **api)["items"]) == 1
    authorizer = call("create_authorizer", **api, name="a", type="TOKEN")["id"]
    call("update_authorizer", **api, authorizerId=authorizer, patchOperations=[])
    assert call("get_authorizer", **api, authorizerId=authorizer)["name"] == "a"
    assert len(call("get_authorizers", **api)["items"]) == 1
    call("put_method", **method, authorizationType="NONE", requestModels={"a/b": "M"})
    call("update_method", **method, patchOperations=[replace("/operationName", "op")])
    assert call("get_method", **method)["operationName"] == "op"
    call("put_method_response", **method, statusCode="200")
    call("update_method_response", **method, statusCode="200", patchOperations=[])
    assert call("get_method_response", **method, statusCode="200") is not None
    call("put_integration", **method, type="MOCK")
    call("update_integration", **method, patchOperations=[replace("/timeoutInMillis", "50")])
    assert call("get_integration", **method)["timeoutInMillis"] == 50
    call("put_integration_response", **method, statusCode="200")
    call("update_integration_response", **method, statusCode="200", patchOperations=[])
    assert call("get_integration_response", **method, statusCode="200") is not None
    call("delete_integration_response", **method, statusCode="200")
    call("delete_integration", **method)
    call("delete_method_response", **method, statusCode="200")
    call("delete_method", **method)
    call("delete_model", **api, modelName="M")
    call("delete_request_validator", **api, requestValidatorId=validator)
    call("delete_authorizer", **api, authorizerId=authorizer)
    call("delete_resource", **api, resourceId=child)
    kind = {**api, "responseType": "DEFAULT_4XX"}
    call("put_gateway_response", **kind, statusCode="488")
    call("update_gateway_response", **kind, patchOperations=[replace("/statusCode", "489")])
    assert call("get_gateway_response", **kind)["statusCode"] == "489"
    assert len(call("get_gateway_responses", **api)["items"]) == 21
    call("delete_gateway_response", **kind)


def replace(path: str, value: str) -> dict[str, str]:
    return {"op": "replace", "path": path, "value": value}


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


def _foreign_listener(**kwargs: Any) -> None:
    """A user's before-call handler: calls take botocore's full path while it is there."""


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
        for client in (early, during):  # botocore's path once: our handlers get registered
            client.meta.events.register("before-call.apigateway", _foreign_listener)
            client.get_rest_apis()
            client.meta.events.unregister("before-call.apigateway", _foreign_listener)
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
