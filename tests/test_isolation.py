"""Isolation (issue 3, item 5): mocks in two xdist workers never share state.

The suite itself runs on two xdist workers in random order (pyproject.toml's addopts), so the
parametrized test below lands on both workers in the suite's own run; the pytester test runs
a small suite on two workers and checks that both got tests and each saw only its own APIs.
"""

from __future__ import annotations

import boto3
import pytest

from apigw_canary_mock import ApiGatewayMock

pytest_plugins = ["pytester"]


@pytest.mark.parametrize("n", range(6))
def test_a_worker_sees_only_its_own_apis(
    apigateway_mock: ApiGatewayMock, worker_id: str, n: int
) -> None:
    client = boto3.client("apigateway", region_name="us-east-1")
    name = f"{worker_id}-{n}"
    api_id = client.create_rest_api(name=name)["id"]
    assert [(a["id"], a["name"]) for a in client.get_rest_apis()["items"]] == [(api_id, name)]
    assert list(apigateway_mock.backend().rest_apis) == [api_id]


INNER_CONFTEST = """
import pytest

@pytest.fixture(autouse=True)
def _region(monkeypatch):
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
"""

INNER_TESTS = """
import boto3
import pytest

@pytest.mark.parametrize("n", range(12))
def test_own_state(apigateway_mock, worker_id, n):
    assert worker_id in ("gw0", "gw1")
    client = boto3.client("apigateway")
    name = f"{worker_id}-{n}"
    api = client.create_rest_api(name=name)
    api_id = apigateway_mock.create_deployable_api(f"{name}-deployable")
    client.create_deployment(restApiId=api_id, stageName="prod")
    names = sorted(item["name"] for item in client.get_rest_apis()["items"])
    assert names == [name, f"{name}-deployable"]
    assert [s["stageName"] for s in client.get_stages(restApiId=api_id)["item"]] == ["prod"]
    assert client.get_rest_api(restApiId=api["id"])["name"] == name
"""


def test_two_xdist_workers_never_share_state(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(INNER_CONFTEST)
    pytester.makepyfile(test_inner=INNER_TESTS)
    result = pytester.runpytest_subprocess("-p", "xdist", "-n", "2", "-v", "-p", "no:randomly")
    result.assert_outcomes(passed=12)
    result.stdout.fnmatch_lines(["*[[]gw0[]]*PASSED*test_own_state*"])
    result.stdout.fnmatch_lines(["*[[]gw1[]]*PASSED*test_own_state*"])
