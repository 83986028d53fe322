"""deployment-surface §3.12 Authorizers."""

from __future__ import annotations

from typing import Any

import pytest

from .helpers import (
    AUTHORIZER_NOT_FOUND,
    CONCURRENT_MODIFICATION,
    api_not_found,
    authorizer_in_use,
    body,
    new_api,
    op,
    raises_api_error,
    status_of,
)

URI = (
    "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
    "arn:aws:lambda:us-east-1:123456789012:function:auth/invocations"
)


def create(client: Any, api: str, **kwargs: Any) -> dict[str, Any]:
    params = {
        "name": "my-authorizer",
        "type": "TOKEN",
        "authorizerUri": URI,
        "identitySource": "method.request.header.Authorization",
        **kwargs,
    }
    return body(client.create_authorizer(restApiId=api, **params))


def test_create_answers_201_with_a_300_second_ttl_by_default(client: Any) -> None:
    api, _ = new_api(client)
    response = client.create_authorizer(
        restApiId=api,
        name="my-authorizer",
        type="TOKEN",
        authorizerUri=URI,
        identitySource="method.request.header.Authorization",
    )
    assert status_of(response) == 201
    assert body(response) == {
        "id": response["id"],
        "name": "my-authorizer",
        "type": "TOKEN",
        "authorizerUri": URI,
        "identitySource": "method.request.header.Authorization",
        "authorizerResultTtlInSeconds": 300,
    }
    cognito = create(
        client,
        api,
        name="pool",
        type="COGNITO_USER_POOLS",
        providerARNs=["arn:aws:cognito-idp:us-east-1:123456789012:userpool/p"],
        authorizerResultTtlInSeconds=0,
    )
    assert cognito["providerARNs"] == ["arn:aws:cognito-idp:us-east-1:123456789012:userpool/p"]
    assert cognito["authorizerResultTtlInSeconds"] == 0


def test_list_get_and_delete(client: Any) -> None:
    api, _ = new_api(client)
    created = create(client, api)
    assert body(client.get_authorizers(restApiId=api)) == {"items": [created]}
    assert body(client.get_authorizer(restApiId=api, authorizerId=created["id"])) == created
    response = client.delete_authorizer(restApiId=api, authorizerId=created["id"])
    assert status_of(response) == 202
    assert body(client.get_authorizers(restApiId=api)) == {"items": []}


def test_create_on_an_unknown_api_is_a_conflict(client: Any) -> None:
    with raises_api_error(client, "ConflictException", 409, CONCURRENT_MODIFICATION):
        create(client, "test-fake-rest-id")


def test_list_on_an_unknown_api(client: Any) -> None:
    with raises_api_error(client, "NotFoundException", 404, api_not_found("test-fake-rest-id")):
        client.get_authorizers(restApiId="test-fake-rest-id")


@pytest.mark.parametrize("method", ["get_authorizer", "delete_authorizer"])
def test_unknown_authorizer(client: Any, method: str) -> None:
    api, _ = new_api(client)
    with raises_api_error(client, "NotFoundException", 404, AUTHORIZER_NOT_FOUND):
        getattr(client, method)(restApiId=api, authorizerId="nope00")


def test_an_authorizer_in_use_cannot_be_deleted(client: Any) -> None:
    api, root = new_api(client)
    ident = create(client, api)["id"]
    pets = client.create_resource(restApiId=api, parentId=root, pathPart="pets")["id"]
    client.put_method(
        restApiId=api,
        resourceId=pets,
        httpMethod="POST",
        authorizationType="CUSTOM",
        authorizerId=ident,
    )
    with raises_api_error(client, "ConflictException", 409, authorizer_in_use("/pets/POST")):
        client.delete_authorizer(restApiId=api, authorizerId=ident)
    client.update_method(
        restApiId=api,
        resourceId=pets,
        httpMethod="POST",
        patchOperations=[op("replace", "/authorizationType", "NONE")],
    )
    assert status_of(client.delete_authorizer(restApiId=api, authorizerId=ident)) == 202


def test_update_authorizer(client: Any) -> None:
    api, _ = new_api(client)
    ident = create(client, api)["id"]
    response = client.update_authorizer(
        restApiId=api,
        authorizerId=ident,
        patchOperations=[
            op("replace", "/name", "renamed"),
            op("replace", "/authorizerResultTtlInSeconds", "60"),
        ],
    )
    assert status_of(response) == 200
    assert (response["name"], response["authorizerResultTtlInSeconds"]) == ("renamed", 60)
    assert body(client.get_authorizer(restApiId=api, authorizerId=ident)) == body(response)
    with raises_api_error(client, "BadRequestException", 400):
        client.update_authorizer(
            restApiId=api, authorizerId=ident, patchOperations=[op("replace", "/nope", "x")]
        )
