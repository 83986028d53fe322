"""deployment-surface §3.10 Models."""

from __future__ import annotations

from typing import Any

import pytest

from .helpers import (
    EMPTY_MODEL_DESCRIPTION,
    EMPTY_MODEL_SCHEMA,
    ERROR_MODEL_DESCRIPTION,
    ERROR_MODEL_SCHEMA,
    MODEL_EXISTS,
    MODEL_NAME_EMPTY,
    MODEL_SCHEMA_EMPTY,
    SHORT_ID,
    api_not_found,
    body,
    model_in_use,
    model_not_found,
    new_api,
    op,
    patch_op_unsupported,
    patch_path_not_listed,
    raises_api_error,
    status_of,
)

SCHEMA = '{"type": "object", "properties": {"name": {"type": "string"}}}'


def create_model(client: Any, api: str, name: str = "MySchema", **kwargs: Any) -> dict[str, Any]:
    params = {"contentType": "application/json", "schema": SCHEMA, **kwargs}
    return body(client.create_model(restApiId=api, name=name, **params))


def test_every_new_api_has_the_empty_and_error_models(client: Any) -> None:
    api, _ = new_api(client)
    response = client.get_models(restApiId=api)
    assert status_of(response) == 200
    items = {item["name"]: item for item in response["items"]}
    assert set(items) == {"Empty", "Error"}
    assert items["Empty"] == {
        "id": items["Empty"]["id"],
        "name": "Empty",
        "description": EMPTY_MODEL_DESCRIPTION,
        "schema": EMPTY_MODEL_SCHEMA,
        "contentType": "application/json",
    }
    assert items["Error"] == {
        "id": items["Error"]["id"],
        "name": "Error",
        "description": ERROR_MODEL_DESCRIPTION,
        "schema": ERROR_MODEL_SCHEMA,
        "contentType": "application/json",
    }
    assert SHORT_ID.match(items["Empty"]["id"])
    # The REST API's own shape is unchanged: models are not part of it.
    assert "models" not in client.get_rest_api(restApiId=api)


def test_create_model_answers_201(client: Any) -> None:
    api, _ = new_api(client)
    response = client.create_model(
        restApiId=api, name="MySchema", contentType="application/json", schema=SCHEMA
    )
    assert status_of(response) == 201
    assert body(response) == {
        "contentType": "application/json",
        "id": response["id"],
        "name": "MySchema",
        "schema": SCHEMA,
    }
    described = create_model(client, api, "Described", description="d")
    assert described["description"] == "d"
    undescribed = create_model(client, api, "Undescribed", description="")
    assert "description" not in undescribed  # P: an empty description is dropped
    assert client.get_model(restApiId=api, modelName="MySchema")["schema"] == SCHEMA


def test_unknown_api(client: Any) -> None:
    with raises_api_error(client, "NotFoundException", 404, api_not_found("abcde0")):
        create_model(client, "abcde0")
    with raises_api_error(client, "NotFoundException", 404, api_not_found("abcde0")):
        client.get_models(restApiId="abcde0")


@pytest.mark.parametrize("method", ["get_model", "delete_model"])
def test_unknown_model_or_api(client: Any, method: str) -> None:
    api, _ = new_api(client)
    for rest_api_id in (api, "abcde0"):
        with raises_api_error(client, "NotFoundException", 404, model_not_found("MySchema")):
            getattr(client, method)(restApiId=rest_api_id, modelName="MySchema")


def test_duplicate_name(client: Any) -> None:
    api, _ = new_api(client)
    create_model(client, api)
    with raises_api_error(client, "ConflictException", 409, MODEL_EXISTS):
        create_model(client, api)
    with raises_api_error(client, "ConflictException", 409, MODEL_EXISTS):
        create_model(client, api, "Empty")


def test_empty_name(client: Any) -> None:
    api, _ = new_api(client)
    with raises_api_error(client, "BadRequestException", 400, MODEL_NAME_EMPTY):
        create_model(client, api, "")


@pytest.mark.parametrize("content_type", ["application/json", "application/xml"])
@pytest.mark.parametrize("schema", ["", None])
def test_empty_or_missing_schema(client: Any, content_type: str, schema: str | None) -> None:
    api, _ = new_api(client)
    params: dict[str, Any] = {"restApiId": api, "name": "MySchema", "contentType": content_type}
    if schema is not None:
        params["schema"] = schema
    with raises_api_error(client, "BadRequestException", 400, MODEL_SCHEMA_EMPTY):
        client.create_model(**params)
    assert len(client.get_models(restApiId=api)["items"]) == 2


def test_delete_model(client: Any) -> None:
    api, _ = new_api(client)
    create_model(client, api)
    response = client.delete_model(restApiId=api, modelName="MySchema")
    assert status_of(response) == 202
    assert body(response) == {}
    assert [item["name"] for item in client.get_models(restApiId=api)["items"]] == [
        "Empty",
        "Error",
    ]
    with raises_api_error(client, "NotFoundException", 404, model_not_found("MySchema")):
        client.get_model(restApiId=api, modelName="MySchema")


def test_a_model_in_use_cannot_be_deleted(client: Any) -> None:
    api, root = new_api(client)
    create_model(client, api)
    child = client.create_resource(restApiId=api, parentId=root, pathPart="test")["id"]
    for resource in (root, child):
        client.put_method(
            restApiId=api,
            resourceId=resource,
            httpMethod="ANY",
            authorizationType="NONE",
            requestModels={"application/json": "MySchema"},
        )
    with raises_api_error(client, "ConflictException", 409, model_in_use("MySchema", "//ANY")):
        client.delete_model(restApiId=api, modelName="MySchema")
    client.delete_method(restApiId=api, resourceId=root, httpMethod="ANY")
    with raises_api_error(client, "ConflictException", 409, model_in_use("MySchema", "/test/ANY")):
        client.delete_model(restApiId=api, modelName="MySchema")
    client.delete_method(restApiId=api, resourceId=child, httpMethod="ANY")
    assert status_of(client.delete_model(restApiId=api, modelName="MySchema")) == 202


def test_update_model(client: Any) -> None:
    api, _ = new_api(client)
    create_model(client, api, "mySchema")
    response = client.update_model(
        restApiId=api,
        modelName="mySchema",
        patchOperations=[op("replace", "/schema", "{}"), op("replace", "/description", "new")],
    )
    assert status_of(response) == 200
    assert body(response) == {
        "contentType": "application/json",
        "id": response["id"],
        "name": "mySchema",
        "schema": "{}",
        "description": "new",
    }
    assert body(client.get_model(restApiId=api, modelName="mySchema")) == body(response)


def test_update_model_paths_and_ops(client: Any) -> None:
    api, _ = new_api(client)
    create_model(client, api, "mySchema")
    listed = patch_path_not_listed("/name", "replace", "[/description, /schema]")
    with raises_api_error(client, "BadRequestException", 400, listed):
        client.update_model(
            restApiId=api, modelName="mySchema", patchOperations=[op("replace", "/name", "x")]
        )
    unsupported = patch_op_unsupported("/wrong-path", "add")
    with raises_api_error(client, "BadRequestException", 400, unsupported):
        client.update_model(
            restApiId=api, modelName="mySchema", patchOperations=[op("add", "/wrong-path", "x")]
        )
    with raises_api_error(client, "NotFoundException", 404, model_not_found("nope")):
        client.update_model(
            restApiId=api, modelName="nope", patchOperations=[op("replace", "/schema", "{}")]
        )
    # All or nothing: a valid op before a failing one is not applied.
    with raises_api_error(client, "BadRequestException", 400, listed):
        client.update_model(
            restApiId=api,
            modelName="mySchema",
            patchOperations=[op("replace", "/description", "kept?"), op("replace", "/name", "x")],
        )
    assert "description" not in client.get_model(restApiId=api, modelName="mySchema")


def test_get_models_pages(client: Any) -> None:
    api, _ = new_api(client)
    for index in range(3):
        create_model(client, api, f"M{index}")
    first = client.get_models(restApiId=api, limit=2)
    assert [item["name"] for item in first["items"]] == ["Empty", "Error"]
    rest = client.get_models(restApiId=api, limit=5, position=first["position"])
    assert [item["name"] for item in rest["items"]] == ["M0", "M1", "M2"]
    assert "position" not in rest
