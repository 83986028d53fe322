"""Whatever a caller passes, a handler answers or raises ApiError, never a Python error."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apigw_canary_mock.core.errors import ApiError
from apigw_canary_mock.core.store import StateStore
from apigw_canary_mock.operations import OPERATIONS

from .helpers import ACCOUNT, REGION, body, deploy, make_api

MEMBERS = [
    "restApiId",
    "stageName",
    "deploymentId",
    "description",
    "stageDescription",
    "variables",
    "canarySettings",
    "patchOperations",
    "cacheClusterEnabled",
    "cacheClusterSize",
    "tracingEnabled",
    "limit",
    "position",
    "embed",
    "parentId",
    "resourceId",
    "pathPart",
    "httpMethod",
    "authorizationType",
    "type",
    "uri",
    "integrationHttpMethod",
    "name",
    "tags",
    "resourceArn",
    "tagKeys",
    "location",
    "properties",
    "documentationPartId",
    "documentationVersion",
    "body",
    "mode",
    "failOnWarnings",
    "nameQuery",
    "path",
    "locationStatus",
    "domainName",
    "domainNameId",
    "basePath",
    "stage",
    "certificateArn",
    "regionalCertificateArn",
    "endpointConfiguration",
    "mutualTlsAuthentication",
    "resourceOwner",
    # The REST API definition.
    "statusCode",
    "modelName",
    "contentType",
    "schema",
    "requestValidatorId",
    "authorizerId",
    "authorizerUri",
    "requestParameters",
    "requestModels",
    "responseParameters",
    "responseModels",
    "responseTemplates",
    "requestTemplates",
    "selectionPattern",
    "contentHandling",
    "connectionType",
    "passthroughBehavior",
    "timeoutInMillis",
    "cacheKeyParameters",
    "authorizationScopes",
    "providerARNs",
    "authorizerResultTtlInSeconds",
    "validateRequestBody",
    "tlsConfig",
]
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 1000),
    st.floats(allow_nan=True),
    st.sampled_from(["", "prod", "GET", "MOCK", "NONE", "/", "*/*", "true", "50", "x y"]),
    st.text(max_size=8),
)
patch_ops = st.lists(
    st.dictionaries(
        st.sampled_from(["op", "path", "value", "from"]),
        st.one_of(
            st.none(),
            st.sampled_from(
                [
                    "add",
                    "remove",
                    "replace",
                    "copy",
                    "move",
                    "/canarySettings/percentTraffic",
                    "/canarySettings/deploymentId",
                    "/canarySettings/stageVariableOverrides/a",
                    "/canarySettings",
                    "/deploymentId",
                    "/variables",
                    "/variables/a",
                    "/*/*/throttling/burstLimit",
                    "/*/*",
                    "/accessLogSettings/format",
                    "/cacheClusterSize",
                    "",
                    "50",
                    "true",
                ]
            ),
            st.text(max_size=6),
        ),
    ),
    max_size=4,
)
values = st.one_of(
    scalars,
    st.lists(scalars, max_size=3),
    st.dictionaries(st.text(max_size=4), scalars, max_size=3),
    patch_ops,
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    operation=st.sampled_from(sorted(OPERATIONS)),
    params=st.dictionaries(st.sampled_from(MEMBERS), values, max_size=8),
    real_api=st.booleans(),
    real_stage=st.booleans(),
)
def test_handlers_only_raise_api_errors(
    operation: str, params: dict[str, Any], real_api: bool, real_stage: bool
) -> None:
    backend = StateStore(seed=1).backend(ACCOUNT, REGION)
    api_id = make_api(backend)
    dep = deploy(backend, api_id, stageName="prod", variables={"a": "1"})
    if real_api:
        params["restApiId"] = api_id
    if real_stage:
        params["stageName"] = "prod"
        params.setdefault("deploymentId", dep)
    before = copy.deepcopy(backend.rest_apis)
    try:
        OPERATIONS[operation](backend, params)
    except ApiError:
        assert backend.rest_apis == before
    if not operation.startswith("Delete"):
        body(backend, "GetStage", restApiId=api_id, stageName="prod")
