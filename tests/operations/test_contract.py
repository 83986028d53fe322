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
    "GetResources",
    "CreateResource",
    "PutMethod",
    "PutIntegration",
    "GetDeployment",
    "GetDeployments",
    "DeleteDeployment",
    "DeleteStage",
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
    ("GetRestApis", {"limit": 1}, None),
    ("GetResources", {"embed": ["methods"], "limit": 1}, None),
    ("GetResources", {"embed": ["methods"]}, None),
    ("GetDeployments", {"limit": 1}, None),
    ("GetDeployment", {"deploymentId": "<first>", "embed": ["apisummary"]}, None),
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
    ids = {"<root>": created.body["rootResourceId"]}
    seen = {"CreateRestApi"}
    for name, params, remember in SCENARIO:
        result = call(backend, name, restApiId=created.body["id"], **resolve(params, ids))
        check(name, result)
        if remember is not None:
            ids[remember] = result.body["id"]
        seen.add(name)
    assert seen == EXPECTED
