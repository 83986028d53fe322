"""CreateRestApi, GetRestApi, GetRestApis, UpdateRestApi, DeleteRestApi."""

from __future__ import annotations

from typing import Any

from ..core import api_settings
from ..core.errors import bad_request
from ..core.evidence import rule
from ..core.store import Backend
from ..core.tags import check_tags
from .result import (
    OperationHandler,
    Result,
    optional_bool,
    optional_int,
    optional_text,
    paged_result,
    string_list,
    string_map,
    text,
)
from .shapes import rest_api_body

CLONE_FROM = rule(
    "create-rest-api-clone-from",
    "P",
    "CreateRestApi with cloneFrom: 400 'cloneFrom is not supported by apigw_canary_mock' "
    "(refused loudly rather than creating an API without the source's definition)",
)
EMPTY_BINARY_MEDIA_TYPES = rule(
    "create-rest-api-empty-binary-media-types",
    "R",
    "CreateRestApi binaryMediaTypes [] is not kept: the key is absent from the answer",
)
GET_REST_API_TAGS = rule(
    "get-rest-api-tags",
    "R",
    "GetRestApi (and UpdateRestApi, PutRestApi) answer tags {} when the API has none; "
    "CreateRestApi and GetRestApis items have tags only when set",
)


def create_rest_api(backend: Backend, params: dict[str, Any]) -> Result:
    # Order (R, then P: api_settings.CREATE_ORDER): name, description, compression, endpoint.
    name = api_settings.check_name(text(params, "name"))
    description = api_settings.check_description(optional_text(params, "description"))
    size = api_settings.check_compression_size(optional_int(params, "minimumCompressionSize"))
    endpoint = params.get("endpointConfiguration")
    if not isinstance(endpoint, dict):
        endpoint = {}
    types, address = api_settings.check_endpoint(
        string_list(endpoint, "types"), optional_text(endpoint, "ipAddressType")
    )
    if params.get("cloneFrom") is not None:
        raise bad_request("cloneFrom is not supported by apigw_canary_mock", CLONE_FROM)
    tags = string_map(params, "tags") or {}
    check_tags(tags)
    settings: dict[str, Any] = {
        "description": description,
        "version": optional_text(params, "version"),
        # R: an empty list is not kept.
        "binary_media_types": string_list(params, "binaryMediaTypes") or None,
        "minimum_compression_size": size,
        "policy": optional_text(params, "policy"),
        "tags": tags,
        "endpoint_types": types,
        "ip_address_type": address,
        "vpc_endpoint_ids": string_list(endpoint, "vpcEndpointIds") or None,
    }
    source = optional_text(params, "apiKeySource")
    if source is not None:
        settings["api_key_source"] = source  # in its enum: the validation layer checked
    disable = optional_bool(params, "disableExecuteApiEndpoint")
    if disable is not None:
        settings["disable_execute_api_endpoint"] = disable
    api = backend.create_rest_api(name, **settings)
    return Result(rest_api_body(api), 201)


def get_rest_api(backend: Backend, params: dict[str, Any]) -> Result:
    return Result(rest_api_body(backend.rest_api(text(params, "restApiId")), always_tags=True))


def get_rest_apis(backend: Backend, params: dict[str, Any]) -> Result:
    """Pages by ``limit`` (default 25, clamped to 500) and ``position``; creation order."""
    return paged_result(params, tuple(backend.rest_apis.values()), rest_api_body, backend.journal)


def update_rest_api(backend: Backend, params: dict[str, Any]) -> Result:
    """Applies ``patchOperations`` in order, all or nothing (core/api_settings.py)."""
    api = backend.rest_api(text(params, "restApiId"))
    operations = params.get("patchOperations")
    if isinstance(operations, (list, tuple)) and operations:
        api_settings.apply_patch(api, operations)
    return Result(rest_api_body(api, always_tags=True))


def delete_rest_api(backend: Backend, params: dict[str, Any]) -> Result:
    backend.delete_rest_api(text(params, "restApiId"))
    return Result({}, 202)


HANDLERS: dict[str, OperationHandler] = {
    "CreateRestApi": create_rest_api,
    "GetRestApi": get_rest_api,
    "GetRestApis": get_rest_apis,
    "UpdateRestApi": update_rest_api,
    "DeleteRestApi": delete_rest_api,
}

READ_ONLY = frozenset(("GetRestApi", "GetRestApis"))
