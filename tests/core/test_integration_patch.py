"""The UpdateIntegration / UpdateIntegrationResponse patch tables (core/integration_patch.py):
what each row does to a copy, the entry-not-found answers, and the original left as it was."""

from __future__ import annotations

import pytest

from apigw_canary_mock.core.errors import ApiError
from apigw_canary_mock.core.integration_patch import patch_integration, patch_integration_response
from apigw_canary_mock.core.methods import Integration, IntegrationResponse

PARAMETER_MISSING = "Invalid parameter name specified"
CONTENT_TYPE_MISSING = "Content-Type specified was not found"


def op(kind: str, path: str, value: str | None = None) -> dict[str, str]:
    found = {"op": kind, "path": path}
    if value is not None:
        found["value"] = value
    return found


def http_integration() -> Integration:
    return Integration(
        "HTTP",
        http_method="GET",
        uri="https://example.com/",
        request_parameters={"integration.request.header.a": "'1'"},
        request_templates={"application/json": "{}"},
        cache_namespace="root",
        cache_key_parameters=["method.request.path.id"],
    )


def test_cache_namespace_and_tls_skip_verification_are_replaced() -> None:
    original = http_integration()
    patched = patch_integration(
        original,
        [
            op("replace", "/cacheNamespace", "ns"),
            op("replace", "/tlsConfig/insecureSkipVerification", "TRUE"),
        ],
    )
    assert patched.cache_namespace == "ns"
    assert patched.tls_config == {"insecureSkipVerification": True}
    # An empty value clears the namespace; "false" keeps the tlsConfig, now false.
    cleared = patch_integration(
        patched,
        [
            op("replace", "/cacheNamespace", ""),
            op("replace", "/tlsConfig/insecureSkipVerification"),
        ],
    )
    assert cleared.cache_namespace == ""
    assert cleared.tls_config == {"insecureSkipVerification": False}
    assert (original.cache_namespace, original.tls_config) == ("root", None)


def test_map_entries_are_added_replaced_and_removed() -> None:
    original = http_integration()
    patched = patch_integration(
        original,
        [
            op("add", "/requestParameters/integration.request.header.b", "'2'"),
            op("replace", "/requestParameters/integration.request.header.a", "'9'"),
            op("replace", "/requestTemplates/application~1json", '{"a": 1}'),
            op("remove", "/requestTemplates/application~1json"),
        ],
    )
    assert patched.request_parameters == {
        "integration.request.header.a": "'9'",
        "integration.request.header.b": "'2'",
    }
    assert patched.request_templates is None  # the last template removed: the map goes
    assert original.request_parameters == {"integration.request.header.a": "'1'"}
    assert original.request_templates == {"application/json": "{}"}


@pytest.mark.parametrize(
    ("operation", "message"),
    [
        (op("replace", "/requestParameters/integration.request.header.z", "x"), PARAMETER_MISSING),
        (op("remove", "/requestParameters/integration.request.header.z"), PARAMETER_MISSING),
        (op("replace", "/requestTemplates/text~1plain", "x"), CONTENT_TYPE_MISSING),
        (op("remove", "/requestTemplates/text~1plain"), CONTENT_TYPE_MISSING),
        (op("remove", "/cacheKeyParameters/method.request.path.other"), PARAMETER_MISSING),
    ],
)
def test_a_missing_entry_is_not_found_and_nothing_changes(
    operation: dict[str, str], message: str
) -> None:
    original = http_integration()
    before = original.copy()
    with pytest.raises(ApiError) as caught:
        # A good operation first: the whole patch fails, the original is untouched.
        patch_integration(original, [op("replace", "/uri", "https://other/"), operation])
    assert (caught.value.code, caught.value.status, caught.value.message) == (
        "NotFoundException",
        404,
        message,
    )
    assert original == before


def test_cache_keys_are_added_once_and_removed() -> None:
    original = http_integration()
    patched = patch_integration(
        original,
        [
            op("add", "/cacheKeyParameters/method.request.path.id"),  # already there: kept once
            op("add", "/cacheKeyParameters/method.request.querystring.q"),
            op("remove", "/cacheKeyParameters/method.request.path.id"),
        ],
    )
    assert patched.cache_key_parameters == ["method.request.querystring.q"]
    assert original.cache_key_parameters == ["method.request.path.id"]


def test_integration_response_rows() -> None:
    original = IntegrationResponse(
        "200",
        response_parameters={"method.response.header.a": "'1'"},
        response_templates={"application/json": "{}"},
    )
    patched = patch_integration_response(
        original,
        [
            op("replace", "/contentHandling", "CONVERT_TO_TEXT"),
            op("add", "/responseTemplates/text~1plain", ""),  # "" is kept as null (R)
            op("remove", "/responseTemplates/application~1json"),
            op("add", "/responseParameters/method.response.header.b", "'2'"),
            op("replace", "/responseParameters/method.response.header.a", "'3'"),
        ],
    )
    assert patched.content_handling == "CONVERT_TO_TEXT"
    assert patched.response_templates == {"text/plain": None}
    assert patched.response_parameters == {
        "method.response.header.a": "'3'",
        "method.response.header.b": "'2'",
    }
    emptied = patch_integration_response(
        patched,
        [
            op("replace", "/contentHandling", ""),
            op("remove", "/responseParameters/method.response.header.a"),
            op("remove", "/responseParameters/method.response.header.b"),
        ],
    )
    assert emptied.content_handling is None
    assert emptied.response_parameters is None
    assert original.response_templates == {"application/json": "{}"}
    assert original.content_handling is None


@pytest.mark.parametrize(
    ("operation", "message"),
    [
        (op("replace", "/responseParameters/method.response.header.z", "x"), PARAMETER_MISSING),
        (op("remove", "/responseParameters/method.response.header.z"), PARAMETER_MISSING),
        (op("replace", "/responseTemplates/text~1plain", "x"), CONTENT_TYPE_MISSING),
    ],
)
def test_an_integration_response_missing_entry_is_not_found(
    operation: dict[str, str], message: str
) -> None:
    original = IntegrationResponse("200", response_parameters={"method.response.header.a": "'1'"})
    before = original.copy()
    with pytest.raises(ApiError) as caught:
        patch_integration_response(original, [op("replace", "/selectionPattern", "5.*"), operation])
    assert (caught.value.code, caught.value.message) == ("NotFoundException", message)
    assert original == before


def test_an_integration_response_content_handling_outside_the_enum_is_refused() -> None:
    original = IntegrationResponse("200")
    with pytest.raises(ApiError) as caught:
        patch_integration_response(original, [op("replace", "/contentHandling", "BINARY")])
    assert caught.value.code == "BadRequestException"
    assert caught.value.message == (
        "Invalid value specified for /contentHandling: BINARY. "
        "Must be one of: [CONVERT_TO_BINARY, CONVERT_TO_TEXT]"
    )
