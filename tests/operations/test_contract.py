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
    return value


OPENAPI = b'{"swagger": "2.0", "info": {"title": "t"}, "paths": {"/a/{b}": {"get": {}}}}'

# (operation, params, name to remember the answer's id under); restApiId is added.
SCENARIO: list[tuple[str, dict[str, Any], str | None]] = [
    ("CreateResource", {"parentId": "<root>", "pathPart": "p"}, "<child>"),
    (
        "PutMethod",
        {
            "resourceId": "<child>",
            "httpMethod": "GET",
            "authorizationType": "NONE",
            "requestParameters": {"x": True},
        },
        None,
    ),
    (
        "PutIntegration",
        {
            "resourceId": "<child>",
            "httpMethod": "GET",
            "type": "HTTP",
            "integrationHttpMethod": "GET",
            "uri": "https://e",
            "requestTemplates": {"application/json": "{}"},
        },
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
    ("PutRestApi", {"body": OPENAPI, "mode": "overwrite"}, None),
    ("ImportRestApi", {"body": OPENAPI, "failOnWarnings": True}, None),
    ("DeleteStage", {"stageName": "s2"}, None),
    ("DeleteDeployment", {"deploymentId": "<spare>"}, None),
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
