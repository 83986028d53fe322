"""The direct path (apigw_canary_mock/intercept/direct.py): taken when nothing else listens, left
for botocore's full path as soon as something does, and seen from outside as the same call."""

from __future__ import annotations

import asyncio
import functools
import json
from typing import Any

import boto3
import botocore.client
import pytest
from botocore.config import Config
from botocore.exceptions import NoRegionError, ParamValidationError
from botocore.stub import Stubber

from apigw_canary_mock import mock_apigateway
from apigw_canary_mock.intercept import direct

REGION = "us-east-1"


def apigateway(**kwargs: Any) -> Any:
    return boto3.client("apigateway", region_name=kwargs.pop("region_name", REGION), **kwargs)


class RequestBuilds:
    """Counts how often botocore builds a request dict / resolves an endpoint for a client."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.requests = 0
        self.endpoints = 0
        build = botocore.client.BaseClient._convert_to_request_dict
        resolve = botocore.client.BaseClient._resolve_endpoint_ruleset

        @functools.wraps(build)
        def counting_build(client: Any, *args: Any, **kwargs: Any) -> Any:
            self.requests += 1
            return build(client, *args, **kwargs)

        @functools.wraps(resolve)  # the same signature: the direct path checks it
        def counting_resolve(client: Any, *args: Any, **kwargs: Any) -> Any:
            self.endpoints += 1
            return resolve(client, *args, **kwargs)

        monkeypatch.setattr(botocore.client.BaseClient, "_convert_to_request_dict", counting_build)
        monkeypatch.setattr(
            botocore.client.BaseClient, "_resolve_endpoint_ruleset", counting_resolve
        )


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> RequestBuilds:
    return RequestBuilds(monkeypatch)


def test_a_plain_client_builds_no_request_and_resolves_its_endpoint_once(
    builds: RequestBuilds,
) -> None:
    with mock_apigateway() as apigw:
        api_id = apigw.create_deployable_api()
        client = apigateway()
        client.create_deployment(restApiId=api_id, stageName="prod")
        for _ in range(3):
            assert client.get_stage(restApiId=api_id, stageName="prod")["stageName"] == "prod"
    assert builds.requests == 0
    assert builds.endpoints == 1


def test_a_foreign_before_call_listener_gets_botocores_request(builds: RequestBuilds) -> None:
    seen: list[dict[str, Any]] = []

    def listen(params: dict[str, Any], **kwargs: Any) -> None:
        seen.append(params)

    with mock_apigateway() as apigw:
        api_id = apigw.create_deployable_api()
        client = apigateway()
        client.create_deployment(restApiId=api_id, stageName="prod")
        client.meta.events.register("before-call.apigateway.UpdateStage", listen)
        patch = [{"op": "replace", "path": "/variables/color", "value": "blue"}]
        answer = client.update_stage(restApiId=api_id, stageName="prod", patchOperations=patch)
        assert answer["variables"] == {"color": "blue"}
        # Other operations stay on the direct path: the listener is UpdateStage's only.
        client.get_stage(restApiId=api_id, stageName="prod")

    assert builds.requests == 1
    (request,) = seen
    assert request["method"] == "PATCH"
    assert request["url_path"] == f"/restapis/{api_id}/stages/prod"
    assert json.loads(request["body"]) == {"patchOperations": patch}


def test_the_path_is_chosen_afresh_on_every_call(builds: RequestBuilds) -> None:
    def listen(**kwargs: Any) -> None:
        return None

    with mock_apigateway() as apigw:
        api_id = apigw.create_deployable_api()
        client = apigateway()
        client.get_rest_api(restApiId=api_id)
        client.meta.events.register("before-call.apigateway", listen, unique_id="listener")
        client.get_rest_api(restApiId=api_id)
        client.get_rest_api(restApiId=api_id)
        client.meta.events.unregister("before-call.apigateway", unique_id="listener")
        client.get_rest_api(restApiId=api_id)
    assert builds.requests == 2


def test_an_endpoint_resolution_listener_is_called(builds: RequestBuilds) -> None:
    calls: list[str] = []

    def listen(builtins: dict[str, Any], **kwargs: Any) -> None:
        calls.append(builtins["AWS::Region"])

    with mock_apigateway() as apigw:
        api_id = apigw.create_deployable_api()
        client = apigateway()
        client.meta.events.register("before-endpoint-resolution.apigateway", listen)
        client.get_rest_api(restApiId=api_id)
        client.get_rest_api(restApiId=api_id)
    assert calls == [REGION, REGION]
    assert builds.requests == 2


def test_a_stubber_still_answers_first_when_activated_first() -> None:
    client = apigateway()
    with Stubber(client) as stubber, mock_apigateway():
        stubber.add_response("get_rest_apis", {"items": [{"id": "stubbed"}]})
        assert client.get_rest_apis()["items"] == [{"id": "stubbed"}]
        stubber.assert_no_pending_responses()
        # Queue empty: Stubber raises as it always does; the mock does not paper over it.
        with pytest.raises(Exception, match="Unexpected API Call"):
            client.get_rest_apis()


def test_an_endpoint_error_is_raised_and_not_remembered(monkeypatch: pytest.MonkeyPatch) -> None:
    # botocore 1.40 raises NoRegionError when the client is made; other versions and
    # configurations raise from endpoint resolution at call time, on every call.
    resolve = botocore.client.BaseClient._resolve_endpoint_ruleset
    failures = [NoRegionError()]

    @functools.wraps(resolve)
    def flaky(client: Any, *args: Any, **kwargs: Any) -> Any:
        if failures:
            raise failures.pop()
        return resolve(client, *args, **kwargs)

    monkeypatch.setattr(botocore.client.BaseClient, "_resolve_endpoint_ruleset", flaky)
    with mock_apigateway():
        client = apigateway()
        with pytest.raises(NoRegionError):
            client.get_rest_apis()
        assert client.get_rest_apis()["items"] == []


def test_params_are_validated_after_the_parameter_events() -> None:
    # A provide-client-params handler may fix the params before validation, as in botocore.
    def fill_in(params: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        return {**params, "restApiId": params.get("restApiId", "filled")}

    with mock_apigateway() as apigw:
        api_id = apigw.create_deployable_api()
        client = apigateway()
        with pytest.raises(
            ParamValidationError, match='Missing required parameter in input: "restApiId"'
        ):
            client.get_stages()
        client.meta.events.register("provide-client-params.apigateway.GetStages", fill_in)
        with pytest.raises(client.exceptions.NotFoundException):
            client.get_stages()  # restApiId "filled": validated, then not found
        assert client.get_stages(restApiId=api_id)["item"] == []


def test_a_parameter_build_handler_registered_any_time_changes_the_params() -> None:
    # Nobody but botocore's inert handlers listens at first: the direct path leaves the event
    # out; a handler registered later (on the service, for every operation) is called.
    seen: list[str] = []

    def rename(params: dict[str, Any], model: Any, **kwargs: Any) -> None:
        seen.append(model.name)
        if "name" in params:
            params["name"] = params["name"] + "-renamed"

    with mock_apigateway():
        client = apigateway()
        assert client.create_rest_api(name="orders")["name"] == "orders"
        client.meta.events.register("before-parameter-build.apigateway", rename)
        assert client.create_rest_api(name="orders")["name"] == "orders-renamed"
        client.get_rest_apis()
        client.meta.events.unregister("before-parameter-build.apigateway", rename)
        assert client.create_rest_api(name="orders")["name"] == "orders"
    assert seen == ["CreateRestApi", "GetRestApis"]


class _ModelLike:
    def __init__(self, idempotent: list[str], checksum: Any) -> None:
        self.idempotent_members = idempotent
        self.http_checksum = checksum


def test_the_parameter_events_are_left_out_only_when_botocore_would_fill_nothing() -> None:
    real = apigateway().meta.service_model.operation_model("CreateRestApi")
    assert direct._fills_nothing(real)
    assert direct._fills_nothing(_ModelLike([], {}))
    assert not direct._fills_nothing(_ModelLike(["clientToken"], {}))
    assert not direct._fills_nothing(_ModelLike([], {"requestValidationModeMember": "Mode"}))


def test_a_client_without_validation_still_gets_botocores_error() -> None:
    with mock_apigateway():
        client = apigateway(config=Config(parameter_validation=False))
        with pytest.raises(ParamValidationError, match="Invalid type for parameter restApiId"):
            client.get_stages(restApiId=123)


def test_errors_and_after_call_look_as_on_botocores_path() -> None:
    seen: list[tuple[int, str]] = []

    def after(http_response: Any, parsed: dict[str, Any], **kwargs: Any) -> None:
        seen.append((http_response.status_code, parsed["Error"]["Code"]))

    with mock_apigateway():
        client = apigateway()
        client.meta.events.register("after-call.apigateway.GetStage", after)
        with pytest.raises(client.exceptions.NotFoundException) as raised:
            client.get_stage(restApiId="nope", stageName="prod")
    error = raised.value.response
    assert error["Error"]["Code"] == "NotFoundException"
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 404
    assert seen == [(404, "NotFoundException")]


def test_two_clients_on_one_emitter_each_get_their_own_answer() -> None:
    # Unusual but possible: one emitter shared by two clients of different regions.
    with mock_apigateway():
        east = apigateway()
        west = apigateway(region_name="eu-west-1")
        west.meta.events = east.meta.events
        east.create_rest_api(name="east-api")
        assert [api["name"] for api in west.get_rest_apis()["items"]] == []
        assert [api["name"] for api in east.get_rest_apis()["items"]] == ["east-api"]


@pytest.mark.parametrize("mode", ["legacy", "standard", "adaptive"])
def test_botocores_retry_handlers_keep_the_direct_path(builds: RequestBuilds, mode: str) -> None:
    with mock_apigateway() as apigw:
        client = apigateway(config=Config(retries={"mode": mode}))
        apigw.inject_fault("GetRestApis", "TooManyRequestsException", times=1)
        answer = client.get_rest_apis()
    assert answer["ResponseMetadata"]["RetryAttempts"] == 1
    assert builds.requests == 0


def test_a_foreign_retry_listener_gets_botocores_request(builds: RequestBuilds) -> None:
    bodies: list[str] = []

    def listen(request_dict: dict[str, Any], **kwargs: Any) -> None:
        bodies.append(request_dict["url_path"])

    with mock_apigateway() as apigw:
        client = apigateway()
        client.meta.events.register("needs-retry.apigateway.GetRestApis", listen)
        apigw.inject_fault("GetRestApis", "TooManyRequestsException", times=1)
        assert client.get_rest_apis()["ResponseMetadata"]["RetryAttempts"] == 1
    assert bodies == ["/restapis", "/restapis"]
    assert builds.requests == 1


def test_a_botocore_with_other_internals_gets_botocores_path(
    builds: RequestBuilds, monkeypatch: pytest.MonkeyPatch
) -> None:
    emit = botocore.client.BaseClient._emit_api_params

    def changed(self: Any, *args: Any, **kwargs: Any) -> Any:
        # A signature the direct path does not know (botocore's own caller still works).
        return emit(self, *args, **kwargs)

    monkeypatch.setattr(botocore.client.BaseClient, "_emit_api_params", changed)
    with mock_apigateway():
        client = apigateway()
        assert client.get_rest_apis()["items"] == []
    assert builds.requests == 1


# -- aiobotocore clients: the same path, awaited -----------------------------------------------


def test_an_aiobotocore_client_takes_the_direct_path_until_another_listener_comes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    aio_client = pytest.importorskip("aiobotocore.client")  # the [async] extra
    aio_session = pytest.importorskip("aiobotocore.session")

    built: list[str] = []
    build = aio_client.AioBaseClient._convert_to_request_dict

    @functools.wraps(build)
    async def counting(client: Any, *args: Any, **kwargs: Any) -> Any:
        built.append(kwargs["operation_model"].name)
        return await build(client, *args, **kwargs)

    monkeypatch.setattr(aio_client.AioBaseClient, "_convert_to_request_dict", counting)
    seen: list[int] = []

    def after(http_response: Any, **kwargs: Any) -> None:
        seen.append(http_response.status_code)

    async def run() -> None:
        with mock_apigateway() as apigw:
            api_id = apigw.create_deployable_api()
            apigw.inject_fault("GetRestApis", "TooManyRequestsException", times=1)
            session = aio_session.get_session()
            async with session.create_client("apigateway", region_name=REGION) as client:
                client.meta.events.register("after-call.apigateway.GetStage", after)
                answer = await client.get_rest_apis()  # retried: the async retry loop
                assert answer["ResponseMetadata"]["RetryAttempts"] == 1
                with pytest.raises(client.exceptions.NotFoundException):
                    await client.get_stage(restApiId=api_id, stageName="nope")
                with pytest.raises(ParamValidationError):
                    await client.get_stage(restApiId=api_id)
                client.meta.events.register("before-call.apigateway", lambda **kwargs: None)
                await client.get_rest_api(restApiId=api_id)

    asyncio.run(run())
    assert built == ["GetRestApi"]
    assert seen == [404]
