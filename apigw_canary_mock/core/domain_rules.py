"""Custom domain names and base path mappings (spec deployment surface 3.14): the rules.

Nothing here was recorded from AWS: the shapes and paths are documented (D), the texts and
values our policies (P). Checks run before anything is written; updates work on a copy that is
swapped in whole, so a failing request changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .domains import NO_BASE_PATH, BasePathMapping, DomainName
from .errors import bad_request, conflict, not_found
from .evidence import rule
from .patch_op import PatchOp
from .patch_table import (
    Handler,
    PatchTable,
    Row,
    invalid_path,
    op_not_listed,
    read_members_or_null,
)
from .store import Backend
from .tags import check_tags

DISTRIBUTION_ID_LENGTH = 13
REGIONAL_ID_LENGTH = 10
#: D: "The valid value is Z2FDTNDATAQYW2 for all the regions."
DISTRIBUTION_HOSTED_ZONE_ID = "Z2FDTNDATAQYW2"

DOMAIN_EXISTS = "The domain name you provided already exists."
DOMAIN_NOT_FOUND = "Invalid domain name identifier specified"
REST_API_INVALID = "Invalid REST API identifier specified"
STAGE_INVALID = "Invalid stage identifier specified"
MAPPING_EXISTS = "Base path already exists for this domain name"
MAPPING_NOT_FOUND = "Invalid base path mapping identifier specified"

ENDPOINT_TYPES = ("EDGE", "REGIONAL", "PRIVATE")
IP_ADDRESS_TYPES = ("ipv4", "dualstack")

DOMAIN_CREATED = rule(
    "domain-create",
    "D",
    "CreateDomainName: 201 {domainName, certificateArn / regionalCertificateArn, "
    "distributionDomainName + distributionHostedZoneId (EDGE) / regionalDomainName (REGIONAL), "
    "domainNameStatus AVAILABLE, endpointConfiguration, securityPolicy} (+ names, tags... when "
    "given); P values: <13 chars>.cloudfront.net, d-<10 chars>.execute-api.<region>.amazonaws.com, "
    "status AVAILABLE at once, securityPolicy TLS_1_2, endpoint EDGE and ipAddressType ipv4 "
    "when not given",
)
DOMAIN_EXISTS_RULE = rule(
    "domain-duplicate",
    "P",
    "CreateDomainName of an existing name: ConflictException " + repr(DOMAIN_EXISTS),
)
DOMAIN_NOT_FOUND_RULE = rule(
    "domain-not-found",
    "P",
    "A domain name the account and region do not have (or any domainNameId: private domain "
    "names are not emulated): NotFoundException " + repr(DOMAIN_NOT_FOUND),
)
DOMAIN_NAME_FORMAT = rule(
    "domain-name-format",
    "P",
    "CreateDomainName checks the name is a host name (labels of letters, digits and hyphens, "
    "at least two, a leading '*.' allowed): BadRequestException 'Invalid domain name specified: "
    "<name>'",
)
DOMAIN_CERTIFICATE = rule(
    "domain-certificate",
    "P",
    "An EDGE domain name needs certificateArn (or an uploaded certificateBody), a REGIONAL one "
    "regionalCertificateArn: BadRequestException 'A certificate is required for an <TYPE> "
    "domain name: specify <member>' (also after UpdateDomainName)",
)
DOMAIN_ENDPOINT = rule(
    "domain-endpoint",
    "P",
    "Domain endpointConfiguration: exactly one type; PRIVATE domain names are refused "
    "(BadRequestException 'Private custom domain names are not supported by "
    "apigw_canary_mock'); texts of ours",
)
DOMAIN_LIST_OWNER = rule(
    "domain-list-owner",
    "P",
    "GetDomainNames(resourceOwner=OTHER_ACCOUNTS) lists nothing (no domain name is shared)",
)
DOMAIN_UPDATE_PATHS = rule(
    "domain-update-paths",
    "P",
    "UpdateDomainName: replace /certificateName, /certificateArn, /regionalCertificateName, "
    "/regionalCertificateArn, /securityPolicy, /endpointConfiguration/types/0, "
    "/endpointConfiguration/ipAddressType, /mutualTlsAuthentication/truststoreUri, "
    "/mutualTlsAuthentication/truststoreVersion, /ownershipVerificationCertificateArn (an empty "
    "value clears an optional one); other paths 'Invalid patch path <path>', other ops "
    "'Invalid patch operation specified. Must be one of: [replace]'",
)
DOMAIN_DELETE = rule(
    "domain-delete",
    "P",
    "DeleteDomainName: 202; its base path mappings go with it",
)
MAPPING_CREATED = rule(
    "base-path-mapping-create",
    "D",
    "CreateBasePathMapping: 201 {basePath, restApiId, stage}; an empty or absent basePath is "
    "stored and shown as '(none)' (P: so is '(none)' given); no stage: no 'stage' key (P)",
)
MAPPING_CHECKS = rule(
    "base-path-mapping-checks",
    "P",
    "Base path mappings, checked in this order: domain name, then restApiId (BadRequestException "
    + repr(REST_API_INVALID)
    + "), stage (BadRequestException "
    + repr(STAGE_INVALID)
    + "), base path, duplicate (ConflictException "
    + repr(MAPPING_EXISTS)
    + ")",
)
MAPPING_BASE_PATH_FORMAT = rule(
    "base-path-format",
    "P",
    "A base path is one or more segments of letters, digits and -._~ separated by '/' (no "
    "leading, trailing or double '/'): else BadRequestException 'Invalid base path specified: "
    "<path>'",
)
MAPPING_NOT_FOUND_RULE = rule(
    "base-path-mapping-not-found",
    "P",
    "Get/Update/DeleteBasePathMapping of a base path the domain name does not map (the empty "
    "one is named '(none)'; '' names none): NotFoundException " + repr(MAPPING_NOT_FOUND),
)
MAPPING_UPDATE_PATHS = rule(
    "base-path-mapping-update-paths",
    "D",
    "UpdateBasePathMapping: replace /basePath, /restapiId, /stage; the result is checked like a "
    "new mapping; P: other paths 'Invalid patch path <path>', other ops 'Invalid patch operation "
    "specified. Must be one of: [replace]'",
)
MAPPING_DELETE = rule("base-path-mapping-delete", "D", "DeleteBasePathMapping: 202")

# Character sets, not regexes: compiling one costs import time.
_LETTERS_DIGITS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
_HOST_LABEL_CHARS = frozenset(_LETTERS_DIGITS + "-")
_BASE_PATH_CHARS = frozenset(_LETTERS_DIGITS + "._~-")


# -- domain names -----------------------------------------------------------------------------


def domain(backend: Backend, name: str, domain_name_id: str | None = None) -> DomainName:
    found = backend.domains.get(name)
    if found is None or domain_name_id is not None:
        raise not_found(DOMAIN_NOT_FOUND, DOMAIN_NOT_FOUND_RULE)
    return found


def _is_host_label(label: str) -> bool:
    return (
        0 < len(label) <= 63
        and set(label) <= _HOST_LABEL_CHARS
        and not label.startswith("-")
        and not label.endswith("-")
    )


def _check_host_name(name: str) -> None:
    labels = name.split(".")
    if labels[:1] == ["*"]:
        labels = labels[1:]
    if len(name) > 253 or len(labels) < 2 or not all(map(_is_host_label, labels)):
        raise bad_request(f"Invalid domain name specified: {name}", DOMAIN_NAME_FORMAT)


def _endpoint_type(types: list[str] | None) -> str:
    if types is None:
        return "EDGE"
    if len(types) != 1 or types[0] not in ENDPOINT_TYPES:
        raise bad_request(
            "Invalid endpoint configuration specified: a domain name takes exactly one of "
            f"[{', '.join(ENDPOINT_TYPES)}]",
            DOMAIN_ENDPOINT,
        )
    if types[0] == "PRIVATE":
        raise bad_request(
            "Private custom domain names are not supported by apigw_canary_mock", DOMAIN_ENDPOINT
        )
    return types[0]


def _ip_address_type(value: str | None) -> str:
    if value is None:
        return "ipv4"
    if value not in IP_ADDRESS_TYPES:
        raise bad_request("ipAddressType must be either ipv4 or dualstack.", DOMAIN_ENDPOINT)
    return value


def _check_certificate(
    endpoint_type: str,
    certificate_arn: str | None,
    regional_certificate_arn: str | None,
    uploaded: bool = False,
) -> None:
    if endpoint_type == "EDGE" and not (certificate_arn or uploaded):
        member = "certificateArn"
    elif endpoint_type == "REGIONAL" and not regional_certificate_arn:
        member = "regionalCertificateArn"
    else:
        return
    raise bad_request(
        f"A certificate is required for an {endpoint_type} domain name: specify {member}",
        DOMAIN_CERTIFICATE,
    )


def create_domain_name(
    backend: Backend,
    name: str,
    *,
    endpoint_types: list[str] | None = None,
    ip_address_type: str | None = None,
    certificate_name: str | None = None,
    certificate_arn: str | None = None,
    certificate_body: str | None = None,
    regional_certificate_name: str | None = None,
    regional_certificate_arn: str | None = None,
    security_policy: str | None = None,
    ownership_verification_certificate_arn: str | None = None,
    truststore_uri: str | None = None,
    truststore_version: str | None = None,
    routing_mode: str | None = None,
    tags: Mapping[str, str] | None = None,
) -> DomainName:
    """CreateDomainName; None: a member not given."""
    _check_host_name(name)
    if backend.domains.get(name) is not None:
        raise conflict(DOMAIN_EXISTS, DOMAIN_EXISTS_RULE)
    endpoint_type = _endpoint_type(endpoint_types)
    address_type = _ip_address_type(ip_address_type)
    _check_certificate(
        endpoint_type, certificate_arn, regional_certificate_arn, certificate_body is not None
    )
    if tags:
        check_tags(tags)
    ids = backend.ids
    created = DomainName(
        name,
        endpoint_type,
        address_type,
        f"d{ids.new_id(DISTRIBUTION_ID_LENGTH)}.cloudfront.net",
        f"d-{ids.new_id(REGIONAL_ID_LENGTH)}.execute-api.{backend.region}.amazonaws.com",
        security_policy or "TLS_1_2",
        certificate_name,
        certificate_arn,
        regional_certificate_name,
        regional_certificate_arn,
        ownership_verification_certificate_arn,
        truststore_uri,
        truststore_version,
        routing_mode,
        dict(tags or {}),
        {},
    )
    backend.domains.by_name[name] = created
    backend.journal.backend_changed()
    backend.journal.note(DOMAIN_CREATED)
    return created


def _release(backend: Backend, domain: DomainName) -> None:
    """Free the ids in the domain name's hosts (d<id>.cloudfront.net, d-<id>.execute-api...)."""
    backend.ids.release(domain.distribution_domain_name[1 : 1 + DISTRIBUTION_ID_LENGTH])
    backend.ids.release(domain.regional_domain_name[2 : 2 + REGIONAL_ID_LENGTH])


def list_domain_names(backend: Backend, resource_owner: str | None) -> list[DomainName]:
    if resource_owner == "OTHER_ACCOUNTS":
        backend.journal.note(DOMAIN_LIST_OWNER)
        return []
    return list(backend.domains.by_name.values())


# UpdateDomainName works on a draft: the domain name's fields as a dict, built into a new
# DomainName once every operation applied.
_Draft = dict[str, Any]


def _optional(field: str) -> Handler[_Draft]:
    def set_value(draft: _Draft, op: PatchOp, groups: Mapping[str, str]) -> None:
        draft[field] = op.value or None

    return set_value


def _required(field: str, choices: tuple[str, ...]) -> Handler[_Draft]:
    def set_value(draft: _Draft, op: PatchOp, groups: Mapping[str, str]) -> None:
        value = op.value
        if value not in choices:
            raise bad_request(
                f"Invalid value specified for {field}: {value}. "
                f"Must be one of: [{', '.join(choices)}]",
                DOMAIN_UPDATE_PATHS,
            )
        draft[field] = value

    return set_value


def _set_endpoint_type(draft: _Draft, op: PatchOp, groups: Mapping[str, str]) -> None:
    draft["endpoint_type"] = _endpoint_type([op.value or ""])


def _set_security_policy(draft: _Draft, op: PatchOp, groups: Mapping[str, str]) -> None:
    if not op.value:
        raise bad_request(
            "Invalid value specified for securityPolicy: a value is required", DOMAIN_UPDATE_PATHS
        )
    draft["security_policy"] = op.value


_DOMAIN_TABLE: PatchTable[_Draft] = PatchTable(
    {
        "/certificateName": Row({"replace": _optional("certificate_name")}),
        "/certificateArn": Row({"replace": _optional("certificate_arn")}),
        "/regionalCertificateName": Row({"replace": _optional("regional_certificate_name")}),
        "/regionalCertificateArn": Row({"replace": _optional("regional_certificate_arn")}),
        "/securityPolicy": Row({"replace": _set_security_policy}),
        "/endpointConfiguration/types/0": Row({"replace": _set_endpoint_type}),
        "/endpointConfiguration/ipAddressType": Row(
            {"replace": _required("ip_address_type", IP_ADDRESS_TYPES)}
        ),
        "/mutualTlsAuthentication/truststoreUri": Row({"replace": _optional("truststore_uri")}),
        "/mutualTlsAuthentication/truststoreVersion": Row(
            {"replace": _optional("truststore_version")}
        ),
        "/ownershipVerificationCertificateArn": Row(
            {"replace": _optional("ownership_verification_certificate_arn")}
        ),
    },
    unknown_path=invalid_path(DOMAIN_UPDATE_PATHS),
    refuse=op_not_listed("[replace]", DOMAIN_UPDATE_PATHS),
    read=read_members_or_null,
)


def update_domain_name(
    backend: Backend, name: str, domain_name_id: str | None, operations: object
) -> DomainName:
    current = domain(backend, name, domain_name_id)
    draft = current._asdict()
    _DOMAIN_TABLE.apply(draft, operations)
    updated = DomainName(**draft)
    _check_certificate(
        updated.endpoint_type, updated.certificate_arn, updated.regional_certificate_arn
    )
    if updated != current:
        backend.domains.by_name[name] = updated
        backend.journal.backend_changed()
    backend.journal.note(DOMAIN_UPDATE_PATHS)
    return updated


def delete_domain_name(backend: Backend, name: str, domain_name_id: str | None) -> None:
    found = domain(backend, name, domain_name_id)
    del backend.domains.by_name[name]
    _release(backend, found)
    backend.journal.backend_changed()
    backend.journal.note(DOMAIN_DELETE)


# -- base path mappings -----------------------------------------------------------------------


def _base_path(value: str | None) -> str:
    """The stored form of a requested base path: empty (or "(none)") is NO_BASE_PATH."""
    if not value or value == NO_BASE_PATH:
        return NO_BASE_PATH
    if not all(segment and set(segment) <= _BASE_PATH_CHARS for segment in value.split("/")):
        raise bad_request(f"Invalid base path specified: {value}", MAPPING_BASE_PATH_FORMAT)
    return value


def _stage(value: str | None) -> str | None:
    return None if not value or value == NO_BASE_PATH else value


def _check_target(backend: Backend, rest_api_id: str | None, stage: str | None) -> None:
    api = backend.rest_apis.get(rest_api_id or "")
    if api is None:
        raise bad_request(REST_API_INVALID, MAPPING_CHECKS)
    if stage is not None and stage not in api.stages:
        raise bad_request(STAGE_INVALID, MAPPING_CHECKS)


def create_base_path_mapping(
    backend: Backend,
    domain_name: str,
    domain_name_id: str | None,
    *,
    base_path: str | None,
    rest_api_id: str,
    stage: str | None,
) -> BasePathMapping:
    found = domain(backend, domain_name, domain_name_id)
    wanted_stage = _stage(stage)
    _check_target(backend, rest_api_id, wanted_stage)
    key = _base_path(base_path)
    if key in found.mappings:
        raise conflict(MAPPING_EXISTS, MAPPING_CHECKS)
    mapping = BasePathMapping(key, rest_api_id, wanted_stage)
    backend.domains.by_name[found.name] = found._replace(mappings={**found.mappings, key: mapping})
    backend.journal.backend_changed()
    backend.journal.note(MAPPING_CREATED)
    return mapping


def base_path_mapping(
    backend: Backend, domain_name: str, domain_name_id: str | None, base_path: str
) -> BasePathMapping:
    mapping = domain(backend, domain_name, domain_name_id).mappings.get(base_path)
    if mapping is None:
        raise not_found(MAPPING_NOT_FOUND, MAPPING_NOT_FOUND_RULE)
    return mapping


class _MappingDraft:
    """A mapping being patched (a plain class: a dataclass costs import time)."""

    __slots__ = ("base_path", "rest_api_id", "stage")

    def __init__(self, base_path: str, rest_api_id: str | None, stage: str | None) -> None:
        self.base_path = base_path
        self.rest_api_id = rest_api_id
        self.stage = stage


def _set_base_path(draft: _MappingDraft, op: PatchOp, groups: Mapping[str, str]) -> None:
    draft.base_path = _base_path(op.value)


def _set_rest_api_id(draft: _MappingDraft, op: PatchOp, groups: Mapping[str, str]) -> None:
    draft.rest_api_id = op.value


def _set_stage(draft: _MappingDraft, op: PatchOp, groups: Mapping[str, str]) -> None:
    draft.stage = _stage(op.value)


_MAPPING_TABLE: PatchTable[_MappingDraft] = PatchTable(
    {
        "/basePath": Row({"replace": _set_base_path}),
        "/restapiId": Row({"replace": _set_rest_api_id}),
        "/stage": Row({"replace": _set_stage}),
    },
    unknown_path=invalid_path(MAPPING_UPDATE_PATHS),
    refuse=op_not_listed("[replace]", MAPPING_UPDATE_PATHS),
    read=read_members_or_null,
)


def update_base_path_mapping(
    backend: Backend,
    domain_name: str,
    domain_name_id: str | None,
    base_path: str,
    operations: object,
) -> BasePathMapping:
    found = domain(backend, domain_name, domain_name_id)
    current = base_path_mapping(backend, domain_name, domain_name_id, base_path)
    draft = _MappingDraft(current.base_path, current.rest_api_id, current.stage)
    _MAPPING_TABLE.apply(draft, operations)
    _check_target(backend, draft.rest_api_id, draft.stage)
    if draft.base_path != current.base_path and draft.base_path in found.mappings:
        raise conflict(MAPPING_EXISTS, MAPPING_CHECKS)
    assert draft.rest_api_id is not None
    updated = BasePathMapping(draft.base_path, draft.rest_api_id, draft.stage)
    backend.journal.note(MAPPING_UPDATE_PATHS)
    if updated == current:
        return current
    # The mapping keeps its place in the listing, under its new base path.
    mappings = {
        (updated.base_path if key == current.base_path else key): (
            updated if key == current.base_path else mapping
        )
        for key, mapping in found.mappings.items()
    }
    backend.domains.by_name[found.name] = found._replace(mappings=mappings)
    backend.journal.backend_changed()
    return updated


def delete_base_path_mapping(
    backend: Backend, domain_name: str, domain_name_id: str | None, base_path: str
) -> None:
    base_path_mapping(backend, domain_name, domain_name_id, base_path)
    found = domain(backend, domain_name, domain_name_id)
    mappings = {key: mapping for key, mapping in found.mappings.items() if key != base_path}
    backend.domains.by_name[found.name] = found._replace(mappings=mappings)
    backend.journal.backend_changed()
    backend.journal.note(MAPPING_DELETE)
