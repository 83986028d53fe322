"""The operations contract: names, statuses and bodies match botocore's service model.

botocore is used here only as the reference; the package itself never imports it.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import botocore.session
import pytest

from apigw_canary_mock.core.store import Backend
from apigw_canary_mock.operations import OPERATIONS, Result

from .helpers import call

MODEL = botocore.session.get_session().get_service_model("apigateway")
EXPECTED = {
    "CreateDeployment",
    "CreateStage",
    "GetStage",
    "GetStages",
    "UpdateStage",
    "CreateRestApi",
    "GetRestApi",
    "GetRestApis",
    "DeleteRestApi",
    "UpdateRestApi",
    "ImportRestApi",
    "PutRestApi",
    "GetExport",
    "GetResources",
    "CreateResource",
    "PutMethod",
    "PutIntegration",
    "GetDeployment",
    "GetDeployments",
    "DeleteDeployment",
    "DeleteStage",
    "UpdateDeployment",
    "FlushStageCache",
    "FlushStageAuthorizersCache",
    "TagResource",
    "UntagResource",
    "GetTags",
    "CreateDocumentationPart",
    "GetDocumentationPart",
    "GetDocumentationParts",
    "UpdateDocumentationPart",
    "DeleteDocumentationPart",
    "ImportDocumentationParts",
    "CreateDocumentationVersion",
    "GetDocumentationVersion",
    "GetDocumentationVersions",
    "UpdateDocumentationVersion",
    "DeleteDocumentationVersion",
    "CreateDomainName",
    "GetDomainName",
    "GetDomainNames",
    "UpdateDomainName",
    "DeleteDomainName",
    "CreateBasePathMapping",
    "GetBasePathMapping",
    "GetBasePathMappings",
    "UpdateBasePathMapping",
    "DeleteBasePathMapping",
    # The REST API definition.
    "GetResource",
    "UpdateResource",
    "DeleteResource",
    "GetMethod",
    "UpdateMethod",
    "DeleteMethod",
    "PutMethodResponse",
    "GetMethodResponse",
    "UpdateMethodResponse",
    "DeleteMethodResponse",
    "GetIntegration",
    "UpdateIntegration",
    "DeleteIntegration",
    "PutIntegrationResponse",
    "GetIntegrationResponse",
    "UpdateIntegrationResponse",
    "DeleteIntegrationResponse",
    "CreateModel",
    "GetModel",
    "GetModels",
    "UpdateModel",
    "DeleteModel",
    "CreateRequestValidator",
    "GetRequestValidator",
    "GetRequestValidators",
    "UpdateRequestValidator",
    "DeleteRequestValidator",
    "CreateAuthorizer",
    "GetAuthorizer",
    "GetAuthorizers",
    "UpdateAuthorizer",
    "DeleteAuthorizer",
    "PutGatewayResponse",
    "GetGatewayResponse",
    "GetGatewayResponses",
    "UpdateGatewayResponse",
    "DeleteGatewayResponse",
}


def test_operation_names() -> None:
    assert set(OPERATIONS) == EXPECTED
    assert set(MODEL.operation_names) >= EXPECTED


def test_result_is_frozen() -> None:
    result = Result({"a": 1}, 201)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.status = 200  # type: ignore[misc]


def check_shape(value: Any, shape: Any, where: str) -> None:
    """Every key is a member of the shape, no None anywhere, scalar types as the wire gives."""
    assert value is not None, where
    kind = shape.type_name
    if kind == "structure":
        assert isinstance(value, dict), where
        unknown = set(value) - set(shape.members)
        assert not unknown, f"{where}: {unknown}"
        for name, member in value.items():
            check_shape(member, shape.members[name], f"{where}.{name}")
    elif kind == "map":
        assert isinstance(value, dict), where
        for key, item in value.items():
            check_shape(item, shape.value, f"{where}[{key}]")
    elif kind == "list":
        assert isinstance(value, list), where
        for index, item in enumerate(value):
            check_shape(item, shape.member, f"{where}[{index}]")
    elif kind == "blob":
        assert type(value) is bytes, where
    elif kind == "timestamp":
        assert type(value) is int, where
    elif kind == "double":
        assert type(value) is float, where
    elif kind in ("integer", "long"):
        assert type(value) is int, where
    elif kind == "boolean":
        assert type(value) is bool, where
    else:
        assert isinstance(value, str), where


def resolve(value: Any, ids: dict[str, str]) -> Any:
    """Placeholders like "<first>" name ids answered by earlier calls of the scenario."""
    if isinstance(value, str):
        return ids.get(value, value)
    if isinstance(value, dict):
        return {k: resolve(v, ids) for k, v in value.items()}
    if isinstance(value, list):
        return [resolve(v, ids) for v in value]
    return value


OPENAPI = b'{"swagger": "2.0", "info": {"title": "t"}, "paths": {"/a/{b}": {"get": {}}}}'


# (operation, params, name to remember the answer's id under); restApiId is added.
def replace(path: str, value: str) -> list[dict[str, str]]:
    return [{"op": "replace", "path": path, "value": value}]


CHILD_GET = {"resourceId": "<child>", "httpMethod": "GET"}

SCENARIO: list[tuple[str, dict[str, Any], str | None]] = [
    ("CreateResource", {"parentId": "<root>", "pathPart": "p"}, "<child>"),
    ("CreateResource", {"parentId": "<child>", "pathPart": "{id}"}, "<grandchild>"),
    ("CreateModel", {"name": "Pet", "contentType": "application/json", "schema": "{}"}, None),
    ("GetModel", {"modelName": "Pet"}, None),
    ("GetModels", {"limit": 1}, None),
    ("UpdateModel", {"modelName": "Pet", "patchOperations": replace("/description", "d")}, None),
    ("CreateRequestValidator", {"name": "v", "validateRequestBody": True}, "<validator>"),
    ("GetRequestValidator", {"requestValidatorId": "<validator>"}, None),
    ("GetRequestValidators", {}, None),
    (
        "UpdateRequestValidator",
        {"requestValidatorId": "<validator>", "patchOperations": replace("/name", "w")},
        None,
    ),
    (
        "CreateAuthorizer",
        {
            "name": "a",
            "type": "TOKEN",
            "authorizerUri": "arn:aws:apigateway:us-east-1:lambda:path/x",
            "identitySource": "method.request.header.Auth",
            "providerARNs": ["arn:x"],
        },
        "<authorizer>",
    ),
    ("GetAuthorizer", {"authorizerId": "<authorizer>"}, None),
    ("GetAuthorizers", {"limit": 5}, None),
    (
        "UpdateAuthorizer",
        {
            "authorizerId": "<authorizer>",
            "patchOperations": replace("/authorizerResultTtlInSeconds", "60"),
        },
        None,
    ),
    (
        "PutGatewayResponse",
        {
            "responseType": "DEFAULT_4XX",
            "statusCode": "488",
            "responseParameters": {"gatewayresponse.header.h": "'v'"},
        },
        None,
    ),
    ("PutGatewayResponse", {"responseType": "THROTTLED", "responseTemplates": {"a/b": "t"}}, None),
    ("GetGatewayResponse", {"responseType": "UNAUTHORIZED"}, None),
    ("GetGatewayResponses", {"limit": 5}, None),
    (
        "UpdateGatewayResponse",
        {
            "responseType": "DEFAULT_4XX",
            "patchOperations": [
                {"op": "replace", "path": "/statusCode", "value": "489"},
                {"op": "add", "path": "/responseTemplates/application~1xml", "value": "<m/>"},
            ],
        },
        None,
    ),
    ("DeleteGatewayResponse", {"responseType": "THROTTLED"}, None),
    (
        "PutMethod",
        {
            **CHILD_GET,
            "authorizationType": "CUSTOM",
            "authorizerId": "<authorizer>",
            "requestValidatorId": "<validator>",
            "requestModels": {"application/json": "Pet"},
            "requestParameters": {"method.request.header.x": True},
            "operationName": "op",
            "authorizationScopes": ["s"],
        },
        None,
    ),
    ("UpdateMethod", {**CHILD_GET, "patchOperations": replace("/operationName", "o2")}, None),
    (
        "PutMethodResponse",
        {
            **CHILD_GET,
            "statusCode": "200",
            "responseParameters": {"method.response.header.h": False},
            "responseModels": {"application/json": "Pet"},
        },
        None,
    ),
    ("GetMethodResponse", {**CHILD_GET, "statusCode": "200"}, None),
    (
        "UpdateMethodResponse",
        {
            **CHILD_GET,
            "statusCode": "200",
            "patchOperations": replace("/responseParameters/method.response.header.h", "true"),
        },
        None,
    ),
    (
        "PutIntegration",
        {
            **CHILD_GET,
            "type": "HTTP",
            "integrationHttpMethod": "GET",
            "uri": "https://e",
            "requestTemplates": {"application/json": "{}"},
            "requestParameters": {"integration.request.header.x": "'v'"},
            "contentHandling": "CONVERT_TO_TEXT",
            "tlsConfig": {"insecureSkipVerification": True},
        },
        None,
    ),
    (
        "UpdateIntegration",
        {**CHILD_GET, "patchOperations": replace("/timeoutInMillis", "99")},
        None,
    ),
    (
        "PutIntegrationResponse",
        {
            **CHILD_GET,
            "statusCode": "200",
            "selectionPattern": "",
            "responseTemplates": {"application/json": "{}"},
            "responseParameters": {"method.response.header.h": "'v'"},
            "contentHandling": "CONVERT_TO_BINARY",
        },
        None,
    ),
    ("GetIntegrationResponse", {**CHILD_GET, "statusCode": "200"}, None),
    (
        "UpdateIntegrationResponse",
        {**CHILD_GET, "statusCode": "200", "patchOperations": replace("/selectionPattern", "x")},
        None,
    ),
    ("GetIntegration", CHILD_GET, None),
    ("GetMethod", CHILD_GET, None),
    ("GetResource", {"resourceId": "<child>", "embed": ["methods"]}, None),
    (
        "UpdateResource",
        {"resourceId": "<child>", "patchOperations": replace("/pathPart", "q")},
        None,
    ),
    (
        "CreateDeployment",
        {
            "stageName": "prod",
            "description": "d",
            "variables": {"a": "1"},
            "cacheClusterEnabled": True,
        },
        "<first>",
    ),
    (
        "CreateDeployment",
        {
            "stageName": "prod",
            "canarySettings": {"percentTraffic": 5.0, "stageVariableOverrides": {"a": "2"}},
        },
        None,
    ),
    ("CreateDeployment", {}, "<spare>"),
    (
        "UpdateStage",
        {
            "stageName": "prod",
            "patchOperations": [
                {"op": "replace", "path": "/test/GET/logging/loglevel", "value": "INFO"},
                {"op": "replace", "path": "/accessLogSettings/format", "value": "f"},
                {"op": "replace", "path": "/clientCertificateId", "value": "c"},
            ],
        },
        None,
    ),
    ("GetStage", {"stageName": "prod"}, None),
    (
        "CreateDocumentationPart",
        {"location": {"type": "METHOD", "path": "/p", "method": "GET"}, "properties": '{"a":1}'},
        "<part>",
    ),
    ("CreateDocumentationVersion", {"documentationVersion": "1", "description": "v"}, None),
    (
        "CreateStage",
        {
            "stageName": "s2",
            "deploymentId": "<first>",
            "documentationVersion": "1",
            "tags": {"t": "v"},
            "canarySettings": {"deploymentId": "<first>"},
        },
        None,
    ),
    ("GetStages", {}, None),
    ("GetRestApi", {}, None),
    (
        "UpdateRestApi",
        {
            "patchOperations": [
                {"op": "add", "path": "/binaryMediaTypes/image~1png"},
                {"op": "replace", "path": "/minimumCompressionSize", "value": "10"},
                {"op": "add", "path": "/endpointConfiguration/vpcEndpointIds", "value": "vpce-1"},
            ]
        },
        None,
    ),
    ("GetRestApis", {"limit": 1}, None),
    ("GetResources", {"embed": ["methods"], "limit": 1}, None),
    ("GetResources", {"embed": ["methods"]}, None),
    ("GetDeployments", {"limit": 1}, None),
    ("GetDeployment", {"deploymentId": "<first>", "embed": ["apisummary"]}, None),
    ("GetExport", {"stageName": "s2", "exportType": "swagger"}, None),
    (
        "UpdateDeployment",
        {
            "deploymentId": "<first>",
            "patchOperations": [{"op": "replace", "path": "/description", "value": "d2"}],
        },
        None,
    ),
    ("FlushStageCache", {"stageName": "s2"}, None),
    ("FlushStageAuthorizersCache", {"stageName": "s2"}, None),
    (
        "TagResource",
        {"resourceArn": "<stage-arn>", "tags": {"a": "b", "c": "d"}},
        None,
    ),
    ("UntagResource", {"resourceArn": "<stage-arn>", "tagKeys": ["a"]}, None),
    ("GetTags", {"resourceArn": "<stage-arn>"}, None),
    ("GetDocumentationPart", {"documentationPartId": "<part>"}, None),
    ("GetDocumentationParts", {"type": "METHOD", "limit": 1}, None),
    (
        "UpdateDocumentationPart",
        {
            "documentationPartId": "<part>",
            "patchOperations": [{"op": "replace", "path": "/properties", "value": '{"b":2}'}],
        },
        None,
    ),
    (
        "ImportDocumentationParts",
        {
            "body": b'{"swagger":"2.0","x-amazon-apigateway-documentation":{"documentationParts":'
            b'[{"location":{"type":"API"},"properties":{"a":1}},{"location":{"type":"X"}}]}}'
        },
        None,
    ),
    ("GetDocumentationVersion", {"documentationVersion": "1"}, None),
    ("GetDocumentationVersions", {"limit": 1}, None),
    (
        "UpdateDocumentationVersion",
        {
            "documentationVersion": "1",
            "patchOperations": [{"op": "replace", "path": "/description", "value": "w"}],
        },
        None,
    ),
    ("CreateDocumentationVersion", {"documentationVersion": "2"}, None),
    ("DeleteDocumentationVersion", {"documentationVersion": "2"}, None),
    ("DeleteDocumentationPart", {"documentationPartId": "<part>"}, None),
    (
        "CreateDomainName",
        {
            "domainName": "api.example.com",
            "certificateArn": "arn:aws:acm:us-east-1:1:certificate/c",
            "tags": {"a": "b"},
        },
        None,
    ),
    (
        "CreateDomainName",
        {
            "domainName": "r.example.com",
            "endpointConfiguration": {"types": ["REGIONAL"]},
            "regionalCertificateArn": "arn:aws:acm:us-east-1:1:certificate/r",
            "mutualTlsAuthentication": {"truststoreUri": "s3://b/k", "truststoreVersion": "1"},
        },
        None,
    ),
    ("GetDomainName", {"domainName": "r.example.com"}, None),
    ("GetDomainNames", {"limit": 1}, None),
    (
        "UpdateDomainName",
        {
            "domainName": "api.example.com",
            "patchOperations": [{"op": "replace", "path": "/securityPolicy", "value": "TLS_1_0"}],
        },
        None,
    ),
    ("CreateBasePathMapping", {"domainName": "api.example.com", "stage": "s2"}, None),
    ("CreateBasePathMapping", {"domainName": "api.example.com", "basePath": "v1"}, None),
    ("GetBasePathMapping", {"domainName": "api.example.com", "basePath": "(none)"}, None),
    ("GetBasePathMappings", {"domainName": "api.example.com", "limit": 1}, None),
    (
        "UpdateBasePathMapping",
        {
            "domainName": "api.example.com",
            "basePath": "(none)",
            "patchOperations": [{"op": "replace", "path": "/basePath", "value": "v2"}],
        },
        None,
    ),
    ("DeleteBasePathMapping", {"domainName": "api.example.com", "basePath": "v1"}, None),
    ("DeleteDomainName", {"domainName": "api.example.com"}, None),
    ("DeleteStage", {"stageName": "s2"}, None),
    ("DeleteDeployment", {"deploymentId": "<spare>"}, None),
    ("DeleteIntegrationResponse", {**CHILD_GET, "statusCode": "200"}, None),
    ("DeleteMethodResponse", {**CHILD_GET, "statusCode": "200"}, None),
    ("DeleteIntegration", CHILD_GET, None),
    ("DeleteMethod", CHILD_GET, None),
    ("DeleteResource", {"resourceId": "<grandchild>"}, None),
    ("DeleteModel", {"modelName": "Pet"}, None),
    ("DeleteRequestValidator", {"requestValidatorId": "<validator>"}, None),
    ("DeleteAuthorizer", {"authorizerId": "<authorizer>"}, None),
    # Late: an overwrite replaces the whole definition the steps above work on.
    ("PutRestApi", {"body": OPENAPI, "mode": "overwrite"}, None),
    ("ImportRestApi", {"body": OPENAPI, "failOnWarnings": True}, None),
    ("DeleteRestApi", {}, None),
]


def check(name: str, result: Result) -> None:
    operation = MODEL.operation_model(name)
    assert result.status == operation.http.get("responseCode", 200), name
    if operation.output_shape is None:
        assert result.body == {}, name
    else:
        check_shape(result.body, operation.output_shape, name)


def test_every_operation_answers_in_its_output_shape(backend: Backend) -> None:
    created = call(backend, "CreateRestApi", name="x", description="d", tags={"a": "b"})
    check("CreateRestApi", created)
    ids = {
        "<root>": created.body["rootResourceId"],
        "<stage-arn>": f"arn:aws:apigateway:us-east-1::/restapis/{created.body['id']}/stages/s2",
    }
    seen = {"CreateRestApi"}
    for name, params, remember in SCENARIO:
        result = call(backend, name, restApiId=created.body["id"], **resolve(params, ids))
        check(name, result)
        if remember is not None:
            ids[remember] = result.body["id"]
        seen.add(name)
    assert seen == EXPECTED
