"""Fixtures of the acceptance suite: a real boto3 client inside the mock, and a deployable API."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from .helpers import REGION


def _listen(**kwargs: Any) -> None:
    """A foreign before-call listener: it sends every call down botocore's full path."""


@pytest.fixture(params=["direct", "botocore-path"])
def client(apigateway_mock: Any, request: pytest.FixtureRequest) -> Any:
    """A real boto3 API Gateway client, created while the mock runs (fresh state per test).

    Every acceptance test runs twice: on the mock's direct path (a plain client), and on
    botocore's full path (a client with a foreign ``before-call`` listener), which must answer
    alike (apigw_canary_mock/intercept/direct.py).
    """
    client = boto3.client("apigateway", region_name=REGION)
    if request.param == "botocore-path":
        client.meta.events.register("before-call.apigateway", _listen)
    return client


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
