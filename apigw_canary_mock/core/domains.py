"""Custom domain names and their base path mappings: what a Backend holds outside its APIs.

A domain name belongs to an (account, region), not to an API; its mappings point at a REST API
and, optionally, one of its stages. Plain data here; the rules of the operations are in
core.domain_rules. Every change is followed by ``backend.journal.backend_changed()``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

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


class BasePathMapping(NamedTuple):
    base_path: str  # NO_BASE_PATH for the empty one
    rest_api_id: str
    stage: str | None = None


class DomainName(NamedTuple):
    """One custom domain name. Immutable (a NamedTuple: cheaper to define than a dataclass): a
    change stores a new one (``_replace``), so an update is all or nothing."""

    name: str
    endpoint_type: str  # "EDGE" or "REGIONAL"
    ip_address_type: str
    # The hosts API Gateway gives the domain name (P values): d<id>.cloudfront.net for EDGE,
    # d-<id>.execute-api.<region>.amazonaws.com for REGIONAL.
    distribution_domain_name: str
    regional_domain_name: str
    security_policy: str
    certificate_name: str | None
    certificate_arn: str | None
    regional_certificate_name: str | None
    regional_certificate_arn: str | None
    ownership_verification_certificate_arn: str | None
    truststore_uri: str | None
    truststore_version: str | None
    routing_mode: str | None
    tags: dict[str, str]
    # base path -> mapping; insertion order is the listing order. Never changed in place.
    mappings: dict[str, BasePathMapping]


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
