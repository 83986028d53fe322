"""An API's documentation (spec deployment surface 3.13): parts, and versions (snapshots of them).

Parts and versions are immutable (NamedTuples, cheaper to define than dataclasses): a change puts
a new object, so a version's snapshot (a tuple of the parts as they were) stays what it was.
Every change is followed by ``api.changed()``; a version linked to a stage goes through
``RestApi.put_stage``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from .clock import now
from .errors import ApiError, bad_request, conflict, not_found
from .evidence import rule
from .patch_op import PatchOp
from .patch_table import Handler, PatchTable, Row, path_or_op_not_listed, read_members_or_null

if TYPE_CHECKING:
    from .restapi import RestApi

DOCUMENTATION_PART_ID_LENGTH = 6

PART_NOT_FOUND = "Invalid Documentation part identifier specified"
VERSION_NOT_FOUND = "Invalid Documentation version specified"
STAGE_VERSION_UNKNOWN = "Invalid documentation version specified"
VERSION_EXISTS = "Documentation version already exists"
STAGE_NOT_FOUND = "Invalid stage identifier specified"  # restapi's text (it imports this module)

# Location fields in the model's order, and the fields each type takes (D: botocore's
# DocumentationPartLocation documentation; REQUEST_BODY's name is optional, as the developer
# guide's own REQUEST_BODY example has none).
FIELDS = ("path", "method", "statusCode", "name")
_VALID_FIELDS: dict[str, frozenset[str]] = {
    "API": frozenset(),
    "AUTHORIZER": frozenset({"name"}),
    "MODEL": frozenset({"name"}),
    "RESOURCE": frozenset({"path"}),
    "METHOD": frozenset({"path", "method"}),
    "PATH_PARAMETER": frozenset({"path", "method", "name"}),
    "QUERY_PARAMETER": frozenset({"path", "method", "name"}),
    "REQUEST_HEADER": frozenset({"path", "method", "name"}),
    "REQUEST_BODY": frozenset({"path", "method", "name"}),
    "RESPONSE": frozenset({"path", "method", "statusCode"}),
    "RESPONSE_HEADER": frozenset({"path", "method", "statusCode", "name"}),
    "RESPONSE_BODY": frozenset({"path", "method", "statusCode"}),
}
_NAME_REQUIRED = frozenset(
    {
        "AUTHORIZER",
        "MODEL",
        "PATH_PARAMETER",
        "QUERY_PARAMETER",
        "REQUEST_HEADER",
        "RESPONSE_HEADER",
    }
)
# D: an omitted path is the root resource, an omitted method or status code is "*".
_DEFAULTS = {"path": "/", "method": "*", "statusCode": "*"}

PART_CREATED = rule(
    "doc-part-create",
    "R",
    "CreateDocumentationPart: 201 {id, location, properties}; the location keeps only the "
    "fields given; properties as the JSON string given",
)
PART_NOT_FOUND_RULE = rule(
    "doc-part-not-found",
    "R",
    "Get/Update/DeleteDocumentationPart of an unknown part (Get/Update: or an unknown API): "
    "NotFoundException " + repr(PART_NOT_FOUND),
)
PART_LOCATION_FIELDS = rule(
    "doc-part-location-fields",
    "D",
    "A location field the type does not take, or a missing name where the type needs one: "
    "BadRequestException (P texts)",
)
PART_DUPLICATE = rule(
    "doc-part-duplicate",
    "D",
    "A second part at the same location (omitted path '/', method and statusCode '*'): "
    "ConflictException 'Documentation part already exists for the specified location: "
    "type 'API'.' (P: the fields given follow the type, in the model's order)",
)
PART_PROPERTIES = rule(
    "doc-part-properties-json",
    "P",
    "Documentation part properties must be a JSON object (text: 'Invalid documentation "
    "properties specified: properties must be a JSON object')",
)
PART_TYPE_FALLBACK = rule(
    "doc-part-type-unknown",
    "P",
    "A location type outside the model's enum, when the request-validation layer did not "
    "answer first (handler-level calls): BadRequestException 'Invalid documentation part type "
    "specified: <type>'",
)
PART_UPDATE_OP = rule(
    "doc-part-update-op",
    "R",
    "UpdateDocumentationPart with an op other than replace: \"Invalid patch path  '<path>' "
    "specified for op '<op>'. Please choose supported operations\"",
)
PART_UPDATE_PATH = rule(
    "doc-part-update-path",
    "R",
    'UpdateDocumentationPart replace of a path other than /properties: "Invalid patch path  '
    "'<path>' specified for op 'replace'. Must be one of: [/properties]\"",
)
PARTS_FILTERS = rule(
    "doc-parts-filters",
    "P",
    "GetDocumentationParts filters: type exact; nameQuery a substring of the location's name; "
    "path exact (an omitted path counts as '/'); locationStatus DOCUMENTED lists every part, "
    "UNDOCUMENTED none (the mock stores only documented parts)",
)
VERSION_CREATED = rule(
    "doc-version-create",
    "R",
    "CreateDocumentationVersion: 201 {createdDate, version} + description when given "
    "(P: an empty description is dropped); a snapshot of the parts as they are",
)
VERSION_EXISTS_RULE = rule(
    "doc-version-duplicate",
    "P",
    "CreateDocumentationVersion of an existing version: ConflictException " + repr(VERSION_EXISTS),
)
VERSION_NAME_EMPTY = rule(
    "doc-version-empty",
    "P",
    "CreateDocumentationVersion with an empty documentationVersion: BadRequestException "
    "'Documentation version must be non-empty'",
)
VERSION_STAGE = rule(
    "doc-version-stage",
    "D",
    "CreateDocumentationVersion(stageName=S) sets S's documentationVersion (a stage change); "
    "P: an unknown S is NotFoundException 'Invalid stage identifier specified' and nothing is "
    "created",
)
VERSION_NOT_FOUND_RULE = rule(
    "doc-version-not-found",
    "Q",
    "Get/Update/DeleteDocumentationVersion of an unknown version: NotFoundException "
    + repr(VERSION_NOT_FOUND)
    + " (the text users' deploy tools test for)",
)
VERSION_UPDATE_PATH = rule(
    "doc-version-update-path",
    "P",
    "UpdateDocumentationVersion: replace /description (R); other paths and ops answer like "
    "UpdateDocumentationPart's (\"Invalid patch path  '<path>' specified for op '<op>'...\")",
)
VERSION_IN_USE = rule(
    "doc-version-in-use",
    "P",
    "DeleteDocumentationVersion of a version a stage uses: BadRequestException "
    "'Documentation version <v> is in use by stage <name>' (the stage keeps it)",
)
STAGE_VERSION_RULE = rule(
    "create-stage-doc-version",
    "P",
    "CreateStage with a documentationVersion the API does not have: BadRequestException "
    + repr(STAGE_VERSION_UNKNOWN),
)


class DocumentationLocation(NamedTuple):
    type: str
    path: str | None = None
    method: str | None = None
    status_code: str | None = None
    name: str | None = None

    def given(self) -> dict[str, str]:
        """The fields given besides ``type``, by wire name, in the model's order."""
        values = (self.path, self.method, self.status_code, self.name)
        return {
            name: value for name, value in zip(FIELDS, values, strict=True) if value is not None
        }

    def key(self) -> tuple[str | None, ...]:
        """What makes two locations the same one: omitted fields take their defaults (D)."""
        given = self.given()
        valid = _VALID_FIELDS.get(self.type, frozenset())
        fields = (
            given.get(name, _DEFAULTS.get(name)) if name in valid else None for name in FIELDS
        )
        return (self.type, *fields)

    def describe(self) -> str:
        """As AWS names a location in its conflict text: ``type 'API'`` (D), then the fields."""
        return ", ".join(
            [f"type '{self.type}'"] + [f"{name} '{value}'" for name, value in self.given().items()]
        )


class DocumentationPart(NamedTuple):
    id: str
    location: DocumentationLocation
    properties: str  # the JSON text as given


class DocumentationVersion(NamedTuple):
    version: str
    created_date: int
    description: str | None = None
    # The parts as they were when the version was made (D: a snapshot).
    parts: tuple[DocumentationPart, ...] = ()


@dataclass(slots=True)
class Documentation:
    """The documentation of one API. Insertion order is the listing order."""

    parts: dict[str, DocumentationPart] = field(default_factory=dict)
    versions: dict[str, DocumentationVersion] = field(default_factory=dict)

    def part_at(self, location: DocumentationLocation) -> DocumentationPart | None:
        key = location.key()
        for part in self.parts.values():
            if part.location.key() == key:
                return part
        return None


# -- checks ---------------------------------------------------------------------------------


def location_from(raw: object) -> DocumentationLocation:
    """A request's location, checked (the type's enum is the validation layer's)."""
    if not isinstance(raw, Mapping):
        raise bad_request("Invalid documentation part location specified", PART_TYPE_FALLBACK)
    kind = raw.get("type")
    valid = _VALID_FIELDS.get(kind) if isinstance(kind, str) else None
    if valid is None:
        raise bad_request(f"Invalid documentation part type specified: {kind}", PART_TYPE_FALLBACK)
    assert isinstance(kind, str)
    values: dict[str, str] = {}
    for name in FIELDS:
        value = raw.get(name)
        if value is None:
            continue
        if name not in valid:
            raise bad_request(
                f"Invalid location specified: {name} is not a valid field for type {kind}",
                PART_LOCATION_FIELDS,
            )
        values[name] = str(value)
    if kind in _NAME_REQUIRED and not values.get("name"):
        raise bad_request(
            f"Invalid location specified: name is required for type {kind}", PART_LOCATION_FIELDS
        )
    return DocumentationLocation(
        kind, values.get("path"), values.get("method"), values.get("statusCode"), values.get("name")
    )


def check_properties(properties: object) -> str:
    """The properties as given, when they are a JSON object (P)."""
    text = properties if isinstance(properties, str) else None
    try:
        parsed = json.loads(text) if text is not None else None
    except ValueError:
        parsed = None
    if not isinstance(parsed, dict):
        raise bad_request(
            "Invalid documentation properties specified: properties must be a JSON object",
            PART_PROPERTIES,
        )
    assert text is not None
    return text


def _duplicate(location: DocumentationLocation) -> ApiError:
    return conflict(
        f"Documentation part already exists for the specified location: {location.describe()}.",
        PART_DUPLICATE,
    )


# -- parts ----------------------------------------------------------------------------------


def create_part(api: RestApi, location: object, properties: object) -> DocumentationPart:
    where = location_from(location)
    text = check_properties(properties)
    docs = api.documentation
    if docs.part_at(where) is not None:
        raise _duplicate(where)
    part = DocumentationPart(api.ids.new_id(DOCUMENTATION_PART_ID_LENGTH), where, text)
    docs.parts[part.id] = part
    api.changed()
    api.journal.note(PART_CREATED)
    return part


def part(api: RestApi | None, part_id: str) -> DocumentationPart:
    """A part; an unknown API gives the part's text too (R: Get/Update)."""
    found = None if api is None else api.documentation.parts.get(part_id)
    if found is None:
        raise not_found(PART_NOT_FOUND, PART_NOT_FOUND_RULE)
    return found


# UpdateDocumentationPart/Version work on a draft: the part's or version's fields as a dict.
_Draft = dict[str, Any]
_Record = TypeVar("_Record", DocumentationPart, DocumentationVersion)


def _replace_only(
    path: str, handler: Handler[_Draft], rule_path: str, rule_op: str
) -> PatchTable[_Draft]:
    """One path that takes replace, and AWS's quoted refusals: ``Invalid patch path  '<path>'
    specified for op 'replace'. Must be one of: [<the path>]`` for another path (``rule_path``),
    ``... Please choose supported operations`` for another op (``rule_op``)."""
    refuse = path_or_op_not_listed(f"[{path}]", rule_path, rule_op)
    return PatchTable(
        {path: Row({"replace": handler})},
        unknown_path=refuse,
        refuse=refuse,
        read=read_members_or_null,
    )


def _patch(
    api: RestApi, table: PatchTable[_Draft], records: dict[str, _Record], key: str, ops: object
) -> _Record:
    """The record at ``key`` as ``ops`` leave it, put in its place (journaled) if it changed."""
    current = records[key]
    draft = current._asdict()
    table.apply(draft, ops)
    changed = current._replace(**draft)
    if changed == current:
        return current
    records[key] = changed
    api.changed()
    return changed


def _replace_properties(draft: _Draft, op: PatchOp, groups: Mapping[str, str]) -> None:
    draft["properties"] = check_properties(op.value)


_PART_TABLE = _replace_only("/properties", _replace_properties, PART_UPDATE_PATH, PART_UPDATE_OP)


def update_part(api: RestApi | None, part_id: str, operations: object) -> DocumentationPart:
    part(api, part_id)  # its NotFound first
    assert api is not None
    return _patch(api, _PART_TABLE, api.documentation.parts, part_id, operations)


def delete_part(api: RestApi, part_id: str) -> None:
    part(api, part_id)
    del api.documentation.parts[part_id]
    api.ids.release(part_id)
    api.changed()


def list_parts(
    api: RestApi,
    *,
    kind: str | None = None,
    name_query: str | None = None,
    path: str | None = None,
    location_status: str | None = None,
) -> list[DocumentationPart]:
    parts = list(api.documentation.parts.values())
    if kind is not None:
        parts = [p for p in parts if p.location.type == kind]
    if name_query is not None:
        parts = [p for p in parts if name_query in (p.location.name or "")]
    if path is not None:
        parts = [p for p in parts if _effective_path(p.location) == path]
    if location_status == "UNDOCUMENTED":
        parts = []
    if any(x is not None for x in (kind, name_query, path, location_status)):
        api.journal.note(PARTS_FILTERS)
    return parts


def _effective_path(location: DocumentationLocation) -> str | None:
    if location.path is not None:
        return location.path
    return "/" if "path" in _VALID_FIELDS.get(location.type, ()) else None


# -- versions -------------------------------------------------------------------------------


def create_version(
    api: RestApi, version: str, *, description: str | None, stage_name: str | None
) -> DocumentationVersion:
    docs = api.documentation
    if not version:
        raise bad_request("Documentation version must be non-empty", VERSION_NAME_EMPTY)
    if version in docs.versions:
        raise conflict(VERSION_EXISTS, VERSION_EXISTS_RULE)
    stage = None
    if stage_name is not None:
        stage = api.stages.get(stage_name)
        if stage is None:
            raise not_found(STAGE_NOT_FOUND, VERSION_STAGE)
    created = DocumentationVersion(version, now(), description or None, tuple(docs.parts.values()))
    docs.versions[version] = created
    api.changed()
    api.journal.note(VERSION_CREATED)
    if stage is not None:
        linked = stage.copy()
        linked.documentation_version = version
        api.put_stage(linked)
        api.journal.note(VERSION_STAGE)
    return created


def version(api: RestApi, version_id: str) -> DocumentationVersion:
    found = api.documentation.versions.get(version_id)
    if found is None:
        raise not_found(VERSION_NOT_FOUND, VERSION_NOT_FOUND_RULE)
    return found


def _replace_description(draft: _Draft, op: PatchOp, groups: Mapping[str, str]) -> None:
    draft["description"] = op.value or None


_VERSION_TABLE = _replace_only(
    "/description", _replace_description, VERSION_UPDATE_PATH, VERSION_UPDATE_PATH
)


def update_version(api: RestApi, version_id: str, operations: object) -> DocumentationVersion:
    version(api, version_id)  # its NotFound first
    return _patch(api, _VERSION_TABLE, api.documentation.versions, version_id, operations)


def delete_version(api: RestApi, version_id: str) -> None:
    version(api, version_id)
    for stage in api.stages.values():
        if stage.documentation_version == version_id:
            raise bad_request(
                f"Documentation version {version_id} is in use by stage {stage.name}",
                VERSION_IN_USE,
            )
    del api.documentation.versions[version_id]
    api.changed()


def check_stage_version(api: RestApi, version_id: str | None) -> None:
    """CreateStage's documentationVersion must name one of the API's versions (P)."""
    if version_id is not None and version_id not in api.documentation.versions:
        raise bad_request(STAGE_VERSION_UNKNOWN, STAGE_VERSION_RULE)


def put_imported(
    api: RestApi, located: Iterable[tuple[DocumentationLocation, str]], overwrite: bool
) -> list[str]:
    """Store imported parts (already checked): ``overwrite`` drops every existing part first;
    otherwise a part at an existing location replaces its properties and keeps its id."""
    docs = api.documentation
    if overwrite:
        for part_id in docs.parts:
            api.ids.release(part_id)
        docs.parts.clear()
    ids = []
    for where, properties in located:
        existing = docs.part_at(where)
        if existing is not None:
            docs.parts[existing.id] = existing._replace(properties=properties)
            ids.append(existing.id)
            continue
        created = DocumentationPart(api.ids.new_id(DOCUMENTATION_PART_ID_LENGTH), where, properties)
        docs.parts[created.id] = created
        ids.append(created.id)
    api.changed()
    return ids
