"""Create/Get/Update/DeleteAuthorizer, GetAuthorizers."""

from __future__ import annotations

from typing import Any

from ..core.authorizers import (
    AUTHORIZER_CREATE_UNKNOWN_API,
    AUTHORIZER_ID_LENGTH,
    AUTHORIZER_STORED_AS_GIVEN,
    AUTHORIZER_TTL_DEFAULT,
    DEFAULT_TTL,
    Authorizer,
    authorizer_not_found,
    check_authorizer_name,
    check_authorizer_unused,
    patch_authorizer,
)
from ..core.errors import conflict
from ..core.restapi import RestApi
from ..core.store import Backend
from .result import (
    OperationHandler,
    Result,
    optional_int,
    optional_text,
    paged_result,
    string_list,
    text,
)
from .shapes import authorizer_body


def _authorizer(backend: Backend, params: dict[str, Any]) -> tuple[RestApi, Authorizer]:
    """P: an unknown API answers as an unknown authorizer does (as request validators)."""
    api = backend.rest_apis.get(text(params, "restApiId"))
    found = None if api is None else api.authorizers.get(text(params, "authorizerId"))
    if api is None or found is None:
        raise authorizer_not_found()
    return api, found


def create_authorizer(backend: Backend, params: dict[str, Any]) -> Result:
    api = backend.rest_apis.get(text(params, "restApiId"))
    if api is None:
        raise conflict(
            "Unable to complete operation due to concurrent modification. Please try again later.",
            rule=AUTHORIZER_CREATE_UNKNOWN_API,
        )
    name = check_authorizer_name(text(params, "name"))
    ttl = optional_int(params, "authorizerResultTtlInSeconds")
    if ttl is None:
        ttl = DEFAULT_TTL
        backend.journal.note(AUTHORIZER_TTL_DEFAULT)
    authorizer = Authorizer(
        api.ids.new_id(AUTHORIZER_ID_LENGTH),
        name,
        text(params, "type"),
        string_list(params, "providerARNs"),
        optional_text(params, "authType"),
        optional_text(params, "authorizerUri"),
        optional_text(params, "authorizerCredentials"),
        optional_text(params, "identitySource"),
        optional_text(params, "identityValidationExpression"),
        ttl,
    )
    api.authorizers[authorizer.id] = authorizer
    api.changed()
    backend.journal.note(AUTHORIZER_STORED_AS_GIVEN)
    return Result(authorizer_body(authorizer), 201)


def get_authorizer(backend: Backend, params: dict[str, Any]) -> Result:
    _, found = _authorizer(backend, params)
    return Result(authorizer_body(found))


def get_authorizers(backend: Backend, params: dict[str, Any]) -> Result:
    """Pages by ``limit`` and ``position``; creation order."""
    api = backend.rest_api(text(params, "restApiId"))
    return paged_result(params, tuple(api.authorizers.values()), authorizer_body)


def update_authorizer(backend: Backend, params: dict[str, Any]) -> Result:
    api, found = _authorizer(backend, params)
    operations = params.get("patchOperations")
    if isinstance(operations, (list, tuple)) and operations:
        found = patch_authorizer(found, operations)
        api.authorizers[found.id] = found
        api.changed()
    return Result(authorizer_body(found))


def delete_authorizer(backend: Backend, params: dict[str, Any]) -> Result:
    api, found = _authorizer(backend, params)
    check_authorizer_unused(api.resources.values(), found.id)
    del api.authorizers[found.id]
    api.ids.release(found.id)
    api.changed()
    return Result({}, 202)


HANDLERS: dict[str, OperationHandler] = {
    "CreateAuthorizer": create_authorizer,
    "GetAuthorizer": get_authorizer,
    "GetAuthorizers": get_authorizers,
    "UpdateAuthorizer": update_authorizer,
    "DeleteAuthorizer": delete_authorizer,
}

READ_ONLY = frozenset(("GetAuthorizer", "GetAuthorizers"))
