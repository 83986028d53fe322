"""deployment-surface §2.5 PutIntegration, §3.4 GetIntegration, UpdateIntegration,
DeleteIntegration."""

from __future__ import annotations

from typing import Any

import pytest

from .helpers import (
    ARN_PATH_OR_ACTION,
    AWS_PROXY_TARGETS,
    HTTP_METHOD_EMPTY,
    INTEGRATION_NOT_FOUND,
    INVALID_ARN,
    INVALID_HTTP_ENDPOINT,
    METHOD_NOT_FOUND,
    RESOURCE_NOT_FOUND,
    body,
    invalid_patch_path,
    new_api,
    op,
    raises_api_error,
    status_of,
)

LAMBDA_ARN = "arn:aws:lambda:us-east-1:123456789012:function:f"
LAMBDA_URI = (
    f"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{LAMBDA_ARN}/invocations"
)
ROLE = "arn:aws:iam::123456789012:role/apigw"


@pytest.fixture
def method(client: Any) -> dict[str, str]:
    api, root = new_api(client)
    client.put_method(restApiId=api, resourceId=root, httpMethod="GET", authorizationType="NONE")
    return {"restApiId": api, "resourceId": root, "httpMethod": "GET"}


def put(client: Any, method: dict[str, str], **kwargs: Any) -> dict[str, Any]:
    response = client.put_integration(**method, **kwargs)
    assert status_of(response) == 201
    return body(response)


@pytest.mark.parametrize("kind", ["HTTP", "HTTP_PROXY"])
def test_http_integration_shape(client: Any, method: dict[str, str], kind: str) -> None:
    answer = put(client, method, type=kind, integrationHttpMethod="POST", uri="https://x.example")
    assert answer == {
        "type": kind,
        "httpMethod": "POST",
        "uri": "https://x.example",
        "connectionType": "INTERNET",
        "cacheKeyParameters": [],
        "cacheNamespace": method["resourceId"],
        "passthroughBehavior": "WHEN_NO_MATCH",
        "timeoutInMillis": 29000,
    }


@pytest.mark.parametrize(
    ("kind", "uri"),
    [("AWS", "arn:aws:apigateway:us-east-1:s3:path/bucket/key"), ("AWS_PROXY", LAMBDA_URI)],
)
def test_aws_integrations_have_no_connection_type(
    client: Any, method: dict[str, str], kind: str, uri: str
) -> None:
    answer = put(client, method, type=kind, integrationHttpMethod="POST", uri=uri)
    assert "connectionType" not in answer
    assert answer["uri"] == uri


def test_mock_drops_uri_and_http_method(client: Any, method: dict[str, str]) -> None:
    answer = put(client, method, type="MOCK", uri="https://ignored.example")
    assert answer == {
        "type": "MOCK",
        "cacheKeyParameters": [],
        "cacheNamespace": method["resourceId"],
        "passthroughBehavior": "WHEN_NO_MATCH",
        "timeoutInMillis": 29000,
    }


def test_vpc_link(client: Any, method: dict[str, str]) -> None:
    answer = put(
        client,
        method,
        type="HTTP_PROXY",
        integrationHttpMethod="GET",
        uri="http://nlb.example",
        connectionType="VPC_LINK",
        connectionId="${stageVariables.vpcLinkId}",
    )
    assert (answer["connectionType"], answer["connectionId"]) == (
        "VPC_LINK",
        "${stageVariables.vpcLinkId}",
    )
    assert body(client.get_integration(**method)) == answer
    updated = client.update_integration(
        **method, patchOperations=[op("replace", "/connectionId", "abc123")]
    )
    assert status_of(updated) == 200
    assert body(updated) == {**answer, "connectionId": "abc123"}


@pytest.mark.parametrize("kind", ["HTTP", "HTTP_PROXY", "AWS"])
def test_backend_http_method_is_required(client: Any, method: dict[str, str], kind: str) -> None:
    uri = "https://x.example" if kind != "AWS" else "arn:aws:apigateway:us-east-1:s3:path/b"
    with raises_api_error(client, "BadRequestException", 400, HTTP_METHOD_EMPTY):
        client.put_integration(**method, type=kind, uri=uri)


@pytest.mark.parametrize("kind", ["HTTP", "HTTP_PROXY"])
def test_http_uri_must_be_http(client: Any, method: dict[str, str], kind: str) -> None:
    with raises_api_error(client, "BadRequestException", 400, INVALID_HTTP_ENDPOINT):
        client.put_integration(
            **method, type=kind, integrationHttpMethod="GET", uri="non-valid-http"
        )


@pytest.mark.parametrize(
    ("kind", "uri", "message"),
    [
        ("AWS", "non-valid-arn", INVALID_ARN),
        ("AWS_PROXY", "bad-arn:lambda:path/2015-03-31/functions/x/invocations", INVALID_ARN),
        ("AWS", ROLE, ARN_PATH_OR_ACTION),
        ("AWS_PROXY", LAMBDA_ARN, ARN_PATH_OR_ACTION),
        ("AWS_PROXY", "arn:aws:apigateway:us-east-1:lambda:test/x", ARN_PATH_OR_ACTION),
        ("AWS_PROXY", "arn:aws:apigateway:us-east-1:s3:path/bucket/key", AWS_PROXY_TARGETS),
        (
            "AWS_PROXY",
            f"arn:aws:apigateway:us-east-1:firehose:path/2015-03-31/functions/{LAMBDA_ARN}/x",
            AWS_PROXY_TARGETS,
        ),
        ("AWS_PROXY", "arn:aws:apigateway:us-east-1:lambda:path/random/value/x", AWS_PROXY_TARGETS),
    ],
)
def test_aws_uri_rules(
    client: Any, method: dict[str, str], kind: str, uri: str, message: str
) -> None:
    with raises_api_error(client, "BadRequestException", 400, message):
        client.put_integration(**method, type=kind, integrationHttpMethod="POST", uri=uri)
    with raises_api_error(client, "NotFoundException", 404, INTEGRATION_NOT_FOUND):
        client.get_integration(**method)


def test_a_second_put_replaces_the_whole_integration(client: Any, method: dict[str, str]) -> None:
    first = put(
        client,
        method,
        type="AWS",
        integrationHttpMethod="POST",
        uri="arn:aws:apigateway:us-east-1:s3:path/bucket/key",
        credentials=ROLE,
    )
    assert first["credentials"] == ROLE
    second = put(client, method, type="AWS_PROXY", integrationHttpMethod="POST", uri=LAMBDA_URI)
    assert "credentials" not in second
    assert body(client.get_integration(**method)) == second


def test_lookups(client: Any, method: dict[str, str]) -> None:
    with raises_api_error(client, "NotFoundException", 404, METHOD_NOT_FOUND):
        client.put_integration(**{**method, "httpMethod": "POST"}, type="MOCK")
    with raises_api_error(client, "NotFoundException", 404, RESOURCE_NOT_FOUND):
        client.put_integration(**{**method, "resourceId": "nope00"}, type="MOCK")
    for rest_api_id, resource, message in (
        ("nope123456", method["resourceId"], RESOURCE_NOT_FOUND),
        (method["restApiId"], "nope00", RESOURCE_NOT_FOUND),
    ):
        with raises_api_error(client, "NotFoundException", 404, message):
            client.get_integration(restApiId=rest_api_id, resourceId=resource, httpMethod="GET")
    with raises_api_error(client, "NotFoundException", 404, METHOD_NOT_FOUND):
        client.get_integration(**{**method, "httpMethod": "POST"})
    with raises_api_error(client, "NotFoundException", 404, INTEGRATION_NOT_FOUND):
        client.get_integration(**method)


def test_get_integration_shows_integration_responses(client: Any, method: dict[str, str]) -> None:
    put(client, method, type="MOCK")
    assert "integrationResponses" not in client.get_integration(**method)
    client.put_integration_response(**method, statusCode="200")
    assert client.get_integration(**method)["integrationResponses"] == {
        "200": {"statusCode": "200"}
    }


def test_delete_integration_answers_204(client: Any, method: dict[str, str]) -> None:
    put(client, method, type="MOCK")
    response = client.delete_integration(**method)
    assert status_of(response) == 204
    assert body(response) == {}
    with raises_api_error(client, "NotFoundException", 404, INTEGRATION_NOT_FOUND):
        client.get_integration(**method)
    assert "methodIntegration" not in client.get_method(**method)


def test_update_integration_paths(client: Any, method: dict[str, str]) -> None:
    put(client, method, type="HTTP", integrationHttpMethod="GET", uri="https://a.example")
    updated = body(
        client.update_integration(
            **method,
            patchOperations=[
                op("replace", "/uri", "https://b.example"),
                op("replace", "/httpMethod", "POST"),
                op("replace", "/timeoutInMillis", "1000"),
                op("add", "/requestTemplates/application~1json", "{}"),
                op("add", "/requestParameters/integration.request.header.x", "'v'"),
                op("add", "/cacheKeyParameters/method.request.path.id", ""),
                op("replace", "/passthroughBehavior", "NEVER"),
                op("replace", "/contentHandling", "CONVERT_TO_TEXT"),
            ],
        )
    )
    assert updated["uri"] == "https://b.example"
    assert updated["httpMethod"] == "POST"
    assert updated["timeoutInMillis"] == 1000
    assert updated["requestTemplates"] == {"application/json": "{}"}
    assert updated["requestParameters"] == {"integration.request.header.x": "'v'"}
    assert updated["cacheKeyParameters"] == ["method.request.path.id"]
    assert updated["passthroughBehavior"] == "NEVER"
    assert updated["contentHandling"] == "CONVERT_TO_TEXT"
    assert body(client.get_integration(**method)) == updated
    with raises_api_error(client, "BadRequestException", 400, invalid_patch_path("/nope")):
        client.update_integration(**method, patchOperations=[op("replace", "/nope", "x")])
    # PutIntegration's checks apply to the result, and a failure changes nothing.
    with raises_api_error(client, "BadRequestException", 400, INVALID_HTTP_ENDPOINT):
        client.update_integration(
            **method,
            patchOperations=[op("replace", "/timeoutInMillis", "50"), op("replace", "/uri", "x")],
        )
    assert body(client.get_integration(**method)) == updated
