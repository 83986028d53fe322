"""Fixtures of the acceptance suite: a real boto3 client inside the mock, and a deployable API."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from apigw_canary_mock import intercept
from apigw_canary_mock.cli.serve import EndpointServer, Target

from .helpers import ENDPOINT_CLIENT, REGION


def _listen(**kwargs: Any) -> None:
    """A foreign before-call listener: it sends every call down botocore's full path."""


# One client per call path and worker, shared by the tests: building a client costs more
# than most tests, and no acceptance test changes a client (its events or config). Each test
# still gets fresh state: the mock (apigateway_mock) is new per test.
_CLIENTS: dict[str, Any] = {}


class _Answering:
    """The mock the endpoint answers from: the running test's (None between tests)."""

    target: Target | None = None


@pytest.fixture(scope="session")
def serve_endpoint() -> Iterator[EndpointServer]:
    """One endpoint (``serve``) per test process (xdist worker), answering from the session
    of the running test's ``apigateway_mock``: the same state the test's helpers read."""
    with EndpointServer(lambda: _Answering.target, region=REGION) as server:
        yield server


@pytest.fixture(params=["direct", "botocore-path", "endpoint"])
def client(apigateway_mock: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A real boto3 API Gateway client, answered by this test's mock (fresh state per test).

    Every acceptance test runs three times: on the mock's direct path (a plain client), on
    botocore's full path (a client with a foreign ``before-call`` listener), which must answer
    alike (apigw_canary_mock/intercept/direct.py), and over HTTP through the endpoint of
    ``python -m apigw_canary_mock serve`` (a client with ``endpoint_url``, let through by the
    in-process mock, answered by the server from the test mock's own session).
    """
    client = _CLIENTS.get(request.param)
    if client is None:
        if request.param == "endpoint":
            client = boto3.client(
                "apigateway",
                region_name=REGION,
                endpoint_url=request.getfixturevalue("serve_endpoint").url,
                aws_access_key_id="testing",
                aws_secret_access_key="testing",
            )
            intercept.let_through(client)
            setattr(client, ENDPOINT_CLIENT, True)
        else:
            client = boto3.client("apigateway", region_name=REGION)
            if request.param == "botocore-path":
                client.meta.events.register("before-call.apigateway", _listen)
        _CLIENTS[request.param] = client
    if request.param != "endpoint":
        yield client
        return
    _Answering.target = apigateway_mock
    try:
        yield client
    finally:
        _Answering.target = None


def make_deployable_api(client: Any, name: str = "spec-api") -> str:
    """A REST API built through boto3 calls only: GET on the root with a MOCK integration."""
    created = client.create_rest_api(name=name)
    rest_api_id, root_id = str(created["id"]), str(created["rootResourceId"])
    client.put_method(
        restApiId=rest_api_id, resourceId=root_id, httpMethod="GET", authorizationType="NONE"
    )
    client.put_integration(restApiId=rest_api_id, resourceId=root_id, httpMethod="GET", type="MOCK")
    return rest_api_id


@pytest.fixture
def api(client: Any) -> str:
    """The id of a REST API that can be deployed."""
    return make_deployable_api(client)
