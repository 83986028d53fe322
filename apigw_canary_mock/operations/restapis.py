"""CreateRestApi, GetRestApi, GetRestApis, DeleteRestApi."""

from __future__ import annotations

from typing import Any

from ..core.errors import bad_request
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

API_KEY_SOURCES = ("HEADER", "AUTHORIZER")
ENDPOINT_TYPES = ("REGIONAL", "EDGE", "PRIVATE")
IP_ADDRESS_TYPES = ("ipv4", "dualstack")


def create_rest_api(backend: Backend, params: dict[str, Any]) -> Result:
    name = text(params, "name")
    if not name:
        raise bad_request("The REST API name must not be empty")  # P
    if params.get("cloneFrom") is not None:
        # P: refused loudly rather than silently creating an empty API.
        raise bad_request("cloneFrom is not supported by apigw_canary_mock")
    description = optional_text(params, "description")
    if description == "":
        raise bad_request("Description cannot be an empty string")  # R
    tags = string_map(params, "tags") or {}
    check_tags(tags)
    settings: dict[str, Any] = {
        "description": description,
        "version": optional_text(params, "version"),
        "binary_media_types": string_list(params, "binaryMediaTypes"),
        "minimum_compression_size": optional_int(params, "minimumCompressionSize"),
        "policy": optional_text(params, "policy"),
        "tags": tags,
    }
    source = optional_text(params, "apiKeySource")
    if source is not None:
        if source not in API_KEY_SOURCES:
            raise bad_request(
                f"Invalid apiKeySource specified: {source}. "
                f"Must be one of: [{', '.join(API_KEY_SOURCES)}]"
            )
        settings["api_key_source"] = source
    endpoint = params.get("endpointConfiguration")
    if isinstance(endpoint, dict):
        settings.update(_endpoint_settings(endpoint))
    disable = optional_bool(params, "disableExecuteApiEndpoint")
    if disable is not None:
        settings["disable_execute_api_endpoint"] = disable
    api = backend.create_rest_api(name, **settings)
    return Result(rest_api_body(api), 201)


def _endpoint_settings(endpoint: dict[str, Any]) -> dict[str, Any]:
    """endpointConfiguration as RestApi fields; the texts are AWS's recorded ones (R)."""
    settings: dict[str, Any] = {}
    types = string_list(endpoint, "types")
    if types is not None:
        if not types:
            raise bad_request(
                "REGIONAL Configuration and EDGE Configuration cannot be both DISABLED."
            )
        if len(types) > 1:
            raise bad_request("Cannot create an api with multiple Endpoint Types.")
        if types[0] not in ENDPOINT_TYPES:
            raise bad_request(  # P: AWS answers a ValidationException the model does not name
                f"Invalid endpoint configuration types specified: [{', '.join(types)}]. "
                f"Must be exactly one of: [{', '.join(ENDPOINT_TYPES)}]"
            )
        settings["endpoint_types"] = types
    private = types == ["PRIVATE"]
    address = optional_text(endpoint, "ipAddressType")
    if address is None:
        address = "dualstack" if private else "ipv4"  # R: the recorded defaults
    elif address not in IP_ADDRESS_TYPES:
        raise bad_request("ipAddressType must be either ipv4 or dualstack.")  # R (UpdateRestApi)
    elif private and address != "dualstack":
        raise bad_request("Only dualstack ipAddressType is supported for Private APIs.")
    settings["ip_address_type"] = address
    return settings


def get_rest_api(backend: Backend, params: dict[str, Any]) -> Result:
    return Result(rest_api_body(backend.rest_api(text(params, "restApiId"))))


def get_rest_apis(backend: Backend, params: dict[str, Any]) -> Result:
    """Pages by ``limit`` (default 25, clamped to 500) and ``position``; creation order."""
    return paged_result(params, tuple(backend.rest_apis.values()), rest_api_body)


def delete_rest_api(backend: Backend, params: dict[str, Any]) -> Result:
    backend.delete_rest_api(text(params, "restApiId"))
    return Result({}, 202)


HANDLERS: dict[str, OperationHandler] = {
    "CreateRestApi": create_rest_api,
    "GetRestApi": get_rest_api,
    "GetRestApis": get_rest_apis,
    "DeleteRestApi": delete_rest_api,
}

READ_ONLY = frozenset(("GetRestApi", "GetRestApis"))
