"""The pytest plugin, run in throwaway pytest sessions (pytester)."""

from __future__ import annotations

import re

import boto3  # noqa: F401
import pytest

# The inline runs (pytester.runpytest) share this process's modules: what a run imports is
# dropped after it, and a second copy of botocore or of the mock in a later run would not see
# the first. Imported here, they are shared by every run (as a real session has one of each).
import apigw_canary_mock.mock  # noqa: F401

pytest_plugins = ["pytester"]

CONFTEST = """
import pytest

@pytest.fixture(autouse=True)
def _region(monkeypatch):
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
"""


def test_fixture_gives_fresh_state_per_test(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(
        """
        import boto3
        import pytest
        from apigw_canary_mock import ApiGatewayMock, active_mock

        @pytest.mark.parametrize("name", ["first", "second"])
        def test_one_api(apigateway_mock, name):
            assert isinstance(apigateway_mock, ApiGatewayMock)
            assert active_mock() is apigateway_mock
            client = boto3.client("apigateway")
            client.create_rest_api(name=name)
            assert [a["name"] for a in client.get_rest_apis()["items"]] == [name]

        def test_stopped_after_the_test():
            from apigw_canary_mock import MockUsageError
            with pytest.raises(MockUsageError):
                active_mock()
        """
    )
    result = pytester.runpytest("-p", "no:randomly")
    result.assert_outcomes(passed=3)


def test_marker_options_reach_the_fixture(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(
        """
        import pytest

        pytestmark = pytest.mark.apigateway_mock(account_id="999999999999")

        def test_module_marker(apigateway_mock):
            assert apigateway_mock.account_id == "999999999999"

        @pytest.mark.apigateway_mock(account_id="111122223333", seed=3,
                                     pass_through_unemulated=True)
        def test_own_marker_wins(apigateway_mock):
            assert apigateway_mock.account_id == "111122223333"
            assert apigateway_mock.seed == 3
            assert apigateway_mock.pass_through_unemulated
        """
    )
    result = pytester.runpytest("-p", "no:randomly", "--strict-markers")
    result.assert_outcomes(passed=2)


def test_bad_marker_usage_is_a_clear_error(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.apigateway_mock("111122223333")
        def test_positional(apigateway_mock):
            pass

        @pytest.mark.apigateway_mock(acount_id="111122223333")
        def test_typo(apigateway_mock):
            pass

        @pytest.mark.apigateway_mock(account_id="42")
        def test_bad_value(apigateway_mock):
            pass
        """
    )
    result = pytester.runpytest("-p", "no:randomly")
    result.assert_outcomes(errors=3)
    result.stdout.fnmatch_lines(
        [
            "*MockUsageError: @pytest.mark.apigateway_mock takes keyword options only*",
            "*MockUsageError: unknown option(s) acount_id for mock_apigateway; valid options:*",
            "*MockUsageError: account_id must be a string of 12 digits*",
        ]
    )


def test_plugin_loads_through_its_entry_point(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_nothing(): pass")
    result = pytester.runpytest("--markers")
    result.stdout.fnmatch_lines(["@pytest.mark.apigateway_mock(account_id=..., seed=*"])
    result = pytester.runpytest("--trace-config", "-p", "no:randomly")
    result.stdout.fnmatch_lines(["*apigw_canary_mock*pytest_plugin*"])
    result.assert_outcomes(passed=1)


def test_plugin_can_be_disabled(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_uses(apigateway_mock): pass")
    result = pytester.runpytest("-p", "no:apigw_canary_mock")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*fixture 'apigateway_mock' not found*"])


def test_a_mock_left_started_by_a_fixture_test_is_a_teardown_error(
    pytester: pytest.Pytester,
) -> None:
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(
        """
        from apigw_canary_mock import mock_apigateway
        from apigw_canary_mock import activation

        def test_leaky(apigateway_mock):
            mock_apigateway().start()

        def test_next():
            assert activation.active() == ()
        """
    )
    result = pytester.runpytest("-p", "no:randomly")
    result.assert_outcomes(passed=2, errors=1)
    result.stdout.fnmatch_lines(["*MockUsageError: 1 mock(s) started inside*"])


def test_the_decorator_and_the_fixture_of_one_test_share_one_mock(
    pytester: pytest.Pytester,
) -> None:
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(
        """
        import boto3
        import pytest
        from apigw_canary_mock import active_mock, mock_apigateway

        @mock_apigateway
        def test_function(apigateway_mock):
            api_id = apigateway_mock.create_deployable_api("orders")
            client = boto3.client("apigateway")
            client.create_deployment(restApiId=api_id, stageName="prod")
            assert active_mock() is apigateway_mock
            assert apigateway_mock.get_stage(api_id, "prod")["stageName"] == "prod"

        @pytest.mark.apigateway_mock(account_id="111122223333")
        @mock_apigateway(account_id="111122223333")
        def test_same_options(apigateway_mock):
            assert active_mock() is apigateway_mock

        @mock_apigateway
        class TestClass:
            def setup_method(self):
                self.client = boto3.client("apigateway")
                self.api_id = self.client.create_rest_api(name="set-up")["id"]

            def test_method(self, apigateway_mock):
                assert active_mock() is apigateway_mock
                assert apigateway_mock.backend().rest_apis.keys() == {self.api_id}
        """
    )
    result = pytester.runpytest("-p", "no:randomly")
    result.assert_outcomes(passed=3)


def test_the_decorator_and_the_fixture_with_different_options_is_an_error(
    pytester: pytest.Pytester,
) -> None:
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(
        """
        from apigw_canary_mock import mock_apigateway

        @mock_apigateway(account_id="111122223333")
        def test_conflict(apigateway_mock):
            pass
        """
    )
    result = pytester.runpytest("-p", "no:randomly")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        ["*MockUsageError: test 'test_conflict' uses both @mock_apigateway with options*"]
    )


def test_a_decorated_class_runs_setup_and_teardown_method_inside_the_mock(
    pytester: pytest.Pytester,
) -> None:
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(
        """
        import boto3
        from apigw_canary_mock import active_mock, mock_apigateway

        seen = []

        @mock_apigateway
        class TestRollout:
            def setup_method(self, method):
                self.client = boto3.client("apigateway")
                self.api_id = self.client.create_rest_api(name=method.__name__)["id"]
                self.mock = active_mock()

            def teardown_method(self, method):
                # Still inside the same mock: the API made in setup_method is there.
                seen.append(self.client.get_rest_api(restApiId=self.api_id)["name"])
                assert active_mock() is self.mock

            def test_one(self):
                assert active_mock() is self.mock
                assert self.client.get_rest_api(restApiId=self.api_id)["name"] == "test_one"

            def test_two(self):
                names = [a["name"] for a in self.client.get_rest_apis()["items"]]
                assert names == ["test_two"]  # a fresh mock per test

        def test_after():
            assert seen == ["test_one", "test_two"]
        """
    )
    result = pytester.runpytest("-p", "no:randomly")
    result.assert_outcomes(passed=3)


# -- start-up cost: nothing heavy until the fixture is used -----------------------------------


@pytest.mark.slow
def test_the_plugin_imports_no_botocore_until_the_fixture_is_used(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        """
        import sys

        HEAVY = ("botocore", "boto3", "wrapt", "apigw_canary_mock.mock")

        def test_1_nothing_heavy_at_start():
            assert "apigw_canary_mock.pytest_plugin" in sys.modules
            assert [name for name in HEAVY if name in sys.modules] == []

        def test_2_the_fixture_imports_the_mock(apigateway_mock):
            assert [name for name in HEAVY if name not in sys.modules] == ["boto3"]
        """
    )
    # In a fresh process: this one has imported everything already.
    result = pytester.runpytest_subprocess("-p", "no:randomly")
    result.assert_outcomes(passed=2)


# -- defaults of the fixture: ini file, command line, marker ------------------------------------

DEFAULTS_INI = """
[pytest]
apigw_account_id = 111122223333
apigw_region = eu-west-1
apigw_seed = 7
"""


def test_ini_options_are_the_fixtures_defaults_and_the_marker_wins(
    pytester: pytest.Pytester,
) -> None:
    pytester.makeconftest(CONFTEST)
    pytester.makeini(DEFAULTS_INI)
    pytester.makepyfile(
        """
        import os
        import boto3
        import pytest

        def test_defaults_from_the_ini_file(apigateway_mock):
            mock = apigateway_mock
            assert (mock.account_id, mock.region, mock.seed) == ("111122223333", "eu-west-1", 7)
            # The region is the helpers' and the test's clients'.
            assert os.environ["AWS_DEFAULT_REGION"] == "eu-west-1"
            api_id = mock.create_deployable_api("orders")
            client = boto3.client("apigateway")
            assert client.meta.region_name == "eu-west-1"
            assert [api["id"] for api in client.get_rest_apis()["items"]] == [api_id]

        @pytest.mark.apigateway_mock(account_id="999999999999", region="ap-south-1")
        def test_the_marker_wins(apigateway_mock):
            mock = apigateway_mock
            assert (mock.account_id, mock.region, mock.seed) == ("999999999999", "ap-south-1", 7)
            assert os.environ["AWS_DEFAULT_REGION"] == "ap-south-1"

        def test_the_environment_is_restored_after():
            assert os.environ["AWS_DEFAULT_REGION"] == "us-east-1"
        """
    )
    result = pytester.runpytest("-p", "no:randomly")
    result.assert_outcomes(passed=3)


def test_command_line_options_win_over_the_ini_file(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(CONFTEST)
    pytester.makeini(DEFAULTS_INI)
    pytester.makepyfile(
        """
        import os

        def test_defaults_from_the_command_line(apigateway_mock):
            mock = apigateway_mock
            assert (mock.account_id, mock.region, mock.seed) == ("210987654321", "ca-central-1", 3)
            assert os.environ["AWS_DEFAULT_REGION"] == "ca-central-1"
        """
    )
    result = pytester.runpytest(
        "-p",
        "no:randomly",
        "--apigw-account-id=210987654321",
        "--apigw-region",
        "ca-central-1",
        "--apigw-seed=3",
    )
    result.assert_outcomes(passed=1)


def test_without_a_region_option_the_environment_is_left_alone(
    pytester: pytest.Pytester,
) -> None:
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(
        """
        import os

        def test_region(apigateway_mock, monkeypatch):
            assert apigateway_mock.region == "us-east-1"
            assert os.environ["AWS_DEFAULT_REGION"] == "us-east-1"  # the conftest's
        """
    )
    result = pytester.runpytest("-p", "no:randomly")
    result.assert_outcomes(passed=1)


@pytest.mark.parametrize(
    ("args", "ini", "error"),
    [
        (["--apigw-seed", "x"], "", "--apigw-seed: seed must be an int; got 'x'"),
        (
            [],
            "apigw_account_id = 42",
            "apigw_account_id (ini): account_id must be a string of 12 digits, like "
            "'123456789012'; got '42'",
        ),
        (
            ["--apigw-region=us east 1"],
            "",
            "--apigw-region: region must be an AWS region name such as 'us-east-1' (letters, "
            "digits and hyphens, as botocore accepts); got 'us east 1'",
        ),
    ],
)
def test_bad_defaults_are_a_usage_error(
    pytester: pytest.Pytester, args: list[str], ini: str, error: str
) -> None:
    pytester.makeini(f"[pytest]\n{ini}\n")
    pytester.makepyfile("def test_nothing(): pass")
    result = pytester.runpytest(*args)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"ERROR: {error}"])


# -- the guard: a forgotten mock fails at once instead of calling AWS ---------------------------

GUARDED = """
import time

import boto3

SENT = []


def tripwire(request, **kwargs):
    # botocore is about to send the request: a real run would now call AWS, with retries.
    SENT.append(request.url)
    raise RuntimeError(f"tripwire: about to send {request.method} {request.url}")


def client():
    made = boto3.client(
        "apigateway",
        region_name="us-east-1",
        aws_access_key_id="AKIAEXAMPLE",  # a developer's machine has credentials
        aws_secret_access_key="secret",
    )
    made.meta.events.register("before-send.api-gateway", tripwire)
    return made


def test_a_forgotten_mock():
    made = client()  # made outside the time: loading the service model is not the call
    started = time.perf_counter()
    try:
        made.get_rest_apis()
    finally:
        print(f"after {time.perf_counter() - started:.3f} s, sent: {SENT}")


def test_with_the_fixture(apigateway_mock):
    sent = len(SENT)
    assert client().get_rest_apis()["items"] == []
    assert len(SENT) == sent
"""


@pytest.mark.slow
def test_without_the_guard_a_forgotten_mock_goes_for_aws(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(GUARDED)
    result = pytester.runpytest_subprocess("-p", "no:randomly")
    result.assert_outcomes(passed=1, failed=1)
    out = result.stdout.str()
    assert "tripwire" in out and "RuntimeError" in out  # the request was on its way
    assert "sent: ['https://apigateway.us-east-1.amazonaws.com/restapis']" in out


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "ini", "blocked_by"),
    [
        (["--apigw-block-unmocked"], "", "--apigw-block-unmocked"),
        ([], "apigw_block_unmocked = true", "apigw_block_unmocked = true"),
    ],
)
def test_the_guard_fails_a_forgotten_mock_at_once(
    pytester: pytest.Pytester, args: list[str], ini: str, blocked_by: str
) -> None:
    pytester.makeini(f"[pytest]\n{ini}\n")
    pytester.makepyfile(GUARDED)
    result = pytester.runpytest_subprocess("-p", "no:randomly", *args)
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        [
            "E * apigw_canary_mock.errors.UnmockedCallError: the apigateway call GetRestApis "
            f"was made outside any mock: blocked by {blocked_by}, so it was not sent to AWS. "
            "Make it inside a mock: the apigateway_mock fixture, @mock_apigateway or "
            "`with mock_apigateway():`",
        ]
    )
    assert re.search(r"^after 0\.\d+ s, sent: \[\]$", result.stdout.str(), re.M)
    assert "RuntimeError" not in result.stdout.str()


POLICY_TESTS = """
import boto3
import pytest
from apigw_canary_mock import mock_apigateway

def remove_canary(api_id):
    client = boto3.client("apigateway")
    client.update_stage(
        restApiId=api_id,
        stageName="prod",
        patchOperations=[{"op": "remove", "path": "/canarySettings"}],
    )

def test_policy_answer(apigateway_mock):
    api_id = apigateway_mock.create_deployable_api()
    boto3.client("apigateway").create_deployment(restApiId=api_id, stageName="prod")
    with pytest.raises(Exception):
        remove_canary(api_id)  # no canary: the answer is our policy's

@mock_apigateway
def test_recorded_only():
    from apigw_canary_mock import active_mock
    boto3.client("apigateway").get_rest_apis()

@mock_apigateway
def test_failing_on_a_policy_answer():
    from apigw_canary_mock import active_mock
    api_id = active_mock().create_deployable_api()
    boto3.client("apigateway").create_deployment(restApiId=api_id, stageName="prod")
    remove_canary(api_id)
"""


def test_the_policy_report_lists_per_test_the_answers_that_rested_on_a_policy(
    pytester: pytest.Pytester,
) -> None:
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(POLICY_TESTS)
    result = pytester.runpytest("-p", "no:randomly", "--apigw-policies")
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*apigw_canary_mock policies*",
            "*test_policy_answer",
            "    UpdateStage(*) -> 400 BadRequestException: Cannot remove method setting "
            "canarySettings because there is no method setting for this method*"
            "[[]policy: remove-canary-without-canary*",
        ]
    )
    # The failing test's own report shows it too; the recorded-only test is not listed.
    assert "test_recorded_only" not in result.stdout.str().split("apigw_canary_mock policies")[-1]
    assert result.stdout.str().count("remove-canary-without-canary") >= 3


def test_without_the_option_no_policy_report(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(POLICY_TESTS)
    result = pytester.runpytest("-p", "no:randomly")
    result.assert_outcomes(passed=2, failed=1)
    assert "apigw_canary_mock policies" not in result.stdout.str()
