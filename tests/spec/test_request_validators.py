"""deployment-surface §3.11 Request validators."""

from __future__ import annotations

from typing import Any

import pytest

from .helpers import (
    INVALID_REST_API,
    VALIDATOR_NAME_BLANK,
    VALIDATOR_NOT_FOUND,
    VALIDATOR_PATHS,
    api_not_found,
    body,
    new_api,
    op,
    patch_op_unsupported,
    patch_path_not_listed,
    raises_api_error,
    status_of,
)


def create(client: Any, api: str, name: str = "my-validator", **kwargs: Any) -> dict[str, Any]:
    return body(client.create_request_validator(restApiId=api, name=name, **kwargs))


def test_create_answers_201_with_false_defaults(client: Any) -> None:
    api, _ = new_api(client)
    response = client.create_request_validator(restApiId=api, name="my-validator")
    assert status_of(response) == 201
    assert body(response) == {
        "id": response["id"],
        "name": "my-validator",
        "validateRequestBody": False,
        "validateRequestParameters": False,
    }
    both = create(client, api, "both", validateRequestBody=True, validateRequestParameters=True)
    assert (both["validateRequestBody"], both["validateRequestParameters"]) == (True, True)


def test_list_get_and_delete(client: Any) -> None:
    api, _ = new_api(client)
    created = create(client, api)
    listed = client.get_request_validators(restApiId=api)
    assert status_of(listed) == 200
    assert body(listed) == {"items": [created]}
    assert body(client.get_request_validator(restApiId=api, requestValidatorId=created["id"])) == (
        created
    )
    response = client.delete_request_validator(restApiId=api, requestValidatorId=created["id"])
    assert status_of(response) == 202
    assert body(client.get_request_validators(restApiId=api)) == {"items": []}
    with raises_api_error(client, "NotFoundException", 404, VALIDATOR_NOT_FOUND):
        client.get_request_validator(restApiId=api, requestValidatorId=created["id"])


@pytest.mark.parametrize("method", ["get_request_validator", "delete_request_validator"])
def test_unknown_validator_or_api(client: Any, method: str) -> None:
    api, _ = new_api(client)
    for rest_api_id in (api, "api_id"):
        with raises_api_error(client, "NotFoundException", 404, VALIDATOR_NOT_FOUND):
            getattr(client, method)(restApiId=rest_api_id, requestValidatorId="nope00")


def test_create_on_an_unknown_api_is_a_bad_request(client: Any) -> None:
    with raises_api_error(client, "BadRequestException", 400, INVALID_REST_API):
        client.create_request_validator(restApiId="api_id", name="v")


def test_list_on_an_unknown_api(client: Any) -> None:
    with raises_api_error(client, "NotFoundException", 404, api_not_found("api_id")):
        client.get_request_validators(restApiId="api_id")


def test_update_values(client: Any) -> None:
    api, _ = new_api(client)
    ident = create(client, api)["id"]
    response = client.update_request_validator(
        restApiId=api,
        requestValidatorId=ident,
        patchOperations=[op("replace", "/validateRequestBody", "true")],
    )
    assert status_of(response) == 200
    assert response["validateRequestBody"] is True
    response = client.update_request_validator(
        restApiId=api,
        requestValidatorId=ident,
        patchOperations=[op("replace", "/validateRequestBody")],
    )
    assert response["validateRequestBody"] is False
    response = client.update_request_validator(
        restApiId=api,
        requestValidatorId=ident,
        patchOperations=[
            op("replace", "/name", "renamed"),
            op("replace", "/validateRequestParameters", "true"),
        ],
    )
    assert body(response) == {
        "id": ident,
        "name": "renamed",
        "validateRequestBody": False,
        "validateRequestParameters": True,
    }


def test_update_errors(client: Any) -> None:
    api, _ = new_api(client)
    ident = create(client, api)["id"]
    before = client.get_request_validator(restApiId=api, requestValidatorId=ident)
    for name in ("add", "remove"):
        with raises_api_error(
            client, "BadRequestException", 400, patch_op_unsupported("/validateRequestBody", name)
        ):
            client.update_request_validator(
                restApiId=api,
                requestValidatorId=ident,
                patchOperations=[op(name, "/validateRequestBody", "true")],
            )
    listed = patch_path_not_listed("/invalidPath", "replace", VALIDATOR_PATHS)
    with raises_api_error(client, "BadRequestException", 400, listed):
        client.update_request_validator(
            restApiId=api,
            requestValidatorId=ident,
            patchOperations=[op("replace", "/invalidPath", "x")],
        )
    with raises_api_error(client, "BadRequestException", 400, VALIDATOR_NAME_BLANK):
        client.update_request_validator(
            restApiId=api,
            requestValidatorId=ident,
            patchOperations=[
                op("replace", "/validateRequestBody", "true"),
                op("replace", "/name", ""),
            ],
        )
    after = client.get_request_validator(restApiId=api, requestValidatorId=ident)
    assert body(after) == body(before)


def test_a_validator_in_use_cannot_be_deleted(client: Any) -> None:
    api, root = new_api(client)
    ident = create(client, api)["id"]
    client.put_method(
        restApiId=api,
        resourceId=root,
        httpMethod="GET",
        authorizationType="NONE",
        requestValidatorId=ident,
    )
    with raises_api_error(client, "ConflictException", 409):
        client.delete_request_validator(restApiId=api, requestValidatorId=ident)
    client.delete_method(restApiId=api, resourceId=root, httpMethod="GET")
    assert status_of(client.delete_request_validator(restApiId=api, requestValidatorId=ident)) == (
        202
    )
