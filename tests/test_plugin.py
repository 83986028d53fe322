"""The pytest plugin, run in throwaway pytest sessions (pytester)."""

from __future__ import annotations

import pytest

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
        from apigw_canary_mock.mock import _stack

        def test_leaky(apigateway_mock):
            mock_apigateway().start()

        def test_next():
            assert _stack == ()
        """
    )
    result = pytester.runpytest("-p", "no:randomly")
    result.assert_outcomes(passed=2, errors=1)
    result.stdout.fnmatch_lines(["*MockUsageError: 1 mock(s) started inside*"])
