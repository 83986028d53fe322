"""ImportRestApi and PutRestApi: an OpenAPI document built into a REST API (surface §3.7).

The document is read into a plan (openapi_document.py), then built by calling the operation
handlers (CreateResource, PutMethod, PutIntegration, CreateModel...) by name, in a scratch
Backend: ImportRestApi builds a new API there, PutRestApi an editable copy of the API. Only when
every call succeeded does the Backend adopt the result, so a failing import changes nothing.
A document that needs an operation the mock does not emulate fails with
UnemulatedOperationError naming it, before anything is built.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Mapping
from typing import Any

from ..core import api_settings
from ..core.errors import ApiError, bad_request
from ..core.evidence import rule
from ..core.restapi import RestApi
from ..core.store import Backend
from ..errors import UnemulatedOperationError
from . import openapi_document as document
from .openapi_document import ApiPlan, MethodPlan
from .result import OperationHandler, Result, optional_bool, optional_text, string_map, text
from .shapes import rest_api_body

FAIL_ON_WARNINGS = rule(
    "openapi-fail-on-warnings",
    "P",
    "failOnWarnings=true with warnings: 400 'Warnings found during import:' then each warning on "
    "a line starting with a tab; nothing is created",
)
WARNINGS_IN_ANSWER = rule(
    "openapi-warnings",
    "R",
    "the import's warnings are listed in the answer's 'warnings'",
)
BUILD_ERRORS = rule(
    "openapi-build-errors",
    "P",
    "an operation the import makes fails: 400 'Errors found during import:' then a tab and "
    "'Unable to <do what> ...: <the operation's message>'; nothing is created or changed",
)
PUT_MODES = rule(
    "put-rest-api-modes",
    "R",
    "PutRestApi answers 200 with the API (tags {}), name and version from the document; "
    "merge (the default) appends the document's binary media types to the API's, overwrite "
    "replaces them",
)
PUT_MERGE = rule(
    "put-rest-api-merge",
    "D",
    "PutRestApi mode=merge keeps the API's resources and methods and adds or replaces the "
    "document's (a method in both is replaced whole)",
)
PUT_OVERWRITE = rule(
    "put-rest-api-overwrite",
    "D",
    "PutRestApi mode=overwrite deletes every resource but '/' (the root id is kept) and its "
    "methods, and the API's models, authorizers, request validators and customised gateway "
    "responses, then imports",
)
PUT_POLICY = rule(
    "put-rest-api-policy",
    "P",
    "PutRestApi: merge keeps the API's description, policy and other settings the document "
    "does not set (overwrite: the document's description, or none); in merge, a model of the "
    "same name gets the document's schema (UpdateModel), an authorizer or request validator of "
    "the same name is kept as it is, a gateway response of the document replaces the API's of "
    "its type (the others are kept); the endpoint configuration is never changed",
)
PUT_UNKNOWN_API = rule(
    "put-rest-api-unknown-api",
    "P",
    "PutRestApi of an unknown API with a readable document: 404 'Invalid API identifier "
    "specified <account>:<id>'",
)
IMPORT_NO_TAGS = rule(
    "import-rest-api-answer",
    "R",
    "ImportRestApi answers 201 with the new API, without a tags key; name, description and "
    "version from info, binaryMediaTypes from x-amazon-apigateway-binary-media-types",
)

Call = Callable[..., dict[str, Any]]


def handlers(table: Mapping[str, OperationHandler]) -> dict[str, OperationHandler]:
    """The two handlers, calling the others through ``table`` (OPERATIONS) when they run."""

    def import_rest_api(backend: Backend, params: dict[str, Any]) -> Result:
        plan = _plan(params)
        _require(table, plan, "ImportRestApi")
        scratch = backend.scratch()
        # R: an imported API has only the models its document defines (no Empty, Error).
        api = scratch.create_rest_api(with_default_models=False, **_create_settings(plan.settings))
        try:
            _build(table, scratch, api, plan, merge=False)
        except BaseException:
            api.release_ids()
            raise
        backend.adopt(scratch, api.id)
        return Result(_answer(api, plan, always_tags=False), 201)

    def put_rest_api(backend: Backend, params: dict[str, Any]) -> Result:
        plan = _plan(params)  # R: an unreadable body is refused before the API look-up
        original = backend.rest_api(text(params, "restApiId"))
        merge = (optional_text(params, "mode") or "merge") == "merge"
        _require(table, plan, "PutRestApi")
        scratch = backend.scratch()
        api = _editable_copy(original, scratch)
        try:
            if not merge:
                _clear(table, scratch, api)
            _put_settings(api, plan.settings, merge)
            _build(table, scratch, api, plan, merge=merge)
        except BaseException:
            for resource_id in api.resources.keys() - original.resources.keys():
                api.ids.release(resource_id)
            raise
        for resource_id in original.resources.keys() - api.resources.keys():
            api.ids.release(resource_id)
        backend.adopt(scratch, api.id)
        backend.journal.note(PUT_MERGE if merge else PUT_OVERWRITE)
        return Result(_answer(api, plan, always_tags=True))

    def _plan(params: dict[str, Any]) -> ApiPlan:
        plan = document.read(
            document.load(_blob(params.get("body"))), string_map(params, "parameters") or {}
        )
        if plan.warnings and optional_bool(params, "failOnWarnings"):
            raise bad_request(
                "Warnings found during import:\n\t" + "\n\t".join(plan.warnings), FAIL_ON_WARNINGS
            )
        return plan

    return {"ImportRestApi": import_rest_api, "PutRestApi": put_rest_api}


def _answer(api: RestApi, plan: ApiPlan, *, always_tags: bool) -> dict[str, Any]:
    body = rest_api_body(api, always_tags=always_tags)
    if plan.warnings:
        body["warnings"] = list(plan.warnings)
    return body


def _require(table: Mapping[str, OperationHandler], plan: ApiPlan, operation: str) -> None:
    """Fail closed, before building anything, when the plan needs an unemulated operation."""
    missing = [(name, what) for name, what in plan.needed_operations() if name not in table]
    if missing:
        needs = "; ".join(f"{name} for its {what}" for name, what in missing)
        raise UnemulatedOperationError(
            missing[0][0], table, f" ({operation} of this document needs {needs})"
        )


def _blob(value: Any) -> bytes:
    """A blob member as botocore sends it: bytes, text (UTF-8) or a file-like object."""
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    if isinstance(value, str):
        return value.encode("utf-8")
    read = getattr(value, "read", None)
    if callable(read):
        position = value.tell() if callable(getattr(value, "tell", None)) else None
        data = read()
        if position is not None and callable(getattr(value, "seek", None)):
            value.seek(position)  # a retried call reads it again
        return data.encode("utf-8") if isinstance(data, str) else bytes(data)
    return b""


# -- settings -------------------------------------------------------------------------------------


def _create_settings(settings: Mapping[str, Any]) -> dict[str, Any]:
    """Backend.create_rest_api's arguments for the document's settings, checked like
    CreateRestApi's (the validation layer never sees a document: its enums are checked here)."""
    endpoint = settings.get("endpointConfiguration", {})
    types = endpoint.get("types")
    if types is not None and any(t not in api_settings.ENDPOINT_TYPES for t in types):
        raise bad_request(
            "Invalid EndpointTypes specified. Valid options are REGIONAL,EDGE,PRIVATE",
            api_settings.TYPES_PATCH,
        )
    types, address = api_settings.check_endpoint(types, None)
    created: dict[str, Any] = {
        "name": api_settings.check_name(settings["name"]),
        "description": api_settings.check_description(settings.get("description")),
        "version": settings.get("version"),
        "binary_media_types": settings.get("binaryMediaTypes") or None,
        "minimum_compression_size": api_settings.check_compression_size(
            settings.get("minimumCompressionSize")
        ),
        "policy": settings.get("policy"),
        "endpoint_types": types,
        "ip_address_type": address,
        "vpc_endpoint_ids": endpoint.get("vpcEndpointIds") or None,
    }
    if "apiKeySource" in settings:
        created["api_key_source"] = _api_key_source(settings["apiKeySource"])
    if "disableExecuteApiEndpoint" in settings:
        created["disable_execute_api_endpoint"] = settings["disableExecuteApiEndpoint"]
    return created


def _api_key_source(value: str) -> str:
    if value not in api_settings.API_KEY_SOURCES:
        raise bad_request(
            f"Invalid apiKeySource specified: {value}. Must be one of: [HEADER, AUTHORIZER]",
            document.IMPORT_ERRORS,
        )
    return value


def _put_settings(api: RestApi, settings: Mapping[str, Any], merge: bool) -> None:
    api.name = api_settings.check_name(settings["name"])
    api.version = settings.get("version", api.version if merge else None)
    description = settings.get("description", api.description if merge else None)
    api.description = api_settings.check_description(description)
    media = settings.get("binaryMediaTypes") or []
    if merge:
        kept = list(api.binary_media_types or ())
        media = kept + [t for t in media if t not in kept]
    api.binary_media_types = media or None
    for member, field in (("minimumCompressionSize", "minimum_compression_size"),):
        if member in settings:
            setattr(api, field, api_settings.check_compression_size(settings[member]))
    if "policy" in settings:
        api.policy = settings["policy"]
    if "apiKeySource" in settings:
        api.api_key_source = _api_key_source(settings["apiKeySource"])
    if "disableExecuteApiEndpoint" in settings:
        api.disable_execute_api_endpoint = settings["disableExecuteApiEndpoint"]
    api.changed()
    api.journal.note(PUT_POLICY)


def _editable_copy(api: RestApi, scratch: Backend) -> RestApi:
    """A deep copy of ``api``'s definition in ``scratch``; ids, stages and deployments shared
    (an import never changes them)."""
    memo: dict[int, Any] = {
        id(api.ids): api.ids,
        id(api.journal): scratch.journal,
        id(api.stages): api.stages,
        id(api.deployments): api.deployments,
    }
    edited: RestApi = copy.deepcopy(api, memo)
    scratch.rest_apis[edited.id] = edited
    return edited


def _clear(table: Mapping[str, OperationHandler], scratch: Backend, api: RestApi) -> None:
    """mode=overwrite: every resource but the root, the root's methods, and the models,
    authorizers, request validators and customised gateway responses the mock emulates."""
    root = api.resources[api.root_resource_id]
    root.methods.clear()
    root.children.clear()
    api.resources = {root.id: root}
    api.changed()
    call = _caller(table, scratch, api.id)
    for listing, delete, key, member in (
        ("GetAuthorizers", "DeleteAuthorizer", "authorizerId", "id"),
        ("GetRequestValidators", "DeleteRequestValidator", "requestValidatorId", "id"),
        ("GetModels", "DeleteModel", "modelName", "name"),
    ):
        if listing in table and delete in table:
            for item in _all_items(call, listing):
                call(delete, **{key: item[member]})
    if "GetGatewayResponses" in table and "DeleteGatewayResponse" in table:
        for response in call("GetGatewayResponses")["items"]:
            if not response["defaultResponse"]:  # a default one has nothing to delete
                call("DeleteGatewayResponse", responseType=response["responseType"])


# -- building ------------------------------------------------------------------------------------


def _caller(table: Mapping[str, OperationHandler], backend: Backend, api_id: str) -> Call:
    def call(operation: str, **params: Any) -> dict[str, Any]:
        return table[operation](backend, {"restApiId": api_id, **params}).body

    return call


def _all_items(call: Call, operation: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    position: str | None = None
    while True:
        page = call(operation, limit=500, **({} if position is None else {"position": position}))
        items.extend(page.get("items", ()))
        position = page.get("position")
        if position is None:
            return items


def _build(
    table: Mapping[str, OperationHandler],
    scratch: Backend,
    api: RestApi,
    plan: ApiPlan,
    *,
    merge: bool,
) -> None:
    call = _caller(table, scratch, api.id)
    validators = _named_ids(call, table, merge, "GetRequestValidators")
    for params in plan.validators:
        name = params["name"]
        if name not in validators:
            doing = f"create request validator '{name}'"
            validators[name] = _step(call, doing, "CreateRequestValidator", **params)["id"]
    _build_models(call, table, api, plan, merge)
    authorizers = _named_ids(call, table, merge, "GetAuthorizers")
    for params in plan.authorizers:
        name = params["name"]
        if name not in authorizers:
            doing = f"create authorizer '{name}'"
            authorizers[name] = _step(call, doing, "CreateAuthorizer", **params)["id"]
    resource_ids = {resource.path: resource.id for resource in api.resources.values()}
    for path in plan.paths:
        if path not in resource_ids:
            parent, _, part = path.rpartition("/")
            made = _step(
                call,
                f"create resource at path '{path}'",
                "CreateResource",
                parentId=resource_ids[parent or "/"],
                pathPart=part,
            )
            resource_ids[path] = made["id"]
    for method in plan.methods:
        _build_method(call, api, method, resource_ids[method.path], authorizers, validators)
    for params in plan.gateway_responses:
        kind = params["responseType"]
        _step(call, f"put gateway response '{kind}'", "PutGatewayResponse", **params)
    if plan.documentation is not None:
        _step(
            call,
            "import documentation",
            "ImportDocumentationParts",
            # ImportDocumentationParts reads an OpenAPI document carrying the extension.
            body=json.dumps(
                {"openapi": "3.0.1", "x-amazon-apigateway-documentation": plan.documentation}
            ).encode(),
            mode="merge" if merge else "overwrite",
        )


def _build_models(
    call: Call, table: Mapping[str, OperationHandler], api: RestApi, plan: ApiPlan, merge: bool
) -> None:
    existing: set[str] = set()
    if merge and "GetModels" in table:
        existing = {model["name"] for model in _all_items(call, "GetModels")}
    for name, schema, description in plan.models:
        schema_text = document.model_schema(schema, plan.model_ref_prefix, api.id)
        if name in existing and "UpdateModel" in table:
            patch = [{"op": "replace", "path": "/schema", "value": schema_text}]
            doing = f"update model '{name}'"
            _step(call, doing, "UpdateModel", modelName=name, patchOperations=patch)
            continue
        params = {"name": name, "contentType": "application/json", "schema": schema_text}
        if description:
            params["description"] = description
        _step(call, f"create model for '{name}'", "CreateModel", **params)


def _named_ids(
    call: Call, table: Mapping[str, OperationHandler], merge: bool, listing: str
) -> dict[str, str]:
    """In merge mode, the existing items' ids by name (P: kept as they are)."""
    if not merge or listing not in table:
        return {}
    return {item["name"]: item["id"] for item in _all_items(call, listing)}


def _build_method(
    call: Call,
    api: RestApi,
    method: MethodPlan,
    resource_id: str,
    authorizers: Mapping[str, str],
    validators: Mapping[str, str],
) -> None:
    verb, path = method.http_method, method.path
    resource = api.resources[resource_id]
    if verb in resource.methods:
        # merge: the document's method replaces the API's whole (with its responses).
        del resource.methods[verb]
        api.changed()
    where = {"resourceId": resource_id, "httpMethod": verb}
    params = {**where, **method.method}
    if method.authorizer is not None:
        params["authorizerId"] = authorizers[method.authorizer]
    if method.validator is not None:
        if method.validator not in validators:
            raise _import_error(
                f"Unable to put method '{verb}' on resource at path '{path}': "
                f"Invalid request validator name '{method.validator}'"
            )
        params["requestValidatorId"] = validators[method.validator]
    _step(call, f"put method '{verb}' on resource at path '{path}'", "PutMethod", **params)
    for response in method.responses:
        _step(
            call,
            f"put method response '{response['statusCode']}' on '{verb}' for resource at "
            f"path '{path}'",
            "PutMethodResponse",
            **where,
            **response,
        )
    if method.integration is not None:
        _step(
            call,
            f"put integration on '{verb}' for resource at path '{path}'",
            "PutIntegration",
            **where,
            **method.integration,
        )
    for response in method.integration_responses:
        _step(
            call,
            f"put integration response on '{verb}' for resource at path '{path}'",
            "PutIntegrationResponse",
            **where,
            **response,
        )


def _step(call: Call, doing: str, operation: str, **params: Any) -> dict[str, Any]:
    """One operation of the import; its error becomes the import's (P: AWS-like wording)."""
    try:
        return call(operation, **params)
    except ApiError as error:
        raise _import_error(f"Unable to {doing}: {error.message}") from error


def _import_error(message: str) -> ApiError:
    return bad_request(f"Errors found during import:\n\t{message}", BUILD_ERRORS)
