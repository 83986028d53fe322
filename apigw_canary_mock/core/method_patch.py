"""The patch tables of UpdateMethod and UpdateMethodResponse (spec deployment-surface 3.1,
3.3). Both work on a copy the caller swaps in: a failing request changes nothing."""

from __future__ import annotations

from collections.abc import Mapping

from .errors import ApiError, not_found
from .evidence import rule
from .method_rules import (
    check_authorization_type,
    check_request_parameters,
    check_response_parameters,
    settle_authorizer,
)
from .methods import Method, MethodResponse
from .models import (
    RESPONSE_MODEL_REFERENCE_UNKNOWN,
    check_model_references,
)
from .patch_op import PatchOp
from .patch_table import (
    PatchTable,
    Row,
    add_remove_replace,
    flag,
    invalid_path,
    remove_entry,
    replace_entry,
    replace_only,
    set_entry,
)
from .restapi import RestApi
from .validators import check_validator_reference

METHOD_PATCH_PATH = rule(
    "method-patch-path",
    "R",
    "UpdateMethod / UpdateMethodResponse on a path no row knows (/httpMethod, /requestParameters "
    "without a name, an unescaped /): BadRequestException `Invalid patch path <path>`",
)
METHOD_PATCH_REPLACE_ONLY = rule(
    "method-patch-replace-only",
    "R",
    "UpdateMethod: add on /operationName, /requestValidatorId: `Invalid patch operation "
    "specified. Must be one of: [replace]`",
)
METHOD_PATCH_REPLACE_ONLY_OTHER = rule(
    "method-patch-replace-only-other",
    "P",
    "UpdateMethod: the same answer for any op but replace on /apiKeyRequired, "
    "/authorizationType, /authorizerId",
)
METHOD_PATCH_MAP_OPS = rule(
    "method-patch-map-ops",
    "P",
    "an op other than add/remove/replace on a map entry (/requestParameters/<name>, "
    "/responseModels/<type>...): `Invalid patch operation specified. Must be "
    "'add'|'remove'|'replace'`",
)
METHOD_PATCH = rule(
    "method-patch",
    "R",
    "UpdateMethod: add/remove/replace /requestParameters/<name> ('true' -> true) and "
    "/requestModels/<type>; replace /operationName, /apiKeyRequired (anything but 'true' is "
    "false), /authorizationType, /authorizerId, /requestValidatorId",
)
METHOD_PATCH_EMPTY_VALUE = rule(
    "method-patch-empty-value",
    "P",
    "UpdateMethod replace of /operationName, /authorizerId or /requestValidatorId with an empty "
    "value (or none) unsets it",
)
PARAMETER_NOT_FOUND = rule(
    "method-response-parameter-not-found",
    "R",
    "UpdateMethodResponse replace/remove of a responseParameters name that is not there: "
    "NotFoundException `Invalid parameter name specified`",
)
PARAMETER_NOT_FOUND_METHOD = rule(
    "method-parameter-not-found",
    "P",
    "UpdateMethod replace/remove of a requestParameters name that is not there: "
    "NotFoundException `Invalid parameter name specified`",
)
CONTENT_TYPE_NOT_FOUND = rule(
    "method-response-model-not-found",
    "R",
    "UpdateMethodResponse replace/remove of a responseModels content type that is not there: "
    "NotFoundException `Content-Type specified was not found`",
)
CONTENT_TYPE_NOT_FOUND_METHOD = rule(
    "method-model-not-found",
    "P",
    "UpdateMethod replace/remove of a requestModels content type that is not there: "
    "NotFoundException `Content-Type specified was not found`",
)
MAP_EMPTIED = rule(
    "patch-map-emptied",
    "R",
    "a map (requestParameters, responseParameters, responseModels...) emptied by remove "
    "disappears from the answer",
)


def _parameter_missing(rule_id: str) -> ApiError:
    return not_found("Invalid parameter name specified", rule=rule_id)


def _content_type_missing(rule_id: str) -> ApiError:
    return not_found("Content-Type specified was not found", rule=rule_id)


# --- UpdateMethod ------------------------------------------------------------------------


class _MethodWork:
    __slots__ = ("api", "method")

    def __init__(self, api: RestApi, method: Method) -> None:
        self.api = api
        self.method = method


def _set_operation_name(work: _MethodWork, op: PatchOp, groups: Mapping[str, str]) -> None:
    work.method.operation_name = op.value or None


def _set_api_key_required(work: _MethodWork, op: PatchOp, groups: Mapping[str, str]) -> None:
    work.method.api_key_required = flag(op)


def _set_authorization_type(work: _MethodWork, op: PatchOp, groups: Mapping[str, str]) -> None:
    work.method.authorization_type = check_authorization_type(op.value or "")


def _set_authorizer(work: _MethodWork, op: PatchOp, groups: Mapping[str, str]) -> None:
    work.method.authorizer_id = op.value or None  # checked once every op is applied


def _set_validator(work: _MethodWork, op: PatchOp, groups: Mapping[str, str]) -> None:
    if op.value:
        check_validator_reference(work.api.request_validators, op.value)
    work.method.request_validator_id = op.value or None


def _add_parameter(work: _MethodWork, op: PatchOp, groups: Mapping[str, str]) -> None:
    method = work.method
    method.request_parameters = set_entry(method.request_parameters, groups["name"], flag(op))


def _replace_parameter(work: _MethodWork, op: PatchOp, groups: Mapping[str, str]) -> None:
    method = work.method
    method.request_parameters = replace_entry(
        method.request_parameters,
        groups["name"],
        flag(op),
        lambda: _parameter_missing(PARAMETER_NOT_FOUND_METHOD),
    )


def _remove_parameter(work: _MethodWork, op: PatchOp, groups: Mapping[str, str]) -> None:
    method = work.method
    method.request_parameters = remove_entry(
        method.request_parameters,
        groups["name"],
        lambda: _parameter_missing(PARAMETER_NOT_FOUND_METHOD),
    )


def _model_value(work: _MethodWork, op: PatchOp) -> str:
    name = op.value or ""
    check_model_references(work.api.models, (name,), RESPONSE_MODEL_REFERENCE_UNKNOWN)
    return name


def _add_model(work: _MethodWork, op: PatchOp, groups: Mapping[str, str]) -> None:
    method = work.method
    method.request_models = set_entry(method.request_models, groups["type"], _model_value(work, op))


def _replace_model(work: _MethodWork, op: PatchOp, groups: Mapping[str, str]) -> None:
    method = work.method
    method.request_models = replace_entry(
        method.request_models,
        groups["type"],
        _model_value(work, op),
        lambda: _content_type_missing(CONTENT_TYPE_NOT_FOUND_METHOD),
    )


def _remove_model(work: _MethodWork, op: PatchOp, groups: Mapping[str, str]) -> None:
    method = work.method
    method.request_models = remove_entry(
        method.request_models,
        groups["type"],
        lambda: _content_type_missing(CONTENT_TYPE_NOT_FOUND_METHOD),
    )


_REPLACE_ONLY = replace_only(METHOD_PATCH_REPLACE_ONLY)
_MAP_OPS = add_remove_replace(METHOD_PATCH_MAP_OPS)

METHOD_PATCH_TABLE: PatchTable[_MethodWork] = PatchTable(
    {
        "/operationName": Row({"replace": _set_operation_name}, _REPLACE_ONLY),
        "/apiKeyRequired": Row({"replace": _set_api_key_required}),
        "/authorizationType": Row({"replace": _set_authorization_type}),
        "/authorizerId": Row({"replace": _set_authorizer}),
        "/requestValidatorId": Row({"replace": _set_validator}, _REPLACE_ONLY),
        "/requestParameters/{name}": Row(
            {"add": _add_parameter, "replace": _replace_parameter, "remove": _remove_parameter},
            _MAP_OPS,
        ),
        "/requestModels/{type}": Row(
            {"add": _add_model, "replace": _replace_model, "remove": _remove_model}, _MAP_OPS
        ),
    },
    unknown_path=invalid_path(METHOD_PATCH_PATH),
    refuse=replace_only(METHOD_PATCH_REPLACE_ONLY_OTHER),
)


def patch_method(api: RestApi, method: Method, operations: object) -> Method:
    """The method as ``operations`` leave it, as a new object; the authorizer and the
    request parameters are checked once every op is applied (R: authorizerId then
    authorizationType CUSTOM in one request is accepted)."""
    work = _MethodWork(api, method.copy())
    METHOD_PATCH_TABLE.apply(work, operations)
    updated = work.method
    settle_authorizer(updated, api.authorizers)
    if updated.request_parameters:
        updated.request_parameters = check_request_parameters(updated.request_parameters)
    return updated


# --- UpdateMethodResponse ----------------------------------------------------------------


class _ResponseWork:
    __slots__ = ("api", "response")

    def __init__(self, api: RestApi, response: MethodResponse) -> None:
        self.api = api
        self.response = response


def _add_response_parameter(work: _ResponseWork, op: PatchOp, groups: Mapping[str, str]) -> None:
    response = work.response
    response.response_parameters = set_entry(response.response_parameters, groups["name"], flag(op))


def _replace_response_parameter(
    work: _ResponseWork, op: PatchOp, groups: Mapping[str, str]
) -> None:
    response = work.response
    response.response_parameters = replace_entry(
        response.response_parameters,
        groups["name"],
        flag(op),
        lambda: _parameter_missing(PARAMETER_NOT_FOUND),
    )


def _remove_response_parameter(work: _ResponseWork, op: PatchOp, groups: Mapping[str, str]) -> None:
    response = work.response
    response.response_parameters = remove_entry(
        response.response_parameters,
        groups["name"],
        lambda: _parameter_missing(PARAMETER_NOT_FOUND),
    )


def _response_model_value(work: _ResponseWork, op: PatchOp) -> str:
    name = op.value or ""
    check_model_references(work.api.models, (name,), RESPONSE_MODEL_REFERENCE_UNKNOWN)
    return name


def _add_response_model(work: _ResponseWork, op: PatchOp, groups: Mapping[str, str]) -> None:
    response = work.response
    response.response_models = set_entry(
        response.response_models, groups["type"], _response_model_value(work, op)
    )


def _replace_response_model(work: _ResponseWork, op: PatchOp, groups: Mapping[str, str]) -> None:
    response = work.response
    response.response_models = replace_entry(
        response.response_models,
        groups["type"],
        _response_model_value(work, op),
        lambda: _content_type_missing(CONTENT_TYPE_NOT_FOUND),
    )


def _remove_response_model(work: _ResponseWork, op: PatchOp, groups: Mapping[str, str]) -> None:
    response = work.response
    response.response_models = remove_entry(
        response.response_models,
        groups["type"],
        lambda: _content_type_missing(CONTENT_TYPE_NOT_FOUND),
    )


METHOD_RESPONSE_PATCH_TABLE: PatchTable[_ResponseWork] = PatchTable(
    {
        "/responseParameters/{name}": Row(
            {
                "add": _add_response_parameter,
                "replace": _replace_response_parameter,
                "remove": _remove_response_parameter,
            }
        ),
        "/responseModels/{type}": Row(
            {
                "add": _add_response_model,
                "replace": _replace_response_model,
                "remove": _remove_response_model,
            }
        ),
    },
    unknown_path=invalid_path(METHOD_PATCH_PATH),
    refuse=_MAP_OPS,
)


def patch_method_response(
    api: RestApi, response: MethodResponse, operations: object
) -> MethodResponse:
    """The method response as ``operations`` leave it, as a new object."""
    work = _ResponseWork(api, response.copy())
    METHOD_RESPONSE_PATCH_TABLE.apply(work, operations)
    updated = work.response
    if updated.response_parameters:
        updated.response_parameters = check_response_parameters(updated.response_parameters)
    return updated


__all__ = ["patch_method", "patch_method_response"]
