"""The REST API model: resources, methods, integrations, deployments and stages."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .authorizers import Authorizer
from .clock import now
from .documentation import Documentation
from .errors import bad_request, not_found
from .evidence import rule
from .gateway_responses import GatewayResponse
from .ids import DEPLOYMENT_ID_LENGTH, RESOURCE_ID_LENGTH, IdGenerator
from .journal import Journal
from .methods import Integration, Method
from .models import Model
from .resources import Resource, child_path
from .snapshot import EMPTY_SNAPSHOT, ApiSnapshot
from .stage import Stage
from .validators import RequestValidator

# Texts of the lookups that fail (spec 5 and 6; deployment-surface 2.3-2.5, 3.3).
STAGE_NOT_FOUND = "Invalid stage identifier specified"
DEPLOYMENT_NOT_FOUND = "Invalid Deployment identifier specified"
RESOURCE_NOT_FOUND = "Invalid Resource identifier specified"
METHOD_NOT_FOUND = "Invalid Method identifier specified"

RESOURCE_NOT_FOUND_RULE = rule(
    "resource-not-found",
    "R",
    "an unknown resourceId (or parentId): NotFoundException `Invalid Resource identifier "
    "specified`",
)
METHOD_NOT_FOUND_RULE = rule(
    "method-not-found",
    "R",
    "a resource without the httpMethod: NotFoundException `Invalid Method identifier specified`",
)
DEPLOYMENT_ID_DOES_NOT_EXIST = "Deployment id does not exist"
DEPLOYMENT_IN_USE = "Active stages pointing to this deployment must be moved or deleted"

STAGE_NOT_FOUND_RULE = rule(
    "stage-not-found",
    "Q",
    "A stage name the API does not have: NotFoundException " + repr(STAGE_NOT_FOUND),
)
DEPLOYMENT_NOT_FOUND_RULE = rule(
    "deployment-not-found",
    "P",
    "A deployment id the API does not have: NotFoundException " + repr(DEPLOYMENT_NOT_FOUND),
)
DEPLOYMENT_IN_USE_RULE = rule(
    "delete-deployment-in-use",
    "R",
    "DeleteDeployment of a deployment a stage points to: BadRequestException "
    + repr(DEPLOYMENT_IN_USE),
)
CANARY_DEPLOYMENT_IN_USE_RULE = rule(
    "delete-deployment-canary-in-use",
    "P",
    "DeleteDeployment of a deployment only a canary points to: the same BadRequestException",
)
STAGE_DEPLOYMENT_UNKNOWN = rule(
    "stage-deployment-unknown",
    "P",
    "CreateStage deploymentId, or UpdateStage replace /deploymentId, naming no deployment of the "
    "API: BadRequestException `Deployment id does not exist` (the text recorded for a canary)",
)
CANARY_DEPLOYMENT_UNKNOWN = rule(
    "canary-deployment-unknown",
    "R",
    "a canary deploymentId (CreateStage canarySettings, UpdateStage replace "
    "/canarySettings/deploymentId) naming no deployment: BadRequestException `Deployment id "
    "does not exist`",
)
NO_METHODS = rule(
    "deployment-without-methods",
    "P",
    "CreateDeployment on an API without any method: BadRequestException `The REST API doesn't "
    "contain any methods` (the text other emulators use)",
)
NO_INTEGRATION = rule(
    "deployment-method-without-integration",
    "P",
    "CreateDeployment on an API with a method without integration: BadRequestException `No "
    "integration defined for method` (the text other emulators use)",
)


@dataclass(frozen=True, slots=True)
class Deployment:
    id: str
    created_date: int
    description: str | None = None
    # The API's definition when the deployment was made (shared by deployments of an
    # unchanged definition; never changed).
    snapshot: ApiSnapshot = field(default_factory=lambda: EMPTY_SNAPSHOT)


@dataclass(slots=True)
class RestApi:
    id: str
    name: str
    created_date: int
    root_resource_id: str
    # Shared with the Backend (not data of the API: a state file does not keep them).
    ids: IdGenerator = field(repr=False, compare=False)
    journal: Journal = field(repr=False, compare=False)
    description: str | None = None
    version: str | None = None
    api_key_source: str = "HEADER"
    endpoint_types: list[str] = field(default_factory=lambda: ["EDGE"])
    ip_address_type: str = "ipv4"  # R: "dualstack" for PRIVATE APIs
    vpc_endpoint_ids: list[str] | None = None
    disable_execute_api_endpoint: bool = False
    binary_media_types: list[str] | None = None
    minimum_compression_size: int | None = None
    policy: str | None = None
    tags: dict[str, str] = field(default_factory=dict)
    resources: dict[str, Resource] = field(default_factory=dict)
    # Models by name (the key references use); validators and authorizers by id.
    models: dict[str, Model] = field(default_factory=dict)
    request_validators: dict[str, RequestValidator] = field(default_factory=dict)
    authorizers: dict[str, Authorizer] = field(default_factory=dict)
    # The customised gateway responses by response type (the others answer AWS's defaults).
    gateway_responses: dict[str, GatewayResponse] = field(default_factory=dict)
    # Creation order is the listing order, so plain insertion-ordered dicts.
    deployments: dict[str, Deployment] = field(default_factory=dict)
    stages: dict[str, Stage] = field(default_factory=dict)
    # Documentation parts and versions (core.documentation).
    documentation: Documentation = field(default_factory=Documentation)
    # The snapshot of the current definition, until it changes (see snapshot()).
    snapshot_cache: ApiSnapshot | None = field(default=None, repr=False, compare=False)

    def changed(self) -> None:
        """Note that the API's definition changed (anything but its stages and deployments).

        Every change to the API's own fields, resources, methods and the rest goes with a
        call of this (or of a method below that calls it): a state file writes only what
        the journal names, and the next deployment takes a new snapshot.
        """
        self.snapshot_cache = None
        self.journal.api_changed(self.id)

    def snapshot(self) -> ApiSnapshot:
        """The definition as a deployment made now freezes it (copied once per change)."""
        snapshot = self.snapshot_cache
        if snapshot is None:
            snapshot = self.snapshot_cache = ApiSnapshot.take(
                self.resources,
                self.models,
                self.request_validators,
                self.authorizers,
                self.gateway_responses,
            )
        return snapshot

    def as_deployed(self, deployment: Deployment) -> RestApi:
        """The API as ``deployment`` serves it, for reading only (never stored: nothing to
        journal): the definition (resources with their methods, integrations and responses,
        models, request validators, authorizers, gateway responses) from the deployment's
        snapshot; the API's own members (name, description, version, binary media types,
        policy, endpoint configuration...), its stages and deployments live. The live API
        itself when the deployment has no snapshot (a state file written before deployments
        kept one: a real snapshot holds at least the root resource)."""
        snapshot = deployment.snapshot
        if not snapshot.resources:
            return self
        return replace(
            self,
            resources=dict(snapshot.resources),
            models=dict(snapshot.models),
            request_validators=dict(snapshot.request_validators),
            authorizers=dict(snapshot.authorizers),
            gateway_responses=dict(snapshot.gateway_responses),
            snapshot_cache=snapshot,
        )

    # --- stages: every change goes through put_stage / delete_stage -------------------

    def stage(self, name: str) -> Stage:
        stage = self.stages.get(name)
        if stage is None:
            raise not_found(STAGE_NOT_FOUND, STAGE_NOT_FOUND_RULE)
        return stage

    def put_stage(self, stage: Stage) -> Stage:
        """Store a new or changed stage (the one stored: ``stage``, or a copy of it when it is
        already stored -- a stored Stage is never changed in place). The single write path
        (journaled for the history)."""
        if self.stages.get(stage.name) is stage:
            stage = stage.copy()
        stage.last_updated_date = now()
        self.stages[stage.name] = stage
        self.journal.stage_written(self.id, stage.name, stage)
        return stage

    def delete_stage(self, name: str) -> None:
        if name not in self.stages:
            raise not_found(STAGE_NOT_FOUND, STAGE_NOT_FOUND_RULE)
        del self.stages[name]
        self.journal.stage_written(self.id, name, None)

    # --- deployments -----------------------------------------------------------------

    def deployment(self, deployment_id: str) -> Deployment:
        deployment = self.deployments.get(deployment_id)
        if deployment is None:
            raise not_found(DEPLOYMENT_NOT_FOUND, DEPLOYMENT_NOT_FOUND_RULE)
        return deployment

    def require_deployment(
        self, deployment_id: str | None, rule: str = STAGE_DEPLOYMENT_UNKNOWN
    ) -> str:
        """A deployment id a stage (or, with ``rule=CANARY_DEPLOYMENT_UNKNOWN``, a canary) may
        point to, or the 400."""
        if deployment_id is None or deployment_id not in self.deployments:
            raise bad_request(DEPLOYMENT_ID_DOES_NOT_EXIST, rule)
        return deployment_id

    def add_deployment(self, description: str | None) -> Deployment:
        # Positional, in field order (a keyword call costs more).
        deployment = Deployment(
            self.ids.new_id(DEPLOYMENT_ID_LENGTH), now(), description, self.snapshot()
        )
        self.deployments[deployment.id] = deployment
        self.journal.deployment_changed(self.id, deployment.id)
        return deployment

    def replace_deployment(self, deployment: Deployment) -> Deployment:
        """Store a changed deployment (UpdateDeployment: its description)."""
        self.deployments[deployment.id] = deployment
        self.journal.deployment_changed(self.id, deployment.id)
        return deployment

    def delete_deployment(self, deployment_id: str) -> None:
        self.deployment(deployment_id)
        stages = self.stages.values()
        if any(stage.deployment_id == deployment_id for stage in stages):
            raise bad_request(DEPLOYMENT_IN_USE, DEPLOYMENT_IN_USE_RULE)
        for stage in stages:
            canary = stage.canary
            if canary is not None and canary.deployment_id == deployment_id:
                raise bad_request(DEPLOYMENT_IN_USE, CANARY_DEPLOYMENT_IN_USE_RULE)
        del self.deployments[deployment_id]
        self.ids.release(deployment_id)
        self.journal.deployment_changed(self.id, deployment_id)

    # --- resources and methods -------------------------------------------------------

    def resource(self, resource_id: str) -> Resource:
        resource = self.resources.get(resource_id)
        if resource is None:
            raise not_found(RESOURCE_NOT_FOUND, rule=RESOURCE_NOT_FOUND_RULE)
        return resource

    def method(self, resource_id: str, http_method: str) -> Method:
        method = self.resource(resource_id).methods.get(http_method)
        if method is None:
            raise not_found(METHOD_NOT_FOUND, rule=METHOD_NOT_FOUND_RULE)
        return method

    def add_resource(self, parent: Resource, path_part: str) -> Resource:
        resource = Resource(
            id=self.ids.new_id(RESOURCE_ID_LENGTH),
            path=child_path(parent, path_part),
            parent_id=parent.id,
            path_part=path_part,
        )
        self.resources[resource.id] = resource
        parent.children[path_part] = resource.id
        self.changed()
        return resource

    def check_deployable(self) -> None:
        """The content checks of CreateDeployment (spec 2, texts of other emulators: P)."""
        has_method = False
        for resource in self.resources.values():
            for method in resource.methods.values():
                has_method = True
                if method.integration is None:
                    raise bad_request("No integration defined for method", NO_INTEGRATION)
        if not has_method:
            raise bad_request("The REST API doesn't contain any methods", NO_METHODS)

    def release_ids(self) -> None:
        """Free every id this API holds (it is being deleted)."""
        for ident in (
            self.id,
            *self.resources,
            *self.deployments,
            *self.documentation.parts,
            *(model.id for model in self.models.values()),
            *self.request_validators,
            *self.authorizers,
        ):
            self.ids.release(ident)


__all__ = [
    "Deployment",
    "Integration",
    "Method",
    "Resource",
    "RestApi",
]
