"""deployment-surface §2.4 PutMethod, §3.3 GetMethod, UpdateMethod, DeleteMethod."""

from __future__ import annotations

from typing import Any

import pytest

from .helpers import (
    INVALID_HTTP_METHOD,
    METHOD_NOT_FOUND,
    NEEDS_AUTHORIZER,
    REPLACE_ONLY,
    RESOURCE_NOT_FOUND,
    UNIQUE_PARAMETERS,
    VALIDATOR_NOT_FOUND,
    body,
    invalid_patch_path,
    new_api,
    op,
    raises_api_error,
    status_of,
    unknown_model_reference,
)


def put(client: Any, api: str, resource: str, **kwargs: Any) -> dict[str, Any]:
    params = {"httpMethod": "ANY", "authorizationType": "NONE", **kwargs}
    return body(client.put_method(restApiId=api, resourceId=resource, **params))


def authorizer(client: Any, api: str) -> str:
    return str(client.create_authorizer(restApiId=api, name="auth", type="TOKEN")["id"])


def update(client: Any, api: str, resource: str, *ops: dict[str, str]) -> dict[str, Any]:
    response = client.update_method(
        restApiId=api, resourceId=resource, httpMethod="ANY", patchOperations=list(ops)
    )
    assert status_of(response) == 200
    return body(response)


# --- §2.4 PutMethod ------------------------------------------------------------------------


def test_put_method_answers_201_with_only_the_set_keys(client: Any) -> None:
    api, root = new_api(client)
    response = client.put_method(
        restApiId=api, resourceId=root, httpMethod="GET", authorizationType="NONE"
    )
    assert status_of(response) == 201
    assert body(response) == {
        "apiKeyRequired": False,
        "authorizationType": "NONE",
        "httpMethod": "GET",
    }
    validator = client.create_request_validator(restApiId=api, name="v")["id"]
    full = put(
        client,
        api,
        root,
        authorizationType="CUSTOM",
        authorizerId=authorizer(client, api),
        apiKeyRequired=True,
        operationName="op",
        requestValidatorId=validator,
        requestParameters={"method.request.querystring.q": True, "method.request.path.p": False},
        requestModels={"application/json": "Empty"},
    )
    assert set(full) == {
        "apiKeyRequired",
        "authorizationType",
        "authorizerId",
        "httpMethod",
        "operationName",
        "requestValidatorId",
        "requestParameters",
        "requestModels",
    }
    assert full["requestParameters"] == {
        "method.request.querystring.q": True,
        "method.request.path.p": False,
    }


def test_unknown_api_answers_as_an_unknown_resource(client: Any) -> None:
    with raises_api_error(client, "NotFoundException", 404, RESOURCE_NOT_FOUND):
        client.put_method(
            restApiId="nope123456", resourceId="r", httpMethod="WRONG", authorizationType="NONE"
        )


def test_unknown_resource_comes_before_the_http_method(client: Any) -> None:
    api, _ = new_api(client)
    with raises_api_error(client, "NotFoundException", 404, RESOURCE_NOT_FOUND):
        client.put_method(
            restApiId=api, resourceId="nope00", httpMethod="WRONG", authorizationType="NONE"
        )


def test_failing_puts_create_nothing(client: Any) -> None:
    """Each recorded failure on a resource without ANY; none may make ANY exist (R: the
    mock's ConflictException must not fire on the next one)."""
    api, root = new_api(client)
    with raises_api_error(client, "BadRequestException", 400, INVALID_HTTP_METHOD):
        put(client, api, root, httpMethod="WRONG")
    with raises_api_error(client, "BadRequestException", 400, NEEDS_AUTHORIZER):
        put(client, api, root, authorizationType="CUSTOM")
    with raises_api_error(client, "BadRequestException", 400, VALIDATOR_NOT_FOUND):
        put(client, api, root, requestValidatorId="nope00")
    with raises_api_error(client, "BadRequestException", 400, unknown_model_reference("petModel")):
        put(client, api, root, requestModels={"application/json": "petModel"})
    with raises_api_error(client, "BadRequestException", 400, UNIQUE_PARAMETERS):
        put(
            client,
            api,
            root,
            requestParameters={
                "method.request.querystring.optional": False,
                "method.request.header.optional": False,
            },
        )
    assert "resourceMethods" not in client.get_resource(restApiId=api, resourceId=root)
    assert put(client, api, root)["httpMethod"] == "ANY"


def test_custom_with_an_unknown_authorizer(client: Any) -> None:
    api, root = new_api(client)
    with raises_api_error(client, "BadRequestException", 400, NEEDS_AUTHORIZER):
        put(client, api, root, authorizationType="COGNITO_USER_POOLS", authorizerId="abc123")


def test_authorization_type_is_case_insensitive_and_kept_as_sent(client: Any) -> None:
    api, root = new_api(client)
    assert put(client, api, root, authorizationType="none")["authorizationType"] == "none"
    ident = authorizer(client, api)
    custom = put(
        client, api, root, httpMethod="GET", authorizationType="custom", authorizerId=ident
    )
    assert (custom["authorizationType"], custom["authorizerId"]) == ("custom", ident)


def test_authorizer_id_is_not_shown_without_custom_authorization(client: Any) -> None:
    api, root = new_api(client)
    assert "authorizerId" not in put(client, api, root, authorizerId="abc123")


def test_put_of_an_existing_method_conflicts(client: Any) -> None:
    api, root = new_api(client)
    put(client, api, root)
    with raises_api_error(client, "ConflictException", 409):
        put(client, api, root)


# --- §3.3 GetMethod, DeleteMethod ------------------------------------------------------------


def test_get_method_shows_its_integration_and_responses(client: Any) -> None:
    api, root = new_api(client)
    put(client, api, root)
    method = {"restApiId": api, "resourceId": root, "httpMethod": "ANY"}
    bare = client.get_method(**method)
    assert status_of(bare) == 200
    assert body(bare) == {"apiKeyRequired": False, "authorizationType": "NONE", "httpMethod": "ANY"}
    client.put_method_response(**method, statusCode="200")
    client.put_integration(**method, type="MOCK")
    client.put_integration_response(**method, statusCode="200", selectionPattern="")
    full = body(client.get_method(**method))
    assert full["methodResponses"] == {"200": {"statusCode": "200"}}
    assert full["methodIntegration"]["integrationResponses"] == {
        "200": {"statusCode": "200", "selectionPattern": ""}
    }
    assert full["methodIntegration"] == body(client.get_integration(**method))


def test_delete_method_answers_204_and_cascades(client: Any) -> None:
    api, root = new_api(client)
    put(client, api, root)
    method = {"restApiId": api, "resourceId": root, "httpMethod": "ANY"}
    client.put_method_response(**method, statusCode="200")
    client.put_integration(**method, type="MOCK")
    response = client.delete_method(**method)
    assert status_of(response) == 204
    assert body(response) == {}
    for call in (client.get_method, client.delete_method, client.get_integration):
        with raises_api_error(client, "NotFoundException", 404, METHOD_NOT_FOUND):
            call(**method)
    assert set(put(client, api, root)) == {"apiKeyRequired", "authorizationType", "httpMethod"}


# --- §3.3 UpdateMethod -----------------------------------------------------------------------


def test_update_method_lookups(client: Any) -> None:
    api, root = new_api(client)
    for rest_api_id, resource, message in (
        ("nope123456", root, RESOURCE_NOT_FOUND),
        (api, "nope00", RESOURCE_NOT_FOUND),
    ):
        with raises_api_error(client, "NotFoundException", 404, message):
            client.update_method(
                restApiId=rest_api_id, resourceId=resource, httpMethod="ANY", patchOperations=[]
            )
    with raises_api_error(client, "NotFoundException", 404, METHOD_NOT_FOUND):
        client.update_method(restApiId=api, resourceId=root, httpMethod="ANY", patchOperations=[])


def test_add_and_remove_map_entries(client: Any) -> None:
    api, root = new_api(client)
    put(client, api, root)
    added = update(
        client,
        api,
        root,
        op("add", "/requestParameters/method.request.querystring.q", "true"),
        op("add", "/requestParameters/method.request.header.h", "false"),
        op("add", "/requestModels/application~1json", "Empty"),
    )
    assert added["requestParameters"] == {
        "method.request.querystring.q": True,
        "method.request.header.h": False,
    }
    assert added["requestModels"] == {"application/json": "Empty"}
    removed = update(
        client,
        api,
        root,
        op("remove", "/requestParameters/method.request.querystring.q"),
        op("remove", "/requestParameters/method.request.header.h"),
        op("remove", "/requestModels/application~1json"),
    )
    assert "requestParameters" not in removed
    assert "requestModels" not in removed


def test_replace_paths(client: Any) -> None:
    api, root = new_api(client)
    put(client, api, root, requestParameters={"method.request.path.p": False})
    ident = authorizer(client, api)
    replaced = update(
        client,
        api,
        root,
        op("replace", "/operationName", "listPets"),
        op("replace", "/apiKeyRequired", "true"),
        op("replace", "/requestParameters/method.request.path.p", "true"),
        op("replace", "/authorizerId", ident),
        op("replace", "/authorizationType", "CUSTOM"),
    )
    assert replaced == {
        "httpMethod": "ANY",
        "authorizationType": "CUSTOM",
        "authorizerId": ident,
        "apiKeyRequired": True,
        "operationName": "listPets",
        "requestParameters": {"method.request.path.p": True},
    }
    assert (
        update(client, api, root, op("replace", "/apiKeyRequired", "whatever"))["apiKeyRequired"]
        is False
    )


@pytest.mark.parametrize("path", ["/operationName", "/requestValidatorId"])
def test_add_on_a_scalar_path(client: Any, path: str) -> None:
    api, root = new_api(client)
    put(client, api, root)
    with raises_api_error(client, "BadRequestException", 400, REPLACE_ONLY):
        update(client, api, root, op("add", path, "x"))


@pytest.mark.parametrize(
    "path", ["/httpMethod", "/requestParameters", "/requestModels/application/json"]
)
def test_unknown_paths(client: Any, path: str) -> None:
    api, root = new_api(client)
    put(client, api, root)
    with raises_api_error(client, "BadRequestException", 400, invalid_patch_path(path)):
        update(client, api, root, op("replace", path, "x"))


def test_custom_needs_a_valid_authorizer(client: Any) -> None:
    api, root = new_api(client)
    put(client, api, root)
    with raises_api_error(client, "BadRequestException", 400, NEEDS_AUTHORIZER):
        update(client, api, root, op("replace", "/authorizationType", "CUSTOM"))
    with raises_api_error(client, "BadRequestException", 400, NEEDS_AUTHORIZER):
        update(
            client,
            api,
            root,
            op("replace", "/authorizationType", "CUSTOM"),
            op("replace", "/authorizerId", "abc123"),
        )
    assert (
        client.get_method(restApiId=api, resourceId=root, httpMethod="ANY")["authorizationType"]
        == "NONE"
    )


def test_authorizer_id_without_custom_is_accepted_and_not_shown(client: Any) -> None:
    api, root = new_api(client)
    put(client, api, root)
    assert "authorizerId" not in update(client, api, root, op("replace", "/authorizerId", "x1"))


def test_unknown_request_validator(client: Any) -> None:
    api, root = new_api(client)
    put(client, api, root)
    with raises_api_error(client, "BadRequestException", 400, VALIDATOR_NOT_FOUND):
        update(client, api, root, op("replace", "/requestValidatorId", "nope00"))
    validator = client.create_request_validator(restApiId=api, name="v")["id"]
    assert (
        update(client, api, root, op("replace", "/requestValidatorId", validator))[
            "requestValidatorId"
        ]
        == validator
    )


def test_request_model_must_exist(client: Any) -> None:
    api, root = new_api(client)
    put(client, api, root)
    with raises_api_error(client, "BadRequestException", 400, unknown_model_reference("Nope")):
        update(client, api, root, op("add", "/requestModels/application~1json", "Nope"))
