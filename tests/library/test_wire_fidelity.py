"""The answers are what botocore itself would make of AWS's HTTP answer.

For every emulated operation, a success and an error: the handler's Result (or ApiError) is
rendered here, independently of the wire layer, as the HTTP answer AWS would send (status,
headers, JSON body with AWS's JSON member names), parsed with botocore's own rest-json parser
the way botocore's endpoint does (modelled-error fields included), and compared, types and
timezones included, with what the client returned.
"""

from __future__ import annotations

import datetime
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import boto3
import botocore.config
import pytest
from botocore.awsrequest import HeadersDict
from botocore.parsers import create_parser
from botocore.response import StreamingBody

from apigw_canary_mock import EMULATED_OPERATIONS, mock_apigateway
from apigw_canary_mock.core.errors import ApiError
from apigw_canary_mock.operations import OPERATIONS

REGION = "us-east-1"


@dataclass
class World:
    client: Any
    api: str = ""
    root: str = ""
    resource: str = ""
    deployment: str = ""
    spare_deployment: str = ""
    answers: list[Any] = field(default_factory=list)  # Result or ApiError, newest last
    http: list[Any] = field(default_factory=list)


@pytest.fixture
def world(monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    def recording(handler: Callable[..., Any]) -> Callable[..., Any]:
        def record(backend: Any, params: Any) -> Any:
            try:
                result = handler(backend, params)
            except ApiError as error:
                w.answers.append(error)
                raise
            w.answers.append(result)
            return result

        return record

    w = World(boto3.client("apigateway", region_name=REGION))
    client = w.client
    for name, handler in list(OPERATIONS.items()):
        monkeypatch.setitem(OPERATIONS, name, recording(handler))
    with mock_apigateway():
        client.meta.events.register(
            "after-call.api-gateway", lambda http_response, **kw: w.http.append(http_response)
        )
        w.api = client.create_rest_api(name="fidelity", description="d")["id"]
        w.root = client.get_resources(restApiId=w.api)["items"][0]["id"]
        w.resource = client.create_resource(restApiId=w.api, parentId=w.root, pathPart="orders")[
            "id"
        ]
        for resource in (w.root, w.resource):
            client.put_method(
                restApiId=w.api, resourceId=resource, httpMethod="GET", authorizationType="NONE"
            )
            client.put_integration(
                restApiId=w.api, resourceId=resource, httpMethod="GET", type="MOCK"
            )
        w.deployment = client.create_deployment(restApiId=w.api, stageName="prod")["id"]
        w.spare_deployment = client.create_deployment(restApiId=w.api)["id"]
        client.update_stage(
            restApiId=w.api,
            stageName="prod",
            patchOperations=[
                {"op": "replace", "path": "/canarySettings/percentTraffic", "value": "12.5"},
                {"op": "replace", "path": "/*/*/throttling/burstLimit", "value": "123"},
                {"op": "replace", "path": "/variables/color", "value": "blue"},
            ],
        )
        yield w


Call = Callable[[World], Any]

OPENAPI = json.dumps(
    {
        "swagger": "2.0",
        "info": {"title": "imported", "version": "2"},
        "paths": {"/pets": {"get": {"x-amazon-apigateway-integration": {"type": "mock"}}}},
    }
).encode()
OPENAPI_WITH_WARNING = json.dumps(
    {
        "swagger": "2.0",
        "info": {"title": "imported", "version": "2"},
        "paths": {
            "/p": {
                "get": {
                    "x-amazon-apigateway-integration": {
                        "type": "mock",
                        "requestParameters": {"integration.request.header.x": True},
                    }
                }
            }
        },
    }
).encode()

SUCCESSES: dict[str, Call] = {
    "CreateRestApi": lambda w: w.client.create_rest_api(name="another", tags={"k": "v"}),
    "GetRestApi": lambda w: w.client.get_rest_api(restApiId=w.api),
    "GetRestApis": lambda w: w.client.get_rest_apis(limit=1),
    "DeleteRestApi": lambda w: w.client.delete_rest_api(restApiId=w.api),
    "UpdateRestApi": lambda w: w.client.update_rest_api(
        restApiId=w.api,
        patchOperations=[
            {"op": "add", "path": "/binaryMediaTypes/image~1png"},
            {"op": "replace", "path": "/minimumCompressionSize", "value": "0"},
        ],
    ),
    "GetResources": lambda w: w.client.get_resources(restApiId=w.api, embed=["methods"]),
    "ImportRestApi": lambda w: w.client.import_rest_api(body=OPENAPI_WITH_WARNING),
    "PutRestApi": lambda w: w.client.put_rest_api(restApiId=w.api, body=OPENAPI, mode="merge"),
    "GetExport": lambda w: w.client.get_export(
        restApiId=w.api, stageName="prod", exportType="oas30"
    ),
    "CreateResource": lambda w: w.client.create_resource(
        restApiId=w.api, parentId=w.resource, pathPart="{id}"
    ),
    "PutMethod": lambda w: w.client.put_method(
        restApiId=w.api, resourceId=w.resource, httpMethod="POST", authorizationType="NONE"
    ),
    "PutIntegration": lambda w: w.client.put_integration(
        restApiId=w.api, resourceId=w.resource, httpMethod="GET", type="MOCK"
    ),
    "CreateDeployment": lambda w: w.client.create_deployment(
        restApiId=w.api,
        stageName="prod",
        description="canary",
        canarySettings={"percentTraffic": 50, "stageVariableOverrides": {"color": "green"}},
    ),
    "GetDeployment": lambda w: w.client.get_deployment(
        restApiId=w.api, deploymentId=w.deployment, embed=["apisummary"]
    ),
    "GetDeployments": lambda w: w.client.get_deployments(restApiId=w.api),
    "DeleteDeployment": lambda w: w.client.delete_deployment(
        restApiId=w.api, deploymentId=w.spare_deployment
    ),
    "CreateStage": lambda w: w.client.create_stage(
        restApiId=w.api,
        stageName="beta",
        deploymentId=w.deployment,
        description="b",
        variables={"a": "1"},
        canarySettings={"deploymentId": w.spare_deployment, "percentTraffic": 5.0},
        tags={"team": "x"},
    ),
    "GetStage": lambda w: w.client.get_stage(restApiId=w.api, stageName="prod"),
    "GetStages": lambda w: w.client.get_stages(restApiId=w.api),
    "UpdateStage": lambda w: w.client.update_stage(
        restApiId=w.api,
        stageName="prod",
        patchOperations=[
            {"op": "replace", "path": "/canarySettings/percentTraffic", "value": "66.660000"},
            {"op": "replace", "path": "/tracingEnabled", "value": "true"},
            {"op": "replace", "path": "/cacheClusterEnabled", "value": "true"},
        ],
    ),
    "DeleteStage": lambda w: w.client.delete_stage(restApiId=w.api, stageName="prod"),
    "UpdateDeployment": lambda w: w.client.update_deployment(
        restApiId=w.api,
        deploymentId=w.deployment,
        patchOperations=[{"op": "replace", "path": "/description", "value": "new"}],
    ),
    "FlushStageCache": lambda w: w.client.flush_stage_cache(restApiId=w.api, stageName="prod"),
    "FlushStageAuthorizersCache": lambda w: w.client.flush_stage_authorizers_cache(
        restApiId=w.api, stageName="prod"
    ),
    "TagResource": lambda w: w.client.tag_resource(resourceArn=stage_arn(w), tags={"k": "v"}),
    "UntagResource": lambda w: w.client.untag_resource(resourceArn=stage_arn(w), tagKeys=["k"]),
    "GetTags": lambda w: (
        w.client.tag_resource(resourceArn=stage_arn(w), tags={"k": "v", "a": "b"}),
        w.client.get_tags(resourceArn=stage_arn(w)),
    )[1],
    "CreateDocumentationPart": lambda w: w.client.create_documentation_part(
        restApiId=w.api, location={"type": "METHOD", "path": "/", "method": "GET"}, properties="{}"
    ),
    "GetDocumentationPart": lambda w: w.client.get_documentation_part(
        restApiId=w.api, documentationPartId=doc_part(w)
    ),
    "GetDocumentationParts": lambda w: (
        (doc_part(w), doc_part(w, "MODEL"))
        and w.client.get_documentation_parts(restApiId=w.api, limit=1)
    ),
    "UpdateDocumentationPart": lambda w: w.client.update_documentation_part(
        restApiId=w.api,
        documentationPartId=doc_part(w),
        patchOperations=[{"op": "replace", "path": "/properties", "value": '{"a": 1}'}],
    ),
    "DeleteDocumentationPart": lambda w: w.client.delete_documentation_part(
        restApiId=w.api, documentationPartId=doc_part(w)
    ),
    "ImportDocumentationParts": lambda w: w.client.import_documentation_parts(
        restApiId=w.api,
        body=b'{"swagger": "2.0", "x-amazon-apigateway-documentation": {"documentationParts": '
        b'[{"location": {"type": "API"}, "properties": {"a": 1}}, {"location": {"type": "MODEL"}}'
        b"]}}",
    ),
    "CreateDocumentationVersion": lambda w: w.client.create_documentation_version(
        restApiId=w.api, documentationVersion="v1", description="d", stageName="prod"
    ),
    "GetDocumentationVersion": lambda w: (
        doc_version(w)
        and w.client.get_documentation_version(restApiId=w.api, documentationVersion="v1")
    ),
    "GetDocumentationVersions": lambda w: (
        doc_version(w) and w.client.get_documentation_versions(restApiId=w.api)
    ),
    "UpdateDocumentationVersion": lambda w: (
        doc_version(w)
        and w.client.update_documentation_version(
            restApiId=w.api,
            documentationVersion="v1",
            patchOperations=[{"op": "replace", "path": "/description", "value": "new"}],
        )
    ),
    "DeleteDocumentationVersion": lambda w: (
        doc_version(w)
        and w.client.delete_documentation_version(restApiId=w.api, documentationVersion="v1")
    ),
    "CreateDomainName": lambda w: w.client.create_domain_name(
        domainName=DOMAIN,
        endpointConfiguration={"types": ["REGIONAL"]},
        regionalCertificateArn=CERT,
        tags={"a": "b"},
    ),
    "GetDomainName": lambda w: domain(w) and w.client.get_domain_name(domainName=DOMAIN),
    "GetDomainNames": lambda w: domain(w) and w.client.get_domain_names(),
    "UpdateDomainName": lambda w: (
        domain(w)
        and w.client.update_domain_name(
            domainName=DOMAIN,
            patchOperations=[{"op": "replace", "path": "/certificateName", "value": "c"}],
        )
    ),
    "DeleteDomainName": lambda w: domain(w) and w.client.delete_domain_name(domainName=DOMAIN),
    "CreateBasePathMapping": lambda w: (
        domain(w)
        and w.client.create_base_path_mapping(domainName=DOMAIN, restApiId=w.api, stage="prod")
    ),
    "GetBasePathMapping": lambda w: (
        mapping(w) and w.client.get_base_path_mapping(domainName=DOMAIN, basePath="(none)")
    ),
    "GetBasePathMappings": lambda w: (
        mapping(w) and w.client.get_base_path_mappings(domainName=DOMAIN)
    ),
    "UpdateBasePathMapping": lambda w: (
        mapping(w)
        and w.client.update_base_path_mapping(
            domainName=DOMAIN,
            basePath="(none)",
            patchOperations=[{"op": "replace", "path": "/basePath", "value": "v1"}],
        )
    ),
    "DeleteBasePathMapping": lambda w: (
        mapping(w) and w.client.delete_base_path_mapping(domainName=DOMAIN, basePath="(none)")
    ),
}

DOMAIN = "api.example.com"
CERT = "arn:aws:acm:us-east-1:123456789012:certificate/c"


def domain(w: World) -> str:
    return str(w.client.create_domain_name(domainName=DOMAIN, certificateArn=CERT)["domainName"])


def mapping(w: World) -> str:
    domain(w)
    created = w.client.create_base_path_mapping(domainName=DOMAIN, restApiId=w.api, stage="prod")
    return str(created["basePath"])


def doc_part(w: World, kind: str = "API") -> str:
    location = {"type": kind, "name": "Pet"} if kind == "MODEL" else {"type": kind}
    created = w.client.create_documentation_part(
        restApiId=w.api, location=location, properties='{"d": 1}'
    )
    return str(created["id"])


def doc_version(w: World) -> str:
    return str(
        w.client.create_documentation_version(restApiId=w.api, documentationVersion="v1")["version"]
    )


ERRORS: dict[str, Call] = {
    "CreateRestApi": lambda w: w.client.create_rest_api(name="x", cloneFrom=w.api),
    "GetRestApi": lambda w: w.client.get_rest_api(restApiId="missing"),
    "GetRestApis": lambda w: w.client.get_rest_apis(position="not-a-position"),
    "DeleteRestApi": lambda w: w.client.delete_rest_api(restApiId="missing"),
    "UpdateRestApi": lambda w: w.client.update_rest_api(
        restApiId=w.api, patchOperations=[{"op": "replace", "path": "/nope", "value": "x"}]
    ),
    "GetResources": lambda w: w.client.get_resources(restApiId="missing"),
    "ImportRestApi": lambda w: w.client.import_rest_api(body=b"{not json"),
    "PutRestApi": lambda w: w.client.put_rest_api(restApiId="missing", body=OPENAPI),
    "GetExport": lambda w: w.client.get_export(
        restApiId=w.api, stageName="missing", exportType="swagger"
    ),
    "CreateResource": lambda w: w.client.create_resource(
        restApiId=w.api, parentId="missing", pathPart="x"
    ),
    "PutMethod": lambda w: w.client.put_method(
        restApiId=w.api, resourceId="missing", httpMethod="GET", authorizationType="NONE"
    ),
    "PutIntegration": lambda w: w.client.put_integration(
        restApiId=w.api, resourceId="missing", httpMethod="GET", type="MOCK"
    ),
    "CreateDeployment": lambda w: w.client.create_deployment(
        restApiId=w.api, canarySettings={"percentTraffic": 1.0}
    ),
    "GetDeployment": lambda w: w.client.get_deployment(restApiId=w.api, deploymentId="missing"),
    "GetDeployments": lambda w: w.client.get_deployments(restApiId="missing"),
    "DeleteDeployment": lambda w: w.client.delete_deployment(
        restApiId=w.api, deploymentId=w.deployment
    ),
    "CreateStage": lambda w: w.client.create_stage(
        restApiId=w.api, stageName="prod", deploymentId=w.deployment
    ),
    "GetStage": lambda w: w.client.get_stage(restApiId=w.api, stageName="missing"),
    "GetStages": lambda w: w.client.get_stages(restApiId="missing"),
    "UpdateStage": lambda w: w.client.update_stage(
        restApiId=w.api,
        stageName="prod",
        patchOperations=[{"op": "replace", "path": "/nope", "value": "x"}],
    ),
    "DeleteStage": lambda w: w.client.delete_stage(restApiId=w.api, stageName="missing"),
    "UpdateDeployment": lambda w: w.client.update_deployment(
        restApiId=w.api,
        deploymentId=w.deployment,
        patchOperations=[{"op": "replace", "path": "/name", "value": "x"}],
    ),
    "FlushStageCache": lambda w: w.client.flush_stage_cache(restApiId=w.api, stageName="missing"),
    "FlushStageAuthorizersCache": lambda w: w.client.flush_stage_authorizers_cache(
        restApiId="missing", stageName="prod"
    ),
    "TagResource": lambda w: w.client.tag_resource(resourceArn="bad", tags={"k": "v"}),
    "UntagResource": lambda w: w.client.untag_resource(
        resourceArn=f"arn:aws:apigateway:{REGION}::/restapis/missing", tagKeys=["k"]
    ),
    "GetTags": lambda w: w.client.get_tags(resourceArn=stage_arn(w, "missing")),
    "CreateDocumentationPart": lambda w: w.client.create_documentation_part(
        restApiId=w.api, location={"type": "MODEL"}, properties="{}"
    ),
    "GetDocumentationPart": lambda w: w.client.get_documentation_part(
        restApiId="missing", documentationPartId="abc123"
    ),
    "GetDocumentationParts": lambda w: w.client.get_documentation_parts(restApiId="missing"),
    "UpdateDocumentationPart": lambda w: w.client.update_documentation_part(
        restApiId=w.api,
        documentationPartId=doc_part(w),
        patchOperations=[{"op": "add", "path": "/properties", "value": "{}"}],
    ),
    "DeleteDocumentationPart": lambda w: w.client.delete_documentation_part(
        restApiId=w.api, documentationPartId="abc123"
    ),
    "ImportDocumentationParts": lambda w: w.client.import_documentation_parts(
        restApiId=w.api, body=b"not json"
    ),
    "CreateDocumentationVersion": lambda w: (
        doc_version(w)
        and w.client.create_documentation_version(restApiId=w.api, documentationVersion="v1")
    ),
    "GetDocumentationVersion": lambda w: w.client.get_documentation_version(
        restApiId=w.api, documentationVersion="missing"
    ),
    "GetDocumentationVersions": lambda w: w.client.get_documentation_versions(restApiId="missing"),
    "UpdateDocumentationVersion": lambda w: w.client.update_documentation_version(
        restApiId=w.api,
        documentationVersion=doc_version(w),
        patchOperations=[{"op": "replace", "path": "/version", "value": "x"}],
    ),
    "DeleteDocumentationVersion": lambda w: w.client.delete_documentation_version(
        restApiId=w.api, documentationVersion="missing"
    ),
    "CreateDomainName": lambda w: domain(w) and domain(w),
    "GetDomainName": lambda w: w.client.get_domain_name(domainName="missing.example.com"),
    "GetDomainNames": lambda w: w.client.get_domain_names(limit=0),
    "UpdateDomainName": lambda w: (
        domain(w)
        and w.client.update_domain_name(
            domainName=DOMAIN, patchOperations=[{"op": "replace", "path": "/x", "value": "c"}]
        )
    ),
    "DeleteDomainName": lambda w: w.client.delete_domain_name(domainName="missing.example.com"),
    "CreateBasePathMapping": lambda w: (
        domain(w) and w.client.create_base_path_mapping(domainName=DOMAIN, restApiId="missing")
    ),
    "GetBasePathMapping": lambda w: (
        domain(w) and w.client.get_base_path_mapping(domainName=DOMAIN, basePath="v9")
    ),
    "GetBasePathMappings": lambda w: w.client.get_base_path_mappings(domainName="x.example.com"),
    "UpdateBasePathMapping": lambda w: (
        mapping(w)
        and w.client.update_base_path_mapping(
            domainName=DOMAIN,
            basePath="(none)",
            patchOperations=[{"op": "replace", "path": "/stage", "value": "missing"}],
        )
    ),
    "DeleteBasePathMapping": lambda w: (
        mapping(w) and w.client.delete_base_path_mapping(domainName=DOMAIN, basePath="v9")
    ),
}


def stage_arn(w: World, stage: str = "prod") -> str:
    return f"arn:aws:apigateway:{REGION}::/restapis/{w.api}/stages/{stage}"


# -- the REST API definition ---------------------------------------------------------------


def _get(w: World) -> dict[str, str]:
    return {"restApiId": w.api, "resourceId": w.resource, "httpMethod": "GET"}


def _patch(path: str, value: str, op: str = "replace") -> list[dict[str, str]]:
    return [{"op": op, "path": path, "value": value}]


def _method_response(w: World) -> dict[str, str]:
    params = {**_get(w), "statusCode": "200"}
    w.client.put_method_response(
        **params,
        responseParameters={"method.response.header.h": True},
        responseModels={"application/json": "Empty"},
    )
    return params


def _integration_response(w: World) -> dict[str, str]:
    params = {**_get(w), "statusCode": "200"}
    w.client.put_integration_response(
        **params, selectionPattern="", responseTemplates={"application/json": "", "text/x": "t"}
    )
    return params


def _model(w: World) -> str:
    w.client.create_model(restApiId=w.api, name="Pet", contentType="application/json", schema="{}")
    return "Pet"


def _validator(w: World) -> str:
    return str(w.client.create_request_validator(restApiId=w.api, name="v")["id"])


def _authorizer(w: World) -> str:
    return str(w.client.create_authorizer(restApiId=w.api, name="a", type="TOKEN")["id"])


def _gateway_response(w: World) -> str:
    w.client.put_gateway_response(
        restApiId=w.api, responseType="UNAUTHORIZED", responseTemplates={"text/plain": "no"}
    )
    return "UNAUTHORIZED"


SUCCESSES.update(
    {
        "GetResource": lambda w: w.client.get_resource(
            restApiId=w.api, resourceId=w.resource, embed=["methods"]
        ),
        "UpdateResource": lambda w: w.client.update_resource(
            restApiId=w.api, resourceId=w.resource, patchOperations=_patch("/pathPart", "o")
        ),
        "DeleteResource": lambda w: w.client.delete_resource(
            restApiId=w.api, resourceId=w.resource
        ),
        "GetMethod": lambda w: (_method_response(w), w.client.get_method(**_get(w)))[1],
        "UpdateMethod": lambda w: w.client.update_method(
            **_get(w), patchOperations=_patch("/apiKeyRequired", "true")
        ),
        "DeleteMethod": lambda w: w.client.delete_method(**_get(w)),
        "PutMethodResponse": lambda w: w.client.put_method_response(
            **_get(w), statusCode="200", responseParameters={}, responseModels={}
        ),
        "GetMethodResponse": lambda w: w.client.get_method_response(**_method_response(w)),
        "UpdateMethodResponse": lambda w: w.client.update_method_response(
            **_method_response(w), patchOperations=_patch("/responseModels/text~1x", "Empty", "add")
        ),
        "DeleteMethodResponse": lambda w: w.client.delete_method_response(**_method_response(w)),
        "GetIntegration": lambda w: (
            _integration_response(w),
            w.client.get_integration(**_get(w)),
        )[1],
        "UpdateIntegration": lambda w: w.client.update_integration(
            **_get(w), patchOperations=_patch("/timeoutInMillis", "1000")
        ),
        "DeleteIntegration": lambda w: w.client.delete_integration(**_get(w)),
        "PutIntegrationResponse": lambda w: w.client.put_integration_response(
            **_get(w),
            statusCode="200",
            responseTemplates={"application/json": ""},
            contentHandling="CONVERT_TO_TEXT",
        ),
        "GetIntegrationResponse": lambda w: w.client.get_integration_response(
            **_integration_response(w)
        ),
        "UpdateIntegrationResponse": lambda w: w.client.update_integration_response(
            **_integration_response(w), patchOperations=_patch("/selectionPattern", "5\\d{2}")
        ),
        "DeleteIntegrationResponse": lambda w: w.client.delete_integration_response(
            **_integration_response(w)
        ),
        "CreateModel": lambda w: w.client.create_model(
            restApiId=w.api, name="M", contentType="application/json", schema="{}", description="d"
        ),
        "GetModel": lambda w: w.client.get_model(restApiId=w.api, modelName="Error"),
        "GetModels": lambda w: w.client.get_models(restApiId=w.api, limit=1),
        "UpdateModel": lambda w: w.client.update_model(
            restApiId=w.api, modelName=_model(w), patchOperations=_patch("/schema", "{}")
        ),
        "DeleteModel": lambda w: w.client.delete_model(restApiId=w.api, modelName=_model(w)),
        "CreateRequestValidator": lambda w: w.client.create_request_validator(
            restApiId=w.api, name="v", validateRequestBody=True
        ),
        "GetRequestValidator": lambda w: w.client.get_request_validator(
            restApiId=w.api, requestValidatorId=_validator(w)
        ),
        "GetRequestValidators": lambda w: (
            _validator(w),
            w.client.get_request_validators(restApiId=w.api),
        )[1],
        "UpdateRequestValidator": lambda w: w.client.update_request_validator(
            restApiId=w.api,
            requestValidatorId=_validator(w),
            patchOperations=_patch("/validateRequestBody", "true"),
        ),
        "DeleteRequestValidator": lambda w: w.client.delete_request_validator(
            restApiId=w.api, requestValidatorId=_validator(w)
        ),
        "CreateAuthorizer": lambda w: w.client.create_authorizer(
            restApiId=w.api,
            name="a",
            type="COGNITO_USER_POOLS",
            providerARNs=["arn:aws:cognito-idp:us-east-1:123456789012:userpool/p"],
            identitySource="method.request.header.Authorization",
        ),
        "GetAuthorizer": lambda w: w.client.get_authorizer(
            restApiId=w.api, authorizerId=_authorizer(w)
        ),
        "GetAuthorizers": lambda w: (_authorizer(w), w.client.get_authorizers(restApiId=w.api))[1],
        "UpdateAuthorizer": lambda w: w.client.update_authorizer(
            restApiId=w.api,
            authorizerId=_authorizer(w),
            patchOperations=_patch("/authorizerResultTtlInSeconds", "10"),
        ),
        "DeleteAuthorizer": lambda w: w.client.delete_authorizer(
            restApiId=w.api, authorizerId=_authorizer(w)
        ),
        "PutGatewayResponse": lambda w: w.client.put_gateway_response(
            restApiId=w.api,
            responseType="DEFAULT_4XX",
            statusCode="488",
            responseParameters={"gatewayresponse.header.h": "'v'"},
        ),
        "GetGatewayResponse": lambda w: w.client.get_gateway_response(
            restApiId=w.api, responseType="DEFAULT_5XX"
        ),
        "GetGatewayResponses": lambda w: (
            _gateway_response(w),
            w.client.get_gateway_responses(restApiId=w.api),
        )[1],
        "UpdateGatewayResponse": lambda w: w.client.update_gateway_response(
            restApiId=w.api,
            responseType=_gateway_response(w),
            patchOperations=_patch("/responseTemplates/application~1xml", "<m/>", "add"),
        ),
        "DeleteGatewayResponse": lambda w: w.client.delete_gateway_response(
            restApiId=w.api, responseType=_gateway_response(w)
        ),
    }
)

ERRORS.update(
    {
        "GetResource": lambda w: w.client.get_resource(restApiId=w.api, resourceId="missing"),
        "UpdateResource": lambda w: w.client.update_resource(
            restApiId=w.api, resourceId=w.resource, patchOperations=_patch("/x", "y")
        ),
        "DeleteResource": lambda w: w.client.delete_resource(restApiId=w.api, resourceId=w.root),
        "GetMethod": lambda w: w.client.get_method(**{**_get(w), "httpMethod": "PUT"}),
        "UpdateMethod": lambda w: w.client.update_method(
            **_get(w), patchOperations=_patch("/httpMethod", "PUT")
        ),
        "DeleteMethod": lambda w: w.client.delete_method(**{**_get(w), "httpMethod": "PUT"}),
        "PutMethodResponse": lambda w: w.client.put_method_response(
            **_get(w), statusCode="200", responseModels={"application/json": "Nope"}
        ),
        "GetMethodResponse": lambda w: w.client.get_method_response(**_get(w), statusCode="404"),
        "UpdateMethodResponse": lambda w: w.client.update_method_response(
            **_method_response(w), patchOperations=_patch("/responseParameters/x", "true", "remove")
        ),
        "DeleteMethodResponse": lambda w: w.client.delete_method_response(
            **_get(w), statusCode="404"
        ),
        "GetIntegration": lambda w: w.client.get_integration(
            restApiId="missing", resourceId=w.resource, httpMethod="GET"
        ),
        "UpdateIntegration": lambda w: w.client.update_integration(
            **_get(w), patchOperations=_patch("/type", "HTTP")
        ),
        "DeleteIntegration": lambda w: w.client.delete_integration(
            **{**_get(w), "httpMethod": "PUT"}
        ),
        "PutIntegrationResponse": lambda w: w.client.put_integration_response(
            **_get(w), statusCode="200", responseTemplates={"123": "x"}
        ),
        "GetIntegrationResponse": lambda w: w.client.get_integration_response(
            **_get(w), statusCode="500"
        ),
        "UpdateIntegrationResponse": lambda w: w.client.update_integration_response(
            **_integration_response(w), patchOperations=_patch("/statusCode", "201")
        ),
        "DeleteIntegrationResponse": lambda w: w.client.delete_integration_response(
            **{**_get(w), "httpMethod": "POST"}, statusCode="200"
        ),
        "CreateModel": lambda w: w.client.create_model(
            restApiId=w.api, name="Empty", contentType="application/json", schema="{}"
        ),
        "GetModel": lambda w: w.client.get_model(restApiId=w.api, modelName="Nope"),
        "GetModels": lambda w: w.client.get_models(restApiId="missing"),
        "UpdateModel": lambda w: w.client.update_model(
            restApiId=w.api, modelName="Empty", patchOperations=_patch("/name", "x")
        ),
        "DeleteModel": lambda w: w.client.delete_model(restApiId=w.api, modelName="Nope"),
        "CreateRequestValidator": lambda w: w.client.create_request_validator(
            restApiId="missing", name="v"
        ),
        "GetRequestValidator": lambda w: w.client.get_request_validator(
            restApiId=w.api, requestValidatorId="missing"
        ),
        "GetRequestValidators": lambda w: w.client.get_request_validators(restApiId="missing"),
        "UpdateRequestValidator": lambda w: w.client.update_request_validator(
            restApiId=w.api, requestValidatorId=_validator(w), patchOperations=_patch("/name", "")
        ),
        "DeleteRequestValidator": lambda w: w.client.delete_request_validator(
            restApiId=w.api, requestValidatorId="missing"
        ),
        "CreateAuthorizer": lambda w: w.client.create_authorizer(
            restApiId="missing", name="a", type="TOKEN"
        ),
        "GetAuthorizer": lambda w: w.client.get_authorizer(restApiId=w.api, authorizerId="nope"),
        "GetAuthorizers": lambda w: w.client.get_authorizers(restApiId="missing"),
        "UpdateAuthorizer": lambda w: w.client.update_authorizer(
            restApiId=w.api, authorizerId=_authorizer(w), patchOperations=_patch("/x", "y")
        ),
        "DeleteAuthorizer": lambda w: w.client.delete_authorizer(
            restApiId=w.api, authorizerId="nope"
        ),
        "PutGatewayResponse": lambda w: w.client.put_gateway_response(
            restApiId="missing", responseType="DEFAULT_4XX"
        ),
        "GetGatewayResponse": lambda w: w.client.get_gateway_response(
            restApiId="missing", responseType="DEFAULT_4XX"
        ),
        "GetGatewayResponses": lambda w: w.client.get_gateway_responses(restApiId="missing"),
        "UpdateGatewayResponse": lambda w: w.client.update_gateway_response(
            restApiId=w.api,
            responseType="THROTTLED",
            patchOperations=_patch("/statusCode", "444", "add"),
        ),
        "DeleteGatewayResponse": lambda w: w.client.delete_gateway_response(
            restApiId=w.api, responseType="THROTTLED"
        ),
    }
)


def test_every_emulated_operation_is_covered() -> None:
    assert set(SUCCESSES) == set(ERRORS) == EMULATED_OPERATIONS


# -- an independent rendering of AWS's HTTP answer ------------------------------------------


def wire_json(shape: Any, value: Any) -> Any:
    """``value`` (keyed by member names) with AWS's JSON member names, by walking the model."""
    if shape.type_name == "structure":
        return {
            shape.members[name].serialization.get("name", name): wire_json(shape.members[name], v)
            for name, v in value.items()
        }
    if shape.type_name == "list":
        return [wire_json(shape.member, item) for item in value]
    if shape.type_name == "map":
        return {key: wire_json(shape.value, item) for key, item in value.items()}
    return value


def botocore_parse(operation_model: Any, status: int, headers: Any, body: bytes) -> Any:
    """What botocore's Endpoint makes of this HTTP answer (parse + modelled error fields)."""
    response = {
        "headers": HeadersDict(headers),
        "status_code": status,
        "body": body,
        "context": {"operation_name": operation_model.name},
    }
    parser = create_parser("rest-json")
    parsed = parser.parse(response, operation_model.output_shape)
    if status >= 300:
        code = parsed.get("Error", {}).get("Code")
        error_shape = operation_model.service_model.shape_for_error_code(code)
        if error_shape is not None:
            parsed.update(parser.parse(response, error_shape))
    parsed["ResponseMetadata"]["RetryAttempts"] = 0
    return parsed


def typed(value: Any) -> Any:
    """``value`` with every leaf tagged by its type (and a datetime by its tz class)."""
    if isinstance(value, dict):
        return {key: typed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [typed(item) for item in value]
    if isinstance(value, datetime.datetime):
        return ("datetime", value, type(value.tzinfo).__name__)
    return (type(value).__name__, value)


def check(world: World, operation: str, returned: Any) -> None:
    answer = world.answers[-1]
    http = world.http[-1]
    operation_model = world.client.meta.service_model.operation_model(operation)
    body: dict[str, Any] | None
    output = operation_model.output_shape
    if not isinstance(answer, ApiError) and output and output.serialization.get("payload"):
        check_payload(operation_model, answer, http, returned)
        return
    if isinstance(answer, ApiError):
        status, body = answer.status, {"message": answer.message}
        assert http.headers["x-amzn-errortype"] == answer.code
    else:
        status = answer.status
        shape = operation_model.output_shape
        body = None if shape is None else wire_json(shape, dict(answer.body))
    content = b"" if body is None else json.dumps(body).encode()
    assert http.status_code == status
    assert (json.loads(http.content) if http.content else None) == body
    assert int(http.headers["content-length"]) == len(http.content)
    assert http.headers["content-type"] == "application/json"

    expected = botocore_parse(operation_model, status, http.headers, content)
    assert typed(returned) == typed(expected)
    # Key order too: the AWS CLI prints dicts in this order.
    assert list(returned) == list(expected)


def check_payload(operation_model: Any, answer: Any, http: Any, returned: Any) -> None:
    """An answer whose body is a blob payload (GetExport): the bytes as the body, the header
    members as headers; botocore gives the header members and the body as a StreamingBody."""
    shape = operation_model.output_shape
    payload = shape.serialization["payload"]
    content = answer.body[payload]
    assert http.status_code == answer.status
    assert http.content == content
    assert int(http.headers["content-length"]) == len(content)
    for name, member in shape.members.items():
        if member.serialization.get("location") == "header":
            assert http.headers[member.serialization["name"]] == answer.body[name]
    response = {
        "headers": HeadersDict(http.headers),
        "status_code": http.status_code,
        "body": StreamingBody(io.BytesIO(content), len(content)),
        "context": {"operation_name": operation_model.name},
    }
    expected = create_parser("rest-json").parse(response, shape)
    expected["ResponseMetadata"]["RetryAttempts"] = 0
    streamed = returned[payload]
    assert isinstance(streamed, StreamingBody)
    assert list(returned) == list(expected)
    assert streamed.read() == expected[payload].read() == content
    assert typed({**returned, payload: None}) == typed({**expected, payload: None})


@pytest.mark.parametrize("operation", sorted(SUCCESSES))
def test_success_parses_like_botocore(world: World, operation: str) -> None:
    returned = SUCCESSES[operation](world)
    assert not isinstance(world.answers[-1], ApiError)
    check(world, operation, returned)


@pytest.mark.parametrize("operation", sorted(ERRORS))
def test_error_parses_like_botocore(world: World, operation: str) -> None:
    with pytest.raises(world.client.exceptions.ClientError) as caught:
        ERRORS[operation](world)
    error = world.answers[-1]
    assert isinstance(error, ApiError)
    assert type(caught.value) is world.client.exceptions.from_code(error.code)
    assert caught.value.response["message"] == caught.value.response["Error"]["Message"]
    check(world, operation, caught.value.response)


def test_mock_helpers_return_the_client_answer(world: World) -> None:
    from apigw_canary_mock import active_mock

    stage = world.client.get_stage(restApiId=world.api, stageName="prod")
    del stage["ResponseMetadata"]
    assert typed(active_mock().get_stage(world.api, "prod")) == typed(stage)
    stages = world.client.get_stages(restApiId=world.api)
    del stages["ResponseMetadata"]
    assert typed(active_mock().get_stages(world.api)) == typed(stages)


@pytest.mark.parametrize(
    ("code", "call"),
    [
        (
            "ValidationException",
            lambda w: w.client.put_integration(
                restApiId=w.api, resourceId=w.root, httpMethod="GET", type="HTTPS_PROXY"
            ),
        ),
        (
            "SerializationException",
            lambda w: boto3.client(
                "apigateway",
                region_name=REGION,
                config=botocore.config.Config(parameter_validation=False),
            ).put_integration(
                restApiId=w.api,
                resourceId=w.root,
                httpMethod="GET",
                type="MOCK",
                requestTemplates={"application/json": 5},
            ),
        ),
    ],
)
def test_validation_layer_error_parses_like_botocore(world: World, code: str, call: Call) -> None:
    """AWS's validation layer (surface §1.1): its codes are not modelled apigateway errors,
    so botocore's parse of AWS's answer (``{"message": ...}``, x-amzn-errortype) has Error and
    ResponseMetadata only, no top-level ``message``."""
    answers = len(world.answers)
    client_error = world.client.exceptions.ClientError
    with pytest.raises(client_error) as caught:
        call(world)
    assert len(world.answers) == answers  # answered before the operation handler
    assert type(caught.value) is client_error
    returned = caught.value.response
    http = world.http[-1] if code == "ValidationException" else None
    message = returned["Error"]["Message"]
    body = json.dumps({"message": message}).encode()
    if http is not None:
        assert http.status_code == 400
        assert json.loads(http.content) == {"message": message}
        assert http.headers["x-amzn-errortype"] == code
        headers = http.headers
    else:
        headers = returned["ResponseMetadata"]["HTTPHeaders"]
    operation_model = world.client.meta.service_model.operation_model("PutIntegration")
    expected = botocore_parse(operation_model, 400, headers, body)
    assert typed(returned) == typed(expected)
    assert list(returned) == list(expected) == ["Error", "ResponseMetadata"]
    assert returned["Error"] == {"Message": message, "Code": code}


@pytest.mark.parametrize(
    "operation",
    [
        "TagResource",
        "UntagResource",
        "DeleteMethod",
        "DeleteMethodResponse",
        "DeleteIntegration",
        "DeleteIntegrationResponse",
    ],
)
def test_no_content_answer_parses_like_botocore(world: World, operation: str) -> None:
    """A 204 with an empty body (TagResource, UntagResource; deployment-surface §3/§5.4: the
    Deletes of methods, method responses, integrations and integration responses): botocore's
    parse of the same HTTP answer is ResponseMetadata alone, as the client returned."""
    returned = SUCCESSES[operation](world)
    http = world.http[-1]
    assert http.status_code == 204
    assert http.content == b""
    assert http.headers["content-length"] == "0"
    operation_model = world.client.meta.service_model.operation_model(operation)
    assert operation_model.output_shape is None
    expected = botocore_parse(operation_model, 204, http.headers, b"")
    assert returned == expected
    assert list(returned) == ["ResponseMetadata"]
    assert returned["ResponseMetadata"]["HTTPStatusCode"] == 204
