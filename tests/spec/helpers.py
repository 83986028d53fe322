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


#: Set on the clients of the acceptance suite that go through the endpoint (``serve``).
ENDPOINT_CLIENT = "_apigw_canary_mock_endpoint_client"


class RaisedMockError:
    """What ``raises_mock_error`` caught: the error's class name and text."""

    name = ""
    message = ""


@contextmanager
def raises_mock_error(client: Any, error_class: type[Exception]) -> Iterator[RaisedMockError]:
    """Expect the mock's own ``error_class`` (a MockError): raised in-process; through the
    endpoint, the answer AWS SDKs parse (501, that class's name as the error code)."""
    caught = RaisedMockError()
    if not getattr(client, ENDPOINT_CLIENT, False):
        with pytest.raises(error_class) as raised:
            yield caught
        caught.name, caught.message = type(raised.value).__name__, str(raised.value)
        return
    with pytest.raises(ClientError) as answered:
        yield caught
    response = answered.value.response
    assert response["Error"]["Code"] == error_class.__name__, response
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 501, response
    caught.name, caught.message = response["Error"]["Code"], response["Error"]["Message"]


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


# === aws-deployment-surface.md §1: AWS's request-validation layer ================================
# Texts copied from §1.2, §1.3, §1.5 and §1.1 of aws-deployment-surface.md.
OP_ENUM = "[add, remove, move, test, replace, copy]"
ENDPOINT_TYPE_ENUM = "[PRIVATE, EDGE, REGIONAL]"
IP_ADDRESS_TYPE_ENUM = "[ipv4, dualstack]"
INTEGRATION_TYPE_ENUM = "[HTTP, MOCK, AWS_PROXY, HTTP_PROXY, AWS]"
GATEWAY_RESPONSE_TYPE_ENUM = (
    "[REQUEST_TOO_LARGE, RESOURCE_NOT_FOUND, AUTHORIZER_CONFIGURATION_ERROR, "
    "MISSING_AUTHENTICATION_TOKEN, BAD_REQUEST_BODY, INVALID_SIGNATURE, INVALID_API_KEY, "
    "BAD_REQUEST_PARAMETERS, AUTHORIZER_FAILURE, UNAUTHORIZED, INTEGRATION_TIMEOUT, "
    "ACCESS_DENIED, DEFAULT_4XX, DEFAULT_5XX, WAF_FILTERED, QUOTA_EXCEEDED, THROTTLED, "
    "API_CONFIGURATION_ERROR, UNSUPPORTED_MEDIA_TYPE, INTEGRATION_FAILURE, EXPIRED_TOKEN]"
)
DOCUMENTATION_PART_TYPE_ENUM = (
    "[RESPONSE_BODY, RESPONSE, METHOD, MODEL, AUTHORIZER, RESPONSE_HEADER, RESOURCE, "
    "PATH_PARAMETER, REQUEST_BODY, QUERY_PARAMETER, API, REQUEST_HEADER]"
)
STATUS_CODE_PATTERN = "Member must satisfy regular expression pattern: [1-5]\\d\\d"

# §1.5, message by message.
CREATE_REST_API_WRONG_IP_ADDRESS_TYPE = (
    "1 validation error detected: Value 'wrong' at "
    "'createRestApiInput.endpointConfiguration.ipAddressType' failed to satisfy constraint: "
    "Member must satisfy enum value set: [ipv4, dualstack]"
)
CREATE_REST_API_WRONG_TYPES = (
    "1 validation error detected: Value '[wrong]' at "
    "'createRestApiInput.endpointConfiguration.types' failed to satisfy constraint: "
    "Member must satisfy constraint: [Member must satisfy enum value set: "
    "[PRIVATE, EDGE, REGIONAL]]"
)
CREATE_REST_API_BOTH_WRONG = (
    "2 validation errors detected: Value '[wrong]' at "
    "'createRestApiInput.endpointConfiguration.types' failed to satisfy constraint: "
    "Member must satisfy constraint: [Member must satisfy enum value set: "
    "[PRIVATE, EDGE, REGIONAL]]; Value 'wrong' at "
    "'createRestApiInput.endpointConfiguration.ipAddressType' failed to satisfy constraint: "
    "Member must satisfy enum value set: [ipv4, dualstack]"
)
UPDATE_REST_API_TWO_WRONG_OPS = (
    "2 validation errors detected: Value 'wrong' at "
    "'updateRestApiInput.patchOperations.1.member.op' failed to satisfy constraint: "
    "Member must satisfy enum value set: [add, remove, move, test, replace, copy]; "
    "Value 'wrong' at 'updateRestApiInput.patchOperations.2.member.op' failed to satisfy "
    "constraint: Member must satisfy enum value set: [add, remove, move, test, replace, copy]"
)
UPDATE_METHOD_RESPONSE_WRONG_OP = (
    "1 validation error detected: Value 'wrong_op' at "
    "'updateMethodResponseInput.patchOperations.1.member.op' failed to satisfy constraint: "
    "Member must satisfy enum value set: [add, remove, move, test, replace, copy]"
)
UPDATE_METHOD_RESPONSE_WRONG_STATUS_CODE = (
    "1 validation error detected: Value 'wrong' at 'statusCode' failed to satisfy constraint: "
    "Member must satisfy regular expression pattern: [1-5]\\d\\d"
)
UPDATE_METHOD_RESPONSE_WRONG_STATUS_CODE_AND_OP = (
    "2 validation errors detected: Value 'wrong_op' at "
    "'updateMethodResponseInput.patchOperations.1.member.op' failed to satisfy constraint: "
    "Member must satisfy enum value set: [add, remove, move, test, replace, copy]; "
    "Value 'wrong' at 'statusCode' failed to satisfy constraint: "
    "Member must satisfy regular expression pattern: [1-5]\\d\\d"
)
INTEGRATION_RESPONSE_WRONG_STATUS_CODE = UPDATE_METHOD_RESPONSE_WRONG_STATUS_CODE
UPDATE_GATEWAY_RESPONSE_WRONG_OP = (
    "1 validation error detected: Value 'wrong-op' at "
    "'updateGatewayResponseInput.patchOperations.1.member.op' failed to satisfy constraint: "
    "Member must satisfy enum value set: [add, remove, move, test, replace, copy]"
)
GATEWAY_RESPONSE_FAKE_TYPE = (
    "1 validation error detected: Value 'FAKE_RESPONSE_TYPE' at 'responseType' failed to "
    "satisfy constraint: Member must satisfy enum value set: [REQUEST_TOO_LARGE, "
    "RESOURCE_NOT_FOUND, AUTHORIZER_CONFIGURATION_ERROR, MISSING_AUTHENTICATION_TOKEN, "
    "BAD_REQUEST_BODY, INVALID_SIGNATURE, INVALID_API_KEY, BAD_REQUEST_PARAMETERS, "
    "AUTHORIZER_FAILURE, UNAUTHORIZED, INTEGRATION_TIMEOUT, ACCESS_DENIED, DEFAULT_4XX, "
    "DEFAULT_5XX, WAF_FILTERED, QUOTA_EXCEEDED, THROTTLED, API_CONFIGURATION_ERROR, "
    "UNSUPPORTED_MEDIA_TYPE, INTEGRATION_FAILURE, EXPIRED_TOKEN]"
)
PUT_INTEGRATION_WRONG_TYPE = (
    "1 validation error detected: Value 'HTTPS_PROXY' at 'putIntegrationInput.type' failed to "
    "satisfy constraint: Member must satisfy enum value set: "
    "[HTTP, MOCK, AWS_PROXY, HTTP_PROXY, AWS]"
)
CREATE_DOCUMENTATION_PART_WRONG_TYPE = (
    "1 validation error detected: Value 'INVALID' at 'createDocumentationPartInput.location.type' "
    "failed to satisfy constraint: Member must satisfy enum value set: [RESPONSE_BODY, "
    "RESPONSE, METHOD, MODEL, AUTHORIZER, RESPONSE_HEADER, RESOURCE, PATH_PARAMETER, "
    "REQUEST_BODY, QUERY_PARAMETER, API, REQUEST_HEADER]"
)
# §1.1: SerializationException texts.
BOOLEAN_NOT_STRING = "class java.lang.Boolean can not be converted to an String"
NUMBER_NOT_STRING = (
    "class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an "
    "String"
)


def validation_errors(*errors: str) -> str:
    """§1.2: ``1 validation error detected: E`` / ``N validation errors detected: E1; E2``."""
    count = len(errors)
    head = "1 validation error" if count == 1 else f"{count} validation errors"
    return f"{head} detected: " + "; ".join(errors)


def failed_constraint(value: str, where: str, constraint: str) -> str:
    """§1.2: ``Value '<v>' at '<where>' failed to satisfy constraint: <C>``."""
    return f"Value '{value}' at '{where}' failed to satisfy constraint: {constraint}"


def wrong_op(operation_input: str, index: int, op: str) -> str:
    """One patch-op error: ``<operation>Input.patchOperations.<i>.member.op`` (1-based)."""
    return failed_constraint(
        op,
        f"{operation_input}.patchOperations.{index}.member.op",
        f"Member must satisfy enum value set: {OP_ENUM}",
    )


@contextmanager
def raises_layer_error(
    client: Any, message: str | None = None, code: str = "ValidationException"
) -> Iterator[RaisedError]:
    """Expect AWS's validation layer's answer (§1.1): ``code``, 400, ``Error`` {Code, Message}
    and ResponseMetadata only -- no top-level ``message``; raised as the client's ClientError."""
    captured = RaisedError()
    with pytest.raises(ClientError) as info:
        yield captured
    error = info.value
    captured.response = error.response
    assert set(error.response) == {"Error", "ResponseMetadata"}, error.response
    assert error.response["Error"]["Code"] == code, error.response
    assert set(error.response["Error"]) == {"Code", "Message"}, error.response
    assert type(error) is client.exceptions.ClientError, type(error)
    assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    if message is not None:
        assert error.response["Error"]["Message"] == message


# === aws-deployment-surface.md §2.1, §2.2, §3.6: the REST API itself ============================
DESCRIPTION_EMPTY = "Description cannot be an empty string"
COMPRESSION_SIZE_INVALID = "Invalid minimum compression size, must be between 0 and 10485760"
ENDPOINT_TYPES_EMPTY = "REGIONAL Configuration and EDGE Configuration cannot be both DISABLED."
ENDPOINT_TYPES_SEVERAL = "Cannot create an api with multiple Endpoint Types."
PRIVATE_ONLY_DUALSTACK = "Only dualstack ipAddressType is supported for Private APIs."
IP_ADDRESS_TYPE_INVALID = "ipAddressType must be either ipv4 or dualstack."
ENDPOINT_TYPES_INVALID = "Invalid EndpointTypes specified. Valid options are REGIONAL,EDGE,PRIVATE"
ONLY_REPLACE = "Invalid patch operation specified. Must be one of: [replace]"
ADD_REMOVE_REPLACE = "Invalid patch operation specified. Must be 'add'|'remove'|'replace'"
REST_API_ONLY_NAME_KEYS = frozenset(
    {
        "apiKeySource",
        "createdDate",
        "disableExecuteApiEndpoint",
        "endpointConfiguration",
        "id",
        "name",
        "rootResourceId",
    }
)


def invalid_patch_path(path: str) -> str:
    return f"Invalid patch path {path}"


# === aws-deployment-surface.md §3.7: PutRestApi, ImportRestApi, GetExport =======================
INVALID_OPENAPI_INPUT = "Invalid OpenAPI input."
EXPORT_CONTENT_TYPE = "application/octet-stream"
# Recorded with basepath=prepend, base path /base-url/part, path /test (§3.7).
REQUEST_PARAMETER_WARNING = (
    "Invalid format for 'requestParameters'. Expected type string for property "
    "'integration.request.header.nothing' of resource '/base-url/part/test' and method 'GET' "
    "but got 'true'"
)


def export_disposition(export_type: str, version: str) -> str:
    return f'attachment; filename="{export_type}_{version}.json"'


# --- deployment surface §3.8 UpdateDeployment, §3.9 flush (texts from aws-deployment-surface.md)


PATCH_OP_REPLACE_ONLY = "Invalid patch operation specified. Must be one of: [replace]"


# --- §3.9 tags --------------------------------------------------------------------------------
RESOURCE_NOT_FOUND = "Invalid Resource identifier specified"


def rest_api_arn(rest_api_id: str, region: str = REGION) -> str:
    return f"arn:aws:apigateway:{region}::/restapis/{rest_api_id}"


def stage_arn(rest_api_id: str, stage: str = STAGE, region: str = REGION) -> str:
    return f"arn:aws:apigateway:{region}::/restapis/{rest_api_id}/stages/{stage}"


# --- texts of the mock's own policies (not AWS's; listed in docs/behaviour.md) -----------------
INVALID_ARN = "Invalid ARN specified in the request"  # PutIntegration's recorded text, reused


def invalid_tag_key(key: str) -> str:
    return (
        f"Invalid tag key specified: {key}. Tag keys must be 1 to 128 characters long and must "
        "not start with 'aws:'"
    )


def invalid_tag_value(key: str) -> str:
    return (
        f"Invalid tag value specified for key {key}. Tag values must be at most 256 characters long"
    )


def too_many_tags(count: int) -> str:
    return f"Too many tags: {count}. At most 50 tags are allowed per resource"


# --- §3.13 documentation ---------------------------------------------------------------------
DOC_PART_NOT_FOUND = "Invalid Documentation part identifier specified"
DOC_IMPORT_BAD_BODY = "Unable to build importer with provided input."
DOC_VERSION_EXISTS = "Documentation version already exists"
STAGE_DOC_VERSION_UNKNOWN = "Invalid documentation version specified"


def doc_patch_unsupported_op(path: str, op: str) -> str:
    return (
        f"Invalid patch path  '{path}' specified for op '{op}'. Please choose supported operations"
    )


def doc_patch_bad_path(path: str, paths: str = "[/properties]") -> str:
    return f"Invalid patch path  '{path}' specified for op 'replace'. Must be one of: {paths}"


# Outside the spec: quoted by users' deploy tools (GetDocumentationVersion of an unknown
# version), and the AWS developer guide's conflict text for a second API part.
DOC_VERSION_NOT_FOUND = "Invalid Documentation version specified"
DOC_PART_EXISTS_API = "Documentation part already exists for the specified location: type 'API'."


# --- §3.14 domain names and base path mappings ------------------------------------------------
DOMAIN_EXISTS = "The domain name you provided already exists."
DOMAIN_NOT_FOUND = "Invalid domain name identifier specified"
MAPPING_REST_API_INVALID = "Invalid REST API identifier specified"
MAPPING_STAGE_INVALID = "Invalid stage identifier specified"
MAPPING_EXISTS = "Base path already exists for this domain name"
MAPPING_NOT_FOUND = "Invalid base path mapping identifier specified"
MAPPING_IN_USE = "Cannot delete a stage/API that is in use by a base path mapping"
NO_BASE_PATH = "(none)"


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


# === Gateway responses ============================================================================
# Not in the spec yet: texts and values copied from AWS's answers as LocalStack recorded them
# against AWS (tests/aws/services/apigateway/test_apigateway_api.snapshot.json,
# TestApiGatewayGatewayResponse, AWS-validated), the spec's own source; the default status codes
# also from AWS's "Gateway response types" documentation.
GATEWAY_RESPONSE_NOT_DEFINED = "Gateway response type not defined on api"
DEFAULT_GATEWAY_TEMPLATES = {"application/json": '{"message":$context.error.messageString}'}
EMPTY_TEMPLATE_VALUE = "Invalid null or empty value in responseTemplates"
EMPTY_PARAMETER_VALUE = "Invalid null or empty value in responseParameters"
NO_PATCH_PATH = "Invalid patch path null"
GATEWAY_RESPONSE_DEFAULT_CODES = {
    "ACCESS_DENIED": "403",
    "API_CONFIGURATION_ERROR": "500",
    "AUTHORIZER_CONFIGURATION_ERROR": "500",
    "AUTHORIZER_FAILURE": "500",
    "BAD_REQUEST_BODY": "400",
    "BAD_REQUEST_PARAMETERS": "400",
    "DEFAULT_4XX": None,
    "DEFAULT_5XX": None,
    "EXPIRED_TOKEN": "403",
    "INTEGRATION_FAILURE": "504",
    "INTEGRATION_TIMEOUT": "504",
    "INVALID_API_KEY": "403",
    "INVALID_SIGNATURE": "403",
    "MISSING_AUTHENTICATION_TOKEN": "403",
    "QUOTA_EXCEEDED": "429",
    "REQUEST_TOO_LARGE": "413",
    "RESOURCE_NOT_FOUND": "404",
    "THROTTLED": "429",
    "UNAUTHORIZED": "401",
    "UNSUPPORTED_MEDIA_TYPE": "415",
    "WAF_FILTERED": "403",
}


# Policy text (gateway-response-status-value): a status code that skipped the validation layer.
def invalid_status_code(value: str) -> str:
    return f"Invalid status code specified: {value}"
