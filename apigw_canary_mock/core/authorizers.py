"""Authorizers of a REST API (spec deployment-surface 3.12), and their patch table (P)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .errors import ApiError, bad_request, conflict, not_found
from .evidence import rule
from .patch_op import PatchOp
from .patch_table import Handler, PatchTable, Row, integer, one_of, path_not_listed
from .record import Record
from .resources import Resource

AUTHORIZER_ID_LENGTH = 6
DEFAULT_TTL = 300
AUTHORIZER_TYPES = ("TOKEN", "REQUEST", "COGNITO_USER_POOLS")

AUTHORIZER_CREATE_UNKNOWN_API = rule(
    "authorizer-create-unknown-api",
    "R",
    "CreateAuthorizer on an unknown API: ConflictException `Unable to complete operation due "
    "to concurrent modification. Please try again later.`",
)
AUTHORIZER_NOT_FOUND = rule(
    "authorizer-not-found",
    "P",
    "Get/Update/DeleteAuthorizer of an unknown authorizer (or API): NotFoundException "
    "`Invalid Authorizer identifier specified`",
)
AUTHORIZER_TTL_DEFAULT = rule(
    "authorizer-ttl-default",
    "P",
    "authorizerResultTtlInSeconds is 300 when CreateAuthorizer does not give it",
)
AUTHORIZER_STORED_AS_GIVEN = rule(
    "authorizer-stored-as-given",
    "P",
    "CreateAuthorizer keeps the members as given; no cross-member checks (uri, identity "
    "source, provider ARNs)",
)
AUTHORIZER_IN_USE = rule(
    "authorizer-in-use",
    "P",
    "DeleteAuthorizer of an authorizer a method uses: ConflictException `Cannot delete "
    "authorizer, is referenced in method: <path>/<METHOD>`",
)
AUTHORIZER_NAME_EMPTY = rule(
    "authorizer-name-empty",
    "P",
    'CreateAuthorizer name "" or UpdateAuthorizer replace /name "": BadRequestException '
    "`Authorizer name must be non-empty`",
)
AUTHORIZER_PATCH = rule(
    "authorizer-patch",
    "P",
    "UpdateAuthorizer takes replace on its scalar members; other paths and ops: the "
    "`Invalid patch path  '<path>' ...` texts of UpdateModel",
)

AUTHORIZER_PATHS = (
    "[/name, /type, /authType, /authorizerUri, /authorizerCredentials, /identitySource, "
    "/identityValidationExpression, /authorizerResultTtlInSeconds]"
)


class Authorizer(Record):
    __slots__ = (
        "auth_type",
        "authorizer_credentials",
        "authorizer_result_ttl_in_seconds",
        "authorizer_uri",
        "id",
        "identity_source",
        "identity_validation_expression",
        "name",
        "provider_arns",
        "type",
    )

    def __init__(
        self,
        id: str,
        name: str,
        type: str,
        provider_arns: list[str] | None = None,
        auth_type: str | None = None,
        authorizer_uri: str | None = None,
        authorizer_credentials: str | None = None,
        identity_source: str | None = None,
        identity_validation_expression: str | None = None,
        authorizer_result_ttl_in_seconds: int | None = DEFAULT_TTL,
    ) -> None:
        self.id = id
        self.name = name
        self.type = type
        self.provider_arns = provider_arns
        self.auth_type = auth_type
        self.authorizer_uri = authorizer_uri
        self.authorizer_credentials = authorizer_credentials
        self.identity_source = identity_source
        self.identity_validation_expression = identity_validation_expression
        self.authorizer_result_ttl_in_seconds = authorizer_result_ttl_in_seconds

    def copy(self) -> Authorizer:
        return Authorizer(
            self.id,
            self.name,
            self.type,
            None if self.provider_arns is None else list(self.provider_arns),
            self.auth_type,
            self.authorizer_uri,
            self.authorizer_credentials,
            self.identity_source,
            self.identity_validation_expression,
            self.authorizer_result_ttl_in_seconds,
        )


def authorizer_not_found() -> ApiError:
    return not_found("Invalid Authorizer identifier specified", rule=AUTHORIZER_NOT_FOUND)


def check_authorizer_name(name: str) -> str:
    if not name:
        raise bad_request("Authorizer name must be non-empty", rule=AUTHORIZER_NAME_EMPTY)
    return name


def check_authorizer_unused(resources: Iterable[Resource], ident: str) -> None:
    for resource in resources:
        for verb, method in resource.methods.items():
            if method.authorizer_id == ident:
                raise conflict(
                    f"Cannot delete authorizer, is referenced in method: {resource.path}/{verb}",
                    rule=AUTHORIZER_IN_USE,
                )


def _setter(attribute: str) -> Handler[Authorizer]:
    def set_text(work: Authorizer, op: PatchOp, groups: Mapping[str, str]) -> None:
        setattr(work, attribute, op.value or None)  # P: "" unsets

    return set_text


def _set_name(work: Authorizer, op: PatchOp, groups: Mapping[str, str]) -> None:
    work.name = check_authorizer_name(op.value or "")


def _set_type(work: Authorizer, op: PatchOp, groups: Mapping[str, str]) -> None:
    work.type = one_of(op, AUTHORIZER_TYPES)


def _set_ttl(work: Authorizer, op: PatchOp, groups: Mapping[str, str]) -> None:
    work.authorizer_result_ttl_in_seconds = integer(op)


_REFUSE = path_not_listed(AUTHORIZER_PATHS, AUTHORIZER_PATCH)

AUTHORIZER_PATCH_TABLE: PatchTable[Authorizer] = PatchTable(
    {
        "/name": Row({"replace": _set_name}),
        "/type": Row({"replace": _set_type}),
        "/authType": Row({"replace": _setter("auth_type")}),
        "/authorizerUri": Row({"replace": _setter("authorizer_uri")}),
        "/authorizerCredentials": Row({"replace": _setter("authorizer_credentials")}),
        "/identitySource": Row({"replace": _setter("identity_source")}),
        "/identityValidationExpression": Row(
            {"replace": _setter("identity_validation_expression")}
        ),
        "/authorizerResultTtlInSeconds": Row({"replace": _set_ttl}),
    },
    unknown_path=_REFUSE,
    refuse=_REFUSE,
)


def patch_authorizer(authorizer: Authorizer, operations: object) -> Authorizer:
    """The authorizer as ``operations`` leave it, as a new object (all-or-nothing)."""
    work = authorizer.copy()
    AUTHORIZER_PATCH_TABLE.apply(work, operations)
    return work


__all__ = ["AUTHORIZER_TYPES", "Authorizer", "patch_authorizer"]
