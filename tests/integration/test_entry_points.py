"""Every way to turn the mock on: decorator (sync, async, classes), context manager,
start/stop, nesting; its options, its helpers, and how it coexists with moto."""

from __future__ import annotations

import asyncio
import threading
import unittest
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import boto3
import botocore.client
import botocore.session
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError, NoCredentialsError, ParamValidationError

import apigw_canary_mock
from apigw_canary_mock import (
    EMULATED_OPERATIONS,
    ApiGatewayMock,
    MockError,
    MockUsageError,
    UnemulatedOperationError,
    active_mock,
    mock_apigateway,
)

REGION = "us-east-1"
# Captured at import, before any mock ran.
ORIGINAL_MAKE_API_CALL = botocore.client.BaseClient.__dict__["_make_api_call"]


def apigateway(region: str = REGION, **kwargs: Any) -> Any:
    return boto3.client("apigateway", region_name=region, **kwargs)


def api_names(client: Any) -> list[str]:
    return [api["name"] for api in client.get_rest_apis()["items"]]


def our_handlers(client: Any) -> list[Any]:
    """Handlers of apigw_canary_mock on this client's emitter (for the events we use)."""
    trie = client.meta.events._emitter._handlers
    found = []
    for event in (
        "before-parameter-build.api-gateway.GetStage",
        "before-call.api-gateway.GetStage",
    ):
        found += [h for h in trie.prefix_search(event) if h.__module__.startswith("apigw_canary")]
    return found


# -- the package --------------------------------------------------------------------------


def test_public_names() -> None:
    assert apigw_canary_mock.__version__ == "0.1.0"
    assert isinstance(EMULATED_OPERATIONS, frozenset)
    assert {"CreateDeployment", "UpdateStage", "GetStage", "GetStages"} <= EMULATED_OPERATIONS
    assert issubclass(MockUsageError, MockError)
    assert issubclass(UnemulatedOperationError, MockError)
    assert not issubclass(MockError, ClientError)
    assert issubclass(apigw_canary_mock.UnmockedCallError, MockUsageError)
    # The names that need botocore come on first use (PEP 562); the rest is as before.
    assert set(apigw_canary_mock.__all__) <= set(dir(apigw_canary_mock))
    assert all(getattr(apigw_canary_mock, name) is not None for name in apigw_canary_mock.__all__)
    assert apigw_canary_mock.mock_apigateway is mock_apigateway
    with pytest.raises(AttributeError, match="has no attribute 'mock_apigatway'"):
        _ = apigw_canary_mock.mock_apigatway  # type: ignore[attr-defined]


# -- decorator ----------------------------------------------------------------------------


@mock_apigateway
def _create_one_api(name: str) -> list[str]:
    client = apigateway()
    client.create_rest_api(name=name)
    return api_names(client)


def test_bare_decorator_gives_fresh_state_per_call() -> None:
    assert _create_one_api("a") == ["a"]
    assert _create_one_api("b") == ["b"]
    assert _create_one_api.__name__ == "_create_one_api"


def test_decorator_with_options() -> None:
    @mock_apigateway(account_id="111122223333")
    def run() -> str:
        with pytest.raises(apigateway().exceptions.NotFoundException) as caught:
            apigateway().get_stages(restApiId="nope")
        assert active_mock().account_id == "111122223333"
        return str(caught.value.response["Error"]["Message"])

    assert run() == "Invalid API identifier specified 111122223333:nope"


def test_decorated_function_is_not_passed_the_mock() -> None:
    @mock_apigateway
    def run(*args: Any, **kwargs: Any) -> tuple[Any, Any]:
        return args, kwargs

    assert run(1, x=2) == ((1,), {"x": 2})


def test_async_function_is_mocked_across_awaits() -> None:
    @mock_apigateway
    async def run() -> list[str]:
        client = apigateway()
        client.create_rest_api(name="before-await")
        await asyncio.sleep(0)
        client.create_rest_api(name="after-await")
        await asyncio.sleep(0)
        return api_names(client)

    assert asyncio.run(run()) == ["before-await", "after-await"]
    with pytest.raises(MockUsageError):
        active_mock()


def test_testcase_class_runs_setup_inside_a_fresh_mock_per_method() -> None:
    seen: list[tuple[str, list[str]]] = []

    @mock_apigateway
    class Case(unittest.TestCase):
        def setUp(self) -> None:
            self.client = apigateway()
            self.client.create_rest_api(name="from-setup")

        def tearDown(self) -> None:
            seen.append((self._testMethodName, api_names(self.client)))

        def test_one(self) -> None:
            self.client.create_rest_api(name="one")
            assert active_mock().is_active

        def test_two(self) -> None:
            self.assertEqual(api_names(self.client), ["from-setup"])

    result = unittest.TestResult()
    unittest.defaultTestLoader.loadTestsFromTestCase(Case).run(result)
    assert result.wasSuccessful(), result.errors + result.failures
    assert result.testsRun == 2
    assert sorted(seen) == [("test_one", ["from-setup", "one"]), ("test_two", ["from-setup"])]
    with pytest.raises(MockUsageError):
        active_mock()


def test_plain_class_wraps_each_test_method() -> None:
    @mock_apigateway(account_id="111122223333")
    class Tests:
        def helper(self) -> bool:
            return any(True for _ in [active_mock()])

        def test_sync(self) -> list[str]:
            apigateway().create_rest_api(name="sync")
            return api_names(apigateway())

        async def test_async(self) -> list[str]:
            await asyncio.sleep(0)
            apigateway().create_rest_api(name="async")
            return api_names(apigateway())

        @staticmethod
        def test_static() -> str:
            return active_mock().account_id

        test_data = (1, 2)

    tests = Tests()
    assert tests.test_sync() == ["sync"]
    assert asyncio.run(tests.test_async()) == ["async"]
    assert tests.test_sync() == ["sync"]
    assert Tests.test_static() == "111122223333"
    assert tests.test_data == (1, 2)
    with pytest.raises(MockUsageError):
        tests.helper()


def test_decorating_unsupported_things_fails_loudly() -> None:
    with pytest.raises(
        MockUsageError, match="can decorate a function, an async function or a class"
    ):
        mock_apigateway(42)  # type: ignore[call-overload]

    def generator() -> Any:
        yield 1

    with pytest.raises(MockUsageError, match="generator function"):
        mock_apigateway(generator)

    async def async_generator() -> Any:
        yield 1

    with pytest.raises(MockUsageError, match="generator function"):
        mock_apigateway(async_generator)


# -- context manager, start/stop, nesting -------------------------------------------------


def test_context_manager_returns_the_live_mock() -> None:
    with mock_apigateway() as apigw:
        assert isinstance(apigw, ApiGatewayMock)
        assert apigw.is_active
        assert active_mock() is apigw
        apigateway().create_rest_api(name="x")
    assert not apigw.is_active
    # State stays readable after stop().
    assert [api.name for api in apigw.backend().rest_apis.values()] == ["x"]


def test_start_and_stop() -> None:
    apigw = mock_apigateway()
    assert apigw.start() is apigw
    try:
        apigateway().create_rest_api(name="x")
        assert api_names(apigateway()) == ["x"]
    finally:
        apigw.stop()
    # A restart begins with empty state.
    with apigw:
        assert api_names(apigateway()) == []


def test_nesting_inner_state_then_outer_state_again() -> None:
    client = apigateway()
    with mock_apigateway() as outer:
        client.create_rest_api(name="outer")
        with mock_apigateway() as inner:
            assert active_mock() is inner
            assert api_names(client) == []
            client.create_rest_api(name="inner")
            assert api_names(client) == ["inner"]
        assert active_mock() is outer
        assert api_names(client) == ["outer"]


def test_stop_without_start() -> None:
    with pytest.raises(MockUsageError, match=r"stop\(\) called on .* which is not started"):
        mock_apigateway().stop()


def test_start_twice() -> None:
    with mock_apigateway() as apigw, pytest.raises(MockUsageError, match="already started"):
        apigw.start()


def test_stop_out_of_order() -> None:
    outer = mock_apigateway().start()
    inner = mock_apigateway().start()
    try:
        with pytest.raises(MockUsageError, match="stop mocks in the reverse order of start"):
            outer.stop()
        assert outer.is_active and inner.is_active
    finally:
        inner.stop()
        outer.stop()


def test_active_mock_outside_any_mock() -> None:
    with pytest.raises(MockUsageError, match="no apigw_canary_mock is active"):
        active_mock()


def test_state_before_start() -> None:
    with pytest.raises(MockUsageError, match="never started"):
        _ = mock_apigateway().state


def test_worker_threads_see_the_mock_started_in_the_main_thread() -> None:
    with mock_apigateway():
        client = apigateway()
        with ThreadPoolExecutor(4) as pool:
            list(pool.map(lambda i: client.create_rest_api(name=f"api{i}"), range(8)))
        assert sorted(api_names(client)) == [f"api{i}" for i in range(8)]


def test_concurrent_start_stop_from_threads_keeps_the_stack_consistent() -> None:
    barrier = threading.Barrier(4)

    def cycle() -> None:
        barrier.wait()
        for _ in range(20):
            mock = ApiGatewayMock().start()
            # Another thread may have started a mock after ours: wait for our turn to stop.
            while True:
                try:
                    mock.stop()
                    break
                except MockUsageError:
                    pass

    threads = [threading.Thread(target=cycle) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
        assert not thread.is_alive()
    assert botocore.client.BaseClient.__dict__["_make_api_call"] is ORIGINAL_MAKE_API_CALL


# -- options ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "account_id", ["12345678901", "1234567890123", "abcdefghijkl", 123456789012]
)
def test_bad_account_id(account_id: Any) -> None:
    with pytest.raises(MockUsageError, match="account_id must be a string of 12 digits"):
        mock_apigateway(account_id=account_id)


def test_unknown_option() -> None:
    with pytest.raises(MockUsageError, match=r"unknown option\(s\) acount_id .* valid options"):
        mock_apigateway(acount_id="123456789012")  # type: ignore[call-overload]


@pytest.mark.parametrize(
    ("option", "value"), [("seed", "1"), ("seed", True), ("pass_through_unemulated", 1)]
)
def test_bad_option_types(option: str, value: Any) -> None:
    with pytest.raises(MockUsageError, match=option):
        mock_apigateway(**{option: value})


def test_seed_makes_ids_deterministic() -> None:
    def ids() -> list[str]:
        with mock_apigateway(seed=7) as apigw:
            return [apigw.create_deployable_api(), apigw.create_deployable_api()]

    assert ids() == ids()


def test_account_option_reaches_the_backend() -> None:
    with mock_apigateway(account_id="111122223333") as apigw:
        apigateway().create_rest_api(name="x")
        assert apigw.account_id == "111122223333"
        assert [api.name for api in apigw.backend().rest_apis.values()] == ["x"]
        assert apigw.backend(account_id="123456789012").rest_apis == {}


def test_region_option_is_the_region_of_the_helpers() -> None:
    with mock_apigateway(region="eu-west-1") as apigw:
        assert apigw.region == "eu-west-1"
        api_id = apigw.create_deployable_api("orders")
        apigateway("eu-west-1").create_deployment(restApiId=api_id, stageName="prod")
        assert apigw.get_stage(api_id, "prod")["stageName"] == "prod"
        assert [s["stageName"] for s in apigw.get_stages(api_id)["item"]] == ["prod"]
        assert list(apigw.backend().rest_apis) == [api_id]
        assert len(apigw.stage_history(api_id, "prod")) == 1
        assert apigw.route(api_id, "prod", seed=1).deployment_id
        assert apigw.simulate_traffic(api_id, "prod", requests=10).canary_share == 0.0
        # A region given to a helper still wins; us-east-1 has nothing.
        assert apigw.backend("us-east-1").rest_apis == {}
        with pytest.raises(ClientError, match="NotFoundException"):
            apigw.get_stage(api_id, "prod", region="us-east-1")
    assert mock_apigateway().region == "us-east-1"


@pytest.mark.parametrize("region", ["", "us east 1", 42, None])
def test_bad_region_option(region: Any) -> None:
    with pytest.raises(MockUsageError, match="region must be an AWS region name"):
        mock_apigateway(region=region)


# -- which clients are answered -----------------------------------------------------------


def test_client_created_before_start() -> None:
    client = apigateway()
    with mock_apigateway():
        client.create_rest_api(name="early")
        assert api_names(client) == ["early"]


def test_plain_botocore_session_client() -> None:
    client = botocore.session.get_session().create_client("apigateway", region_name=REGION)
    with mock_apigateway():
        client.create_rest_api(name="botocore")
        assert api_names(client) == ["botocore"]


def test_client_without_parameter_validation_still_validates() -> None:
    with mock_apigateway():
        lax = apigateway(config=Config(parameter_validation=False))
        with pytest.raises(ParamValidationError) as lax_error:
            lax.get_stage(restApiId=1, stageName="prod")
        with pytest.raises(ParamValidationError) as strict_error:
            apigateway().get_stage(restApiId=1, stageName="prod")
    assert str(lax_error.value) == str(strict_error.value)
    assert "Invalid type for parameter restApiId" in str(lax_error.value)


def test_regions_are_isolated() -> None:
    with mock_apigateway():
        apigateway("us-east-1").create_rest_api(name="east")
        apigateway("eu-west-1").create_rest_api(name="west")
        assert api_names(apigateway("us-east-1")) == ["east"]
        assert api_names(apigateway("eu-west-1")) == ["west"]


def _foreign_listener(**kwargs: Any) -> None:
    """A user's before-call handler: calls take botocore's full path while it is there."""


def test_after_stop_botocore_is_unpatched() -> None:
    client = apigateway()
    with mock_apigateway():
        client.get_rest_apis()  # the direct path: our handlers are not needed on the emitter
        # A call down botocore's path (a foreign before-call listener) registers them.
        client.meta.events.register("before-call.apigateway", _foreign_listener)
        client.get_rest_apis()
        client.meta.events.unregister("before-call.apigateway", _foreign_listener)
        assert botocore.client.BaseClient.__dict__["_make_api_call"] is not ORIGINAL_MAKE_API_CALL
        assert our_handlers(client)
    assert botocore.client.BaseClient.__dict__["_make_api_call"] is ORIGINAL_MAKE_API_CALL
    assert our_handlers(client) == []
    # The call now goes the real way, and fails for want of credentials (conftest).
    with pytest.raises(NoCredentialsError):
        client.get_rest_apis()


def test_unemulated_operation_fails_closed() -> None:
    with mock_apigateway(), pytest.raises(UnemulatedOperationError) as caught:
        apigateway().get_api_keys()
    assert not isinstance(caught.value, ClientError)
    assert caught.value.operation == "GetApiKeys"
    message = str(caught.value)
    prefix = (
        "apigw_canary_mock does not emulate the apigateway operation 'GetApiKeys'. "
        f"Emulated operations ({len(EMULATED_OPERATIONS)}):\n"
    )
    suffix = (
        ".\nTo let unemulated operations go on down the botocore chain (for example to "
        "moto's mock_aws), use mock_apigateway(pass_through_unemulated=True)."
    )
    assert message.startswith(prefix) and message.endswith(suffix)
    # Every emulated operation, sorted, in indented lines short enough to read.
    listed = message[len(prefix) : -len(suffix)].splitlines()
    assert all(line.startswith("    ") and len(line) <= 100 for line in listed)
    names = " ".join(listed).replace(",", " ").split()
    assert names == sorted(EMULATED_OPERATIONS)


# -- moto -----------------------------------------------------------------------------------


def test_other_services_are_left_to_moto() -> None:
    moto = pytest.importorskip("moto")
    with moto.mock_aws(), mock_apigateway():
        sts = boto3.client("sts", region_name=REGION)
        assert sts.get_caller_identity()["Account"] == "123456789012"
        s3 = boto3.client("s3", region_name=REGION)
        s3.create_bucket(Bucket="left-alone")
        assert [b["Name"] for b in s3.list_buckets()["Buckets"]] == ["left-alone"]
        assert our_handlers(sts) == [] and our_handlers(s3) == []
        assert api_names(apigateway()) == []


def test_pass_through_unemulated_reaches_moto() -> None:
    moto = pytest.importorskip("moto")
    with moto.mock_aws(), mock_apigateway(pass_through_unemulated=True):
        client = apigateway()
        client.create_api_key(name="moto-key")
        assert [key["name"] for key in client.get_api_keys()["items"]] == ["moto-key"]
        # Emulated operations are still ours (moto would list its own APIs here).
        client.create_rest_api(name="ours")
        assert api_names(client) == ["ours"]


# -- helpers of the live mock -------------------------------------------------------------


def test_create_deployable_api_and_stage_helpers() -> None:
    with mock_apigateway() as apigw:
        client = apigateway()
        api_id = apigw.create_deployable_api("orders", http_method="POST", path_part="orders")
        resources = {r["path"]: r for r in client.get_resources(restApiId=api_id)["items"]}
        assert set(resources) == {"/", "/orders"}
        deployment = client.create_deployment(restApiId=api_id, stageName="prod")
        stage = client.get_stage(restApiId=api_id, stageName="prod")
        del stage["ResponseMetadata"]
        assert apigw.get_stage(api_id, "prod") == stage
        assert apigw.get_stages(api_id)["item"] == [stage]
        assert stage["deploymentId"] == deployment["id"]


def test_helpers_raise_what_a_client_would() -> None:
    with mock_apigateway() as apigw:
        api_id = apigw.create_deployable_api()
        with pytest.raises(ClientError) as caught:
            apigw.get_stage(api_id, "missing")
        assert caught.value.response["Error"] == {
            "Code": "NotFoundException",
            "Message": "Invalid stage identifier specified",
        }
        assert type(caught.value).__name__ == "NotFoundException"
        with pytest.raises(ParamValidationError):
            apigw.create_deployable_api(name=42)  # type: ignore[arg-type]
