"""Fixtures of the acceptance suite: a real boto3 client inside the mock, and a deployable API."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from .helpers import REGION


@pytest.fixture
def client(apigateway_mock: Any) -> Any:
    """A real boto3 API Gateway client, created while the mock runs (fresh state per test)."""
    return boto3.client("apigateway", region_name=REGION)


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
