"""Custom domain names and base path mappings (spec deployment surface 3.14)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..core import domain_rules as rules
from ..core.store import Backend
from .result import (
    OperationHandler,
    Result,
    optional_text,
    paged_result,
    string_list,
    string_map,
    text,
)
from .shapes import base_path_mapping_body, domain_name_body

# -- domain names -------------------------------------------------------------------------------


def create_domain_name(backend: Backend, params: dict[str, Any]) -> Result:
    endpoint = params.get("endpointConfiguration")
    endpoint = endpoint if isinstance(endpoint, Mapping) else {}
    tls = params.get("mutualTlsAuthentication")
    tls = tls if isinstance(tls, Mapping) else {}
    created = rules.create_domain_name(
        backend,
        text(params, "domainName"),
        endpoint_types=string_list(endpoint, "types"),
        ip_address_type=optional_text(endpoint, "ipAddressType"),
        certificate_name=optional_text(params, "certificateName"),
        certificate_arn=optional_text(params, "certificateArn"),
        certificate_body=optional_text(params, "certificateBody"),
        regional_certificate_name=optional_text(params, "regionalCertificateName"),
        regional_certificate_arn=optional_text(params, "regionalCertificateArn"),
        security_policy=optional_text(params, "securityPolicy"),
        ownership_verification_certificate_arn=optional_text(
            params, "ownershipVerificationCertificateArn"
        ),
        truststore_uri=optional_text(tls, "truststoreUri"),
        truststore_version=optional_text(tls, "truststoreVersion"),
        routing_mode=optional_text(params, "routingMode"),
        tags=string_map(params, "tags"),
    )
    return Result(domain_name_body(created), 201)


def get_domain_name(backend: Backend, params: dict[str, Any]) -> Result:
    found = rules.domain(backend, text(params, "domainName"), optional_text(params, "domainNameId"))
    return Result(domain_name_body(found))


def get_domain_names(backend: Backend, params: dict[str, Any]) -> Result:
    found = rules.list_domain_names(backend, optional_text(params, "resourceOwner"))
    return paged_result(params, found, domain_name_body, backend.journal)


def update_domain_name(backend: Backend, params: dict[str, Any]) -> Result:
    updated = rules.update_domain_name(
        backend,
        text(params, "domainName"),
        optional_text(params, "domainNameId"),
        params.get("patchOperations"),
    )
    return Result(domain_name_body(updated))


def delete_domain_name(backend: Backend, params: dict[str, Any]) -> Result:
    rules.delete_domain_name(
        backend, text(params, "domainName"), optional_text(params, "domainNameId")
    )
    return Result({}, 202)


# -- base path mappings -------------------------------------------------------------------------


def create_base_path_mapping(backend: Backend, params: dict[str, Any]) -> Result:
    mapping = rules.create_base_path_mapping(
        backend,
        text(params, "domainName"),
        optional_text(params, "domainNameId"),
        base_path=optional_text(params, "basePath"),
        rest_api_id=text(params, "restApiId"),
        stage=optional_text(params, "stage"),
    )
    return Result(base_path_mapping_body(mapping), 201)


def get_base_path_mapping(backend: Backend, params: dict[str, Any]) -> Result:
    mapping = rules.base_path_mapping(
        backend,
        text(params, "domainName"),
        optional_text(params, "domainNameId"),
        text(params, "basePath"),
    )
    return Result(base_path_mapping_body(mapping))


def get_base_path_mappings(backend: Backend, params: dict[str, Any]) -> Result:
    found = rules.domain(backend, text(params, "domainName"), optional_text(params, "domainNameId"))
    return paged_result(
        params, tuple(found.mappings.values()), base_path_mapping_body, backend.journal
    )


def update_base_path_mapping(backend: Backend, params: dict[str, Any]) -> Result:
    mapping = rules.update_base_path_mapping(
        backend,
        text(params, "domainName"),
        optional_text(params, "domainNameId"),
        text(params, "basePath"),
        params.get("patchOperations"),
    )
    return Result(base_path_mapping_body(mapping))


def delete_base_path_mapping(backend: Backend, params: dict[str, Any]) -> Result:
    rules.delete_base_path_mapping(
        backend,
        text(params, "domainName"),
        optional_text(params, "domainNameId"),
        text(params, "basePath"),
    )
    return Result({}, 202)


HANDLERS: dict[str, OperationHandler] = {
    "CreateDomainName": create_domain_name,
    "GetDomainName": get_domain_name,
    "GetDomainNames": get_domain_names,
    "UpdateDomainName": update_domain_name,
    "DeleteDomainName": delete_domain_name,
    "CreateBasePathMapping": create_base_path_mapping,
    "GetBasePathMapping": get_base_path_mapping,
    "GetBasePathMappings": get_base_path_mappings,
    "UpdateBasePathMapping": update_base_path_mapping,
    "DeleteBasePathMapping": delete_base_path_mapping,
}

READ_ONLY = frozenset(
    ("GetDomainName", "GetDomainNames", "GetBasePathMapping", "GetBasePathMappings")
)
