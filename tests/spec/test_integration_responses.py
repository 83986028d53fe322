"""deployment-surface §3.2 Integration responses."""

from __future__ import annotations

from typing import Any

import pytest

from .helpers import (
    INTEGRATION_NOT_FOUND,
    INVALID_CONTENT_TYPE_123,
    METHOD_NOT_FOUND,
    RESOURCE_NOT_FOUND,
    STATUS_CODE_NOT_FOUND,
    body,
    new_api,
    op,
    raises_api_error,
    status_of,
)

TEMPLATE = '{"message": "ok"}'


@pytest.fixture
def method(client: Any) -> dict[str, str]:
    """GET on a fresh API's root with a MOCK integration."""
    api, root = new_api(client)
    client.put_method(restApiId=api, resourceId=root, httpMethod="GET", authorizationType="NONE")
    ids = {"restApiId": api, "resourceId": root, "httpMethod": "GET"}
    client.put_integration(**ids, type="MOCK")
    return ids


def put(client: Any, method: dict[str, str], **kwargs: Any) -> dict[str, Any]:
    response = client.put_integration_response(**method, **kwargs)
    assert status_of(response) == 201
    return body(response)


def test_put_with_templates_and_an_empty_selection_pattern(
    client: Any, method: dict[str, str]
) -> None:
    answer = put(
        client,
        method,
        statusCode="200",
        selectionPattern="",
        responseTemplates={"application/json": TEMPLATE},
    )
    assert answer == {
        "responseTemplates": {"application/json": TEMPLATE},
        "selectionPattern": "",
        "statusCode": "200",
    }
    assert body(client.get_integration_response(**method, statusCode="200")) == answer


def test_put_with_the_status_code_only(client: Any, method: dict[str, str]) -> None:
    # No method response exists for the code: not needed (R).
    assert put(client, method, statusCode="200") == {"statusCode": "200"}


def test_empty_templates_and_empty_template_values(client: Any, method: dict[str, str]) -> None:
    assert put(client, method, statusCode="200", responseTemplates={})["responseTemplates"] == {}
    answer = put(client, method, statusCode="200", responseTemplates={"application/json": ""})
    assert answer["responseTemplates"] == {"application/json": None}


def test_content_handling(client: Any, method: dict[str, str]) -> None:
    answer = put(client, method, statusCode="200", contentHandling="CONVERT_TO_BINARY")
    assert answer["contentHandling"] == "CONVERT_TO_BINARY"


def test_a_second_put_replaces_it(client: Any, method: dict[str, str]) -> None:
    put(client, method, statusCode="200", selectionPattern="", responseTemplates={"a/b": "x"})
    assert put(client, method, statusCode="200", selectionPattern="2\\d{2}") == {
        "statusCode": "200",
        "selectionPattern": "2\\d{2}",
    }


def test_update(client: Any, method: dict[str, str]) -> None:
    put(client, method, statusCode="200", selectionPattern="", responseTemplates={"a/b": "x"})
    response = client.update_integration_response(
        **method, statusCode="200", patchOperations=[op("replace", "/selectionPattern", "updated")]
    )
    assert status_of(response) == 200
    assert body(response) == {
        "statusCode": "200",
        "selectionPattern": "updated",
        "responseTemplates": {"a/b": "x"},
    }
    templated = client.update_integration_response(
        **method, statusCode="200", patchOperations=[op("replace", "/responseTemplates/a~1b", "y")]
    )
    assert templated["responseTemplates"] == {"a/b": "y"}


def test_template_keys_must_be_content_types(client: Any, method: dict[str, str]) -> None:
    with raises_api_error(client, "BadRequestException", 400, INVALID_CONTENT_TYPE_123):
        client.put_integration_response(**method, statusCode="200", responseTemplates={"123": "x"})


def test_lookups(client: Any, method: dict[str, str]) -> None:
    for call in (client.put_integration_response, client.get_integration_response):
        with raises_api_error(client, "NotFoundException", 404, RESOURCE_NOT_FOUND):
            call(**{**method, "restApiId": "nope123456"}, statusCode="200")
        with raises_api_error(client, "NotFoundException", 404, RESOURCE_NOT_FOUND):
            call(**{**method, "resourceId": "nope00"}, statusCode="200")
        with raises_api_error(client, "NotFoundException", 404, METHOD_NOT_FOUND):
            call(**{**method, "httpMethod": "POST"}, statusCode="200")
    with raises_api_error(client, "NotFoundException", 404, STATUS_CODE_NOT_FOUND):
        client.get_integration_response(**method, statusCode="200")
    client.delete_integration(**method)
    for call in (client.put_integration_response, client.get_integration_response):
        with raises_api_error(client, "NotFoundException", 404, INTEGRATION_NOT_FOUND):
            call(**method, statusCode="200")


def test_delete(client: Any, method: dict[str, str]) -> None:
    put(client, method, statusCode="200")
    response = client.delete_integration_response(**method, statusCode="200")
    assert status_of(response) == 204
    assert body(response) == {}
    with raises_api_error(client, "NotFoundException", 404, STATUS_CODE_NOT_FOUND):
        client.delete_integration_response(**method, statusCode="200")


def test_delete_lookups(client: Any, method: dict[str, str]) -> None:
    put(client, method, statusCode="200")
    for params, message in (
        ({"restApiId": "nope123456"}, RESOURCE_NOT_FOUND),
        ({"resourceId": "nope00"}, RESOURCE_NOT_FOUND),
        ({"httpMethod": "POST"}, INTEGRATION_NOT_FOUND),
        ({"httpMethod": "WRONG"}, INTEGRATION_NOT_FOUND),
    ):
        with raises_api_error(client, "NotFoundException", 404, message):
            client.delete_integration_response(**{**method, **params}, statusCode="200")


def test_get_method_and_get_integration_list_them(client: Any, method: dict[str, str]) -> None:
    put(client, method, statusCode="200", selectionPattern="")
    expected = {"200": {"statusCode": "200", "selectionPattern": ""}}
    assert client.get_method(**method)["methodIntegration"]["integrationResponses"] == expected
    assert client.get_integration(**method)["integrationResponses"] == expected
    client.delete_integration_response(**method, statusCode="200")
    assert "integrationResponses" not in client.get_method(**method)["methodIntegration"]
    assert "integrationResponses" not in client.get_integration(**method)
