"""What a deployment serves: the API's definition frozen when the deployment was made
(spec deployment-surface 4).

A snapshot holds copies of the resources (with their methods, integrations and responses),
models, request validators, authorizers and customised gateway responses, and is never
changed afterwards. RestApi keeps the snapshot of its current definition until the definition
changes (``RestApi.changed``), so deployments of an unchanged API share one snapshot and
CreateDeployment copies nothing.
"""

from __future__ import annotations

from collections.abc import Mapping

from .authorizers import Authorizer
from .evidence import rule
from .gateway_responses import GatewayResponse
from .models import Model
from .record import Record
from .resources import Resource
from .validators import RequestValidator

SNAPSHOT = rule(
    "deployment-snapshot",
    "R",
    "a deployment freezes the API definition (methods, integrations, responses, models...) "
    "as it was when the deployment was created",
)
API_SUMMARY_OF_SNAPSHOT = rule(
    "api-summary-of-snapshot",
    "P",
    "GetDeployment(embed=[apisummary]) describes the deployment's snapshot, not the live API",
)


class ApiSnapshot(Record):
    """Never changed once taken (by convention: it is shared by deployments)."""

    __slots__ = ("authorizers", "gateway_responses", "models", "request_validators", "resources")

    def __init__(
        self,
        resources: Mapping[str, Resource],
        models: Mapping[str, Model],
        request_validators: Mapping[str, RequestValidator],
        authorizers: Mapping[str, Authorizer],
        # None: a snapshot stored before gateway responses were emulated (none customised).
        gateway_responses: Mapping[str, GatewayResponse] | None = None,
    ) -> None:
        self.resources = resources
        self.models = models
        self.request_validators = request_validators
        self.authorizers = authorizers
        self.gateway_responses: Mapping[str, GatewayResponse] = (
            {} if gateway_responses is None else gateway_responses
        )

    @classmethod
    def take(
        cls,
        resources: Mapping[str, Resource],
        models: Mapping[str, Model],
        request_validators: Mapping[str, RequestValidator],
        authorizers: Mapping[str, Authorizer],
        gateway_responses: Mapping[str, GatewayResponse],
    ) -> ApiSnapshot:
        """Copies of everything given: later changes to the live objects do not show."""
        return cls(
            {ident: resource.copy() for ident, resource in resources.items()},
            {name: model.copy() for name, model in models.items()},
            {ident: validator.copy() for ident, validator in request_validators.items()},
            {ident: authorizer.copy() for ident, authorizer in authorizers.items()},
            {kind: response.copy() for kind, response in gateway_responses.items()},
        )


EMPTY_SNAPSHOT = ApiSnapshot({}, {}, {}, {})

__all__ = ["EMPTY_SNAPSHOT", "ApiSnapshot"]
