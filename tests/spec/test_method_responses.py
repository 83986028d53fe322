"""deployment-surface §3.1 Method responses."""

from __future__ import annotations

from typing import Any

import pytest

from .helpers import (
    CONTENT_TYPE_NOT_FOUND,
    METHOD_NOT_FOUND,
    PARAMETER_NOT_FOUND,
    RESOURCE_NOT_FOUND,
    STATUS_CODE_NOT_FOUND,
    body,
    invalid_patch_path,
    new_api,
    op,
    raises_api_error,
    status_of,
    unknown_model_reference,
)

HEADER = "method.response.header.my-header"
HEADER_PATH = f"/responseParameters/{HEADER}"
JSON_PATH = "/responseModels/application~1json"


@pytest.fixture
def method(client: Any) -> dict[str, str]:
    """GET on a fresh API's root: the ids every method-response call takes."""
    api, root = new_api(client)
    client.put_method(restApiId=api, resourceId=root, httpMethod="GET", authorizationType="NONE")
    return {"restApiId": api, "resourceId": root, "httpMethod": "GET"}


def update(client: Any, method: dict[str, str], *ops: dict[str, str]) -> dict[str, Any]:
    response = client.update_method_response(**method, statusCode="200", patchOperations=list(ops))
    assert status_of(response) == 201  # R: not 200
    return body(response)


def test_put_with_the_status_code_only(client: Any, method: dict[str, str]) -> None:
    response = client.put_method_response(**method, statusCode="200")
    assert status_of(response) == 201
    assert body(response) == {"statusCode": "200"}


def test_put_with_empty_maps_keeps_them(client: Any, method: dict[str, str]) -> None:
    response = client.put_method_response(
        **method, statusCode="200", responseParameters={}, responseModels={}
    )
    assert body(response) == {"statusCode": "200", "responseParameters": {}, "responseModels": {}}
    got = client.get_method_response(**method, statusCode="200")
    assert status_of(got) == 200
    assert body(got) == body(response)


def test_a_second_put_replaces_the_response(client: Any, method: dict[str, str]) -> None:
    client.put_method_response(
        **method, statusCode="200", responseParameters={HEADER: True}, responseModels={}
    )
    client.put_method_response(**method, statusCode="200", responseModels={"text/plain": "Empty"})
    assert body(client.get_method_response(**method, statusCode="200")) == {
        "statusCode": "200",
        "responseModels": {"text/plain": "Empty"},
    }


def test_update_adds_replaces_and_removes(client: Any, method: dict[str, str]) -> None:
    client.put_method_response(**method, statusCode="200")
    added = update(client, method, op("add", HEADER_PATH, "true"), op("add", JSON_PATH, "Empty"))
    assert added == {
        "statusCode": "200",
        "responseParameters": {HEADER: True},
        "responseModels": {"application/json": "Empty"},
    }
    replaced = update(client, method, op("replace", HEADER_PATH, "false"))
    assert replaced["responseParameters"] == {HEADER: False}
    removed = update(client, method, op("remove", HEADER_PATH), op("remove", JSON_PATH))
    assert removed == {"statusCode": "200"}
    assert body(client.get_method_response(**method, statusCode="200")) == removed


@pytest.mark.parametrize("name", ["replace", "remove"])
def test_missing_entries(client: Any, method: dict[str, str], name: str) -> None:
    client.put_method_response(**method, statusCode="200")
    with raises_api_error(client, "NotFoundException", 404, PARAMETER_NOT_FOUND):
        update(client, method, op(name, HEADER_PATH, "true"))
    with raises_api_error(client, "NotFoundException", 404, CONTENT_TYPE_NOT_FOUND):
        update(client, method, op(name, JSON_PATH, "Empty"))
    client.put_method_response(
        **method,
        statusCode="200",
        responseParameters={HEADER: True},
        responseModels={"text/plain": "Empty"},
    )
    with raises_api_error(client, "NotFoundException", 404, PARAMETER_NOT_FOUND):
        update(client, method, op(name, "/responseParameters/method.response.header.other", "true"))
    with raises_api_error(client, "NotFoundException", 404, CONTENT_TYPE_NOT_FOUND):
        update(client, method, op(name, JSON_PATH, "Empty"))


def test_wrong_path(client: Any, method: dict[str, str]) -> None:
    client.put_method_response(**method, statusCode="200")
    path = f"/wrong/{HEADER}"
    with raises_api_error(client, "BadRequestException", 400, invalid_patch_path(path)):
        update(client, method, op("add", path, "true"))


def test_update_lookups(client: Any, method: dict[str, str]) -> None:
    client.put_method_response(**method, statusCode="200")
    with raises_api_error(client, "NotFoundException", 404, STATUS_CODE_NOT_FOUND):
        client.update_method_response(**method, statusCode="400", patchOperations=[])
    with raises_api_error(client, "NotFoundException", 404, RESOURCE_NOT_FOUND):
        client.update_method_response(
            **{**method, "resourceId": "nope00"}, statusCode="200", patchOperations=[]
        )
    with raises_api_error(client, "NotFoundException", 404, METHOD_NOT_FOUND):
        client.update_method_response(
            **{**method, "httpMethod": "POST"}, statusCode="200", patchOperations=[]
        )


def test_delete_answers_204(client: Any, method: dict[str, str]) -> None:
    client.put_method_response(**method, statusCode="200")
    response = client.delete_method_response(**method, statusCode="200")
    assert status_of(response) == 204
    assert body(response) == {}
    for call in (client.get_method_response, client.delete_method_response):
        with raises_api_error(client, "NotFoundException", 404, STATUS_CODE_NOT_FOUND):
            call(**method, statusCode="200")


def test_get_method_lists_them(client: Any, method: dict[str, str]) -> None:
    assert "methodResponses" not in client.get_method(**method)
    client.put_method_response(**method, statusCode="200")
    client.put_method_response(**method, statusCode="400", responseModels={"a/b": "Error"})
    assert client.get_method(**method)["methodResponses"] == {
        "200": {"statusCode": "200"},
        "400": {"statusCode": "400", "responseModels": {"a/b": "Error"}},
    }
    client.delete_method_response(**method, statusCode="200")
    client.delete_method_response(**method, statusCode="400")
    assert "methodResponses" not in client.get_method(**method)


def test_response_models_must_exist(client: Any, method: dict[str, str]) -> None:
    with raises_api_error(client, "BadRequestException", 400, unknown_model_reference("Pet")):
        client.put_method_response(
            **method, statusCode="200", responseModels={"application/json": "Pet"}
        )
    client.put_method_response(**method, statusCode="200")
    with raises_api_error(client, "BadRequestException", 400, unknown_model_reference("Pet")):
        update(client, method, op("add", JSON_PATH, "Pet"))
