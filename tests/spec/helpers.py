"""Helpers and the spec's exact texts for the end-to-end acceptance suite.

Every text below is copied from spec/aws-behaviour.md character for character, AWS's own
glitches (missing spaces, trailing spaces, double spaces, odd quoting) included.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import pytest
from botocore.exceptions import ClientError

ACCOUNT_ID = "123456789012"
REGION = "us-east-1"
STAGE = "prod"

REST_API_ID = re.compile(r"^[a-z0-9]{10}$")
SHORT_ID = re.compile(r"^[a-z0-9]{6}$")

# --- §1 shapes --------------------------------------------------------------------------------
BARE_STAGE_KEYS = frozenset(
    {
        "stageName",
        "deploymentId",
        "cacheClusterEnabled",
        "cacheClusterStatus",
        "methodSettings",
        "tracingEnabled",
        "createdDate",
        "lastUpdatedDate",
    }
)
CANARY_KEYS = frozenset({"deploymentId", "percentTraffic", "useStageCache"})

# --- §2 CreateDeployment ------------------------------------------------------------------------
NO_METHODS = "The REST API doesn't contain any methods"
NO_INTEGRATION = "No integration defined for method"
CANARY_STAGE_NAME_NULL = (
    "Invalid deployment content specified.Non null and non empty stageName must be provided "
    "for canary deployment. Provided value is null"
)
CANARY_STAGE_NAME_EMPTY = (
    "Invalid deployment content specified.Non null and non empty stageName must be provided "
    "for canary deployment. Provided value is "
)


def canary_stage_missing(stage: str) -> str:
    return (
        f"Invalid deployment content specified.Stage {stage} must already be created before "
        "making a canary release deployment"
    )


def non_canary_on_canary_stage(stage: str) -> str:
    return (
        "Invalid deployment content specified.Non canary deployment not supported on stage "
        f"{stage} because Canary is enabled. Provide CanarySettings in deploymentInput."
    )


# --- §3 CreateStage -----------------------------------------------------------------------------
STAGE_EXISTS = "Stage already exists"
DEPLOYMENT_ID_MISSING = "Deployment id does not exist"

# --- §4 UpdateStage -----------------------------------------------------------------------------
SETTING_PATHS_LIST = (
    "[/deploymentId, /description, /cacheClusterEnabled, /cacheClusterSize, /clientCertificateId, "
    "/accessLogSettings, /accessLogSettings/destinationArn, /accessLogSettings/format, "
    "/{resourcePath}/{httpMethod}/metrics/enabled, /{resourcePath}/{httpMethod}/logging/dataTrace, "
    "/{resourcePath}/{httpMethod}/logging/loglevel, "
    "/{resourcePath}/{httpMethod}/throttling/burstLimit"
    "/{resourcePath}/{httpMethod}/throttling/rateLimit"
    "/{resourcePath}/{httpMethod}/caching/ttlInSeconds, "
    "/{resourcePath}/{httpMethod}/caching/enabled, "
    "/{resourcePath}/{httpMethod}/caching/dataEncrypted, "
    "/{resourcePath}/{httpMethod}/caching/requireAuthorizationForCacheControl, "
    "/{resourcePath}/{httpMethod}/caching/unauthorizedCacheControlHeaderStrategy, "
    "/*/*/metrics/enabled, /*/*/logging/dataTrace, /*/*/logging/loglevel, "
    "/*/*/throttling/burstLimit /*/*/throttling/rateLimit /*/*/caching/ttlInSeconds, "
    "/*/*/caching/enabled, /*/*/caching/dataEncrypted, "
    "/*/*/caching/requireAuthorizationForCacheControl, "
    "/*/*/caching/unauthorizedCacheControlHeaderStrategy, /variables/{variable_name}, "
    "/tracingEnabled]"
)
PROMOTION_WITHOUT_CANARY = "Promotion not available. Canary does not exist."
ACCESS_LOG_PATH_INVALID = (
    "Invalid accessLogSettings path. Must be one of : "
    "[/accessLogSettings/destinationArn, /accessLogSettings/format]"
)
ACCESS_LOG_VALUE_EMPTY = "Access Log value must not be empty"

METHOD_SETTING_DEFAULTS: dict[str, Any] = {
    "cacheDataEncrypted": False,
    "cacheTtlInSeconds": 300,
    "cachingEnabled": False,
    "dataTraceEnabled": False,
    "metricsEnabled": False,
    "requireAuthorizationForCacheControl": True,
    "throttlingBurstLimit": 5000,
    "throttlingRateLimit": 10000.0,
    "unauthorizedCacheControlHeaderStrategy": "SUCCEED_WITH_RESPONSE_HEADER",
}


def invalid_setting_path(path: str) -> str:
    return f"Invalid method setting path: {path}. Must be one of: {SETTING_PATHS_LIST}"


def invalid_add(path: str) -> str:
    return f"Invalid add operation with path: {path}"


def cannot_remove(setting: str) -> str:
    return (
        f"Cannot remove method setting {setting} because there is no method setting for this "
        "method "
    )


def invalid_copy(path: str, from_: str) -> str:
    return (
        f"Invalid copy operation with path: {path} and from {from_}. Valid copy:path are "
        "[/deploymentId, /variables] and valid copy:from are "
        "[/canarySettings/deploymentId, /canarySettings/stageVariableOverrides]"
    )


# --- §5, §6 -------------------------------------------------------------------------------------
STAGE_NOT_FOUND = "Invalid stage identifier specified"
DEPLOYMENT_NOT_FOUND = "Invalid Deployment identifier specified"
ACTIVE_STAGES = "Active stages pointing to this deployment must be moved or deleted"


def api_not_found(rest_api_id: str) -> str:
    return f"Invalid API identifier specified {ACCOUNT_ID}:{rest_api_id}"


# --- §7 values ----------------------------------------------------------------------------------
def bad_variable_name(name: str) -> str:
    return f"Invalid stage variable name: {name}.  Please use names with only word characters."


def bad_variable_value(value: str) -> str:
    return (
        f"Invalid stage variable value: {value}.  Please use values with alphanumeric characters "
        "and the symbols ' ', -', '.', '_', ':', '/', '?', '&', '=', and ','."
    )


# --- calls --------------------------------------------------------------------------------------
def body(response: dict[str, Any]) -> dict[str, Any]:
    """The response without its ResponseMetadata."""
    return {key: value for key, value in response.items() if key != "ResponseMetadata"}


def status_of(response: dict[str, Any]) -> int:
    return int(response["ResponseMetadata"]["HTTPStatusCode"])


def deploy(client: Any, api: str, **kwargs: Any) -> str:
    """CreateDeployment; returns the new deployment id."""
    return str(client.create_deployment(restApiId=api, **kwargs)["id"])


def create_stage(
    client: Any, api: str, name: str = STAGE, deployment_id: str | None = None, **kwargs: Any
) -> dict[str, Any]:
    """CreateStage on ``deployment_id`` (a fresh deployment when None); returns the body."""
    if deployment_id is None:
        deployment_id = deploy(client, api)
    response = client.create_stage(
        restApiId=api, stageName=name, deploymentId=deployment_id, **kwargs
    )
    return body(response)


def create_canary_stage(
    client: Any,
    api: str,
    name: str = STAGE,
    percent: float = 10.0,
    overrides: dict[str, str] | None = None,
    variables: dict[str, str] | None = None,
) -> tuple[str, str]:
    """A stage on a base deployment with a canary deployment on top: (base_id, canary_id)."""
    base_id = deploy(client, api)
    stage_kwargs: dict[str, Any] = {}
    if variables is not None:
        stage_kwargs["variables"] = variables
    create_stage(client, api, name, base_id, **stage_kwargs)
    canary: dict[str, Any] = {"percentTraffic": percent}
    if overrides is not None:
        canary["stageVariableOverrides"] = overrides
    canary_id = deploy(client, api, stageName=name, canarySettings=canary)
    return base_id, canary_id


def root_resource_id(client: Any, rest_api_id: str) -> str:
    """The id of the API's "/" resource, read through GetResources."""
    resources = client.get_resources(restApiId=rest_api_id)["items"]
    return str(next(item["id"] for item in resources if item["path"] == "/"))


def get_stage(client: Any, api: str, name: str = STAGE) -> dict[str, Any]:
    return body(client.get_stage(restApiId=api, stageName=name))


def patch(op: str, path: str, value: str | None = None, from_: str | None = None) -> dict[str, str]:
    operation = {"op": op, "path": path}
    if value is not None:
        operation["value"] = value
    if from_ is not None:
        operation["from"] = from_
    return operation


def update(client: Any, api: str, *operations: dict[str, str], name: str = STAGE) -> dict[str, Any]:
    """UpdateStage; returns the body after checking the 200."""
    response = client.update_stage(restApiId=api, stageName=name, patchOperations=list(operations))
    assert status_of(response) == 200
    return body(response)


def deployment_ids(client: Any, api: str) -> list[str]:
    return [item["id"] for item in client.get_deployments(restApiId=api)["items"]]


def assert_datetime(value: Any) -> None:
    assert isinstance(value, datetime), value
    assert value.tzinfo is not None, value


class RaisedError:
    """What ``raises_api_error`` captured: the response of the ClientError."""

    response: dict[str, Any]

    @property
    def message(self) -> str:
        return str(self.response["Error"]["Message"])


@contextmanager
def raises_api_error(
    client: Any, code: str, status: int, message: str | None = None
) -> Iterator[RaisedError]:
    """Expect the block to raise the client's modelled ``code`` error, answered like AWS.

    Checks Error.Code, the HTTP status, the top-level ``message`` member equal to Error.Message,
    the ResponseMetadata members and, when given, the exact message.
    """
    captured = RaisedError()
    with pytest.raises(ClientError) as info:
        yield captured
    error = info.value
    captured.response = error.response
    assert error.response["Error"]["Code"] == code, error.response
    assert isinstance(error, getattr(client.exceptions, code)), type(error)
    metadata = error.response["ResponseMetadata"]
    assert metadata["HTTPStatusCode"] == status, metadata
    assert {"RequestId", "HTTPStatusCode", "HTTPHeaders", "RetryAttempts"} <= set(metadata)
    assert error.response.get("message") == error.response["Error"]["Message"], error.response
    if message is not None:
        assert error.response["Error"]["Message"] == message


# --- deployment-surface §2.3-§2.5, §3.1-§3.5, §3.10-§3.12: the REST API definition -----------
# Copied from spec/aws-deployment-surface.md (double spaces and all).
RESOURCE_NOT_FOUND = "Invalid Resource identifier specified"
METHOD_NOT_FOUND = "Invalid Method identifier specified"
INTEGRATION_NOT_FOUND = "Invalid Integration identifier specified"
STATUS_CODE_NOT_FOUND = "Invalid Response status code specified"
PARAMETER_NOT_FOUND = "Invalid parameter name specified"
CONTENT_TYPE_NOT_FOUND = "Content-Type specified was not found"
GREEDY_CHILD = "Cannot create a child of a resource with a greedy path variable: {proxy+}"
PROXY_SIBLING = (
    "A sibling ({proxy+}) of this resource already has a variable path part -- only one is allowed"
)
CYCLICAL = "Resources cannot be cyclical."
ROOT_PATH_PART = "Root resource cannot update its pathPart."
ROOT_PARENT_ID = "Root resource cannot update its parentId."
DELETE_ROOT = "Cannot delete root resource"
INVALID_HTTP_METHOD = (
    "Invalid HttpMethod specified. Valid options are GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY"
)
NEEDS_AUTHORIZER = (
    "Invalid authorizer ID specified. Setting the authorization type to CUSTOM or "
    "COGNITO_USER_POOLS requires a valid authorizer."
)
VALIDATOR_NOT_FOUND = "Invalid Request Validator identifier specified"
UNIQUE_PARAMETERS = "Parameter names must be unique across querystring, header and path"
BOOLEAN_MAPPING_EXPRESSION = (
    "Invalid mapping expression specified: Validation Result: warnings : [], errors : "
    "[Invalid mapping expression specified: true]"
)
REPLACE_ONLY = "Invalid patch operation specified. Must be one of: [replace]"
HTTP_METHOD_EMPTY = "Enumeration value for HttpMethod must be non-empty"
INVALID_HTTP_ENDPOINT = "Invalid HTTP endpoint specified for URI"
INVALID_ARN = "Invalid ARN specified in the request"
ARN_PATH_OR_ACTION = "AWS ARN for integration must contain path or action"
AWS_PROXY_TARGETS = (
    "Integrations of type 'AWS_PROXY' currently only supports Lambda function and Firehose "
    "stream invocations."
)
INVALID_CONTENT_TYPE_123 = (
    "Validation Result: warnings : [], errors : [Invalid content type specified: 123]"
)
MODEL_EXISTS = "Model name already exists for this REST API"
MODEL_NAME_EMPTY = "Model name must be non-empty"
MODEL_SCHEMA_EMPTY = "Model schema must have at least 1 property or array items defined"
EMPTY_MODEL_SCHEMA = (
    '{"$schema":"http://json-schema.org/draft-04/schema#","title":"Empty Schema","type":"object"}'
)
ERROR_MODEL_SCHEMA = (
    '{"$schema":"http://json-schema.org/draft-04/schema#","title":"Error Schema","type":"object",'
    '"properties":{"message":{"type":"string"}}}'
)
EMPTY_MODEL_DESCRIPTION = "This is a default empty schema model"
ERROR_MODEL_DESCRIPTION = "This is a default error schema model"
INVALID_REST_API = "Invalid REST API identifier specified"
VALIDATOR_NAME_BLANK = "Request Validator name cannot be blank"
VALIDATOR_PATHS = "[/name, /validateRequestParameters, /validateRequestBody]"
CONCURRENT_MODIFICATION = (
    "Unable to complete operation due to concurrent modification. Please try again later."
)
AUTHORIZER_NOT_FOUND = "Invalid Authorizer identifier specified"


def resource_name_taken(path_part: str) -> str:
    return f"Another resource with the same parent already has this name: {path_part}"


def invalid_patch_path(path: str) -> str:
    return f"Invalid patch path {path}"


def patch_path_not_listed(path: str, op: str, listing: str) -> str:
    return f"Invalid patch path  '{path}' specified for op '{op}'. Must be one of: {listing}"


def patch_op_unsupported(path: str, op: str) -> str:
    return (
        f"Invalid patch path  '{path}' specified for op '{op}'. Please choose supported operations"
    )


def unknown_model_reference(name: str) -> str:
    return f"Invalid model identifier specified: {name}"


def model_not_found(name: str) -> str:
    return f"Invalid model name specified: {name}"


def model_in_use(name: str, where: str) -> str:
    return f"Cannot delete model '{name}', is referenced in method request: {where}"


def authorizer_in_use(where: str) -> str:
    return f"Cannot delete authorizer, is referenced in method: {where}"


def op(op_name: str, path: str, value: str | None = None) -> dict[str, str]:
    """One patch operation (``patch`` with the op first, for the definition's tables)."""
    return patch(op_name, path, value)


def new_api(client: Any, name: str = "definition") -> tuple[str, str]:
    """A fresh REST API: (restApiId, root resource id)."""
    created = client.create_rest_api(name=name)
    return str(created["id"]), str(created["rootResourceId"])
