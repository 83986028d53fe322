"""CreateModel, GetModel, GetModels, UpdateModel, DeleteModel."""

from __future__ import annotations

from typing import Any

from ..core.models import (
    MODEL_DESCRIPTION_EMPTY,
    MODEL_ID_LENGTH,
    Model,
    check_model_unused,
    check_new_model,
    model,
    model_not_found,
    patch_model,
)
from ..core.restapi import RestApi
from ..core.store import Backend
from .result import OperationHandler, Result, optional_text, paged_result, text
from .shapes import model_body


def _api_for_model(backend: Backend, params: dict[str, Any]) -> tuple[RestApi, Model]:
    """R: an unknown API answers as an unknown model does."""
    name = text(params, "modelName")
    api = backend.rest_apis.get(text(params, "restApiId"))
    if api is None:
        raise model_not_found(name)
    return api, model(api.models, name)


def create_model(backend: Backend, params: dict[str, Any]) -> Result:
    api = backend.rest_api(text(params, "restApiId"))
    name = text(params, "name")
    schema = check_new_model(api.models, name, optional_text(params, "schema"))
    description = optional_text(params, "description")
    if description == "":
        backend.journal.note(MODEL_DESCRIPTION_EMPTY)
    created = Model(
        api.ids.new_id(MODEL_ID_LENGTH),
        name,
        text(params, "contentType"),
        schema,
        description or None,
    )
    api.models[name] = created
    api.changed()
    return Result(model_body(created), 201)


def get_model(backend: Backend, params: dict[str, Any]) -> Result:
    """``flatten`` is accepted and ignored: schemas are kept as given (P)."""
    _, found = _api_for_model(backend, params)
    return Result(model_body(found))


def get_models(backend: Backend, params: dict[str, Any]) -> Result:
    """Pages by ``limit`` and ``position``; creation order (Empty and Error first)."""
    api = backend.rest_api(text(params, "restApiId"))
    return paged_result(params, tuple(api.models.values()), model_body)


def update_model(backend: Backend, params: dict[str, Any]) -> Result:
    api, found = _api_for_model(backend, params)
    operations = params.get("patchOperations")
    if isinstance(operations, (list, tuple)) and operations:
        found = patch_model(found, operations)
        api.models[found.name] = found
        api.changed()
    return Result(model_body(found))


def delete_model(backend: Backend, params: dict[str, Any]) -> Result:
    api, found = _api_for_model(backend, params)
    check_model_unused(api.resources.values(), found.name)
    del api.models[found.name]
    api.ids.release(found.id)
    api.changed()
    return Result({}, 202)


HANDLERS: dict[str, OperationHandler] = {
    "CreateModel": create_model,
    "GetModel": get_model,
    "GetModels": get_models,
    "UpdateModel": update_model,
    "DeleteModel": delete_model,
}

READ_ONLY = frozenset(("GetModel", "GetModels"))
