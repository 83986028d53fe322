"""GetExport of what a method's security, parameters and models say: the security schemes
(SigV4, a Lambda TOKEN authorizer, a Cognito user pool, an API key) in swagger's
securityDefinitions and OAS 3's components, with the authorizer extension when asked; request
parameters and models, response models and headers; and an export through an operations table
that lacks the optional operations, or whose collection comes in pages."""

from __future__ import annotations

import json
from typing import Any

import pytest

from apigw_canary_mock.core.store import Backend
from apigw_canary_mock.operations import OPERATIONS, Result, openapi_export

from .helpers import body, call, deploy

POOL = "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc"
LAMBDA = (
    "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
    "arn:aws:lambda:us-east-1:123456789012:function:auth/invocations"
)
# A model's $ref to another model, in a list: exported as a reference into the document.
TAGS = {"type": "array", "items": [{"$ref": "https://x/restapis/a/models/Tag"}]}
PET = {"type": "object", "properties": {"tags": TAGS}}


def method(backend: Backend, api_id: str, resource: str, verb: str, **params: Any) -> None:
    where = {"restApiId": api_id, "resourceId": resource, "httpMethod": verb}
    call(backend, "PutMethod", **where, **params)
    call(backend, "PutIntegration", **where, type="MOCK", timeoutInMillis=5000)
    call(
        backend,
        "PutMethodResponse",
        **where,
        statusCode="200",
        responseModels={"application/json": "Pet"},
        responseParameters={"method.response.header.X-Id": False},
    )


@pytest.fixture
def secured(backend: Backend) -> str:
    api = body(backend, "CreateRestApi", name="secured")
    api_id, root = api["id"], api["rootResourceId"]
    call(
        backend,
        "CreateModel",
        restApiId=api_id,
        name="Pet",
        contentType="application/json",
        schema=json.dumps(PET),
    )
    token = body(
        backend,
        "CreateAuthorizer",
        restApiId=api_id,
        name="token",
        type="TOKEN",
        authorizerUri=LAMBDA,
        identitySource="method.request.header.Auth",
        authorizerResultTtlInSeconds=60,
    )["id"]
    pool = body(
        backend,
        "CreateAuthorizer",
        restApiId=api_id,
        name="pool",
        type="COGNITO_USER_POOLS",
        providerARNs=[POOL],
        identitySource="method.request.querystring.t",
    )["id"]
    iam = body(backend, "CreateResource", restApiId=api_id, parentId=root, pathPart="iam")["id"]
    method(
        backend,
        api_id,
        iam,
        "GET",
        authorizationType="AWS_IAM",
        apiKeyRequired=True,
        requestParameters={"method.request.querystring.q": True},
        requestModels={"application/json": "Pet"},
    )
    method(backend, api_id, root, "GET", authorizationType="CUSTOM", authorizerId=token)
    method(
        backend,
        api_id,
        root,
        "POST",
        authorizationType="COGNITO_USER_POOLS",
        authorizerId=pool,
        authorizationScopes=["read"],
    )
    deploy(backend, api_id, stageName="prod")
    return str(api_id)


def export(backend: Backend, api_id: str, kind: str, extensions: str = "") -> dict[str, Any]:
    answer = body(
        backend,
        "GetExport",
        restApiId=api_id,
        stageName="prod",
        exportType=kind,
        parameters={"extensions": extensions},
    )
    exported: dict[str, Any] = json.loads(answer["body"])
    return exported


def test_swagger_exports_security_definitions_parameters_and_models(
    backend: Backend, secured: str
) -> None:
    exported = export(backend, secured, "swagger", "authorizers")
    schemes = exported["securityDefinitions"]
    assert schemes["sigv4"] == {
        "type": "apiKey",
        "name": "Authorization",
        "in": "header",
        "x-amazon-apigateway-authtype": "awsSigv4",
    }
    assert schemes["api_key"] == {"type": "apiKey", "name": "x-api-key", "in": "header"}
    assert schemes["token"]["name"] == "Auth"
    assert schemes["token"]["x-amazon-apigateway-authtype"] == "custom"
    assert schemes["token"]["x-amazon-apigateway-authorizer"] == {
        "type": "token",
        "authorizerUri": LAMBDA,
        "identitySource": "method.request.header.Auth",
        "authorizerResultTtlInSeconds": 60,
    }
    assert schemes["pool"]["name"] == "Unused"
    assert schemes["pool"]["x-amazon-apigateway-authtype"] == "cognito_user_pools"
    assert schemes["pool"]["x-amazon-apigateway-authorizer"]["providerARNs"] == [POOL]
    iam = exported["paths"]["/iam"]["get"]
    assert iam["security"] == [{"sigv4": []}, {"api_key": []}]
    assert iam["consumes"] == ["application/json"]
    assert iam["parameters"] == [
        {"name": "q", "in": "query", "required": True, "type": "string"},
        {"in": "body", "name": "Pet", "required": True, "schema": {"$ref": "#/definitions/Pet"}},
    ]
    assert iam["responses"]["200"] == {
        "description": "200 response",
        "schema": {"$ref": "#/definitions/Pet"},
        "headers": {"X-Id": {"type": "string"}},
    }
    assert exported["paths"]["/"]["get"]["security"] == [{"token": []}]
    assert exported["paths"]["/"]["post"]["security"] == [{"pool": ["read"]}]
    tags = exported["definitions"]["Pet"]["properties"]["tags"]
    assert tags["items"] == [{"$ref": "#/definitions/Tag"}]


def test_oas30_exports_components_request_bodies_and_integrations(
    backend: Backend, secured: str
) -> None:
    exported = export(backend, secured, "oas30", "integrations")
    assert set(exported["components"]) == {"schemas", "securitySchemes"}
    assert (
        "x-amazon-apigateway-authorizer" not in exported["components"]["securitySchemes"]["token"]
    )
    iam = exported["paths"]["/iam"]["get"]
    assert iam["requestBody"] == {
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}},
        "required": True,
    }
    assert iam["parameters"] == [
        {"name": "q", "in": "query", "required": True, "schema": {"type": "string"}}
    ]
    assert iam["responses"]["200"]["content"] == {
        "application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}
    }
    assert iam["responses"]["200"]["headers"] == {"X-Id": {"schema": {"type": "string"}}}
    assert iam["x-amazon-apigateway-integration"]["timeoutInMillis"] == 5000


def test_an_export_through_a_table_without_the_optional_operations(
    backend: Backend, api_id: str
) -> None:
    deploy(backend, api_id, stageName="prod")
    table = {
        k: v
        for k, v in OPERATIONS.items()
        if k not in ("GetModels", "GetAuthorizers", "GetGatewayResponses")
    }
    get_export = openapi_export.handlers(table)["GetExport"]
    params = {
        "restApiId": api_id,
        "stageName": "prod",
        "exportType": "oas30",
        "parameters": {"extensions": "apigateway"},
    }
    exported = json.loads(get_export(backend, params).body["body"])
    assert "components" not in exported
    assert "x-amazon-apigateway-gateway-responses" not in exported
    assert set(exported["paths"]["/"]) == {"get"}


def test_a_collection_that_comes_in_pages_is_read_to_its_end(backend: Backend, api_id: str) -> None:
    for name in ("A", "B", "C"):
        call(
            backend,
            "CreateModel",
            restApiId=api_id,
            name=name,
            contentType="application/json",
            schema="{}",
        )
    deploy(backend, api_id, stageName="prod")
    pages: list[Any] = []

    def two_at_a_time(source: Backend, params: dict[str, Any]) -> Result:
        answer = OPERATIONS["GetModels"](source, {**params, "limit": 2})
        pages.append(answer.body.get("position"))
        return answer

    get_export = openapi_export.handlers({**OPERATIONS, "GetModels": two_at_a_time})["GetExport"]
    params = {"restApiId": api_id, "stageName": "prod", "exportType": "swagger"}
    exported = json.loads(get_export(backend, params).body["body"])
    assert set(exported["definitions"]) == {"A", "B", "C", "Empty", "Error"}
    assert len(pages) == 3 and pages[-1] is None


def test_a_gateway_response_without_a_status_code_is_exported_without_one(
    backend: Backend, api_id: str
) -> None:
    call(
        backend,
        "PutGatewayResponse",
        restApiId=api_id,
        responseType="DEFAULT_4XX",
        responseTemplates={"application/json": '{"m": $context.error.messageString}'},
    )
    deploy(backend, api_id, stageName="prod")
    exported = export(backend, api_id, "swagger", "apigateway")
    assert exported["x-amazon-apigateway-gateway-responses"] == {
        "DEFAULT_4XX": {
            "responseTemplates": {"application/json": '{"m": $context.error.messageString}'}
        }
    }


def test_a_model_whose_schema_is_not_json_is_exported_as_an_empty_schema(
    backend: Backend, api_id: str
) -> None:
    call(
        backend,
        "CreateModel",
        restApiId=api_id,
        name="Loose",
        contentType="text/plain",
        schema="not json",
    )
    deploy(backend, api_id, stageName="prod")
    assert export(backend, api_id, "swagger")["definitions"]["Loose"] == {}
