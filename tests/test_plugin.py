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
