"""Documentation at handler level: what the API does not show (a version's snapshot)."""

from __future__ import annotations

from apigw_canary_mock.core.store import Backend

from .helpers import body, call


def test_a_version_keeps_the_parts_as_they_were(backend: Backend, api_id: str) -> None:
    part = body(
        backend,
        "CreateDocumentationPart",
        restApiId=api_id,
        location={"type": "API"},
        properties='{"v": 1}',
    )
    call(backend, "CreateDocumentationVersion", restApiId=api_id, documentationVersion="1")
    call(
        backend,
        "UpdateDocumentationPart",
        restApiId=api_id,
        documentationPartId=part["id"],
        patchOperations=[{"op": "replace", "path": "/properties", "value": '{"v": 2}'}],
    )
    call(backend, "DeleteDocumentationPart", restApiId=api_id, documentationPartId=part["id"])
    documentation = backend.rest_apis[api_id].documentation
    snapshot = documentation.versions["1"].parts
    assert [(p.id, p.properties) for p in snapshot] == [(part["id"], '{"v": 1}')]
    assert documentation.parts == {}


def test_documentation_changes_are_journaled(backend: Backend, api_id: str) -> None:
    backend.journal.clear()
    call(
        backend,
        "CreateDocumentationPart",
        restApiId=api_id,
        location={"type": "API"},
        properties="{}",
    )
    assert ("api", api_id) in backend.journal.changed
    backend.journal.clear()
    call(backend, "CreateDocumentationVersion", restApiId=api_id, documentationVersion="1")
    assert ("api", api_id) in backend.journal.changed


def test_deleting_the_api_releases_part_ids(backend: Backend, api_id: str) -> None:
    part = body(
        backend,
        "CreateDocumentationPart",
        restApiId=api_id,
        location={"type": "API"},
        properties="{}",
    )
    ids = backend.rest_apis[api_id].ids
    assert part["id"] in ids._live
    call(backend, "DeleteRestApi", restApiId=api_id)
    assert part["id"] not in ids._live
