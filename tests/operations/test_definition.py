"""The REST API definition's handlers, called as the import code calls them (plain dicts)."""

from __future__ import annotations

from typing import Any

import pytest

from apigw_canary_mock.core.errors import ApiError
from apigw_canary_mock.core.store import Backend
from apigw_canary_mock.operations import (
    authorizers,
    gateway_responses,
    integration_responses,
    integrations,
    method_responses,
    methods,
    models,
    resources,
    validators,
)

from .helpers import ACCOUNT, bad_request, body, call, fails_unchanged
from .test_contract import SCENARIO, resolve

BOOLEAN_KEY = (
    "Invalid mapping expression specified: Validation Result: warnings : [], errors : "
    "[Invalid mapping expression specified: true]"
)


def new_api(backend: Backend) -> tuple[str, str]:
    created = body(backend, "CreateRestApi", name="definition")
    return str(created["id"]), str(created["rootResourceId"])


def test_a_boolean_request_parameter_key_is_an_invalid_mapping_expression(
    backend: Backend,
) -> None:
    """R (spec 2.4): the key reaches AWS as JSON ``true``."""
    api, root = new_api(backend)
    with bad_request(backend, api, BOOLEAN_KEY):
        call(
            backend,
            "PutMethod",
            restApiId=api,
            resourceId=root,
            httpMethod="GET",
            authorizationType="NONE",
            requestParameters={True: True},
        )


@pytest.mark.parametrize(
    "key", ["method.request.foo.x", "method.request.header.", "integration.request.header.x"]
)
def test_other_invalid_request_parameter_keys(backend: Backend, key: str) -> None:
    api, root = new_api(backend)
    message = BOOLEAN_KEY.replace("specified: true]", f"specified: {key}]")
    with bad_request(backend, api, message):
        call(
            backend,
            "PutMethod",
            restApiId=api,
            resourceId=root,
            httpMethod="GET",
            authorizationType="NONE",
            requestParameters={key: True},
        )


RESOURCE = "Invalid Resource identifier specified"
API = "Invalid API identifier specified {account}:nope123456"

# deployment-surface §5.3: what each operation answers for an unknown restApiId.
UNKNOWN_API: list[tuple[str, str, str]] = [
    ("PutMethod", "NotFoundException", RESOURCE),
    ("GetMethod", "NotFoundException", RESOURCE),
    ("UpdateMethod", "NotFoundException", RESOURCE),
    ("DeleteMethod", "NotFoundException", RESOURCE),
    ("PutMethodResponse", "NotFoundException", RESOURCE),
    ("GetMethodResponse", "NotFoundException", RESOURCE),
    ("UpdateMethodResponse", "NotFoundException", RESOURCE),
    ("DeleteMethodResponse", "NotFoundException", RESOURCE),
    ("PutIntegration", "NotFoundException", RESOURCE),
    ("GetIntegration", "NotFoundException", RESOURCE),
    ("UpdateIntegration", "NotFoundException", RESOURCE),
    ("DeleteIntegration", "NotFoundException", RESOURCE),
    ("PutIntegrationResponse", "NotFoundException", RESOURCE),
    ("GetIntegrationResponse", "NotFoundException", RESOURCE),
    ("UpdateIntegrationResponse", "NotFoundException", RESOURCE),
    ("DeleteIntegrationResponse", "NotFoundException", RESOURCE),
    ("CreateResource", "NotFoundException", RESOURCE),
    ("GetResource", "NotFoundException", RESOURCE),
    ("UpdateResource", "NotFoundException", RESOURCE),
    ("DeleteResource", "NotFoundException", RESOURCE),
    ("GetModel", "NotFoundException", "Invalid model name specified: M"),
    ("UpdateModel", "NotFoundException", "Invalid model name specified: M"),
    ("DeleteModel", "NotFoundException", "Invalid model name specified: M"),
    ("CreateModel", "NotFoundException", API),
    ("GetModels", "NotFoundException", API),
    ("CreateRequestValidator", "BadRequestException", "Invalid REST API identifier specified"),
    ("GetRequestValidators", "NotFoundException", API),
    (
        "GetRequestValidator",
        "NotFoundException",
        "Invalid Request Validator identifier specified",
    ),
    (
        "UpdateRequestValidator",
        "NotFoundException",
        "Invalid Request Validator identifier specified",
    ),
    (
        "DeleteRequestValidator",
        "NotFoundException",
        "Invalid Request Validator identifier specified",
    ),
    (
        "CreateAuthorizer",
        "ConflictException",
        "Unable to complete operation due to concurrent modification. Please try again later.",
    ),
    ("GetAuthorizers", "NotFoundException", API),
    ("GetAuthorizer", "NotFoundException", "Invalid Authorizer identifier specified"),
    ("UpdateAuthorizer", "NotFoundException", "Invalid Authorizer identifier specified"),
    ("DeleteAuthorizer", "NotFoundException", "Invalid Authorizer identifier specified"),
]


@pytest.mark.parametrize(("operation", "code", "message"), UNKNOWN_API)
def test_unknown_api(backend: Backend, operation: str, code: str, message: str) -> None:
    params: dict[str, Any] = {
        "restApiId": "nope123456",
        "resourceId": "r",
        "parentId": "r",
        "pathPart": "x",
        "httpMethod": "GET",
        "authorizationType": "NONE",
        "type": "MOCK",
        "statusCode": "200",
        "modelName": "M",
        "name": "M",
        "contentType": "application/json",
        "schema": "{}",
        "requestValidatorId": "v",
        "authorizerId": "a",
        "patchOperations": [],
    }
    with pytest.raises(ApiError) as caught:
        call(backend, operation, **params)
    assert (caught.value.code, caught.value.message) == (code, message.format(account=ACCOUNT))
    assert caught.value.rule is not None


def test_every_definition_error_names_its_rule(backend: Backend) -> None:
    api, root = new_api(backend)
    with pytest.raises(ApiError) as caught:
        call(backend, "GetMethod", restApiId=api, resourceId=root, httpMethod="GET")
    assert caught.value.rule == "method-not-found"


def test_put_integration_replaces_the_whole_integration(backend: Backend) -> None:
    api, root = new_api(backend)
    method = {"restApiId": api, "resourceId": root, "httpMethod": "GET"}
    call(backend, "PutMethod", **method, authorizationType="NONE")
    call(
        backend,
        "PutIntegration",
        **method,
        type="AWS",
        integrationHttpMethod="POST",
        uri="arn:aws:apigateway:us-east-1:s3:path/bucket/key",
        credentials="arn:aws:iam::123456789012:role/r",
    )
    call(backend, "PutIntegrationResponse", **method, statusCode="200")
    replaced = body(backend, "PutIntegration", **method, type="MOCK")
    assert "credentials" not in replaced
    assert "integrationResponses" not in body(backend, "GetIntegration", **method)


@pytest.mark.parametrize(
    ("operation", "params", "message"),
    [
        (
            "UpdateMethod",
            {"patchOperations": [{"op": "replace", "path": "/operationName", "value": "x"}, 5]},
            "Invalid patch operation specified: 5",
        ),
        (
            "UpdateIntegration",
            {
                "patchOperations": [
                    {"op": "replace", "path": "/timeoutInMillis", "value": "100"},
                    {"op": "replace", "path": "/uri", "value": "not-an-arn"},
                ]
            },
            "Invalid HTTP endpoint specified for URI",
        ),
        (
            "UpdateIntegration",
            {"patchOperations": [{"op": "replace", "path": "/timeoutInMillis", "value": "x"}]},
            "Invalid integer value specified for /timeoutInMillis: x",
        ),
        (
            "UpdateIntegration",
            {
                "patchOperations": [
                    {"op": "replace", "path": "/passthroughBehavior", "value": "SOMETIMES"}
                ]
            },
            "Invalid value specified for /passthroughBehavior: SOMETIMES. "
            "Must be one of: [WHEN_NO_MATCH, WHEN_NO_TEMPLATES, NEVER]",
        ),
        (
            "UpdateIntegration",
            {"patchOperations": [{"op": "move", "path": "/uri", "value": "x"}]},
            "Invalid patch operation specified. Must be one of: [replace]",
        ),
        (
            "UpdateIntegration",
            {"patchOperations": [{"op": "copy", "path": "/requestTemplates/a~1b"}]},
            "Invalid patch operation specified. Must be 'add'|'remove'|'replace'",
        ),
    ],
)
def test_failing_updates_change_nothing(
    backend: Backend, operation: str, params: dict[str, Any], message: str
) -> None:
    api, root = new_api(backend)
    method = {"restApiId": api, "resourceId": root, "httpMethod": "GET"}
    call(backend, "PutMethod", **method, authorizationType="NONE")
    call(
        backend,
        "PutIntegration",
        **method,
        type="HTTP",
        integrationHttpMethod="GET",
        uri="https://example.com",
    )
    with bad_request(backend, api, message):
        call(backend, operation, **method, **params)


def test_deleting_a_resource_releases_every_id_below_it(backend: Backend) -> None:
    api, root = new_api(backend)
    a = body(backend, "CreateResource", restApiId=api, parentId=root, pathPart="a")["id"]
    b = body(backend, "CreateResource", restApiId=api, parentId=a, pathPart="b")["id"]
    call(backend, "DeleteResource", restApiId=api, resourceId=a)
    live = backend.rest_apis[api].ids._live
    assert a not in live and b not in live
    with fails_unchanged(backend, api, "NotFoundException", RESOURCE):
        call(backend, "GetResource", restApiId=api, resourceId=b)


# The operations that change an API's definition (resources, methods and their responses,
# integrations and theirs, models, request validators, authorizers, gateway responses).
DEFINITION_CHANGES = frozenset(
    name
    for module in (
        resources,
        methods,
        method_responses,
        integrations,
        integration_responses,
        models,
        validators,
        authorizers,
        gateway_responses,
    )
    for name in module.HANDLERS
    if name not in module.READ_ONLY
)


def test_every_definition_change_is_journaled(backend: Backend) -> None:
    """A state file writes what the journal names: each successful change of the definition
    names the API (and a deployment made afterwards sees the change)."""
    created = call(backend, "CreateRestApi", name="journaled").body
    api_id = created["id"]
    ids = {
        "<root>": created["rootResourceId"],
        "<stage-arn>": f"arn:aws:apigateway:us-east-1::/restapis/{api_id}/stages/s2",
    }
    for name, params, remember in SCENARIO:
        backend.journal.clear()
        result = call(backend, name, restApiId=api_id, **resolve(params, ids))
        if remember is not None:
            ids[remember] = result.body["id"]
        if name in DEFINITION_CHANGES:
            assert ("api", api_id) in backend.journal.changed, name
            assert backend.rest_apis[api_id].snapshot_cache is None, name
