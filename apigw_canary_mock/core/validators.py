"""Request validators of a REST API (spec deployment-surface 3.11), and their patch table."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .errors import ApiError, bad_request, conflict, not_found
from .evidence import rule
from .patch_op import PatchOp
from .patch_table import PatchTable, Row, flag, path_not_listed
from .record import Record
from .resources import Resource

VALIDATOR_ID_LENGTH = 6

VALIDATOR_NOT_FOUND = rule(
    "request-validator-not-found",
    "R",
    "Get/DeleteRequestValidator of an unknown validator or API: NotFoundException `Invalid "
    "Request Validator identifier specified`",
)
VALIDATOR_NOT_FOUND_UPDATE = rule(
    "request-validator-not-found-update",
    "P",
    "UpdateRequestValidator of an unknown validator or API: NotFoundException `Invalid "
    "Request Validator identifier specified`",
)
VALIDATOR_REFERENCE_UNKNOWN = rule(
    "request-validator-reference-unknown",
    "R",
    "PutMethod/UpdateMethod naming an unknown requestValidatorId: BadRequestException "
    "`Invalid Request Validator identifier specified`",
)
VALIDATOR_CREATE_UNKNOWN_API = rule(
    "request-validator-create-unknown-api",
    "R",
    "CreateRequestValidator on an unknown API: BadRequestException `Invalid REST API "
    "identifier specified`",
)
VALIDATOR_NAME_BLANK = rule(
    "request-validator-name-blank",
    "R",
    'UpdateRequestValidator replace /name "": `Request Validator name cannot be blank`',
)
VALIDATOR_CREATE_NAME_BLANK = rule(
    "request-validator-create-name-blank",
    "P",
    'CreateRequestValidator without a name or with "": `Request Validator name cannot be blank`',
)
VALIDATOR_DEFAULTS = rule(
    "request-validator-defaults",
    "R",
    "validateRequestBody and validateRequestParameters default to false",
)
VALIDATOR_IN_USE = rule(
    "request-validator-in-use",
    "P",
    "DeleteRequestValidator of a validator a method uses: ConflictException `Cannot delete "
    "request validator, is referenced in method: <path>/<METHOD>`",
)
VALIDATOR_PATCH_PATH = rule(
    "request-validator-patch",
    "R",
    "UpdateRequestValidator takes replace on /name, /validateRequestParameters, "
    "/validateRequestBody ('true' is true, anything else or no value false); other paths and "
    "ops: the `Invalid patch path  '<path>' ...` texts",
)

VALIDATOR_PATHS = "[/name, /validateRequestParameters, /validateRequestBody]"


class RequestValidator(Record):
    __slots__ = ("id", "name", "validate_request_body", "validate_request_parameters")

    def __init__(
        self,
        id: str,
        name: str,
        validate_request_body: bool = False,
        validate_request_parameters: bool = False,
    ) -> None:
        self.id = id
        self.name = name
        self.validate_request_body = validate_request_body
        self.validate_request_parameters = validate_request_parameters

    def copy(self) -> RequestValidator:
        return RequestValidator(
            self.id, self.name, self.validate_request_body, self.validate_request_parameters
        )


def validator_not_found(rule_id: str = VALIDATOR_NOT_FOUND) -> ApiError:
    return not_found("Invalid Request Validator identifier specified", rule=rule_id)


def check_validator_reference(validators: Mapping[str, RequestValidator], ident: object) -> None:
    if not isinstance(ident, str) or ident not in validators:
        raise bad_request(
            "Invalid Request Validator identifier specified", rule=VALIDATOR_REFERENCE_UNKNOWN
        )


def check_name(name: str | None, rule_id: str = VALIDATOR_NAME_BLANK) -> str:
    if not name:
        raise bad_request("Request Validator name cannot be blank", rule=rule_id)
    return name


def check_validator_unused(resources: Iterable[Resource], ident: str) -> None:
    for resource in resources:
        for verb, method in resource.methods.items():
            if method.request_validator_id == ident:
                raise conflict(
                    "Cannot delete request validator, is referenced in method: "
                    f"{resource.path}/{verb}",
                    rule=VALIDATOR_IN_USE,
                )


def _set_name(work: RequestValidator, op: PatchOp, groups: Mapping[str, str]) -> None:
    work.name = check_name(op.value)


def _set_body(work: RequestValidator, op: PatchOp, groups: Mapping[str, str]) -> None:
    work.validate_request_body = flag(op)


def _set_parameters(work: RequestValidator, op: PatchOp, groups: Mapping[str, str]) -> None:
    work.validate_request_parameters = flag(op)


_REFUSE = path_not_listed(VALIDATOR_PATHS, VALIDATOR_PATCH_PATH)

VALIDATOR_PATCH: PatchTable[RequestValidator] = PatchTable(
    {
        "/name": Row({"replace": _set_name}),
        "/validateRequestParameters": Row({"replace": _set_parameters}),
        "/validateRequestBody": Row({"replace": _set_body}),
    },
    unknown_path=_REFUSE,
    refuse=_REFUSE,
)


def patch_validator(validator: RequestValidator, operations: object) -> RequestValidator:
    """The validator as ``operations`` leave it, as a new object (all-or-nothing)."""
    work = validator.copy()
    VALIDATOR_PATCH.apply(work, operations)
    return work


__all__ = ["RequestValidator", "patch_validator"]
