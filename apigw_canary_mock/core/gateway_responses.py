"""Gateway responses of a REST API: the answers API Gateway gives itself (403 for a missing
authentication token, 429 when throttled...), and their patch table.

An API keeps only the responses its developer customised (PutGatewayResponse, or an
UpdateGatewayResponse); every other type answers AWS's default, made when asked
(``resolve``): its own status code, no parameters, the JSON message template, or what a
customised DEFAULT_4XX / DEFAULT_5XX gives its family.

Evidence: the facts tagged R were recorded from AWS in LocalStack's AWS-validated snapshots
(tests/aws/services/apigateway/test_apigateway_api.snapshot.json, TestApiGatewayGatewayResponse),
the same source as the spec's recordings; the spec (deployment-surface 1.5) has the validation
layer's answers for these operations.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from .errors import ApiError, bad_request, not_found
from .evidence import rule
from .patch_op import PatchOp
from .patch_table import UNRECORDED_OPS, PatchTable, Row, read_members_or_null
from .record import Record

# AWS's own order of the GatewayResponseType enum (deployment-surface 1.3).
RESPONSE_TYPES = (
    "REQUEST_TOO_LARGE",
    "RESOURCE_NOT_FOUND",
    "AUTHORIZER_CONFIGURATION_ERROR",
    "MISSING_AUTHENTICATION_TOKEN",
    "BAD_REQUEST_BODY",
    "INVALID_SIGNATURE",
    "INVALID_API_KEY",
    "BAD_REQUEST_PARAMETERS",
    "AUTHORIZER_FAILURE",
    "UNAUTHORIZED",
    "INTEGRATION_TIMEOUT",
    "ACCESS_DENIED",
    "DEFAULT_4XX",
    "DEFAULT_5XX",
    "WAF_FILTERED",
    "QUOTA_EXCEEDED",
    "THROTTLED",
    "API_CONFIGURATION_ERROR",
    "UNSUPPORTED_MEDIA_TYPE",
    "INTEGRATION_FAILURE",
    "EXPIRED_TOKEN",
)
# The default status code of each type (None: DEFAULT_4XX and DEFAULT_5XX have none).
DEFAULT_STATUS_CODES: Mapping[str, str | None] = {
    "REQUEST_TOO_LARGE": "413",
    "RESOURCE_NOT_FOUND": "404",
    "AUTHORIZER_CONFIGURATION_ERROR": "500",
    "MISSING_AUTHENTICATION_TOKEN": "403",
    "BAD_REQUEST_BODY": "400",
    "INVALID_SIGNATURE": "403",
    "INVALID_API_KEY": "403",
    "BAD_REQUEST_PARAMETERS": "400",
    "AUTHORIZER_FAILURE": "500",
    "UNAUTHORIZED": "401",
    "INTEGRATION_TIMEOUT": "504",
    "ACCESS_DENIED": "403",
    "DEFAULT_4XX": None,
    "DEFAULT_5XX": None,
    "WAF_FILTERED": "403",
    "QUOTA_EXCEEDED": "429",
    "THROTTLED": "429",
    "API_CONFIGURATION_ERROR": "500",
    "UNSUPPORTED_MEDIA_TYPE": "415",
    "INTEGRATION_FAILURE": "504",
    "EXPIRED_TOKEN": "403",
}
DEFAULT_TEMPLATE_TYPE = "application/json"
DEFAULT_TEMPLATE = '{"message":$context.error.messageString}'
_FALLBACKS = frozenset(("DEFAULT_4XX", "DEFAULT_5XX"))
_STATUS_CODE = re.compile(r"[1-5]\d\d")

DEFAULTS = rule(
    "gateway-response-defaults",
    "R",
    "every type not customised answers defaultResponse true, its default status code (none for "
    "DEFAULT_4XX / DEFAULT_5XX; 403, 500, 400, 504, 401, 404, 413, 415, 429 as AWS documents), "
    'responseParameters {}, responseTemplates {"application/json": '
    '"{\\"message\\":$context.error.messageString}"}',
)
INHERITED = rule(
    "gateway-response-inherits-fallback",
    "R",
    "a type not customised takes the status code (when it has one), responseParameters and "
    "responseTemplates of its customised family fallback, DEFAULT_5XX for the types whose "
    "default code is 5xx, DEFAULT_4XX for the others; it stays defaultResponse true",
)
INHERITED_4XX = rule(
    "gateway-response-inherits-4xx",
    "D",
    "the 4xx types inherit from a customised DEFAULT_4XX as the 5xx types do from DEFAULT_5XX "
    "(AWS documents it for both; recorded for DEFAULT_5XX)",
)
PUT = rule(
    "gateway-response-put",
    "R",
    "PutGatewayResponse answers 201 with defaultResponse false and replaces the type's response "
    "whole: statusCode as given, else the type's default (not the fallback's); "
    "responseParameters as given, else {}; responseTemplates as given, else the default JSON "
    "template",
)
PUT_AS_GIVEN = rule(
    "gateway-response-put-as-given",
    "P",
    "PutGatewayResponse keeps empty maps as given ({}) and does not check the parameters' "
    "mapping expressions nor the templates' content types",
)
NOT_DEFINED = rule(
    "gateway-response-not-defined",
    "R",
    "DeleteGatewayResponse of a type not customised: NotFoundException `Gateway response type "
    "not defined on api`",
)
DELETE = rule(
    "gateway-response-delete",
    "R",
    "DeleteGatewayResponse answers 202 and the type answers its default again",
)
LISTED = rule(
    "gateway-responses-list",
    "R",
    "GetGatewayResponses lists a response for every GatewayResponseType, customised or default",
)
LIST_ORDER = rule(
    "gateway-responses-order",
    "P",
    "GetGatewayResponses lists the types in AWS's order of the GatewayResponseType enum (the "
    "validation layer's text)",
)
NOT_PAGED = rule(
    "gateway-responses-not-paged",
    "D",
    "GetGatewayResponses does not page: limit and position are ignored, no position is answered",
)
UPDATE = rule(
    "gateway-response-update",
    "R",
    "UpdateGatewayResponse answers 200 with the whole response, defaultResponse false; on a type "
    "not customised it starts from the default; replace /statusCode, replace "
    "/responseParameters/<name>, add /responseTemplates/<type>",
)
UPDATE_FROM_SHOWN = rule(
    "gateway-response-update-from-shown",
    "P",
    "UpdateGatewayResponse of a type not customised starts from what GetGatewayResponse shows "
    "(with what it inherits from its fallback); an empty patch list changes and stores nothing",
)
UPDATE_MAPS = rule(
    "gateway-response-update-maps",
    "P",
    "UpdateGatewayResponse: add/replace/remove on /responseParameters/<name> and "
    "/responseTemplates/<type> (add sets, replace needs the entry, remove deletes it; an emptied "
    "map stays {}); replace or remove of a template that is not there: NotFoundException "
    "`Content-Type specified was not found`",
)
PARAMETER_NOT_FOUND = rule(
    "gateway-response-parameter-not-found",
    "R",
    "UpdateGatewayResponse replace of a responseParameters name that is not there: "
    "NotFoundException `Invalid parameter name specified`",
)
PARAMETER_NOT_FOUND_REMOVE = rule(
    "gateway-response-parameter-not-found-remove",
    "P",
    "UpdateGatewayResponse remove of a responseParameters name that is not there: the same",
)
EMPTY_VALUE = rule(
    "gateway-response-empty-value",
    "R",
    "UpdateGatewayResponse replace of /responseTemplates/<type> or /responseParameters/<name> "
    "with no value: BadRequestException `Invalid null or empty value in responseTemplates` / "
    "`... in responseParameters`",
)
EMPTY_VALUE_OTHER = rule(
    "gateway-response-empty-value-other",
    "P",
    'the same for an add without a value, for the value "", and for PutGatewayResponse maps '
    "holding an empty value; a missing entry is reported before an empty value",
)
PATCH_PATH = rule(
    "gateway-response-patch-path",
    "R",
    "UpdateGatewayResponse add on an unknown path (/wrongPath), add or remove on /statusCode, an "
    "operation without a path: BadRequestException `Invalid patch path <path>` (`null` for no "
    "path)",
)
PATCH_PATH_OTHER = rule(
    "gateway-response-patch-path-other",
    "P",
    "UpdateGatewayResponse: the same text for replace or remove on an unknown path",
)
STATUS_VALUE = rule(
    "gateway-response-status-value",
    "P",
    "a status code outside [1-5]\\d\\d that skips the validation layer (UpdateGatewayResponse "
    "replace /statusCode, an imported document): BadRequestException `Invalid status code "
    'specified: <value>`; replace /statusCode with no value or "" restores the type\'s default '
    "(none for DEFAULT_4XX / DEFAULT_5XX)",
)


class GatewayResponse(Record):
    """A customised response (defaults are made when asked, never stored)."""

    __slots__ = ("response_parameters", "response_templates", "response_type", "status_code")

    def __init__(
        self,
        response_type: str,
        status_code: str | None,
        response_parameters: dict[str, str],
        response_templates: dict[str, str],
    ) -> None:
        self.response_type = response_type
        self.status_code = status_code
        self.response_parameters = response_parameters
        self.response_templates = response_templates

    def copy(self) -> GatewayResponse:
        return GatewayResponse(
            self.response_type,
            self.status_code,
            dict(self.response_parameters),
            dict(self.response_templates),
        )


def default_templates() -> dict[str, str]:
    return {DEFAULT_TEMPLATE_TYPE: DEFAULT_TEMPLATE}


def fallback_of(response_type: str) -> str | None:
    """DEFAULT_5XX for the types whose default code is 5xx, DEFAULT_4XX for the others."""
    if response_type in _FALLBACKS:
        return None
    code = DEFAULT_STATUS_CODES[response_type] or ""
    return "DEFAULT_5XX" if code.startswith("5") else "DEFAULT_4XX"


def resolve(
    stored: Mapping[str, GatewayResponse], response_type: str
) -> tuple[GatewayResponse, bool]:
    """The response ``response_type`` answers and whether it is a default one (R). A default
    is a new object: changing it changes nothing stored."""
    found = stored.get(response_type)
    if found is not None:
        return found, False
    fallback_type = fallback_of(response_type)
    fallback = None if fallback_type is None else stored.get(fallback_type)
    if fallback is None:
        return (
            GatewayResponse(
                response_type, DEFAULT_STATUS_CODES[response_type], {}, default_templates()
            ),
            True,
        )
    return (
        GatewayResponse(
            response_type,
            fallback.status_code or DEFAULT_STATUS_CODES[response_type],
            dict(fallback.response_parameters),
            dict(fallback.response_templates),
        ),
        True,
    )


def inherits(stored: Mapping[str, GatewayResponse], response_type: str) -> str | None:
    """The rule a default answer of ``response_type`` rests on, when it inherits."""
    fallback_type = fallback_of(response_type)
    if response_type in stored or fallback_type is None or fallback_type not in stored:
        return None
    return INHERITED if fallback_type == "DEFAULT_5XX" else INHERITED_4XX


def check_status_code(value: str) -> str:
    if not _STATUS_CODE.fullmatch(value):
        raise bad_request(f"Invalid status code specified: {value}", rule=STATUS_VALUE)
    return value


def check_values(mapping: Mapping[str, str], member: str) -> dict[str, str]:
    """``mapping`` as stored; an empty value is refused (P, the Update text)."""
    for value in mapping.values():
        if not value:
            raise empty_value(member, EMPTY_VALUE_OTHER)
    return dict(mapping)


def build(
    response_type: str,
    status_code: str | None,
    parameters: Mapping[str, str] | None,
    templates: Mapping[str, str] | None,
) -> GatewayResponse:
    """The response PutGatewayResponse stores (R: absent members take the type's defaults)."""
    return GatewayResponse(
        response_type,
        DEFAULT_STATUS_CODES[response_type]
        if status_code is None
        else check_status_code(status_code),
        {} if parameters is None else check_values(parameters, "responseParameters"),
        default_templates() if templates is None else check_values(templates, "responseTemplates"),
    )


def not_defined() -> ApiError:
    return not_found("Gateway response type not defined on api", rule=NOT_DEFINED)


def empty_value(member: str, rule_id: str = EMPTY_VALUE) -> ApiError:
    return bad_request(f"Invalid null or empty value in {member}", rule=rule_id)


# --- UpdateGatewayResponse's patch table --------------------------------------------------


def _set_status(work: GatewayResponse, op: PatchOp, groups: Mapping[str, str]) -> None:
    value = op.value
    if not value:
        work.status_code = DEFAULT_STATUS_CODES[work.response_type]
    else:
        work.status_code = check_status_code(value)


def _parameter_missing(op: PatchOp) -> ApiError:
    rule_id = PARAMETER_NOT_FOUND if op.op == "replace" else PARAMETER_NOT_FOUND_REMOVE
    return not_found("Invalid parameter name specified", rule=rule_id)


def _template_missing(op: PatchOp) -> ApiError:
    return not_found("Content-Type specified was not found", rule=UPDATE_MAPS)


def _entry_value(op: PatchOp, member: str) -> str:
    if not op.value:
        recorded = op.op == "replace" and op.value is None
        raise empty_value(member, EMPTY_VALUE if recorded else EMPTY_VALUE_OTHER)
    return op.value


def _add_parameter(work: GatewayResponse, op: PatchOp, groups: Mapping[str, str]) -> None:
    work.response_parameters[groups["name"]] = _entry_value(op, "responseParameters")


def _replace_parameter(work: GatewayResponse, op: PatchOp, groups: Mapping[str, str]) -> None:
    if groups["name"] not in work.response_parameters:
        raise _parameter_missing(op)
    work.response_parameters[groups["name"]] = _entry_value(op, "responseParameters")


def _remove_parameter(work: GatewayResponse, op: PatchOp, groups: Mapping[str, str]) -> None:
    if groups["name"] not in work.response_parameters:
        raise _parameter_missing(op)
    del work.response_parameters[groups["name"]]


def _add_template(work: GatewayResponse, op: PatchOp, groups: Mapping[str, str]) -> None:
    work.response_templates[groups["type"]] = _entry_value(op, "responseTemplates")


def _replace_template(work: GatewayResponse, op: PatchOp, groups: Mapping[str, str]) -> None:
    if groups["type"] not in work.response_templates:
        raise _template_missing(op)
    work.response_templates[groups["type"]] = _entry_value(op, "responseTemplates")


def _remove_template(work: GatewayResponse, op: PatchOp, groups: Mapping[str, str]) -> None:
    if groups["type"] not in work.response_templates:
        raise _template_missing(op)
    del work.response_templates[groups["type"]]


_RECORDED_PATH_REFUSALS = frozenset(("add",))


def _invalid_path(op: PatchOp) -> ApiError:
    """``Invalid patch path <path>``: R for add (and for any op without a path), P otherwise."""
    if op.op in _RECORDED_PATH_REFUSALS:
        rule_id = PATCH_PATH
    elif op.op in ("replace", "remove"):
        rule_id = PATCH_PATH_OTHER
    else:
        rule_id = UNRECORDED_OPS
    return bad_request(f"Invalid patch path {op.path}", rule=rule_id)


def _status_op_refused(op: PatchOp) -> ApiError:
    rule_id = PATCH_PATH if op.op in ("add", "remove") else UNRECORDED_OPS
    return bad_request(f"Invalid patch path {op.path}", rule=rule_id)


GATEWAY_RESPONSE_PATCH: PatchTable[GatewayResponse] = PatchTable(
    {
        "/statusCode": Row({"replace": _set_status}, refuse=_status_op_refused),
        "/responseParameters/{name}": Row(
            {"add": _add_parameter, "replace": _replace_parameter, "remove": _remove_parameter}
        ),
        "/responseTemplates/{type}": Row(
            {"add": _add_template, "replace": _replace_template, "remove": _remove_template}
        ),
    },
    unknown_path=_invalid_path,
    refuse=_invalid_path,
    # R: an operation without a path is answered `Invalid patch path null` (Java's null).
    read=read_members_or_null,
)


def patch_gateway_response(response: GatewayResponse, operations: object) -> GatewayResponse:
    """``response`` as ``operations`` leave it, as a new object (all-or-nothing)."""
    work = response.copy()
    GATEWAY_RESPONSE_PATCH.apply(work, operations)
    return work


__all__ = [
    "DEFAULT_STATUS_CODES",
    "RESPONSE_TYPES",
    "GatewayResponse",
    "build",
    "not_defined",
    "patch_gateway_response",
    "resolve",
]
