"""Custom domain names and their base path mappings: what a Backend holds outside its APIs.

A domain name belongs to an (account, region), not to an API; its mappings point at a REST API
and, optionally, one of its stages. Plain data here; the rules of the operations are in
core.domain_rules. Every change is followed by ``backend.journal.backend_changed()``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .evidence import rule

#: How an empty base path is stored, shown and named in a request's URI (D).
NO_BASE_PATH = "(none)"

MAPPING_IN_USE = "Cannot delete a stage/API that is in use by a base path mapping"
MAPPING_IN_USE_RULE = rule(
    "base-path-mapping-in-use",
    "P",
    "DeleteStage of a stage a base path mapping uses, DeleteRestApi of an API one uses: "
    "BadRequestException " + repr(MAPPING_IN_USE),
)


@dataclass(frozen=True, slots=True)
class BasePathMapping:
    base_path: str  # NO_BASE_PATH for the empty one
    rest_api_id: str
    stage: str | None = None


@dataclass(slots=True)
class DomainName:
    """One custom domain name. Changed through a copy (``copy``) swapped in whole."""

    name: str
    endpoint_type: str  # "EDGE" or "REGIONAL"
    ip_address_type: str
    # The hosts API Gateway gives the domain name (P values): <id>.cloudfront.net for EDGE,
    # d-<id>.execute-api.<region>.amazonaws.com for REGIONAL.
    distribution_domain_name: str
    regional_domain_name: str
    security_policy: str = "TLS_1_2"
    certificate_name: str | None = None
    certificate_arn: str | None = None
    regional_certificate_name: str | None = None
    regional_certificate_arn: str | None = None
    ownership_verification_certificate_arn: str | None = None
    truststore_uri: str | None = None
    truststore_version: str | None = None
    routing_mode: str | None = None
    tags: dict[str, str] = field(default_factory=dict)
    # base path -> mapping; insertion order is the listing order.
    mappings: dict[str, BasePathMapping] = field(default_factory=dict)

    def copy(self) -> DomainName:
        return DomainName(
            self.name,
            self.endpoint_type,
            self.ip_address_type,
            self.distribution_domain_name,
            self.regional_domain_name,
            self.security_policy,
            self.certificate_name,
            self.certificate_arn,
            self.regional_certificate_name,
            self.regional_certificate_arn,
            self.ownership_verification_certificate_arn,
            self.truststore_uri,
            self.truststore_version,
            self.routing_mode,
            dict(self.tags),
            dict(self.mappings),
        )


@dataclass(slots=True)
class DomainNames:
    """The custom domain names of one Backend, by name, in creation order."""

    by_name: dict[str, DomainName] = field(default_factory=dict)

    def get(self, name: str) -> DomainName | None:
        return self.by_name.get(name)

    def maps_api(self, rest_api_id: str) -> bool:
        return any(
            mapping.rest_api_id == rest_api_id
            for domain in self.by_name.values()
            for mapping in domain.mappings.values()
        )

    def maps_stage(self, rest_api_id: str, stage_name: str) -> bool:
        return any(
            mapping.rest_api_id == rest_api_id and mapping.stage == stage_name
            for domain in self.by_name.values()
            for mapping in domain.mappings.values()
        )
