"""UpdateRestApi's patch grammar (core/api_settings.py on core.patch_table): the corners the
acceptance tests do not reach, pinned when the grammar moved onto the shared table."""

from __future__ import annotations

from typing import Any

import pytest

from apigw_canary_mock.core.errors import ApiError
from apigw_canary_mock.core.store import Backend

from .helpers import bad_request, body, call


def op(name: str, path: str, value: str | None = None) -> dict[str, Any]:
    operation = {"op": name, "path": path}
    if value is not None:
        operation["value"] = value
    return operation


def update(backend: Backend, api_id: str, *operations: dict[str, Any]) -> dict[str, Any]:
    return body(backend, "UpdateRestApi", restApiId=api_id, patchOperations=list(operations))


def refusal(backend: Backend, api_id: str, *operations: dict[str, Any]) -> ApiError:
    with pytest.raises(ApiError) as caught:
        update(backend, api_id, *operations)
    return caught.value


def test_a_media_type_may_hold_an_unescaped_slash(backend: Backend, api_id: str) -> None:
    got = update(backend, api_id, op("add", "/binaryMediaTypes/image/png"))
    assert got["binaryMediaTypes"] == ["image/png"]
    got = update(backend, api_id, op("remove", "/binaryMediaTypes/image~1png"))
    assert "binaryMediaTypes" not in got


UNKNOWN = "update-rest-api-unknown-path"
OTHER_OP = "update-rest-api-unsupported-op"
ONE_OF = "Invalid patch operation specified. Must be one of: "


@pytest.mark.parametrize(
    ("name", "path", "message", "rule"),
    [
        ("add", "/binaryMediaTypes/a\nb", "Invalid patch path /binaryMediaTypes/a\nb", UNKNOWN),
        ("add", "/binaryMediaTypes/", "Invalid patch path /binaryMediaTypes/", UNKNOWN),
        (
            "move",
            "/binaryMediaTypes",
            "Invalid patch path /binaryMediaTypes",
            "update-rest-api-invalid-path",
        ),
        (
            "replace",
            "/endpointConfiguration/types/a/b",
            "Invalid patch path /endpointConfiguration/types/a/b",
            UNKNOWN,
        ),
        (
            "remove",
            "/endpointConfiguration/types/a/b",
            "Invalid patch operation specified. Must be 'add'|'remove'|'replace'",
            "update-rest-api-types-op",
        ),
        ("move", "/name", ONE_OF + "[replace]", "update-rest-api-replace-only"),
        ("test", "/policy", ONE_OF + "[add, remove, replace]", OTHER_OP),
        ("replace", "/endpointConfiguration/vpcEndpointIds", ONE_OF + "[add, remove]", OTHER_OP),
    ],
)
def test_refusals_and_their_rules(
    backend: Backend, api_id: str, name: str, path: str, message: str, rule: str
) -> None:
    with bad_request(backend, api_id, message):
        update(backend, api_id, op(name, path, "x"))
    assert refusal(backend, api_id, op(name, path, "x")).rule == rule


def test_an_operation_without_a_path(backend: Backend, api_id: str) -> None:
    with bad_request(backend, api_id, "Invalid patch operation: replace requires a path"):
        update(backend, api_id, {"op": "replace", "value": "x"})
    assert refusal(backend, api_id, {}).message == "Invalid patch operation: None requires a path"


def test_the_first_failing_operation_answers(backend: Backend, api_id: str) -> None:
    renamed, emptied = op("replace", "/name", "renamed"), op("replace", "/name", "")
    first = refusal(backend, api_id, renamed, emptied, {"op": "replace"})
    assert (first.message, first.rule) == (
        "The REST API name must not be empty",
        "rest-api-name-empty",
    )
    assert body(backend, "GetRestApi", restApiId=api_id)["name"] == "demo"


def test_the_evidence_is_noted_only_for_a_whole_success(backend: Backend, api_id: str) -> None:
    backend.journal.clear()
    description = op("replace", "/description", "d")
    media_type = op("add", "/binaryMediaTypes/a", "ignored")
    by_name = op("replace", "/endpointConfiguration/types/EDGE", "REGIONAL")
    update(backend, api_id, description, media_type, media_type, by_name)
    assert backend.journal.evidence == [
        "update-rest-api-fields",
        "update-rest-api-binary-media-types-policy",
        "update-rest-api-endpoint-type-by-name",
    ]
    backend.journal.clear()
    refusal(backend, api_id, op("replace", "/version", "2"), op("replace", "/apiKeySource", "NOPE"))
    assert backend.journal.evidence == []
    assert call(backend, "GetRestApi", restApiId=api_id).body.get("version") is None
