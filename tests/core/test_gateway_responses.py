"""Gateway responses at core level: defaults, inheritance from DEFAULT_4XX/5XX, Put, the patch."""

from __future__ import annotations

import pytest

from apigw_canary_mock.core.errors import ApiError
from apigw_canary_mock.core.gateway_responses import (
    DEFAULT_STATUS_CODES,
    RESPONSE_TYPES,
    GatewayResponse,
    build,
    patch_gateway_response,
    resolve,
)

TEMPLATE = {"application/json": '{"message":$context.error.messageString}'}


def test_every_type_has_a_default_status_code() -> None:
    assert set(DEFAULT_STATUS_CODES) == set(RESPONSE_TYPES)
    assert len(RESPONSE_TYPES) == 21
    fallbacks = {kind for kind, code in DEFAULT_STATUS_CODES.items() if code is None}
    assert fallbacks == {"DEFAULT_4XX", "DEFAULT_5XX"}


def test_a_default_is_made_fresh_and_changes_nothing_stored() -> None:
    stored: dict[str, GatewayResponse] = {}
    shown, default = resolve(stored, "THROTTLED")
    assert default
    assert shown == GatewayResponse("THROTTLED", "429", {}, TEMPLATE)
    shown.response_templates.clear()
    assert resolve(stored, "THROTTLED")[0].response_templates == TEMPLATE
    assert stored == {}


def test_the_5xx_types_inherit_a_customised_default_5xx() -> None:
    fallback = build("DEFAULT_5XX", "599", {"gatewayresponse.header.h": "'v'"}, {"text/x": "t"})
    stored = {"DEFAULT_5XX": fallback}
    for kind in ("API_CONFIGURATION_ERROR", "INTEGRATION_TIMEOUT", "AUTHORIZER_FAILURE"):
        shown, default = resolve(stored, kind)
        assert default
        assert shown == GatewayResponse(
            kind, "599", {"gatewayresponse.header.h": "'v'"}, {"text/x": "t"}
        )
    assert resolve(stored, "THROTTLED")[0].status_code == "429"  # a 4xx type
    assert resolve(stored, "DEFAULT_4XX")[0].status_code is None


def test_a_fallback_without_status_code_leaves_the_types_their_own() -> None:
    stored = {"DEFAULT_4XX": build("DEFAULT_4XX", None, {"a": "'b'"}, None)}
    shown, _ = resolve(stored, "UNAUTHORIZED")
    assert (shown.status_code, shown.response_parameters) == ("401", {"a": "'b'"})


def test_build_takes_the_types_defaults_for_what_is_absent() -> None:
    assert build("ACCESS_DENIED", None, None, None) == GatewayResponse(
        "ACCESS_DENIED", "403", {}, TEMPLATE
    )
    assert build("DEFAULT_4XX", None, {}, {}) == GatewayResponse("DEFAULT_4XX", None, {}, {})


@pytest.mark.parametrize(
    ("status", "parameters", "templates", "message"),
    [
        ("20", None, None, "Invalid status code specified: 20"),
        (None, {"a": ""}, None, "Invalid null or empty value in responseParameters"),
        (None, None, {"text/x": ""}, "Invalid null or empty value in responseTemplates"),
    ],
)
def test_build_refuses_bad_values(
    status: str | None,
    parameters: dict[str, str] | None,
    templates: dict[str, str] | None,
    message: str,
) -> None:
    with pytest.raises(ApiError) as caught:
        build("ACCESS_DENIED", status, parameters, templates)
    assert (caught.value.code, caught.value.message) == ("BadRequestException", message)


def op(name: str, path: str | None, value: str | None = None) -> dict[str, str]:
    raw = {"op": name}
    if path is not None:
        raw["path"] = path
    if value is not None:
        raw["value"] = value
    return raw


def test_the_patch_works_on_a_copy() -> None:
    response = build("DEFAULT_4XX", "404", {"p": "'1'"}, None)
    patched = patch_gateway_response(
        response,
        [
            op("replace", "/statusCode", "444"),
            op("replace", "/responseParameters/p", "'2'"),
            op("add", "/responseParameters/q", "'3'"),
            op("add", "/responseTemplates/application~1xml", "<m/>"),
            op("remove", "/responseTemplates/application~1json"),
        ],
    )
    assert patched == GatewayResponse(
        "DEFAULT_4XX", "444", {"p": "'2'", "q": "'3'"}, {"application/xml": "<m/>"}
    )
    assert response == build("DEFAULT_4XX", "404", {"p": "'1'"}, None)


def test_an_empty_status_code_restores_the_types_default() -> None:
    response = build("UNAUTHORIZED", "499", None, None)
    assert patch_gateway_response(response, [op("replace", "/statusCode")]).status_code == "401"
    fallback = build("DEFAULT_5XX", "599", None, None)
    assert patch_gateway_response(fallback, [op("replace", "/statusCode", "")]).status_code is None


@pytest.mark.parametrize(
    ("operation", "code", "message"),
    [
        (op("add", "/statusCode", "444"), "BadRequestException", "Invalid patch path /statusCode"),
        (op("remove", "/statusCode"), "BadRequestException", "Invalid patch path /statusCode"),
        (op("add", None, "'x'"), "BadRequestException", "Invalid patch path null"),
        (op("add", "/wrongPath", "x"), "BadRequestException", "Invalid patch path /wrongPath"),
        (op("move", "/statusCode"), "BadRequestException", "Invalid patch path /statusCode"),
        (
            op("replace", "/statusCode", "abc"),
            "BadRequestException",
            "Invalid status code specified: abc",
        ),
        (
            op("replace", "/responseParameters/absent", "'x'"),
            "NotFoundException",
            "Invalid parameter name specified",
        ),
        (
            op("remove", "/responseParameters/absent"),
            "NotFoundException",
            "Invalid parameter name specified",
        ),
        (
            op("replace", "/responseTemplates/text~1x", "t"),
            "NotFoundException",
            "Content-Type specified was not found",
        ),
        (
            op("replace", "/responseTemplates/application~1json"),
            "BadRequestException",
            "Invalid null or empty value in responseTemplates",
        ),
        (
            op("add", "/responseParameters/p", ""),
            "BadRequestException",
            "Invalid null or empty value in responseParameters",
        ),
        (
            op("replace", "/responseParameters", "x"),
            "BadRequestException",
            "Invalid patch path /responseParameters",
        ),
    ],
)
def test_patch_refusals(operation: dict[str, str], code: str, message: str) -> None:
    response = build("DEFAULT_4XX", None, None, None)
    with pytest.raises(ApiError) as caught:
        patch_gateway_response(response, [op("replace", "/statusCode", "401"), operation])
    assert (caught.value.code, caught.value.message) == (code, message)
    assert caught.value.rule is not None
    assert response.status_code is None
