"""Models (request/response schemas) of a REST API (spec deployment-surface 3.10).

Kept by name (the key every reference uses); every new API starts with ``Empty`` and
``Error`` (R).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from .errors import ApiError, bad_request, conflict, not_found
from .evidence import rule
from .ids import IdGenerator
from .patch_op import PatchOp
from .patch_table import PatchTable, Row, path_not_listed
from .record import Record
from .resources import Resource

MODEL_ID_LENGTH = 6

DEFAULT_MODELS = rule(
    "default-models",
    "R",
    "every new REST API has the models Empty and Error (application/json, AWS's schemas)",
)
MODEL_NOT_FOUND = rule(
    "model-not-found",
    "R",
    "Get/Update/DeleteModel of an unknown model or API: NotFoundException `Invalid model name "
    "specified: <name>`",
)
MODEL_EXISTS = rule(
    "model-duplicate",
    "R",
    "CreateModel of an existing name: ConflictException `Model name already exists for this "
    "REST API`",
)
MODEL_NAME_EMPTY = rule(
    "model-name-empty", "R", 'CreateModel name "": `Model name must be non-empty`'
)
MODEL_SCHEMA_EMPTY = rule(
    "model-schema-empty",
    "R",
    'a schema "" or missing: `Model schema must have at least 1 property or array items defined`',
)
MODEL_DESCRIPTION_EMPTY = rule(
    "model-description-empty", "P", "an empty model description is dropped (no key)"
)
MODEL_IN_USE = rule(
    "model-in-use",
    "R",
    "DeleteModel of a model a method's requestModels names: ConflictException `Cannot delete "
    "model '<name>', is referenced in method request: <path>/<METHOD>`",
)
MODEL_IN_USE_WHICH = rule(
    "model-in-use-first-method",
    "P",
    "when several methods use the model, the text names the first (resources in creation "
    "order, then methods in creation order)",
)
MODEL_IN_USE_BY_RESPONSE = rule(
    "model-in-use-by-response",
    "P",
    "DeleteModel of a model a method response names: ConflictException `Cannot delete model "
    "'<name>', is referenced in method response: <path>/<METHOD>/<statusCode>`",
)
MODEL_REFERENCE_UNKNOWN = rule(
    "model-reference-unknown",
    "R",
    "requestModels naming a model that does not exist: BadRequestException `Invalid model "
    "identifier specified: <name>`",
)
RESPONSE_MODEL_REFERENCE_UNKNOWN = rule(
    "response-model-reference-unknown",
    "P",
    "responseModels (and UpdateMethod's requestModels) naming a model that does not exist: "
    "BadRequestException `Invalid model identifier specified: <name>`",
)

_SCHEMA_DRAFT = '"$schema":"http://json-schema.org/draft-04/schema#"'
EMPTY_SCHEMA = "{" + _SCHEMA_DRAFT + ',"title":"Empty Schema","type":"object"}'
ERROR_SCHEMA = (
    "{" + _SCHEMA_DRAFT + ',"title":"Error Schema","type":"object",'
    '"properties":{"message":{"type":"string"}}}'
)


class Model(Record):
    __slots__ = ("content_type", "description", "id", "name", "schema")

    def __init__(
        self, id: str, name: str, content_type: str, schema: str, description: str | None = None
    ) -> None:
        self.id = id
        self.name = name
        self.content_type = content_type
        self.schema = schema
        self.description = description

    def copy(self) -> Model:
        return Model(self.id, self.name, self.content_type, self.schema, self.description)


def default_models(ids: IdGenerator) -> dict[str, Model]:
    """``Empty`` and ``Error``, as every new REST API has them (R)."""
    return {
        "Empty": Model(
            ids.new_id(MODEL_ID_LENGTH),
            "Empty",
            "application/json",
            EMPTY_SCHEMA,
            "This is a default empty schema model",
        ),
        "Error": Model(
            ids.new_id(MODEL_ID_LENGTH),
            "Error",
            "application/json",
            ERROR_SCHEMA,
            "This is a default error schema model",
        ),
    }


def model(models: Mapping[str, Model], name: str) -> Model:
    found = models.get(name)
    if found is None:
        raise model_not_found(name)
    return found


def model_not_found(name: str) -> ApiError:
    return not_found(f"Invalid model name specified: {name}", rule=MODEL_NOT_FOUND)


def check_new_model(models: Mapping[str, Model], name: str, schema: str | None) -> str:
    """The checks of CreateModel after the API look-up, in this order (P); the schema."""
    if not name:
        raise bad_request("Model name must be non-empty", rule=MODEL_NAME_EMPTY)
    schema = check_schema(schema)
    if name in models:
        raise conflict("Model name already exists for this REST API", rule=MODEL_EXISTS)
    return schema


def check_schema(schema: str | None) -> str:
    if not schema:
        raise bad_request(
            "Model schema must have at least 1 property or array items defined",
            rule=MODEL_SCHEMA_EMPTY,
        )
    return schema


def check_model_references(
    models: Mapping[str, Model], names: Iterable[object], rule_id: str = MODEL_REFERENCE_UNKNOWN
) -> None:
    """Every model a request names exists, else the PutMethod text (R)."""
    for name in names:
        if not isinstance(name, str) or name not in models:
            raise bad_request(f"Invalid model identifier specified: {name}", rule=rule_id)


def check_model_unused(resources: Iterable[Resource], name: str) -> None:
    """DeleteModel: no method request or method response may name the model."""
    for path, verb, where in _model_uses(resources, name):
        if where is None:
            raise conflict(
                f"Cannot delete model '{name}', is referenced in method request: {path}/{verb}",
                rule=MODEL_IN_USE,
            )
        raise conflict(
            f"Cannot delete model '{name}', is referenced in method response: "
            f"{path}/{verb}/{where}",
            rule=MODEL_IN_USE_BY_RESPONSE,
        )


def _model_uses(resources: Iterable[Resource], name: str) -> Iterator[tuple[str, str, str | None]]:
    for resource in resources:
        for verb, method in resource.methods.items():
            if method.request_models and name in method.request_models.values():
                yield resource.path, verb, None
            for code, response in method.responses.items():
                if response.response_models and name in response.response_models.values():
                    yield resource.path, verb, code


# --- UpdateModel ---------------------------------------------------------------------------

MODEL_PATCH = rule(
    "model-patch",
    "R",
    "UpdateModel takes replace on /schema and /description; other paths: `Invalid patch path  "
    "'<path>' specified for op 'replace'. Must be one of: [/description, /schema]`; other ops: "
    "`... Please choose supported operations`",
)


def _set_schema(work: Model, op: PatchOp, groups: Mapping[str, str]) -> None:
    work.schema = check_schema(op.value)


def _set_description(work: Model, op: PatchOp, groups: Mapping[str, str]) -> None:
    work.description = op.value or None  # P: as CreateModel, an empty description is dropped


_REFUSE = path_not_listed("[/description, /schema]", MODEL_PATCH)

MODEL_PATCH_TABLE: PatchTable[Model] = PatchTable(
    {"/schema": Row({"replace": _set_schema}), "/description": Row({"replace": _set_description})},
    unknown_path=_REFUSE,
    refuse=_REFUSE,
)


def patch_model(found: Model, operations: object) -> Model:
    """The model as ``operations`` leave it, as a new object (all-or-nothing)."""
    work = found.copy()
    MODEL_PATCH_TABLE.apply(work, operations)
    return work


__all__ = ["EMPTY_SCHEMA", "ERROR_SCHEMA", "Model", "default_models", "patch_model"]
