"""The patch tables of UpdateIntegration and UpdateIntegrationResponse (spec
deployment-surface 3.2, 3.4). Both work on a copy the caller swaps in."""

from __future__ import annotations

from collections.abc import Mapping

from .errors import ApiError, not_found
from .evidence import rule
from .integration_rules import (
    BAD_REQUEST_CONTENT_TYPE,
    CONNECTION_TYPES,
    CONTENT_HANDLINGS,
    PASSTHROUGH_BEHAVIORS,
    check_content_type,
    check_integration,
)
from .methods import Integration, IntegrationResponse
from .patch_op import PatchOp
from .patch_table import (
    Handler,
    PatchTable,
    Row,
    add_remove_replace,
    flag,
    integer,
    invalid_path,
    one_of,
    remove_entry,
    replace_entry,
    replace_only,
    set_entry,
)

INTEGRATION_PATCH = rule(
    "integration-patch",
    "P",
    "UpdateIntegration: replace /uri, /httpMethod, /credentials, /connectionId (R), "
    "/connectionType, /passthroughBehavior, /contentHandling, /timeoutInMillis, "
    "/cacheNamespace, /tlsConfig/insecureSkipVerification; add/replace/remove "
    "/requestParameters/<name>, /requestTemplates/<type>; add/remove /cacheKeyParameters/<name>; "
    "the result passes PutIntegration's checks; an empty value unsets an optional member",
)
INTEGRATION_PATCH_PATH = rule(
    "integration-patch-path",
    "P",
    "UpdateIntegration / UpdateIntegrationResponse on a path no row knows: `Invalid patch path "
    "<path>`; a scalar path with an op but replace: `Invalid patch operation specified. Must be "
    "one of: [replace]`; a map entry with another op: `... Must be 'add'|'remove'|'replace'`",
)
INTEGRATION_RESPONSE_PATCH = rule(
    "integration-response-patch",
    "R",
    "UpdateIntegrationResponse: replace /selectionPattern, replace /responseTemplates/<type>",
)
INTEGRATION_RESPONSE_PATCH_OTHER = rule(
    "integration-response-patch-other",
    "P",
    "UpdateIntegrationResponse: replace /contentHandling, add/replace/remove "
    '/responseParameters/<name>, add/remove /responseTemplates/<type> ("" is kept as null)',
)
ENTRY_NOT_FOUND = rule(
    "integration-entry-not-found",
    "P",
    "UpdateIntegration/UpdateIntegrationResponse replace or remove of a map entry that is not "
    "there: NotFoundException `Invalid parameter name specified` (parameters, cache keys) / "
    "`Content-Type specified was not found` (templates)",
)

_REPLACE_ONLY = replace_only(INTEGRATION_PATCH_PATH)
_MAP_OPS = add_remove_replace(INTEGRATION_PATCH_PATH)


def _parameter_missing() -> ApiError:
    return not_found("Invalid parameter name specified", rule=ENTRY_NOT_FOUND)


def _content_type_missing() -> ApiError:
    return not_found("Content-Type specified was not found", rule=ENTRY_NOT_FOUND)


# --- UpdateIntegration -------------------------------------------------------------------


def _optional(attribute: str) -> Handler[Integration]:
    def set_text(work: Integration, op: PatchOp, groups: Mapping[str, str]) -> None:
        setattr(work, attribute, op.value or None)

    return set_text


def _choice(attribute: str, choices: tuple[str, ...]) -> Handler[Integration]:
    def set_choice(work: Integration, op: PatchOp, groups: Mapping[str, str]) -> None:
        setattr(work, attribute, one_of(op, choices) if op.value else None)

    return set_choice


def _set_passthrough(work: Integration, op: PatchOp, groups: Mapping[str, str]) -> None:
    work.passthrough_behavior = one_of(op, PASSTHROUGH_BEHAVIORS)


def _set_timeout(work: Integration, op: PatchOp, groups: Mapping[str, str]) -> None:
    work.timeout_in_millis = integer(op)


def _set_cache_namespace(work: Integration, op: PatchOp, groups: Mapping[str, str]) -> None:
    work.cache_namespace = op.value or ""


def _set_skip_verification(work: Integration, op: PatchOp, groups: Mapping[str, str]) -> None:
    work.tls_config = {**(work.tls_config or {}), "insecureSkipVerification": flag(op)}


def _map_row(attribute: str, *, templates: bool = False) -> Row[Integration]:
    """add / replace / remove of one entry of the map ``attribute``."""
    missing_error = _content_type_missing if templates else _parameter_missing

    def value(op: PatchOp) -> str | None:
        return op.value

    def key(groups: Mapping[str, str]) -> str:
        name = groups["name"]
        return check_content_type(name, BAD_REQUEST_CONTENT_TYPE) if templates else name

    def add(work: Integration, op: PatchOp, groups: Mapping[str, str]) -> None:
        setattr(work, attribute, set_entry(getattr(work, attribute), key(groups), value(op)))

    def replace(work: Integration, op: PatchOp, groups: Mapping[str, str]) -> None:
        current = getattr(work, attribute)
        setattr(work, attribute, replace_entry(current, key(groups), value(op), missing_error))

    def remove(work: Integration, op: PatchOp, groups: Mapping[str, str]) -> None:
        current = getattr(work, attribute)
        setattr(work, attribute, remove_entry(current, groups["name"], missing_error))

    return Row({"add": add, "replace": replace, "remove": remove}, _MAP_OPS)


def _add_cache_key(work: Integration, op: PatchOp, groups: Mapping[str, str]) -> None:
    if groups["name"] not in work.cache_key_parameters:
        work.cache_key_parameters.append(groups["name"])


def _remove_cache_key(work: Integration, op: PatchOp, groups: Mapping[str, str]) -> None:
    if groups["name"] not in work.cache_key_parameters:
        raise _parameter_missing()
    work.cache_key_parameters.remove(groups["name"])


INTEGRATION_PATCH_TABLE: PatchTable[Integration] = PatchTable(
    {
        "/uri": Row({"replace": _optional("uri")}),
        "/httpMethod": Row({"replace": _optional("http_method")}),
        "/credentials": Row({"replace": _optional("credentials")}),
        "/connectionId": Row({"replace": _optional("connection_id")}),
        "/connectionType": Row({"replace": _choice("connection_type", CONNECTION_TYPES)}),
        "/contentHandling": Row({"replace": _choice("content_handling", CONTENT_HANDLINGS)}),
        "/passthroughBehavior": Row({"replace": _set_passthrough}),
        "/timeoutInMillis": Row({"replace": _set_timeout}),
        "/cacheNamespace": Row({"replace": _set_cache_namespace}),
        "/tlsConfig/insecureSkipVerification": Row({"replace": _set_skip_verification}),
        "/requestParameters/{name}": _map_row("request_parameters"),
        "/requestTemplates/{name}": _map_row("request_templates", templates=True),
        "/cacheKeyParameters/{name}": Row(
            {"add": _add_cache_key, "remove": _remove_cache_key}, _MAP_OPS
        ),
    },
    unknown_path=invalid_path(INTEGRATION_PATCH_PATH),
    refuse=_REPLACE_ONLY,
)


def patch_integration(integration: Integration, operations: object) -> Integration:
    """The integration as ``operations`` leave it, as a new object, checked as PutIntegration
    checks a new one."""
    work = integration.copy()
    INTEGRATION_PATCH_TABLE.apply(work, operations)
    check_integration(work)
    return work


# --- UpdateIntegrationResponse -----------------------------------------------------------


def _set_selection_pattern(
    work: IntegrationResponse, op: PatchOp, groups: Mapping[str, str]
) -> None:
    work.selection_pattern = op.value


def _set_response_content_handling(
    work: IntegrationResponse, op: PatchOp, groups: Mapping[str, str]
) -> None:
    work.content_handling = one_of(op, CONTENT_HANDLINGS) if op.value else None


def _template(op: PatchOp) -> str | None:
    return op.value or None  # R: "" is kept as null


def _add_template(work: IntegrationResponse, op: PatchOp, groups: Mapping[str, str]) -> None:
    key = check_content_type(groups["name"])
    work.response_templates = set_entry(work.response_templates, key, _template(op))


def _replace_template(work: IntegrationResponse, op: PatchOp, groups: Mapping[str, str]) -> None:
    work.response_templates = replace_entry(
        work.response_templates, groups["name"], _template(op), _content_type_missing
    )


def _remove_template(work: IntegrationResponse, op: PatchOp, groups: Mapping[str, str]) -> None:
    work.response_templates = remove_entry(
        work.response_templates, groups["name"], _content_type_missing
    )


def _add_parameter(work: IntegrationResponse, op: PatchOp, groups: Mapping[str, str]) -> None:
    work.response_parameters = set_entry(work.response_parameters, groups["name"], op.value or "")


def _replace_parameter(work: IntegrationResponse, op: PatchOp, groups: Mapping[str, str]) -> None:
    work.response_parameters = replace_entry(
        work.response_parameters, groups["name"], op.value or "", _parameter_missing
    )


def _remove_parameter(work: IntegrationResponse, op: PatchOp, groups: Mapping[str, str]) -> None:
    work.response_parameters = remove_entry(
        work.response_parameters, groups["name"], _parameter_missing
    )


INTEGRATION_RESPONSE_PATCH_TABLE: PatchTable[IntegrationResponse] = PatchTable(
    {
        "/selectionPattern": Row({"replace": _set_selection_pattern}),
        "/contentHandling": Row({"replace": _set_response_content_handling}),
        "/responseTemplates/{name}": Row(
            {"add": _add_template, "replace": _replace_template, "remove": _remove_template},
            _MAP_OPS,
        ),
        "/responseParameters/{name}": Row(
            {"add": _add_parameter, "replace": _replace_parameter, "remove": _remove_parameter},
            _MAP_OPS,
        ),
    },
    unknown_path=invalid_path(INTEGRATION_PATCH_PATH),
    refuse=_REPLACE_ONLY,
)


def patch_integration_response(
    response: IntegrationResponse, operations: object
) -> IntegrationResponse:
    """The integration response as ``operations`` leave it, as a new object."""
    work = response.copy()
    INTEGRATION_RESPONSE_PATCH_TABLE.apply(work, operations)
    return work


__all__ = ["patch_integration", "patch_integration_response"]
