"""Isolation (issue 3, item 5): mocks in two xdist workers never share state.

The suite itself runs on two xdist workers in random order (pyproject.toml's addopts), so the
parametrized test below lands on both workers in the suite's own run; the pytester test runs
a small suite on two workers, where each test waits until the other worker has created an API
before it lists them, and checks that both got tests and each saw only its own APIs. Its
control run gives the same tests one shared state file: there the same assertions must fail, so
the check is proved able to see sharing.
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
import os
import time
from pathlib import Path

import boto3
import pytest

if os.environ.get("SHARED_STATE"):  # the control run: one state file for every test
    pytestmark = pytest.mark.apigateway_mock(state=os.environ["SHARED_STATE"])


def wait_for_the_other_worker(worker_id):
    rendezvous = Path(os.environ["RENDEZVOUS"])
    (rendezvous / worker_id).touch()
    other = rendezvous / ("gw1" if worker_id == "gw0" else "gw0")
    deadline = time.monotonic() + 20
    while not other.exists() and time.monotonic() < deadline:
        time.sleep(0.01)


@pytest.mark.parametrize("n", range(12))
def test_own_state(apigateway_mock, worker_id, n):
    assert worker_id in ("gw0", "gw1")
    client = boto3.client("apigateway")
    name = f"{worker_id}-{n}"
    api = client.create_rest_api(name=name)
    wait_for_the_other_worker(worker_id)  # the other worker has made an API by now
    api_id = apigateway_mock.create_deployable_api(f"{name}-deployable")
    client.create_deployment(restApiId=api_id, stageName="prod")
    names = sorted(item["name"] for item in client.get_rest_apis()["items"])
    assert names == [name, f"{name}-deployable"]
    assert [s["stageName"] for s in client.get_stages(restApiId=api_id)["item"]] == ["prod"]
    assert client.get_rest_api(restApiId=api["id"])["name"] == name
"""


@pytest.mark.slow
def test_two_xdist_workers_never_share_state(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytester.makeconftest(INNER_CONFTEST)
    pytester.makepyfile(test_inner=INNER_TESTS)
    args = ("-p", "xdist", "-n", "2", "-v", "-p", "no:randomly")

    # Control: with one state file shared by every test, the same checks see the sharing.
    monkeypatch.setenv("RENDEZVOUS", str(pytester.mkdir("rendezvous-control")))
    monkeypatch.setenv("SHARED_STATE", str(pytester.path / "shared.db"))
    control = pytester.runpytest_subprocess(*args)
    assert control.parseoutcomes().get("failed", 0) >= 2, control.stdout.str()

    monkeypatch.delenv("SHARED_STATE")
    monkeypatch.setenv("RENDEZVOUS", str(pytester.mkdir("rendezvous")))
    result = pytester.runpytest_subprocess(*args)
    result.assert_outcomes(passed=12)
    result.stdout.fnmatch_lines(["*[[]gw0[]]*PASSED*test_own_state*"])
    result.stdout.fnmatch_lines(["*[[]gw1[]]*PASSED*test_own_state*"])
