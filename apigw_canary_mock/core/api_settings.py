"""A REST API's own settings: CreateRestApi's checks and the UpdateRestApi patch grammar.

Texts are AWS's recorded ones (spec aws-deployment-surface.md §2.1, §3.6) unless the rule
says P. The patch grammar is a core.patch_table table: ``apply_patch`` applies the operations
in order to a copy of the API's settings (a later operation sees what an earlier one did) and
writes them back only when every one succeeded, so a failing request changes nothing.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping

from .errors import bad_request
from .evidence import rule
from .patch_op import PatchOp
from .patch_table import (
    ADD_REMOVE_REPLACE,
    Handler,
    PatchTable,
    Row,
    flag,
    invalid_path,
    op_not_listed,
    op_refused,
    read_members,
)
from .restapi import RestApi
from .values import parse_int

# -- rules and texts ---------------------------------------------------------------------------

NAME_EMPTY = rule("rest-api-name-empty", "P", "CreateRestApi/UpdateRestApi name '': 400")
NAME_EMPTY_TEXT = "The REST API name must not be empty"
DESCRIPTION_EMPTY = rule(
    "rest-api-description-empty",
    "R",
    "CreateRestApi description '': 400 'Description cannot be an empty string'",
)
DESCRIPTION_EMPTY_TEXT = "Description cannot be an empty string"
COMPRESSION_RANGE = rule(
    "rest-api-compression-size",
    "R",
    "minimumCompressionSize below 0 or not an integer: 400 'Invalid minimum compression size, "
    "must be between 0 and 10485760'",
)
COMPRESSION_ABOVE = rule(
    "rest-api-compression-size-max",
    "P",
    "minimumCompressionSize 0 and 10485760 are accepted, above 10485760 gets the same text",
)
COMPRESSION_TEXT = "Invalid minimum compression size, must be between 0 and 10485760"
MAX_COMPRESSION_SIZE = 10_485_760
TYPES_EMPTY = rule(
    "rest-api-endpoint-types-empty",
    "R",
    "endpointConfiguration.types []: 400 'REGIONAL Configuration and EDGE Configuration cannot "
    "be both DISABLED.'",
)
TYPES_SEVERAL = rule(
    "rest-api-endpoint-types-several",
    "R",
    "several endpointConfiguration.types: 400 'Cannot create an api with multiple Endpoint Types.'",
)
PRIVATE_IPV4 = rule(
    "rest-api-private-ipv4",
    "R",
    "a PRIVATE API with ipAddressType ipv4: 400 'Only dualstack ipAddressType is supported for "
    "Private APIs.'",
)
CREATE_ORDER = rule(
    "create-rest-api-check-order",
    "P",
    "CreateRestApi checks name, description (R before the rest), minimumCompressionSize, then "
    "the endpoint rules in the order: empty types, PRIVATE with ipv4, several types",
)
ADDRESS_DEFAULT = rule(
    "rest-api-ip-address-type-default",
    "R",
    "ipAddressType defaults to ipv4 (EDGE, REGIONAL) or dualstack (PRIVATE)",
)

ENDPOINT_TYPES = ("REGIONAL", "EDGE", "PRIVATE")
IP_ADDRESS_TYPES = ("ipv4", "dualstack")
API_KEY_SOURCES = ("HEADER", "AUTHORIZER")


def check_name(name: str) -> str:
    if not name:
        raise bad_request(NAME_EMPTY_TEXT, NAME_EMPTY)
    return name


def check_description(description: str | None) -> str | None:
    if description == "":
        raise bad_request(DESCRIPTION_EMPTY_TEXT, DESCRIPTION_EMPTY)
    return description


def check_compression_size(size: int | None) -> int | None:
    if size is not None:
        if size < 0:
            raise bad_request(COMPRESSION_TEXT, COMPRESSION_RANGE)
        if size > MAX_COMPRESSION_SIZE:
            raise bad_request(COMPRESSION_TEXT, COMPRESSION_ABOVE)
    return size


def check_endpoint(types: list[str] | None, address: str | None) -> tuple[list[str], str]:
    """CreateRestApi's endpointConfiguration: (types, ipAddressType) with AWS's defaults.

    The values are in their enums already (the validation layer answers otherwise)."""
    if types is not None and not types:
        raise bad_request(
            "REGIONAL Configuration and EDGE Configuration cannot be both DISABLED.", TYPES_EMPTY
        )
    types = ["EDGE"] if types is None else types
    private = "PRIVATE" in types
    if address is None:
        address = "dualstack" if private else "ipv4"
    elif private and address != "dualstack":
        raise bad_request(PRIVATE_ONLY_DUALSTACK, PRIVATE_IPV4)
    if len(types) > 1:
        raise bad_request("Cannot create an api with multiple Endpoint Types.", TYPES_SEVERAL)
    return types, address


PRIVATE_ONLY_DUALSTACK = "Only dualstack ipAddressType is supported for Private APIs."

# -- UpdateRestApi ------------------------------------------------------------------------------

PATCH_ALL_OR_NOTHING = rule(
    "update-rest-api-all-or-nothing",
    "P",
    "UpdateRestApi applies its operations in order, all or nothing",
)
INVALID_PATH = rule(
    "update-rest-api-invalid-path",
    "R",
    "UpdateRestApi add/replace/remove of /binaryMediaTypes itself: 400 'Invalid patch path "
    "/binaryMediaTypes'",
)
UNKNOWN_PATH = rule(
    "update-rest-api-unknown-path",
    "P",
    "UpdateRestApi of a path no row knows (or /endpointConfiguration/types/<i> with i not 0 "
    "and not the current type): 400 'Invalid patch path <path>'",
)
REPLACE_ONLY = rule(
    "update-rest-api-replace-only",
    "R",
    "add on /minimumCompressionSize, remove on /endpointConfiguration/ipAddressType: 400 "
    "'Invalid patch operation specified. Must be one of: [replace]'",
)
OTHER_OP = rule(
    "update-rest-api-unsupported-op",
    "P",
    "an op a path does not support (besides the recorded ones): 400 'Invalid patch operation "
    "specified. Must be one of: [<ops of the path>]' (remove on /minimumCompressionSize, add "
    "on /endpointConfiguration/ipAddressType, add or remove on /name, /apiKeySource, "
    "/disableExecuteApiEndpoint; move and test anywhere)",
)
TYPES_OP = rule(
    "update-rest-api-types-op",
    "R",
    "remove on /endpointConfiguration/types/0: 400 'Invalid patch operation specified. Must be "
    "'add'|'remove'|'replace'' (P: add too)",
)
MEDIA_TYPES = rule(
    "update-rest-api-binary-media-types",
    "R",
    "add /binaryMediaTypes/<t> appends <t> (~1 is /; the value is ignored, '-' is a literal "
    "type); replace /binaryMediaTypes/<t> value v removes t and appends v; remove removes it",
)
MEDIA_TYPES_POLICY = rule(
    "update-rest-api-binary-media-types-policy",
    "P",
    "UpdateRestApi: a media type already present is not added twice; replace of a type not "
    "present just appends the value; remove of a type not present does nothing; the key "
    "disappears when the list is empty; replace without a value is an error",
)
COMPRESSION_PATCH = rule(
    "update-rest-api-compression",
    "R",
    "replace /minimumCompressionSize '10' / '0' sets it, '' removes the key",
)
TYPES_PATCH = rule(
    "update-rest-api-endpoint-type",
    "R",
    "replace /endpointConfiguration/types/0 sets the API's one endpoint type; PRIVATE makes "
    "ipAddressType dualstack; an unknown type: 400 'Invalid EndpointTypes specified. Valid "
    "options are REGIONAL,EDGE,PRIVATE'",
)
TYPES_BY_NAME = rule(
    "update-rest-api-endpoint-type-by-name",
    "D",
    "the path may name the current type instead of its index: /endpointConfiguration/types/EDGE",
)
ADDRESS_PATCH = rule(
    "update-rest-api-ip-address-type",
    "R",
    "replace /endpointConfiguration/ipAddressType: ipv4 or dualstack, else 400 'ipAddressType "
    "must be either ipv4 or dualstack.'; ipv4 on a PRIVATE API: 'Only dualstack ipAddressType "
    "is supported for Private APIs.'",
)
VPC_ENDPOINTS_PATCH = rule(
    "update-rest-api-vpc-endpoint-ids",
    "P",
    "add / remove /endpointConfiguration/vpcEndpointIds value <id> adds or removes one id "
    "(the list disappears when empty)",
)
FIELDS_PATCH = rule(
    "update-rest-api-fields",
    "P",
    "replace /name (non-empty), /description, /version, /policy (add too; remove or '' unsets), "
    "/apiKeySource (HEADER or AUTHORIZER), /disableExecuteApiEndpoint ('true' in any case is "
    "true, anything else false)",
)
VALUE_MISSING = rule(
    "update-rest-api-value-missing",
    "P",
    "an UpdateRestApi op that needs a value and has none: 400 'Invalid patch operation: <op> "
    "<path> requires a value'",
)

_FIELDS = (
    "name",
    "description",
    "version",
    "api_key_source",
    "endpoint_types",
    "ip_address_type",
    "vpc_endpoint_ids",
    "disable_execute_api_endpoint",
    "binary_media_types",
    "minimum_compression_size",
    "policy",
)


class _Settings:
    """The settings UpdateRestApi may change (the RestApi fields named in _FIELDS), copied
    from the API, and the P/D rules the applied operations rest on (noted once the whole
    request succeeded). (A plain class: a dataclass costs ~0.4 ms of import time.)"""

    __slots__ = (*_FIELDS, "notes")

    name: str
    description: str | None
    version: str | None
    api_key_source: str
    endpoint_types: list[str]
    ip_address_type: str
    vpc_endpoint_ids: list[str] | None
    disable_execute_api_endpoint: bool
    binary_media_types: list[str] | None
    minimum_compression_size: int | None
    policy: str | None

    def __init__(self, api: RestApi) -> None:
        for name in _FIELDS:
            setattr(self, name, copy.copy(getattr(api, name)))
        self.notes: list[str] = []


def apply_patch(api: RestApi, operations: object) -> None:
    """Apply UpdateRestApi's ``patchOperations`` to ``api``, all or nothing (journaled)."""
    work = _Settings(api)
    _TABLE.apply(work, operations)
    for name in _FIELDS:
        setattr(api, name, getattr(work, name))
    api.changed()
    for note in work.notes:
        api.journal.note(note)


def _read(raw: Mapping[str, object]) -> PatchOp:
    """An operation's members (an absent op reads as ""); one without a path is a 400 (P)."""
    if raw.get("path") is None:
        raise bad_request(f"Invalid patch operation: {raw.get('op')} requires a path", UNKNOWN_PATH)
    return read_members(raw)


def _value(op: PatchOp) -> str:
    if op.value is None:
        raise bad_request(
            f"Invalid patch operation: {op.op} {op.path} requires a value", VALUE_MISSING
        )
    return op.value


# -- handlers ----------------------------------------------------------------------------------


def _set_name(work: _Settings, op: PatchOp, groups: Mapping[str, str]) -> None:
    work.name = check_name(_value(op))
    work.notes.append(FIELDS_PATCH)


def _setter(field: str) -> Handler[_Settings]:
    """add/replace sets an optional text field; '' or no value unsets it, as remove does."""

    def set_text(work: _Settings, op: PatchOp, groups: Mapping[str, str]) -> None:
        setattr(work, field, op.value or None)
        work.notes.append(FIELDS_PATCH)

    return set_text


def _unsetter(field: str) -> Handler[_Settings]:
    def unset(work: _Settings, op: PatchOp, groups: Mapping[str, str]) -> None:
        setattr(work, field, None)
        if field != "description":  # R: remove /description
            work.notes.append(FIELDS_PATCH)

    return unset


def _set_api_key_source(work: _Settings, op: PatchOp, groups: Mapping[str, str]) -> None:
    value = _value(op)
    if value not in API_KEY_SOURCES:
        raise bad_request(
            f"Invalid apiKeySource specified: {value}. "
            f"Must be one of: [{', '.join(API_KEY_SOURCES)}]",
            FIELDS_PATCH,
        )
    work.api_key_source = value
    work.notes.append(FIELDS_PATCH)


def _set_disable_endpoint(work: _Settings, op: PatchOp, groups: Mapping[str, str]) -> None:
    work.disable_execute_api_endpoint = flag(op)
    work.notes.append(FIELDS_PATCH)


def _add_media_type(work: _Settings, op: PatchOp, groups: Mapping[str, str]) -> None:
    media_type = groups["type"]
    types = list(work.binary_media_types or ())
    if media_type in types:
        work.notes.append(MEDIA_TYPES_POLICY)
        return
    types.append(media_type)
    work.binary_media_types = types


def _replace_media_type(work: _Settings, op: PatchOp, groups: Mapping[str, str]) -> None:
    new = _value(op)
    old = groups["type"]
    present = work.binary_media_types or []
    types = [t for t in present if t != old and t != new]
    types.append(new)
    work.binary_media_types = types
    if old not in present or new in present:
        work.notes.append(MEDIA_TYPES_POLICY)


def _remove_media_type(work: _Settings, op: PatchOp, groups: Mapping[str, str]) -> None:
    old = groups["type"]
    present = work.binary_media_types or []
    types = [t for t in present if t != old]
    work.binary_media_types = types or None
    if old not in present or not types:
        work.notes.append(MEDIA_TYPES_POLICY)


def _set_compression(work: _Settings, op: PatchOp, groups: Mapping[str, str]) -> None:
    if not op.value:
        work.minimum_compression_size = None
        return
    size = parse_int(op.value)
    if size is None:
        raise bad_request(COMPRESSION_TEXT, COMPRESSION_RANGE)
    work.minimum_compression_size = check_compression_size(size)


def _set_endpoint_type(work: _Settings, op: PatchOp, groups: Mapping[str, str]) -> None:
    current = work.endpoint_types
    index = groups["type"]  # "0", or the current type's name (D)
    if index != "0" and index not in current:
        raise bad_request(f"Invalid patch path {op.path}", UNKNOWN_PATH)
    value = _value(op)
    if value not in ENDPOINT_TYPES:
        raise bad_request(
            "Invalid EndpointTypes specified. Valid options are REGIONAL,EDGE,PRIVATE", TYPES_PATCH
        )
    work.endpoint_types = [value]
    if value == "PRIVATE":
        work.ip_address_type = "dualstack"
    if index != "0":
        work.notes.append(TYPES_BY_NAME)


def _set_ip_address_type(work: _Settings, op: PatchOp, groups: Mapping[str, str]) -> None:
    value = op.value
    if value not in IP_ADDRESS_TYPES:
        raise bad_request("ipAddressType must be either ipv4 or dualstack.", ADDRESS_PATCH)
    if "PRIVATE" in work.endpoint_types and value != "dualstack":
        raise bad_request(PRIVATE_ONLY_DUALSTACK, ADDRESS_PATCH)
    work.ip_address_type = value


def _add_vpc_endpoint(work: _Settings, op: PatchOp, groups: Mapping[str, str]) -> None:
    value = _value(op)
    ids = list(work.vpc_endpoint_ids or ())
    if value not in ids:
        ids.append(value)
    work.vpc_endpoint_ids = ids
    work.notes.append(VPC_ENDPOINTS_PATCH)


def _remove_vpc_endpoint(work: _Settings, op: PatchOp, groups: Mapping[str, str]) -> None:
    value = _value(op)
    work.vpc_endpoint_ids = [i for i in work.vpc_endpoint_ids or () if i != value] or None
    work.notes.append(VPC_ENDPOINTS_PATCH)


_ANY_OTHER_OP = op_not_listed("[add, remove, replace]", OTHER_OP)


def _field(attribute: str) -> Row[_Settings]:
    """An optional text field: add, remove, replace."""
    return Row(
        {"add": _setter(attribute), "remove": _unsetter(attribute), "replace": _setter(attribute)},
        _ANY_OTHER_OP,
    )


#: The table's refusals, AWS's plain family: an unknown path is ``Invalid patch path <path>``;
#: a path's unsupported op ``... Must be one of: [<the path's ops>]`` (``[replace]`` unless
#: the row says otherwise).
_TABLE: PatchTable[_Settings] = PatchTable(
    {
        "/name": Row({"replace": _set_name}),
        "/description": _field("description"),
        "/version": _field("version"),
        "/policy": _field("policy"),
        "/apiKeySource": Row({"replace": _set_api_key_source}),
        "/disableExecuteApiEndpoint": Row({"replace": _set_disable_endpoint}),
        # The list itself takes no op (R); its members do.
        "/binaryMediaTypes": Row({}, invalid_path(INVALID_PATH)),
        "/binaryMediaTypes/{type+}": Row(
            {"add": _add_media_type, "remove": _remove_media_type, "replace": _replace_media_type},
            _ANY_OTHER_OP,
        ),
        "/minimumCompressionSize": Row({"replace": _set_compression}),
        "/endpointConfiguration/types/{type+}": Row(
            {"replace": _set_endpoint_type}, op_refused(ADD_REMOVE_REPLACE, TYPES_OP)
        ),
        "/endpointConfiguration/ipAddressType": Row({"replace": _set_ip_address_type}),
        "/endpointConfiguration/vpcEndpointIds": Row(
            {"add": _add_vpc_endpoint, "remove": _remove_vpc_endpoint},
            op_not_listed("[add, remove]", OTHER_OP),
        ),
    },
    unknown_path=invalid_path(UNKNOWN_PATH),
    refuse=op_not_listed("[replace]", REPLACE_ONLY),
    read=_read,
)
