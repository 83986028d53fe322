"""The import calls the operation handlers by name with botocore-shaped params.

The handlers it calls are spied on: the test checks what the import asks of them, in what
order, that every call's params pass botocore's own validation of that operation, and what the
import made.
"""

from __future__ import annotations

import json
from typing import Any

import botocore.session
import pytest
from botocore.validate import ParamValidator

from apigw_canary_mock.core.errors import ApiError, bad_request
from apigw_canary_mock.core.store import Backend
from apigw_canary_mock.errors import UnemulatedOperationError
from apigw_canary_mock.operations import OPERATIONS, Result, openapi_import

from .helpers import call

MODEL = botocore.session.get_session().get_service_model("apigateway")
SPIED = (
    "CreateRequestValidator",
    "CreateModel",
    "CreateAuthorizer",
    "CreateResource",
    "PutMethod",
    "PutMethodResponse",
    "PutIntegration",
    "PutIntegrationResponse",
    "PutGatewayResponse",
    "ImportDocumentationParts",
)

DOCUMENT: dict[str, Any] = {
    "openapi": "3.0.1",
    "info": {"title": "shop", "version": "3"},
    "x-amazon-apigateway-request-validators": {
        "all": {"validateRequestBody": True, "validateRequestParameters": True}
    },
    "x-amazon-apigateway-request-validator": "all",
    "x-amazon-apigateway-gateway-responses": {
        "DEFAULT_4XX": {"statusCode": 400, "responseTemplates": {"application/json": "{}"}}
    },
    "x-amazon-apigateway-documentation": {"version": "1", "documentationParts": []},
    "security": [{"cognito": ["orders/read"]}],
    "paths": {
        "/orders/{id}": {
            "put": {
                "operationId": "PutOrder",
                "parameters": [
                    {"name": "id", "in": "path", "required": True},
                    {"$ref": "#/components/parameters/Trace"},
                ],
                "requestBody": {"$ref": "#/components/requestBodies/OrderBody"},
                "responses": {
                    "201": {
                        "description": "created",
                        "headers": {"Location": {"schema": {"type": "string"}}},
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Order"}}
                        },
                    },
                    "default": {"description": "ignored"},
                },
                "x-amazon-apigateway-integration": {
                    "type": "aws_proxy",
                    "httpMethod": "POST",
                    "uri": "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
                    "arn:aws:lambda:us-east-1:123456789012:function:orders/invocations",
                    "responses": {
                        "default": {"statusCode": "201"},
                        "4\\d{2}": {
                            "statusCode": "400",
                            "responseParameters": {"method.response.header.Location": "'x'"},
                        },
                    },
                },
            }
        }
    },
    "components": {
        "parameters": {"Trace": {"name": "X-Trace", "in": "header", "required": False}},
        "requestBodies": {
            "OrderBody": {
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Order"}}}
            }
        },
        "schemas": {
            "Order": {
                "type": "object",
                "properties": {
                    "lines": {"type": "array", "items": {"$ref": "#/components/schemas/Line"}}
                },
            },
            "Line": {"type": "object", "description": "one line"},
        },
        "securitySchemes": {
            "cognito": {
                "type": "apiKey",
                "name": "Authorization",
                "in": "header",
                "x-amazon-apigateway-authtype": "cognito_user_pools",
                "x-amazon-apigateway-authorizer": {
                    "type": "cognito_user_pools",
                    "providerARNs": ["arn:aws:cognito-idp:us-east-1:123456789012:userpool/x"],
                },
            }
        },
    },
}


@pytest.fixture
def recorded(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, dict[str, Any]]]:
    calls: list[tuple[str, dict[str, Any]]] = []
    for operation in SPIED:
        real = OPERATIONS[operation]

        def spy(
            backend: Backend, params: dict[str, Any], real: Any = real, name: str = operation
        ) -> Any:
            calls.append((name, params))
            return real(backend, params)

        monkeypatch.setitem(OPERATIONS, operation, spy)
    return calls


def test_the_import_calls_each_operation_with_botocore_shaped_params(
    backend: Backend, recorded: list[tuple[str, dict[str, Any]]]
) -> None:
    result = call(backend, "ImportRestApi", body=json.dumps(DOCUMENT).encode())
    api_id = result.body["id"]
    validator = ParamValidator()
    for operation, params in recorded:
        report = validator.validate(params, MODEL.operation_model(operation).input_shape)
        assert not report.has_errors(), (operation, report.generate_report())
        assert params["restApiId"] == api_id
    order = [operation for operation, _ in recorded]
    assert order == [
        "CreateRequestValidator",
        "CreateModel",
        "CreateModel",
        "CreateAuthorizer",
        "CreateResource",
        "CreateResource",
        "PutMethod",
        "PutMethodResponse",
        "PutIntegration",
        "PutIntegrationResponse",
        "PutIntegrationResponse",
        "PutGatewayResponse",
        "ImportDocumentationParts",
    ]
    made = dict(recorded)
    (_, order_model), (_, line_model) = recorded[1], recorded[2]
    assert order_model["name"] == "Order"
    assert json.loads(order_model["schema"])["properties"]["lines"]["items"] == {
        "$ref": f"https://apigateway.amazonaws.com/restapis/{api_id}/models/Line"
    }
    assert (line_model["name"], line_model["description"]) == ("Line", "one line")
    assert made["CreateAuthorizer"] == {
        "restApiId": api_id,
        "name": "cognito",
        "type": "COGNITO_USER_POOLS",
        "providerARNs": ["arn:aws:cognito-idp:us-east-1:123456789012:userpool/x"],
        "authType": "cognito_user_pools",
    }
    method = made["PutMethod"]
    api = backend.rest_apis[api_id]
    assert method["authorizationType"] == "COGNITO_USER_POOLS"
    assert [method["authorizerId"]] == list(api.authorizers)  # the one the import made
    assert method["authorizationScopes"] == ["orders/read"]
    assert [method["requestValidatorId"]] == list(api.request_validators)
    assert method["requestModels"] == {"application/json": "Order"}
    assert method["requestParameters"] == {
        "method.request.path.id": True,
        "method.request.header.X-Trace": False,
    }
    assert made["PutMethodResponse"] == {
        "restApiId": api_id,
        "resourceId": method["resourceId"],
        "httpMethod": "PUT",
        "statusCode": "201",
        "responseParameters": {"method.response.header.Location": False},
        "responseModels": {"application/json": "Order"},
    }
    integration_responses = [p for o, p in recorded if o == "PutIntegrationResponse"]
    assert [(p["statusCode"], p.get("selectionPattern")) for p in integration_responses] == [
        ("201", None),
        ("400", "4\\d{2}"),
    ]
    assert made["PutGatewayResponse"]["statusCode"] == "400"
    made_response = call(
        backend, "GetGatewayResponse", restApiId=api_id, responseType="DEFAULT_4XX"
    )
    assert made_response.body == {
        "responseType": "DEFAULT_4XX",
        "statusCode": "400",
        "responseParameters": {},
        "responseTemplates": {"application/json": "{}"},
        "defaultResponse": False,
    }
    assert made["PutIntegration"]["type"] == "AWS_PROXY"


def test_a_refused_step_fails_the_whole_import(
    backend: Backend, monkeypatch: pytest.MonkeyPatch, recorded: list[Any]
) -> None:
    def refuse(backend: Backend, params: dict[str, Any]) -> Result:
        raise bad_request("Invalid model identifier specified: Order")

    monkeypatch.setitem(OPERATIONS, "PutMethodResponse", refuse)
    with pytest.raises(ApiError) as caught:
        call(backend, "ImportRestApi", body=json.dumps(DOCUMENT).encode())
    assert caught.value.message == (
        "Errors found during import:\n\tUnable to put method response '201' on 'PUT' for "
        "resource at path '/orders/{id}': Invalid model identifier specified: Order"
    )
    assert backend.rest_apis == {}


@pytest.mark.parametrize("operation", ["ImportRestApi", "PutRestApi"])
def test_a_document_needing_an_unemulated_operation_fails_closed(
    backend: Backend, operation: str
) -> None:
    # Every operation a document can need is emulated today: take one out of the table the
    # import calls through, as a future document feature without its operation would be.
    table = {name: handler for name, handler in OPERATIONS.items() if name != "PutMethodResponse"}
    handlers = openapi_import.handlers(table)
    api_id = call(backend, "CreateRestApi", name="before").body["id"]
    document = json.dumps(
        {
            "swagger": "2.0",
            "info": {"title": "pets", "version": "1"},
            "paths": {"/p": {"get": {"responses": {"200": {"description": "ok"}}}}},
        }
    ).encode()
    params: dict[str, Any] = {"body": document}
    if operation == "PutRestApi":
        params["restApiId"] = api_id
    with pytest.raises(UnemulatedOperationError) as caught:
        handlers[operation](backend, params)
    assert caught.value.operation == "PutMethodResponse"
    assert f"({operation} of this document needs PutMethodResponse for its " in str(caught.value)
    # Refused before anything was built: the state is as before.
    assert [api["name"] for api in call(backend, "GetRestApis").body["items"]] == ["before"]
    resources = call(backend, "GetResources", restApiId=api_id).body["items"]
    assert [resource["path"] for resource in resources] == ["/"]
