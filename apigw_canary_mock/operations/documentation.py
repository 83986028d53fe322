"""Documentation parts and versions (spec deployment surface 3.13)."""

from __future__ import annotations

from typing import Any

from ..core import documentation as docs
from ..core.documentation_import import import_parts
from ..core.store import Backend
from .result import (
    OperationHandler,
    Result,
    optional_bool,
    optional_text,
    paged_result,
    text,
)
from .shapes import documentation_part_body, documentation_version_body

# -- parts ------------------------------------------------------------------------------------


def create_documentation_part(backend: Backend, params: dict[str, Any]) -> Result:
    api = backend.rest_api(text(params, "restApiId"))
    part = docs.create_part(api, params.get("location"), params.get("properties"))
    return Result(documentation_part_body(part), 201)


def get_documentation_part(backend: Backend, params: dict[str, Any]) -> Result:
    """R: an unknown API answers the part's NotFound text."""
    api = backend.rest_apis.get(text(params, "restApiId"))
    return Result(documentation_part_body(docs.part(api, text(params, "documentationPartId"))))


def get_documentation_parts(backend: Backend, params: dict[str, Any]) -> Result:
    """Filters (P) then pages by ``limit`` / ``position``; creation order."""
    api = backend.rest_api(text(params, "restApiId"))
    parts = docs.list_parts(
        api,
        kind=optional_text(params, "type"),
        name_query=optional_text(params, "nameQuery"),
        path=optional_text(params, "path"),
        location_status=optional_text(params, "locationStatus"),
    )
    return paged_result(params, parts, documentation_part_body, backend.journal)


def update_documentation_part(backend: Backend, params: dict[str, Any]) -> Result:
    """R: an unknown API answers the part's NotFound text."""
    api = backend.rest_apis.get(text(params, "restApiId"))
    part = docs.update_part(api, text(params, "documentationPartId"), params.get("patchOperations"))
    return Result(documentation_part_body(part))


def delete_documentation_part(backend: Backend, params: dict[str, Any]) -> Result:
    api = backend.rest_api(text(params, "restApiId"))
    docs.delete_part(api, text(params, "documentationPartId"))
    return Result({}, 202)


def import_documentation_parts(backend: Backend, params: dict[str, Any]) -> Result:
    api = backend.rest_api(text(params, "restApiId"))
    ids, warnings = import_parts(
        api,
        params.get("body"),
        overwrite=optional_text(params, "mode") == "overwrite",
        fail_on_warnings=bool(optional_bool(params, "failOnWarnings")),
    )
    body: dict[str, Any] = {"ids": ids}
    if warnings:
        body["warnings"] = warnings
    return Result(body)


# -- versions ---------------------------------------------------------------------------------


def create_documentation_version(backend: Backend, params: dict[str, Any]) -> Result:
    api = backend.rest_api(text(params, "restApiId"))
    version = docs.create_version(
        api,
        text(params, "documentationVersion"),
        description=optional_text(params, "description"),
        stage_name=optional_text(params, "stageName"),
    )
    return Result(documentation_version_body(version), 201)


def get_documentation_version(backend: Backend, params: dict[str, Any]) -> Result:
    api = backend.rest_api(text(params, "restApiId"))
    version = docs.version(api, text(params, "documentationVersion"))
    return Result(documentation_version_body(version))


def get_documentation_versions(backend: Backend, params: dict[str, Any]) -> Result:
    api = backend.rest_api(text(params, "restApiId"))
    versions = tuple(api.documentation.versions.values())
    return paged_result(params, versions, documentation_version_body, backend.journal)


def update_documentation_version(backend: Backend, params: dict[str, Any]) -> Result:
    api = backend.rest_api(text(params, "restApiId"))
    version = docs.update_version(
        api, text(params, "documentationVersion"), params.get("patchOperations")
    )
    return Result(documentation_version_body(version))


def delete_documentation_version(backend: Backend, params: dict[str, Any]) -> Result:
    api = backend.rest_api(text(params, "restApiId"))
    docs.delete_version(api, text(params, "documentationVersion"))
    return Result({}, 202)


HANDLERS: dict[str, OperationHandler] = {
    "CreateDocumentationPart": create_documentation_part,
    "GetDocumentationPart": get_documentation_part,
    "GetDocumentationParts": get_documentation_parts,
    "UpdateDocumentationPart": update_documentation_part,
    "DeleteDocumentationPart": delete_documentation_part,
    "ImportDocumentationParts": import_documentation_parts,
    "CreateDocumentationVersion": create_documentation_version,
    "GetDocumentationVersion": get_documentation_version,
    "GetDocumentationVersions": get_documentation_versions,
    "UpdateDocumentationVersion": update_documentation_version,
    "DeleteDocumentationVersion": delete_documentation_version,
}

READ_ONLY = frozenset(
    (
        "GetDocumentationPart",
        "GetDocumentationParts",
        "GetDocumentationVersion",
        "GetDocumentationVersions",
    )
)
