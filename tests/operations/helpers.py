"""Helpers of the operations tests: call handlers with plain dicts, build a deployable API."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from apigw_canary_mock.core.errors import ApiError
from apigw_canary_mock.core.restapi import RestApi
from apigw_canary_mock.core.store import Backend
from apigw_canary_mock.operations import OPERATIONS, Result

ACCOUNT = "123456789012"
REGION = "us-east-1"


def call(backend: Backend, operation: str, **params: Any) -> Result:
    return OPERATIONS[operation](backend, params)


def body(backend: Backend, operation: str, **params: Any) -> dict[str, Any]:
    return call(backend, operation, **params).body


def make_api(backend: Backend, *, method: bool = True, integration: bool = True) -> str:
    """A REST API id; by default GET / with a MOCK integration, so it can be deployed."""
    api = body(backend, "CreateRestApi", name="demo")
    if method:
        call(
            backend,
            "PutMethod",
            restApiId=api["id"],
            resourceId=api["rootResourceId"],
            httpMethod="GET",
            authorizationType="NONE",
        )
        if integration:
            call(
                backend,
                "PutIntegration",
                restApiId=api["id"],
                resourceId=api["rootResourceId"],
                httpMethod="GET",
                type="MOCK",
            )
    return str(api["id"])


def deploy(backend: Backend, api_id: str, **params: Any) -> str:
    return str(body(backend, "CreateDeployment", restApiId=api_id, **params)["id"])


def stage(backend: Backend, api_id: str, name: str = "prod") -> dict[str, Any]:
    return body(backend, "GetStage", restApiId=api_id, stageName=name)


@contextmanager
def fails_unchanged(backend: Backend, api_id: str, code: str, message: str) -> Iterator[None]:
    """Expect an ApiError with exactly this code and message, and the API left as it was."""
    before: RestApi = copy.deepcopy(backend.rest_apis[api_id])
    with pytest.raises(ApiError) as caught:
        yield
    assert (caught.value.code, caught.value.message) == (code, message)
    assert backend.rest_apis[api_id] == before


def bad_request(backend: Backend, api_id: str, message: str) -> Any:
    return fails_unchanged(backend, api_id, "BadRequestException", message)
