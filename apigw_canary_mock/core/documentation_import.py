"""ImportDocumentationParts (spec deployment surface 3.13): the parts of an OpenAPI document's
``x-amazon-apigateway-documentation`` extension, merged into or replacing the API's parts."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from .documentation import DocumentationLocation, check_properties, location_from, put_imported
from .errors import ApiError, bad_request
from .evidence import rule

if TYPE_CHECKING:
    from .restapi import RestApi

BAD_BODY = "Unable to build importer with provided input."
EXTENSION = "x-amazon-apigateway-documentation"

IMPORTED = rule(
    "doc-import",
    "R",
    "ImportDocumentationParts: 200 {ids: [...]}, the ids in the order of the document's parts",
)
BAD_BODY_RULE = rule(
    "doc-import-bad-body",
    "R",
    "ImportDocumentationParts with a body that is not an OpenAPI/Swagger JSON document: "
    "BadRequestException " + repr(BAD_BODY) + " (P: for a JSON object without a 'swagger' or "
    "'openapi' member, a malformed extension, and YAML)",
)
JSON_ONLY = rule(
    "doc-import-json",
    "D",
    "ImportDocumentationParts reads the body as JSON ('To import from an OpenAPI file, this is "
    "a JSON object')",
)
MODES = rule(
    "doc-import-modes",
    "D",
    "ImportDocumentationParts mode: merge (the default) keeps the other parts, a part at an "
    "existing location replaces its properties (P: keeping its id); overwrite drops every "
    "existing part first",
)
WARNINGS = rule(
    "doc-import-warnings",
    "P",
    "An imported part with a bad location or properties, or a second part at the same location, "
    "is skipped with a warning (the answer's 'warnings'); failOnWarnings=true then fails the "
    "whole import: BadRequestException 'Import failed with warnings: <w1>; <w2>', nothing "
    "changed",
)
NO_EXTENSION = rule(
    "doc-import-no-extension",
    "P",
    "A document without x-amazon-apigateway-documentation imports no part ({ids: []}; "
    "overwrite still drops the existing parts)",
)


def read_body(body: object) -> bytes:
    """The body's bytes, whatever botocore accepted for a blob (bytes, str, a file object)."""
    if hasattr(body, "read"):
        body = body.read()
    if isinstance(body, str):
        return body.encode("utf-8", "surrogatepass")
    if isinstance(body, (bytes, bytearray, memoryview)):
        return bytes(body)
    raise bad_request(BAD_BODY, BAD_BODY_RULE)


def _document(body: object) -> dict[str, Any]:
    try:
        document = json.loads(read_body(body))
    except (ValueError, UnicodeError, RecursionError):
        document = None
    if not isinstance(document, dict) or not ("swagger" in document or "openapi" in document):
        raise bad_request(BAD_BODY, BAD_BODY_RULE)
    return document


def import_parts(
    api: RestApi, body: object, *, overwrite: bool, fail_on_warnings: bool
) -> tuple[list[str], list[str]]:
    """The ids of the imported parts, and the warnings. Checks everything, then stores."""
    document = _document(body)
    api.journal.note(JSON_ONLY)
    extension = document.get(EXTENSION)
    entries: object = [] if extension is None else None
    if isinstance(extension, dict):
        entries = extension.get("documentationParts", [])
    if not isinstance(entries, list):
        raise bad_request(BAD_BODY, BAD_BODY_RULE)
    if extension is None:
        api.journal.note(NO_EXTENSION)
    located: list[tuple[DocumentationLocation, str]] = []
    seen: set[tuple[str | None, ...]] = set()
    warnings: list[str] = []
    for index, entry in enumerate(entries):
        try:
            where, properties = _entry(entry)
        except ApiError as error:
            warnings.append(f"Documentation part {index} skipped: {error.message}")
            continue
        if where.key() in seen:
            warnings.append(
                f"Documentation part {index} skipped: a part for {where.describe()} "
                "is already in the document"
            )
            continue
        seen.add(where.key())
        located.append((where, properties))
    if warnings:
        api.journal.note(WARNINGS)
        if fail_on_warnings:
            raise bad_request(f"Import failed with warnings: {'; '.join(warnings)}", WARNINGS)
    ids = put_imported(api, located, overwrite)
    api.journal.note(MODES)
    api.journal.note(IMPORTED)
    return ids, warnings


def _entry(entry: object) -> tuple[DocumentationLocation, str]:
    if not isinstance(entry, dict):
        raise bad_request("a documentation part must be a JSON object", WARNINGS)
    where = location_from(entry.get("location"))
    properties = entry.get("properties")
    if isinstance(properties, dict):
        # P: stored as compact JSON text, as a part's properties always are.
        return where, json.dumps(properties, separators=(",", ":"), ensure_ascii=False)
    return where, check_properties(properties)
