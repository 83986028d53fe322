"""REST APIs, resources, methods and integrations: the scaffolding a deployment needs."""

from __future__ import annotations

import re
from typing import Any

import pytest

from apigw_canary_mock.core.errors import ApiError
from apigw_canary_mock.core.store import Backend

from .helpers import ACCOUNT, bad_request, body, call, fails_unchanged, make_api

COMPRESSION = "Invalid minimum compression size, must be between 0 and 10485760"


def test_create_rest_api_body(backend: Backend, time_machine: Any) -> None:
    time_machine.move_to(1_700_000_000)
    result = call(backend, "CreateRestApi", name="demo")
    assert result.status == 201
    got = result.body
    assert re.fullmatch(r"[a-z0-9]{10}", got["id"])
    assert re.fullmatch(r"[a-z0-9]{6}", got["rootResourceId"])
    assert got == {
        "id": got["id"],
        "name": "demo",
        "createdDate": 1_700_000_000,
        "apiKeySource": "HEADER",
        "endpointConfiguration": {"types": ["EDGE"], "ipAddressType": "ipv4"},
        "disableExecuteApiEndpoint": False,
        "rootResourceId": got["rootResourceId"],
    }


def test_create_rest_api_optional_members(backend: Backend) -> None:
    got = body(
        backend,
        "CreateRestApi",
        name="demo",
        description="d",
        version="1",
        tags={"a": "b"},
        binaryMediaTypes=["image/png"],
        endpointConfiguration={"types": ["REGIONAL"]},
        apiKeySource="AUTHORIZER",
        disableExecuteApiEndpoint=True,
    )
    assert got["description"] == "d"
    assert got["version"] == "1"
    assert got["tags"] == {"a": "b"}
    assert got["binaryMediaTypes"] == ["image/png"]
    assert got["endpointConfiguration"] == {"types": ["REGIONAL"], "ipAddressType": "ipv4"}
    assert got["apiKeySource"] == "AUTHORIZER"
    assert got["disableExecuteApiEndpoint"] is True
    assert body(backend, "GetRestApi", restApiId=got["id"]) == got


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"name": ""}, "The REST API name must not be empty"),
        ({"name": "x", "cloneFrom": "abc"}, "cloneFrom is not supported by apigw_canary_mock"),
        (
            {"name": "x", "endpointConfiguration": {"types": ["EDGE", "REGIONAL"]}},
            "Cannot create an api with multiple Endpoint Types.",
        ),
        (
            {"name": "x", "endpointConfiguration": {"types": []}},
            "REGIONAL Configuration and EDGE Configuration cannot be both DISABLED.",
        ),
        (
            {"name": "x", "endpointConfiguration": {"types": ["PRIVATE"], "ipAddressType": "ipv4"}},
            "Only dualstack ipAddressType is supported for Private APIs.",
        ),
        ({"name": "x", "description": ""}, "Description cannot be an empty string"),
        ({"name": "x", "minimumCompressionSize": -1}, COMPRESSION),
        ({"name": "x", "minimumCompressionSize": 10_485_761}, COMPRESSION),
        # Enum values (apiKeySource, endpoint types, ipAddressType) are the validation
        # layer's (wire/aws_validation.py): it answers before any handler runs.
    ],
)
def test_create_rest_api_rejects(backend: Backend, params: dict[str, Any], message: str) -> None:
    with pytest.raises(ApiError) as caught:
        call(backend, "CreateRestApi", **params)
    assert caught.value == ApiError("BadRequestException", message, 400)
    assert backend.rest_apis == {}


def test_delete_rest_api(backend: Backend) -> None:
    api_id = make_api(backend)
    result = call(backend, "DeleteRestApi", restApiId=api_id)
    assert (result.body, result.status) == ({}, 202)
    with pytest.raises(ApiError) as caught:
        call(backend, "GetRestApi", restApiId=api_id)
    assert caught.value.message == f"Invalid API identifier specified {ACCOUNT}:{api_id}"


def test_get_rest_apis_pages(backend: Backend) -> None:
    ids = [make_api(backend, method=False) for _ in range(5)]
    first = body(backend, "GetRestApis", limit=2)
    assert [item["id"] for item in first["items"]] == ids[:2]
    second = body(backend, "GetRestApis", limit=2, position=first["position"])
    assert [item["id"] for item in second["items"]] == ids[2:4]
    last = body(backend, "GetRestApis", limit=2, position=second["position"])
    assert [item["id"] for item in last["items"]] == ids[4:]
    assert "position" not in last
    assert body(backend, "GetRestApis", limit=5) == {
        "items": first["items"] + second["items"] + last["items"]
    }


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"position": "garbage!"}, "Invalid position parameter"),
        ({"position": ""}, "Invalid position parameter"),
        ({"limit": 0}, "Invalid limit specified: 0. Must be between 1 and 500"),
        ({"limit": -3}, "Invalid limit specified: -3. Must be between 1 and 500"),
    ],
)
def test_bad_paging_parameters(backend: Backend, params: dict[str, Any], message: str) -> None:
    for operation, extra in [
        ("GetRestApis", {}),
        ("GetDeployments", {"restApiId": make_api(backend)}),
        ("GetResources", {"restApiId": make_api(backend)}),
    ]:
        with pytest.raises(ApiError) as caught:
            call(backend, operation, **extra, **params)
        assert caught.value == ApiError("BadRequestException", message, 400)


def test_limit_clamped_to_500(backend: Backend) -> None:
    api_id = make_api(backend, method=False)
    root = body(backend, "GetRestApi", restApiId=api_id)["rootResourceId"]
    for n in range(501):
        call(backend, "CreateResource", restApiId=api_id, parentId=root, pathPart=f"p{n}")
    page = body(backend, "GetResources", restApiId=api_id, limit=10_000)
    assert len(page["items"]) == 500
    rest = body(backend, "GetResources", restApiId=api_id, position=page["position"])
    assert [item["path"] for item in rest["items"]] == ["/p499", "/p500"]


def test_resources_tree(backend: Backend) -> None:
    api_id = make_api(backend, method=False)
    root = body(backend, "GetRestApi", restApiId=api_id)["rootResourceId"]
    pets = call(backend, "CreateResource", restApiId=api_id, parentId=root, pathPart="pets")
    assert pets.status == 201
    pet = body(
        backend, "CreateResource", restApiId=api_id, parentId=pets.body["id"], pathPart="{id}"
    )
    assert pets.body == {
        "id": pets.body["id"],
        "parentId": root,
        "pathPart": "pets",
        "path": "/pets",
    }
    assert pet["path"] == "/pets/{id}"
    call(
        backend,
        "PutMethod",
        restApiId=api_id,
        resourceId=pet["id"],
        httpMethod="GET",
        authorizationType="NONE",
    )
    items = body(backend, "GetResources", restApiId=api_id)["items"]
    assert items == [
        {"id": root, "path": "/"},
        pets.body,
        {**pet, "resourceMethods": {"GET": {}}},
    ]
    embedded = body(backend, "GetResources", restApiId=api_id, embed=["methods"])["items"]
    assert embedded[2]["resourceMethods"] == {
        "GET": {"httpMethod": "GET", "authorizationType": "NONE", "apiKeyRequired": False}
    }


@pytest.mark.parametrize(
    ("path_part", "code", "message"),
    [
        (
            "pets",
            "ConflictException",
            "Another resource with the same parent already has this name: pets",
        ),
        (
            "",
            "BadRequestException",
            "Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and "
            "the end and an optional plus sign before the closing brace.",
        ),
        (
            "a/b",
            "BadRequestException",
            "Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and "
            "the end and an optional plus sign before the closing brace.",
        ),
    ],
)
def test_create_resource_rejects(backend: Backend, path_part: str, code: str, message: str) -> None:
    api_id = make_api(backend, method=False)
    root = body(backend, "GetRestApi", restApiId=api_id)["rootResourceId"]
    call(backend, "CreateResource", restApiId=api_id, parentId=root, pathPart="pets")
    with fails_unchanged(backend, api_id, code, message):
        call(backend, "CreateResource", restApiId=api_id, parentId=root, pathPart=path_part)


def test_missing_resource_and_method(backend: Backend) -> None:
    api_id = make_api(backend, method=False)
    root = body(backend, "GetRestApi", restApiId=api_id)["rootResourceId"]
    with fails_unchanged(
        backend, api_id, "NotFoundException", "Invalid Resource identifier specified"
    ):
        call(backend, "CreateResource", restApiId=api_id, parentId="nope00", pathPart="x")
    with fails_unchanged(
        backend, api_id, "NotFoundException", "Invalid Resource identifier specified"
    ):
        call(
            backend,
            "PutMethod",
            restApiId=api_id,
            resourceId="nope00",
            httpMethod="GET",
            authorizationType="NONE",
        )
    with fails_unchanged(
        backend, api_id, "NotFoundException", "Invalid Method identifier specified"
    ):
        call(
            backend,
            "PutIntegration",
            restApiId=api_id,
            resourceId=root,
            httpMethod="GET",
            type="MOCK",
        )


def test_put_method_twice(backend: Backend, api_id: str) -> None:
    root = body(backend, "GetRestApi", restApiId=api_id)["rootResourceId"]
    with fails_unchanged(
        backend, api_id, "ConflictException", "Method already exists for this resource"
    ):
        call(
            backend,
            "PutMethod",
            restApiId=api_id,
            resourceId=root,
            httpMethod="GET",
            authorizationType="NONE",
        )


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {"httpMethod": "get"},
            "Invalid HttpMethod specified. Valid options are "
            "GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY",
        ),
        (
            {"authorizationType": "JWT"},
            "Invalid authorization type specified: JWT. "
            "Must be one of: [NONE, AWS_IAM, CUSTOM, COGNITO_USER_POOLS]",
        ),
    ],
)
def test_put_method_rejects(backend: Backend, params: dict[str, Any], message: str) -> None:
    api_id = make_api(backend, method=False)
    root = body(backend, "GetRestApi", restApiId=api_id)["rootResourceId"]
    params = {"httpMethod": "GET", "authorizationType": "NONE", **params}
    with bad_request(backend, api_id, message):
        call(backend, "PutMethod", restApiId=api_id, resourceId=root, **params)


def test_put_method_body(backend: Backend) -> None:
    api_id = make_api(backend, method=False)
    root = body(backend, "GetRestApi", restApiId=api_id)["rootResourceId"]
    result = call(
        backend,
        "PutMethod",
        restApiId=api_id,
        resourceId=root,
        httpMethod="POST",
        authorizationType="NONE",
        operationName="op",
        requestParameters={"method.request.header.x": True},
    )
    assert result.status == 201
    assert result.body == {
        "httpMethod": "POST",
        "authorizationType": "NONE",
        "apiKeyRequired": False,
        "operationName": "op",
        "requestParameters": {"method.request.header.x": True},
    }


def test_put_integration_body(backend: Backend) -> None:
    api_id = make_api(backend, integration=False)
    root = body(backend, "GetRestApi", restApiId=api_id)["rootResourceId"]
    result = call(
        backend,
        "PutIntegration",
        restApiId=api_id,
        resourceId=root,
        httpMethod="GET",
        type="HTTP",
        integrationHttpMethod="POST",
        uri="https://example.com",
    )
    assert result.status == 201
    assert result.body == {
        "type": "HTTP",
        "httpMethod": "POST",
        "uri": "https://example.com",
        "connectionType": "INTERNET",
        "passthroughBehavior": "WHEN_NO_MATCH",
        "timeoutInMillis": 29000,
        "cacheNamespace": root,
        "cacheKeyParameters": [],
    }
    embedded = body(backend, "GetResources", restApiId=api_id, embed=["methods"])["items"][0]
    assert embedded["resourceMethods"]["GET"]["methodIntegration"] == result.body


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {"type": "SOAP"},
            "Invalid integration type specified: SOAP. "
            "Must be one of: [HTTP, MOCK, AWS_PROXY, HTTP_PROXY, AWS]",
        ),
        (
            {"type": "HTTP", "uri": "https://x"},
            "Enumeration value for HttpMethod must be non-empty",
        ),
        (
            {"type": "AWS_PROXY", "integrationHttpMethod": "POST"},
            "Invalid ARN specified in the request",
        ),
    ],
)
def test_put_integration_rejects(backend: Backend, params: dict[str, Any], message: str) -> None:
    api_id = make_api(backend, integration=False)
    root = body(backend, "GetRestApi", restApiId=api_id)["rootResourceId"]
    with bad_request(backend, api_id, message):
        call(
            backend, "PutIntegration", restApiId=api_id, resourceId=root, httpMethod="GET", **params
        )
