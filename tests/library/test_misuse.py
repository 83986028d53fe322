"""Misuse of the mock's own API: every odd input gets a clear error of the mock's own
(never a raw KeyError / TypeError / AttributeError / ValueError), and a failing misuse
leaves no state behind and nothing active."""

from __future__ import annotations

import asyncio
import re
import unittest
from typing import Any
from unittest.mock import ANY

import boto3
import pytest
from botocore.exceptions import ClientError

from apigw_canary_mock import (
    EMULATED_OPERATIONS,
    MockUsageError,
    UnemulatedOperationError,
    activation,
    active_mock,
    mock_apigateway,
)


def apigateway() -> Any:
    return boto3.client("apigateway", region_name="us-east-1")


@pytest.fixture(autouse=True)
def _nothing_left_active() -> Any:
    yield
    assert activation.active() == (), "a test left a mock active"


# -- start / stop, with, decorators ---------------------------------------------------------


def test_a_mock_left_started_inside_a_with_block_is_stopped_and_named() -> None:
    leaked = r"1 mock\(s\) started inside .* still active"
    with pytest.raises(MockUsageError, match=leaked), mock_apigateway():
        mock_apigateway().start()  # never stopped
    assert activation.active() == ()


def test_a_mock_left_started_does_not_hide_the_blocks_own_error() -> None:
    with pytest.raises(ZeroDivisionError), mock_apigateway():
        mock_apigateway().start()
        _ = 1 / 0
    assert activation.active() == ()


def test_a_mock_left_started_by_a_decorated_test_does_not_leak_into_the_next() -> None:
    @mock_apigateway
    def leaky() -> None:
        mock_apigateway().start()

    with pytest.raises(MockUsageError, match="They were stopped too"):
        leaky()
    with pytest.raises(MockUsageError, match="no apigw_canary_mock is active"):
        active_mock()


def test_a_mock_left_started_in_async_with_is_stopped() -> None:
    async def leaky() -> None:
        async with mock_apigateway():
            mock_apigateway().start()

    with pytest.raises(MockUsageError, match="still active when it stopped"):
        asyncio.run(leaky())


def test_a_mock_left_started_in_a_decorated_test_case_is_stopped() -> None:
    @mock_apigateway
    class Leaky(unittest.TestCase):
        def test_it(self) -> None:
            mock_apigateway().start()

    result = unittest.TestResult()
    Leaky("test_it").run(result)
    assert len(result.errors) == 1
    assert "still active when it stopped" in result.errors[0][1]


def test_classmethod_and_staticmethod_tests_of_a_decorated_class_run_inside_a_mock() -> None:
    @mock_apigateway
    class Tests:
        @classmethod
        def test_classmethod(cls) -> bool:
            return active_mock().is_active

        @staticmethod
        def test_staticmethod() -> bool:
            return active_mock().is_active

    assert Tests.test_classmethod() is True
    assert Tests().test_classmethod() is True
    assert Tests().test_staticmethod() is True


def test_decorator_above_staticmethod_or_classmethod_keeps_the_method_kind() -> None:
    class Tests:
        @mock_apigateway
        @staticmethod
        def test_static() -> bool:
            return active_mock().is_active

        @mock_apigateway
        @classmethod
        def test_class(cls) -> type:
            assert active_mock().is_active
            return cls

    assert Tests().test_static() is True
    assert Tests().test_class() is Tests


# -- options and helpers ----------------------------------------------------------------------


@pytest.mark.parametrize("state", ["", b"/tmp/state.db", 3])
def test_state_option_must_be_a_non_empty_path(state: object) -> None:
    with pytest.raises(MockUsageError, match="state must be a file path"):
        mock_apigateway(state=state)  # type: ignore[arg-type]


# (None is no region: the helpers then act in the mock's own ``region``.)
BAD_REGIONS = [5, "", "us east 1", "-us-east-1", "us_east_1"]


@pytest.mark.parametrize("region", BAD_REGIONS)
def test_helpers_refuse_a_region_no_client_could_have(region: object) -> None:
    with mock_apigateway() as apigw:
        for helper in (
            lambda: apigw.backend(region),  # type: ignore[arg-type]
            lambda: apigw.get_stage("a1b2c3d4e5", "prod", region=region),  # type: ignore[arg-type]
            lambda: apigw.get_stages("a1b2c3d4e5", region=region),  # type: ignore[arg-type]
            lambda: apigw.create_deployable_api(region=region),  # type: ignore[arg-type]
            lambda: apigw.route("a1b2c3d4e5", "prod", region=region),  # type: ignore[arg-type]
            lambda: apigw.simulate_traffic("a1b2c3d4e5", "prod", region=region),  # type: ignore[arg-type]
            lambda: apigw.stage_history("a1b2c3d4e5", "prod", region=region),  # type: ignore[arg-type]
        ):
            with pytest.raises(MockUsageError, match="region must be an AWS region name"):
                helper()
        # Nothing was created, in no region.
        assert [key for key in apigw.state.backends() if key[2].rest_apis] == []


@pytest.mark.parametrize(
    ("options", "error"),
    [
        ({"http_method": "FOO"}, "Invalid HttpMethod specified"),
        ({"path_part": ""}, "Resource's path part only allow"),
        ({"path_part": "a/b"}, "Resource's path part only allow"),
    ],
)
def test_create_deployable_api_that_fails_leaves_no_api_behind(
    options: dict[str, Any], error: str
) -> None:
    with mock_apigateway() as apigw:
        with pytest.raises(ClientError, match=error):
            apigw.create_deployable_api("half", **options)
        assert apigateway().get_rest_apis()["items"] == []


@pytest.mark.parametrize("options", [{"http_method": 5}, {"path_part": 7}])
def test_create_deployable_api_option_types(options: dict[str, Any]) -> None:
    with mock_apigateway() as apigw:
        with pytest.raises(MockUsageError, match="must be a string"):
            apigw.create_deployable_api("x", **options)
        assert apigateway().get_rest_apis()["items"] == []


# -- route, simulate_traffic, stage_history ---------------------------------------------------


@pytest.fixture
def canary_stage() -> Any:
    with mock_apigateway() as apigw:
        api_id = apigw.create_deployable_api("orders")
        client = apigateway()
        client.create_deployment(restApiId=api_id, stageName="prod")
        client.create_deployment(
            restApiId=api_id, stageName="prod", canarySettings={"percentTraffic": 30}
        )
        yield apigw, api_id


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"request_id": "r", "seed": 1}, "give request_id or seed, not both"),
        ({"request_id": 5}, "request_id must be a string; got 5"),
        ({"request_id": b"r"}, "request_id must be a string; got b'r'"),
        ({"seed": "7"}, "seed must be an int; got '7'"),
        ({"seed": 1.5}, "seed must be an int; got 1.5"),
        ({"seed": [1]}, r"seed must be an int; got \[1\]"),
        ({"seed": True}, "seed must be an int; got True"),
    ],
)
def test_route_arguments(canary_stage: Any, kwargs: dict[str, Any], error: str) -> None:
    apigw, api_id = canary_stage
    with pytest.raises(MockUsageError, match=error):
        apigw.route(api_id, "prod", **kwargs)


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"requests": -1}, "requests must be an int from 0 to 100_000_000; got -1"),
        ({"requests": 1.5}, "requests must be an int from 0 to 100_000_000; got 1.5"),
        ({"requests": "10"}, "requests must be an int from 0 to 100_000_000; got '10'"),
        ({"requests": True}, "requests must be an int from 0 to 100_000_000; got True"),
        ({"requests": 10**12}, "requests must be an int from 0 to 100_000_000"),
        ({"seed": None}, "seed must be an int; got None"),
        ({"seed": "x"}, "seed must be an int; got 'x'"),
        ({"seed": [1]}, r"seed must be an int; got \[1\]"),
    ],
)
def test_simulate_traffic_arguments(canary_stage: Any, kwargs: dict[str, Any], error: str) -> None:
    apigw, api_id = canary_stage
    with pytest.raises(MockUsageError, match=error):
        apigw.simulate_traffic(api_id, "prod", **kwargs)


def test_simulate_traffic_edges(canary_stage: Any) -> None:
    apigw, api_id = canary_stage
    assert apigw.simulate_traffic(api_id, "prod", 0).counts == {}
    assert apigw.simulate_traffic(api_id, "prod", 1).requests == 1


@pytest.mark.parametrize("helper", ["route", "simulate_traffic", "stage_history"])
@pytest.mark.parametrize(("api", "stage"), [(5, "prod"), (None, "prod"), ("a1", 5), ("a1", None)])
def test_ids_must_be_strings(canary_stage: Any, helper: str, api: object, stage: object) -> None:
    apigw, _ = canary_stage
    with pytest.raises(MockUsageError, match=r"(rest_api_id|stage_name) must be a string"):
        getattr(apigw, helper)(api, stage)


# -- calls ----------------------------------------------------------------------------------


@pytest.fixture
def apigw_with_calls() -> Any:
    with mock_apigateway() as apigw:
        api_id = apigw.create_deployable_api("orders")
        apigateway().create_deployment(restApiId=api_id, stageName="prod")
        yield apigw


CALL_HELPERS = [
    ("calls.filter()", lambda apigw, op: apigw.calls.filter(op)),
    ("call_count()", lambda apigw, op: apigw.call_count(op)),
    ("assert_called()", lambda apigw, op: apigw.assert_called(op)),
    ("assert_called_once()", lambda apigw, op: apigw.assert_called_once(op)),
    ("assert_not_called()", lambda apigw, op: apigw.assert_not_called(op)),
    ("assert_called_with()", lambda apigw, op: apigw.assert_called_with(op)),
    ("assert_any_call()", lambda apigw, op: apigw.assert_any_call(op)),
]


@pytest.mark.parametrize(("where", "helper"), CALL_HELPERS)
@pytest.mark.parametrize(
    ("operation", "error"),
    [
        ("DeleteStaeg", r"'DeleteStaeg' is not an operation the mock emulates \(did you mean "
         r"'DeleteStage'\?\), so no call of it is ever recorded. Emulated operations: "
         + re.escape(", ".join(sorted(EMULATED_OPERATIONS))) + "$"),
        ("delete_stage", r"'delete_stage' is not an operation .*did you mean 'DeleteStage'"),
        ("GetApiKeys", r"'GetApiKeys' is not an operation the mock emulates, so no call"),
        (5, "the operation must be a string such as 'UpdateStage'; got 5"),
    ],
)  # fmt: skip
def test_call_helpers_refuse_operations_that_are_never_recorded(
    apigw_with_calls: Any, where: str, helper: Any, operation: object, error: str
) -> None:
    # A typo must not make assert_not_called pass or filter come back empty.
    with pytest.raises(MockUsageError, match=re.escape(where) + ": " + error):
        helper(apigw_with_calls, operation)


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (
            lambda apigw: apigw.calls.filter("CreateDeployment", stagename="prod"),
            r"calls.filter\(\): 'stagename' is not a parameter of CreateDeployment "
            r"\(did you mean 'stageName'\?\), so it never matches a call; parameters: restApiId,",
        ),
        (
            lambda apigw: apigw.calls.filter(stagename="prod"),
            r"'stagename' is not a parameter of any emulated operation \(did you mean 'stageName'",
        ),
        (
            lambda apigw: apigw.assert_called_with("CreateDeployment", stage="prod"),
            r"assert_called_with\(\): 'stage' is not a parameter of CreateDeployment",
        ),
        (
            lambda apigw: apigw.assert_any_call("CreateDeployment", restapiid="x", a=1),
            r"'restapiid', 'a' are not parameters of CreateDeployment \(did you mean 'restApiId'",
        ),
        (
            lambda apigw: apigw.calls.filter(succeeded="yes"),
            "succeeded must be True, False or None; got 'yes'",
        ),
        (lambda apigw: apigw.calls.filter(region=5), "region must be a string; got 5"),
    ],
)
def test_call_filters_that_could_never_match_are_errors(
    apigw_with_calls: Any, call: Any, error: str
) -> None:
    with pytest.raises(MockUsageError, match=error):
        call(apigw_with_calls)


def test_call_helpers_still_work(apigw_with_calls: Any) -> None:
    apigw = apigw_with_calls
    assert len(apigw.calls.filter(stageName="prod")) == 1
    assert len(apigw.calls.filter("CreateDeployment", restApiId=ANY)) == 1
    apigw.assert_not_called("DeleteStage")
    apigw.assert_called_with("CreateDeployment", stageName=ANY)
    with pytest.raises(AssertionError, match="UpdateStage was not called"):
        apigw.assert_called_with("UpdateStage", stageName="prod")


# -- faults ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "kwargs", "error"),
    [
        ((5, "NotFoundException"), {}, "the operation must be a string such as 'UpdateStage'"),
        ((["GetStage"], "NotFoundException"), {}, r"must be a string .*; got \['GetStage'\]"),
        (("GetStage", "NotFoundException"), {"message": 5}, "message must be a string or None"),
        (("GetStage", "NotFoundException"), {"region": 5}, "region must be an AWS region name"),
        (("GetStage", "NotFoundException"), {"region": ""}, "region must be an AWS region name"),
        (
            ("GetStage", "NotFoundException"),
            {"match": {"stagename": "prod"}},
            r"match: 'stagename' is not a parameter of GetStage \(did you mean 'stageName'\?\)",
        ),
        (("GetStage", "NotFoundException"), {"match": {1: "x"}}, "1 is not a parameter of"),
    ],
)  # fmt: skip
def test_inject_fault_arguments(args: tuple[Any, ...], kwargs: dict[str, Any], error: str) -> None:
    with mock_apigateway() as apigw:
        with pytest.raises(MockUsageError, match=error):
            apigw.inject_fault(*args, **kwargs)
        assert apigw.pending_faults() == []


@pytest.mark.parametrize(
    ("operation", "suggestion"), [("GetStaeg", "GetStage"), ("update_stage", "UpdateStage")]
)
def test_inject_fault_suggests_the_operation_meant(operation: str, suggestion: str) -> None:
    with mock_apigateway() as apigw:
        with pytest.raises(UnemulatedOperationError, match=f"did you mean '{suggestion}'"):
            apigw.inject_fault(operation, "NotFoundException")
        assert apigw.pending_faults() == []


# -- command line ---------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["demo", "run"])
@pytest.mark.parametrize("region", ["", "us east 1", "-x"])
def test_cli_refuses_a_region_botocore_would_refuse(
    command: str, region: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # Before: demo ended in botocore's ValueError / InvalidRegionError traceback; run set
    # AWS_DEFAULT_REGION to it for every step.
    from apigw_canary_mock.__main__ import main

    argv = [command, f"--region={region}"] + (["--", "true"] if command == "run" else [])
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    assert "argument --region: region must be an AWS region name" in capsys.readouterr().err


def test_cli_show_on_a_directory_says_so(tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    from apigw_canary_mock.__main__ import main

    assert main(["show", "--state", str(tmp_path)]) == 2
    assert f"{tmp_path}: is a directory, not a state file" in capsys.readouterr().err


def test_inject_fault_on_a_stopped_mock_is_refused() -> None:
    # Before: accepted and pending for ever (a stopped mock answers nothing, and the next
    # start() begins with no faults).
    apigw = mock_apigateway()
    with pytest.raises(MockUsageError, match="never started"):
        apigw.inject_fault("GetStage", "NotFoundException")
    with apigw:
        apigw.inject_fault("GetStage", "NotFoundException")
    with pytest.raises(MockUsageError, match="which is stopped: it answers no calls"):
        apigw.inject_fault("GetStage", "NotFoundException")
    assert len(apigw.pending_faults()) == 1  # still readable after stop()
    with apigw:
        assert apigw.pending_faults() == []  # a new activation: no faults, no calls
        assert len(apigw.calls) == 0


def test_a_mock_stopped_inside_a_failing_block_lets_the_blocks_error_through() -> None:
    with pytest.raises(KeyError), mock_apigateway() as apigw:
        apigw.stop()
        raise KeyError("the test's own error")
    with pytest.raises(MockUsageError, match="which is not started"), mock_apigateway() as apigw:
        apigw.stop()  # no error in flight: the misuse is reported
