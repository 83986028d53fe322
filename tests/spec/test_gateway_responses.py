"""Gateway responses: Put/Get/Update/DeleteGatewayResponse, GetGatewayResponses.

The recorded answers (R) follow AWS's answers in LocalStack's AWS-validated snapshots
(TestApiGatewayGatewayResponse: test_gateway_response_crud, test_gateway_response_put,
test_gateway_response_validation, test_update_gateway_response); the validation layer's
answers (deployment-surface §1.5) are in test_validation_layer.py.
"""

from __future__ import annotations

from typing import Any

import pytest

from .helpers import (
    CONTENT_TYPE_NOT_FOUND,
    DEFAULT_GATEWAY_TEMPLATES,
    EMPTY_PARAMETER_VALUE,
    EMPTY_TEMPLATE_VALUE,
    GATEWAY_RESPONSE_DEFAULT_CODES,
    GATEWAY_RESPONSE_NOT_DEFINED,
    GATEWAY_RESPONSE_TYPE_ENUM,
    NO_PATCH_PATH,
    PARAMETER_NOT_FOUND,
    api_not_found,
    body,
    invalid_patch_path,
    invalid_status_code,
    new_api,
    op,
    raises_api_error,
    status_of,
)

# The recorded request (AWS's PutGatewayResponse documentation example).
PARAMETERS = {
    "gatewayresponse.header.x-request-path": "method.request.path.petId",
    "gatewayresponse.header.Access-Control-Allow-Origin": "'a.b.c'",
    "gatewayresponse.header.x-request-query": "method.request.querystring.q",
    "gatewayresponse.header.x-request-header": "method.request.header.Accept",
}
TEMPLATES = {
    "application/json": '{\n     "message": $context.error.messageString,\n     "type":  '
    '"$context.error.responseType",\n     "stage":  "$context.stage",\n     "resourcePath":  '
    '"$context.resourcePath",\n     "stageVariables.a":  "$stageVariables.a",\n     '
    '"statusCode": "\'404\'"\n}'
}
ACCEPT = {"gatewayresponse.header.x-request-header": "method.request.header.Accept"}
TYPES_IN_AWS_ORDER = GATEWAY_RESPONSE_TYPE_ENUM.strip("[]").split(", ")


def default(kind: str, **changes: Any) -> dict[str, Any]:
    """The default answer of ``kind`` (R), with ``changes``."""
    answer: dict[str, Any] = {
        "responseType": kind,
        "responseParameters": {},
        "responseTemplates": DEFAULT_GATEWAY_TEMPLATES,
        "defaultResponse": True,
    }
    if GATEWAY_RESPONSE_DEFAULT_CODES[kind] is not None:
        answer["statusCode"] = GATEWAY_RESPONSE_DEFAULT_CODES[kind]
    answer.update(changes)
    return answer


def listed(client: Any, api: str, **kwargs: Any) -> dict[str, dict[str, Any]]:
    response = client.get_gateway_responses(restApiId=api, **kwargs)
    assert status_of(response) == 200
    assert set(body(response)) == {"items"}
    return {item["responseType"]: item for item in response["items"]}


def test_a_type_not_customised_answers_its_default(client: Any) -> None:
    api, _ = new_api(client)
    response = client.get_gateway_response(
        restApiId=api, responseType="MISSING_AUTHENTICATION_TOKEN"
    )
    assert status_of(response) == 200
    assert body(response) == default("MISSING_AUTHENTICATION_TOKEN")
    assert body(client.get_gateway_response(restApiId=api, responseType="DEFAULT_4XX")) == {
        "responseType": "DEFAULT_4XX",
        "responseParameters": {},
        "responseTemplates": DEFAULT_GATEWAY_TEMPLATES,
        "defaultResponse": True,
    }


def test_get_gateway_responses_lists_every_type(client: Any) -> None:
    api, _ = new_api(client)
    response = client.get_gateway_responses(restApiId=api)
    items = response["items"]
    # P (gateway-responses-order): AWS's order of the enum, as its validation layer prints it.
    assert [item["responseType"] for item in items] == TYPES_IN_AWS_ORDER
    assert {item["responseType"]: item for item in items} == {
        kind: default(kind) for kind in GATEWAY_RESPONSE_DEFAULT_CODES
    }


def test_put_get_list_delete(client: Any) -> None:
    """R: test_gateway_response_crud."""
    api, _ = new_api(client)
    kind = "MISSING_AUTHENTICATION_TOKEN"
    response = client.put_gateway_response(
        restApiId=api,
        responseType=kind,
        statusCode="404",
        responseParameters=PARAMETERS,
        responseTemplates=TEMPLATES,
    )
    assert status_of(response) == 201
    customised = {
        "responseType": kind,
        "statusCode": "404",
        "responseParameters": PARAMETERS,
        "responseTemplates": TEMPLATES,
        "defaultResponse": False,
    }
    assert body(response) == customised
    assert body(client.get_gateway_response(restApiId=api, responseType=kind)) == customised
    items = listed(client, api)
    assert items.pop(kind) == customised
    assert items == {k: default(k) for k in GATEWAY_RESPONSE_DEFAULT_CODES if k != kind}
    response = client.delete_gateway_response(restApiId=api, responseType=kind)
    assert status_of(response) == 202
    assert body(response) == {}
    assert body(client.get_gateway_response(restApiId=api, responseType=kind)) == default(kind)


def test_put_replaces_the_whole_response_absent_members_take_the_defaults(client: Any) -> None:
    """R: test_gateway_response_put (each Put answered as recorded)."""
    api, _ = new_api(client)
    kind = "MISSING_AUTHENTICATION_TOKEN"

    def put(**members: Any) -> dict[str, Any]:
        response = client.put_gateway_response(restApiId=api, responseType=kind, **members)
        assert status_of(response) == 201
        return body(response)

    put(statusCode="404", responseParameters=PARAMETERS, responseTemplates=TEMPLATES)
    assert put(statusCode="404") == default(kind, statusCode="404", defaultResponse=False)
    assert put(responseParameters=ACCEPT) == default(
        kind, responseParameters=ACCEPT, defaultResponse=False
    )
    assert put(responseTemplates=TEMPLATES) == default(
        kind, responseTemplates=TEMPLATES, defaultResponse=False
    )


def test_a_customised_default_5xx_reaches_the_5xx_types_not_customised(client: Any) -> None:
    """R: test_gateway_response_put's get-gateway-responses."""
    api, _ = new_api(client)
    put = client.put_gateway_response
    put(restApiId=api, responseType="MISSING_AUTHENTICATION_TOKEN", responseTemplates=TEMPLATES)
    fallback = put(
        restApiId=api,
        responseType="DEFAULT_5XX",
        statusCode="599",
        responseParameters=ACCEPT,
        responseTemplates=TEMPLATES,
    )
    assert body(fallback) == {
        "responseType": "DEFAULT_5XX",
        "statusCode": "599",
        "responseParameters": ACCEPT,
        "responseTemplates": TEMPLATES,
        "defaultResponse": False,
    }
    # Customised after the fallback: its own default code (500), not the fallback's.
    failure = put(
        restApiId=api,
        responseType="AUTHORIZER_FAILURE",
        responseParameters={"gatewayresponse.header.foo": "'bar'"},
    )
    assert body(failure) == default(
        "AUTHORIZER_FAILURE",
        responseParameters={"gatewayresponse.header.foo": "'bar'"},
        defaultResponse=False,
    )
    inherited = {"statusCode": "599", "responseParameters": ACCEPT, "responseTemplates": TEMPLATES}
    expected = {kind: default(kind) for kind in GATEWAY_RESPONSE_DEFAULT_CODES}
    for kind in (
        "API_CONFIGURATION_ERROR",
        "AUTHORIZER_CONFIGURATION_ERROR",
        "INTEGRATION_FAILURE",
        "INTEGRATION_TIMEOUT",
    ):
        expected[kind] = default(kind, **inherited)
    expected["DEFAULT_5XX"] = body(fallback)
    expected["AUTHORIZER_FAILURE"] = body(failure)
    expected["MISSING_AUTHENTICATION_TOKEN"] = default(
        "MISSING_AUTHENTICATION_TOKEN", responseTemplates=TEMPLATES, defaultResponse=False
    )
    assert listed(client, api) == expected
    one = client.get_gateway_response(restApiId=api, responseType="INTEGRATION_TIMEOUT")
    assert body(one) == expected["INTEGRATION_TIMEOUT"]


def test_a_customised_default_4xx_reaches_the_4xx_types_not_customised(client: Any) -> None:
    """D: AWS documents the fallback for DEFAULT_4XX as for DEFAULT_5XX."""
    api, _ = new_api(client)
    client.put_gateway_response(restApiId=api, responseType="DEFAULT_4XX", statusCode="488")
    items = listed(client, api)
    assert items["THROTTLED"] == default("THROTTLED", statusCode="488")
    assert items["UNAUTHORIZED"] == default("UNAUTHORIZED", statusCode="488")
    assert items["INTEGRATION_FAILURE"] == default("INTEGRATION_FAILURE")
    # P: a fallback without status code leaves every type its own.
    client.put_gateway_response(
        restApiId=api, responseType="DEFAULT_4XX", responseParameters=ACCEPT
    )
    items = listed(client, api)
    assert items["THROTTLED"] == default("THROTTLED", responseParameters=ACCEPT)


def test_update_customises_a_default_type(client: Any) -> None:
    """R: test_update_gateway_response (update-gateway-response-not-set, then the Put and the
    update of several paths)."""
    api, _ = new_api(client)
    where = {"restApiId": api, "responseType": "DEFAULT_4XX"}
    response = client.update_gateway_response(
        **where, patchOperations=[op("replace", "/statusCode", "444")]
    )
    assert status_of(response) == 200
    updated = {
        "responseType": "DEFAULT_4XX",
        "statusCode": "444",
        "responseParameters": {},
        "responseTemplates": DEFAULT_GATEWAY_TEMPLATES,
        "defaultResponse": False,
    }
    assert body(response) == updated
    assert body(client.get_gateway_response(**where)) == updated
    templates = {
        "application/json": '{"application/json": "{\\"message\\":$context.error.messageString}"}'
    }
    client.put_gateway_response(
        **where, statusCode="404", responseParameters=PARAMETERS, responseTemplates=templates
    )
    xml = (
        "<gatewayResponse><message>$context.error.messageString</message>"
        "<type>$context.error.responseType</type></gatewayResponse>"
    )
    response = client.update_gateway_response(
        **where,
        patchOperations=[
            op("replace", "/statusCode", "444"),
            op(
                "replace",
                "/responseParameters/gatewayresponse.header.Access-Control-Allow-Origin",
                "'example.com'",
            ),
            op("add", "/responseTemplates/application~1xml", xml),
        ],
    )
    expected = {
        "responseType": "DEFAULT_4XX",
        "statusCode": "444",
        "responseParameters": {
            **PARAMETERS,
            "gatewayresponse.header.Access-Control-Allow-Origin": "'example.com'",
        },
        "responseTemplates": {**templates, "application/xml": xml},
        "defaultResponse": False,
    }
    assert body(response) == expected
    assert body(client.get_gateway_response(**where)) == expected


def test_update_removes_entries_an_emptied_map_stays(client: Any) -> None:
    """P (gateway-response-update-maps)."""
    api, _ = new_api(client)
    where = {"restApiId": api, "responseType": "THROTTLED"}
    client.put_gateway_response(**where, responseParameters=ACCEPT)
    response = client.update_gateway_response(
        **where,
        patchOperations=[
            op("remove", "/responseParameters/gatewayresponse.header.x-request-header"),
            op("remove", "/responseTemplates/application~1json"),
        ],
    )
    assert body(response) == default(
        "THROTTLED", responseParameters={}, responseTemplates={}, defaultResponse=False
    )


def test_update_with_no_status_code_value_restores_the_default(client: Any) -> None:
    """P (gateway-response-status-value)."""
    api, _ = new_api(client)
    client.put_gateway_response(restApiId=api, responseType="UNAUTHORIZED", statusCode="499")
    response = client.update_gateway_response(
        restApiId=api, responseType="UNAUTHORIZED", patchOperations=[op("replace", "/statusCode")]
    )
    assert response["statusCode"] == "401"
    assert response["defaultResponse"] is False


def test_an_empty_patch_list_changes_nothing(client: Any) -> None:
    """P (gateway-response-update-from-shown)."""
    api, _ = new_api(client)
    response = client.update_gateway_response(
        restApiId=api, responseType="THROTTLED", patchOperations=[]
    )
    assert body(response) == default("THROTTLED")
    with raises_api_error(client, "NotFoundException", 404, GATEWAY_RESPONSE_NOT_DEFINED):
        client.delete_gateway_response(restApiId=api, responseType="THROTTLED")


@pytest.mark.parametrize(
    ("operation", "code", "status", "message"),
    [
        # R: test_update_gateway_response.
        (
            op("add", "/statusCode", "444"),
            "BadRequestException",
            400,
            invalid_patch_path("/statusCode"),
        ),
        (
            {"op": "remove", "path": "/statusCode"},
            "BadRequestException",
            400,
            invalid_patch_path("/statusCode"),
        ),
        ({"op": "add", "value": "'example.com'"}, "BadRequestException", 400, NO_PATCH_PATH),
        (
            op("add", "/wrongPath", "'example.com'"),
            "BadRequestException",
            400,
            invalid_patch_path("/wrongPath"),
        ),
        (
            {"op": "replace", "path": "/responseTemplates/application~1json"},
            "BadRequestException",
            400,
            EMPTY_TEMPLATE_VALUE,
        ),
        (
            {
                "op": "replace",
                "path": "/responseParameters/gatewayresponse.header.x-request-header",
            },
            "BadRequestException",
            400,
            EMPTY_PARAMETER_VALUE,
        ),
        (
            op("replace", "/responseParameters/gatewayresponse.header.absent", "'x'"),
            "NotFoundException",
            404,
            PARAMETER_NOT_FOUND,
        ),
        # P: gateway-response-parameter-not-found-remove, gateway-response-update-maps,
        # gateway-response-status-value, gateway-response-patch-path-other, patch-unrecorded-ops.
        (
            {"op": "remove", "path": "/responseParameters/gatewayresponse.header.absent"},
            "NotFoundException",
            404,
            PARAMETER_NOT_FOUND,
        ),
        (
            op("replace", "/responseTemplates/text~1plain", "t"),
            "NotFoundException",
            404,
            CONTENT_TYPE_NOT_FOUND,
        ),
        (
            op("replace", "/statusCode", "20x"),
            "BadRequestException",
            400,
            invalid_status_code("20x"),
        ),
        (
            op("replace", "/responseType", "THROTTLED"),
            "BadRequestException",
            400,
            invalid_patch_path("/responseType"),
        ),
        (
            {"op": "copy", "path": "/statusCode", "from": "/x"},
            "BadRequestException",
            400,
            invalid_patch_path("/statusCode"),
        ),
    ],
)
def test_update_errors_change_nothing(
    client: Any, operation: dict[str, str], code: str, status: int, message: str
) -> None:
    api, _ = new_api(client)
    where = {"restApiId": api, "responseType": "DEFAULT_4XX"}
    client.put_gateway_response(**where, statusCode="404", responseParameters=ACCEPT)
    before = body(client.get_gateway_response(**where))
    with raises_api_error(client, code, status, message):
        client.update_gateway_response(
            **where, patchOperations=[op("replace", "/statusCode", "444"), operation]
        )
    assert body(client.get_gateway_response(**where)) == before


def test_replace_of_a_parameter_the_default_does_not_have(client: Any) -> None:
    """R: update-gateway-replace-invalid-parameter (DEFAULT_5XX not customised)."""
    api, _ = new_api(client)
    with raises_api_error(client, "NotFoundException", 404, PARAMETER_NOT_FOUND):
        client.update_gateway_response(
            restApiId=api,
            responseType="DEFAULT_5XX",
            patchOperations=[
                op(
                    "replace",
                    "/responseParameters/gatewayresponse.header.Access-Control-Allow-Origin",
                    "'example.com'",
                )
            ],
        )
    assert body(client.get_gateway_response(restApiId=api, responseType="DEFAULT_5XX")) == (
        default("DEFAULT_5XX")
    )


def test_delete_of_a_type_not_customised(client: Any) -> None:
    """R: delete-gateway-response-not-set."""
    api, _ = new_api(client)
    with raises_api_error(client, "NotFoundException", 404, GATEWAY_RESPONSE_NOT_DEFINED):
        client.delete_gateway_response(restApiId=api, responseType="DEFAULT_4XX")


@pytest.mark.parametrize(
    ("method", "kwargs"),
    [
        ("get_gateway_responses", {}),
        ("get_gateway_response", {"responseType": "DEFAULT_4XX"}),
        ("delete_gateway_response", {"responseType": "DEFAULT_4XX"}),
        ("update_gateway_response", {"responseType": "DEFAULT_4XX", "patchOperations": []}),
        # P (gateway-response-put-unknown-api): the same text.
        ("put_gateway_response", {"responseType": "DEFAULT_4XX", "statusCode": "404"}),
    ],
)
def test_unknown_api(client: Any, method: str, kwargs: dict[str, Any]) -> None:
    """R: test_gateway_response_validation's *-no-api."""
    with raises_api_error(client, "NotFoundException", 404, api_not_found("apiid123abc")):
        getattr(client, method)(restApiId="apiid123abc", **kwargs)


def test_limit_and_position_do_not_apply(client: Any) -> None:
    """D: the GatewayResponses collection does not support pagination."""
    api, _ = new_api(client)
    everything = client.get_gateway_responses(restApiId=api)["items"]
    assert client.get_gateway_responses(restApiId=api, limit=2)["items"] == everything
    assert client.get_gateway_responses(restApiId=api, limit=2, position="x")["items"] == everything
    pages = list(client.get_paginator("get_gateway_responses").paginate(restApiId=api))
    assert [page["items"] for page in pages] == [everything]


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ({"responseTemplates": {"application/json": ""}}, EMPTY_TEMPLATE_VALUE),
        ({"responseParameters": {"gatewayresponse.header.x": ""}}, EMPTY_PARAMETER_VALUE),
    ],
)
def test_put_refuses_empty_values(client: Any, members: dict[str, Any], message: str) -> None:
    """P (gateway-response-empty-value-other)."""
    api, _ = new_api(client)
    with raises_api_error(client, "BadRequestException", 400, message):
        client.put_gateway_response(restApiId=api, responseType="THROTTLED", **members)
    assert body(client.get_gateway_response(restApiId=api, responseType="THROTTLED")) == (
        default("THROTTLED")
    )


def test_put_keeps_empty_maps(client: Any) -> None:
    """P (gateway-response-put-as-given)."""
    api, _ = new_api(client)
    response = client.put_gateway_response(
        restApiId=api, responseType="THROTTLED", responseParameters={}, responseTemplates={}
    )
    assert body(response) == default("THROTTLED", responseTemplates={}, defaultResponse=False)
