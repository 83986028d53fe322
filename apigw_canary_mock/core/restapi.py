"""The REST API model: resources, methods, integrations, deployments and stages."""

from __future__ import annotations

from dataclasses import MISSING, dataclass, field, fields
from typing import Any

from .clock import now
from .documentation import Documentation
from .errors import bad_request, not_found
from .evidence import rule
from .ids import DEPLOYMENT_ID_LENGTH, RESOURCE_ID_LENGTH, IdGenerator
from .journal import Journal
from .stage import Stage

# Texts of the lookups that fail (spec 5 and 6; P for resources and methods).
STAGE_NOT_FOUND = "Invalid stage identifier specified"
DEPLOYMENT_NOT_FOUND = "Invalid Deployment identifier specified"
RESOURCE_NOT_FOUND = "Invalid Resource identifier specified"
METHOD_NOT_FOUND = "Invalid Method identifier specified"
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
    "DeleteDeployment of a deployment a stage (P: or only a canary) points to: "
    "BadRequestException " + repr(DEPLOYMENT_IN_USE),
)


@dataclass(slots=True)
class Integration:
    type: str
    http_method: str | None = None
    uri: str | None = None
    passthrough_behavior: str = "WHEN_NO_MATCH"
    timeout_in_millis: int = 29000
    cache_namespace: str = ""
    cache_key_parameters: list[str] = field(default_factory=list)
    # Optional members stored as given (wire names), echoed back unchanged.
    extras: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Method:
    http_method: str
    authorization_type: str
    api_key_required: bool = False
    extras: dict[str, Any] = field(default_factory=dict)
    integration: Integration | None = None


@dataclass(slots=True)
class Resource:
    id: str
    path: str
    parent_id: str | None = None
    path_part: str | None = None
    methods: dict[str, Method] = field(default_factory=dict)
    # pathPart -> child id, so a duplicate name is found without a scan.
    children: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class MethodSnapshot:
    authorization_type: str
    api_key_required: bool


@dataclass(frozen=True, slots=True)
class Deployment:
    id: str
    created_date: int
    description: str | None = None
    # resourcePath -> httpMethod -> what the method was when the deployment was made.
    api_summary: dict[str, dict[str, MethodSnapshot]] = field(default_factory=dict)


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
    # Creation order is the listing order, so plain insertion-ordered dicts.
    deployments: dict[str, Deployment] = field(default_factory=dict)
    stages: dict[str, Stage] = field(default_factory=dict)
    # Documentation parts and versions (core.documentation).
    documentation: Documentation = field(default_factory=Documentation)

    def __setstate__(self, state: tuple[None, dict[str, Any]]) -> None:
        # The default pickle of a slotted object; a state file written before a field existed
        # loads with that field's default.
        for name, value in state[1].items():
            setattr(self, name, value)
        for missing in fields(self):
            if not hasattr(self, missing.name) and missing.default_factory is not MISSING:
                setattr(self, missing.name, missing.default_factory())

    def changed(self) -> None:
        """Note that the API's definition changed (anything but its stages and deployments).

        Every change to the API's own fields, resources, methods and the rest goes with a
        call of this (or of a method below that calls it): a state file writes only what
        the journal names.
        """
        self.journal.api_changed(self.id)

    # --- stages: every change goes through put_stage / delete_stage -------------------

    def stage(self, name: str) -> Stage:
        stage = self.stages.get(name)
        if stage is None:
            raise not_found(STAGE_NOT_FOUND, STAGE_NOT_FOUND_RULE)
        return stage

    def put_stage(self, stage: Stage) -> Stage:
        """Store a new or changed stage. The single write path (journaled for the history)."""
        stage.last_updated_date = now()
        stage.render_cache = None
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

    def require_deployment(self, deployment_id: str | None) -> str:
        """A deployment id a stage or canary may point to, or the recorded 400."""
        if deployment_id is None or deployment_id not in self.deployments:
            raise bad_request(DEPLOYMENT_ID_DOES_NOT_EXIST)
        return deployment_id

    def add_deployment(self, description: str | None) -> Deployment:
        # Positional, in field order (a keyword call costs more).
        deployment = Deployment(
            self.ids.new_id(DEPLOYMENT_ID_LENGTH), now(), description, self.snapshot_methods()
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
        for stage in self.stages.values():
            canary = stage.canary
            if stage.deployment_id == deployment_id or (
                canary is not None and canary.deployment_id == deployment_id
            ):
                raise bad_request(DEPLOYMENT_IN_USE, DEPLOYMENT_IN_USE_RULE)
        del self.deployments[deployment_id]
        self.ids.release(deployment_id)
        self.journal.deployment_changed(self.id, deployment_id)

    # --- resources and methods -------------------------------------------------------

    def resource(self, resource_id: str) -> Resource:
        resource = self.resources.get(resource_id)
        if resource is None:
            raise not_found(RESOURCE_NOT_FOUND)
        return resource

    def method(self, resource_id: str, http_method: str) -> Method:
        method = self.resource(resource_id).methods.get(http_method)
        if method is None:
            raise not_found(METHOD_NOT_FOUND)
        return method

    def add_resource(self, parent: Resource, path_part: str) -> Resource:
        base = parent.path.rstrip("/")
        resource = Resource(
            id=self.ids.new_id(RESOURCE_ID_LENGTH),
            path=f"{base}/{path_part}",
            parent_id=parent.id,
            path_part=path_part,
        )
        self.resources[resource.id] = resource
        parent.children[path_part] = resource.id
        self.changed()
        return resource

    def snapshot_methods(self) -> dict[str, dict[str, MethodSnapshot]]:
        return {
            resource.path: {
                verb: MethodSnapshot(m.authorization_type, m.api_key_required)
                for verb, m in resource.methods.items()
            }
            for resource in self.resources.values()
            if resource.methods
        }

    def check_deployable(self) -> None:
        """The content checks of CreateDeployment (spec 2, texts of other emulators: P)."""
        has_method = False
        for resource in self.resources.values():
            for method in resource.methods.values():
                has_method = True
                if method.integration is None:
                    raise bad_request("No integration defined for method")
        if not has_method:
            raise bad_request("The REST API doesn't contain any methods")

    def release_ids(self) -> None:
        """Free every id this API holds (it is being deleted)."""
        for ident in (self.id, *self.resources, *self.deployments, *self.documentation.parts):
            self.ids.release(ident)


__all__ = [
    "Deployment",
    "Integration",
    "Method",
    "MethodSnapshot",
    "Resource",
    "RestApi",
]
