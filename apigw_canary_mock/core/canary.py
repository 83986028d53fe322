"""Canary rules of CreateDeployment (spec 2) and CreateStage (spec 3).

Every check runs before anything is written, so a failing request leaves no deployment and
no stage behind. Check order: stage/canary rules, then values, then the API's content.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .clock import now
from .documentation import check_stage_version
from .errors import bad_request, conflict
from .evidence import rule
from .restapi import CANARY_DEPLOYMENT_UNKNOWN, Deployment, RestApi
from .stage import CACHE_CLUSTER_DEFAULTS, DEFAULT_CACHE_CLUSTER_SIZE, CanarySettings, Stage
from .tags import check_tags
from .values import (
    EMPTY_VALUE_UNSETS,
    NEGATIVE_ZERO,
    VARIABLE_VALUE_SPACE,
    check_cache_cluster_size,
    check_stage_name,
    check_variable_count,
    check_variables,
    has_space,
    percent_from_request,
)

_CANARY_PREFIX = "Invalid deployment content specified."

# --- CreateDeployment (spec 2) ------------------------------------------------------------
CANARY_STAGE_NAME_MISSING = rule(
    "canary-deployment-stage-name-missing",
    "R",
    'CreateDeployment with canarySettings and no stageName (or ""): BadRequestException '
    "`Invalid deployment content specified.Non null and non empty stageName must be provided "
    'for canary deployment. Provided value is null` ("": the empty value, a trailing space)',
)
CANARY_STAGE_MISSING = rule(
    "canary-deployment-stage-missing",
    "R",
    "CreateDeployment with canarySettings for a stage X that does not exist: BadRequestException "
    "`Invalid deployment content specified.Stage X must already be created before making a "
    "canary release deployment` (also quoted)",
)
NON_CANARY_ON_CANARY_STAGE = rule(
    "non-canary-deployment-on-canary-stage",
    "Q",
    "CreateDeployment without canarySettings on a stage with a canary: BadRequestException "
    "`Invalid deployment content specified.Non canary deployment not supported on stage X "
    "because Canary is enabled. Provide CanarySettings in deploymentInput.`",
)
CANARY_DEPLOYMENT = rule(
    "canary-deployment",
    "R",
    "CreateDeployment with canarySettings on an existing stage: the new deployment becomes the "
    "canary's deploymentId (replacing a canary's deployment, percentTraffic, overrides); the "
    "stage's own deploymentId, variables and description stay; useStageCache false if omitted",
)
OVERRIDES_REPLACED_WHOLE = rule(
    "canary-overrides-replaced-whole",
    "P",
    "CreateDeployment with canarySettings on a stage with a canary: the new override map "
    "replaces the old one whole (overrides not given are dropped)",
)
PERCENT_TRAFFIC_DEFAULT = rule(
    "canary-percent-traffic-default",
    "P",
    "a canary created by CreateDeployment or CreateStage without percentTraffic gets 0.0",
)
CANARY_IGNORES_STAGE_MEMBERS = rule(
    "canary-deployment-stage-members-ignored",
    "P",
    "CreateDeployment with canarySettings checks stageDescription, variables, cacheCluster* "
    "and tracingEnabled but applies none of them to the stage",
)
NEW_STAGE = rule(
    "deployment-creates-stage",
    "R",
    "CreateDeployment(stageName of a new stage, no canary): the stage is created on the new "
    "deployment with stageDescription, variables, cacheCluster*, tracingEnabled from the request",
)
REDEPLOY = rule(
    "redeploy-stage",
    "R",
    "CreateDeployment(stageName of an existing stage without canary, no canarySettings): the "
    "stage moves to the new deployment and its lastUpdatedDate advances",
)
REDEPLOY_MERGES_VARIABLES = rule(
    "redeploy-merges-variables",
    "P",
    "CreateDeployment on an existing stage: the variables given are merged over the stage's "
    "(the stage's other variables stay)",
)
REDEPLOY_APPLIES_MEMBERS = rule(
    "redeploy-applies-stage-members",
    "P",
    "CreateDeployment on an existing stage applies stageDescription, cacheClusterEnabled, "
    "cacheClusterSize and tracingEnabled when given",
)
EMPTY_STAGE_NAME = rule(
    "deployment-empty-stage-name",
    "P",
    'CreateDeployment with stageName "" and no canarySettings makes no stage, as if stageName '
    "were absent",
)
DEPLOYMENT_CHECK_ORDER = rule(
    "create-deployment-check-order",
    "P",
    "CreateDeployment checks, in order: the API exists, the stage and canary rules, the values, "
    "then the API's methods and integrations",
)
DEPLOYMENT_ALL_OR_NOTHING = rule(
    "create-deployment-all-or-nothing",
    "D",
    "a CreateDeployment that fails creates no deployment and changes no stage",
)

# --- CreateStage (spec 3) ------------------------------------------------------------------
STAGE_EXISTS = rule(
    "create-stage-duplicate",
    "P",
    "CreateStage of a name the API has: ConflictException `Stage already exists` (409)",
)
CANARY_ON_ANY_DEPLOYMENT = rule(
    "create-stage-canary-deployment",
    "R",
    "CreateStage canarySettings.deploymentId may be the stage's own deployment or any existing "
    "one, even another stage's canary",
)
CANARY_DEPLOYMENT_DEFAULT = rule(
    "canary-deployment-id-default",
    "P",
    "CreateStage canarySettings without deploymentId: the canary starts on the stage's own "
    "deploymentId",
)
STAGE_CHECK_ORDER = rule(
    "create-stage-check-order",
    "P",
    "CreateStage checks, in order: the name, deploymentId, a duplicate, the canary's "
    "deploymentId, the canary's values, the variables and cache size",
)
EMPTY_MAPS_UNSET = rule(
    "empty-maps-unset",
    "P",
    "an empty variables, tags or stageVariableOverrides map in CreateStage or CreateDeployment "
    "counts as unset (no key in the answer)",
)


@dataclass(frozen=True, slots=True)
class CanaryRequest:
    """canarySettings as a request gives them; None means "not given"."""

    deployment_id: str | None = None
    percent_traffic: object = None  # float, int or Decimal as botocore accepts them
    use_stage_cache: bool | None = None
    stage_variable_overrides: Mapping[str, str] | None = None

    @classmethod
    def from_params(cls, params: Mapping[str, object]) -> CanaryRequest:
        overrides = params.get("stageVariableOverrides")
        deployment_id = params.get("deploymentId")
        use_stage_cache = params.get("useStageCache")
        return cls(  # positional, in field order: a keyword call costs more
            deployment_id if isinstance(deployment_id, str) else None,
            params.get("percentTraffic"),
            bool(use_stage_cache) if use_stage_cache is not None else None,
            overrides if isinstance(overrides, Mapping) else None,
        )

    def build(self, deployment_id: str) -> CanarySettings:
        """Validated settings; percentTraffic 0.0 (P) and useStageCache false (R) when omitted."""
        percent = (
            0.0 if self.percent_traffic is None else percent_from_request(self.percent_traffic)
        )
        overrides = dict(self.stage_variable_overrides or {})
        check_variables(overrides, True)  # override: the P rule of overrides
        return CanarySettings(deployment_id, percent, bool(self.use_stage_cache), overrides)

    def note(self, notes: list[str]) -> None:
        """Add to ``notes`` (a journal's evidence) the policies a canary built from this
        request rests on (once the checks passed)."""
        percent = self.percent_traffic
        if percent is None:
            notes.append(PERCENT_TRAFFIC_DEFAULT)
        elif percent == 0 and str(percent).startswith("-"):  # -0.0
            notes.append(NEGATIVE_ZERO)
        overrides = self.stage_variable_overrides
        if overrides is not None:
            if not overrides:
                notes.append(EMPTY_MAPS_UNSET)
            elif has_space(overrides):
                notes.append(VARIABLE_VALUE_SPACE)


@dataclass(frozen=True, slots=True)
class StageRequest:
    """The stage members shared by CreateDeployment and CreateStage; None means not given."""

    description: str | None = None
    variables: Mapping[str, str] | None = None
    cache_cluster_enabled: bool | None = None
    cache_cluster_size: str | None = None
    tracing_enabled: bool | None = None

    def gives_variables(self) -> bool:
        return self.variables is not None

    def gives_settings(self) -> bool:
        """Whether a member other than ``variables`` is given."""
        return (
            self.description is not None
            or self.cache_cluster_enabled is not None
            or self.cache_cluster_size is not None
            or self.tracing_enabled is not None
        )

    def check(self) -> None:
        if self.variables:
            check_variables(self.variables)
        if self.cache_cluster_size is not None:
            check_cache_cluster_size(self.cache_cluster_size)

    def apply(self, stage: Stage, notes: list[str]) -> None:
        """Write the given members over ``stage``; variables merge over the stage's (P).

        Adds to ``notes`` (a journal's evidence) the policies the stage then rests on."""
        description = self.description
        if description is not None:
            if description:
                stage.description = description
            else:
                stage.description = None
                notes.append(EMPTY_VALUE_UNSETS)
        variables = self.variables
        if variables:
            stage.variables.update(variables)
            if has_space(variables):
                notes.append(VARIABLE_VALUE_SPACE)
        elif variables is not None:
            notes.append(EMPTY_MAPS_UNSET)
        if self.cache_cluster_enabled is not None:
            stage.cache_cluster_enabled = self.cache_cluster_enabled
            if self.cache_cluster_enabled:
                notes.append(CACHE_CLUSTER_DEFAULTS)
        if self.cache_cluster_size is not None:
            stage.cache_cluster_size = self.cache_cluster_size
        if self.tracing_enabled is not None:
            stage.tracing_enabled = self.tracing_enabled


#: "No stage member given": one shared instance (the request is frozen), told by identity.
NO_STAGE_REQUEST = StageRequest()


def create_deployment(
    api: RestApi,
    *,
    description: str | None,
    stage_name: str | None,
    stage: StageRequest,
    canary: CanaryRequest | None,
) -> Deployment:
    """CreateDeployment: a new deployment, and its effect on ``stage_name`` if given."""
    target = _check_deployment_target(api, stage_name, canary)
    stage.check()
    canary_settings = canary.build("") if canary is not None else None
    if target is not None and stage.variables:
        check_variable_count({**target.variables, **stage.variables})
    if stage_name and target is None:
        check_stage_name(stage_name)
    api.check_deployable()

    # Nothing can fail from here on.
    notes = api.journal.evidence  # appended to directly: one list append per note
    deployment = api.add_deployment(description)
    if canary is not None and canary_settings is not None and target is not None:
        # R: the stage's own deploymentId, variables and description stay untouched.
        notes.append(CANARY_DEPLOYMENT)
        canary.note(notes)
        if target.canary is not None:
            notes.append(OVERRIDES_REPLACED_WHOLE)
        if stage is not NO_STAGE_REQUEST and (stage.gives_variables() or stage.gives_settings()):
            notes.append(CANARY_IGNORES_STAGE_MEMBERS)
        canary_settings.deployment_id = deployment.id
        updated = target.copy()
        updated.canary = canary_settings
        api.put_stage(updated)
    elif target is not None:
        notes.append(REDEPLOY)
        if stage is not NO_STAGE_REQUEST:
            if stage.variables:
                notes.append(REDEPLOY_MERGES_VARIABLES)
            if stage.gives_settings():
                notes.append(REDEPLOY_APPLIES_MEMBERS)
        updated = target.copy()
        updated.deployment_id = deployment.id
        stage.apply(updated, notes)
        api.put_stage(updated)
    elif stage_name:
        notes.append(NEW_STAGE)
        created = Stage(
            name=stage_name, deployment_id=deployment.id, created_date=now(), last_updated_date=0
        )
        stage.apply(created, notes)
        api.put_stage(created)
    elif stage_name is not None:
        notes.append(EMPTY_STAGE_NAME)
    return deployment


def _check_deployment_target(
    api: RestApi, stage_name: str | None, canary: CanaryRequest | None
) -> Stage | None:
    """The existing stage the deployment lands on (None: a new stage or none at all)."""
    if canary is not None:
        if not stage_name:
            shown = "null" if stage_name is None else stage_name
            raise bad_request(
                f"{_CANARY_PREFIX}Non null and non empty stageName must be provided for "
                f"canary deployment. Provided value is {shown}",
                CANARY_STAGE_NAME_MISSING,
            )
        target = api.stages.get(stage_name)
        if target is None:
            raise bad_request(
                f"{_CANARY_PREFIX}Stage {stage_name} must already be created before making "
                "a canary release deployment",
                CANARY_STAGE_MISSING,
            )
        return target
    # P: an empty stageName without a canary means "no stage", like an absent one.
    if not stage_name:
        return None
    target = api.stages.get(stage_name)
    if target is not None and target.canary is not None:
        raise bad_request(
            f"{_CANARY_PREFIX}Non canary deployment not supported on stage {stage_name} "
            "because Canary is enabled. Provide CanarySettings in deploymentInput.",
            NON_CANARY_ON_CANARY_STAGE,
        )
    return target


def create_stage(
    api: RestApi,
    *,
    name: str,
    deployment_id: str,
    settings: StageRequest,
    canary: CanaryRequest | None,
    documentation_version: str | None = None,
    tags: Mapping[str, str] | None = None,
) -> Stage:
    """CreateStage (spec 3)."""
    check_stage_name(name)
    api.require_deployment(deployment_id)
    if name in api.stages:
        raise conflict("Stage already exists", STAGE_EXISTS)
    canary_settings = None
    if canary is not None:
        # P: a canary without deploymentId starts on the stage's own deployment.
        wanted = deployment_id if canary.deployment_id is None else canary.deployment_id
        canary_id = api.require_deployment(wanted, CANARY_DEPLOYMENT_UNKNOWN)
        canary_settings = canary.build(canary_id)
    settings.check()
    if tags:
        check_tags(tags)
    check_stage_version(api, documentation_version)

    # Nothing can fail from here on.
    notes = api.journal.evidence  # appended to directly: one list append per note
    if canary is not None:
        if canary.deployment_id is None:
            notes.append(CANARY_DEPLOYMENT_DEFAULT)
        canary.note(notes)
    if tags is not None and not tags:
        notes.append(EMPTY_MAPS_UNSET)

    # Positional, in field order (a keyword call costs twice as much); the rest defaults.
    stage = Stage(
        name,
        deployment_id,
        now(),
        0,  # last_updated_date: put_stage sets it
        None,  # description
        {},  # variables
        False,  # cache_cluster_enabled
        DEFAULT_CACHE_CLUSTER_SIZE,
        {},  # method_settings
        False,  # tracing_enabled
        canary_settings,
        documentation_version,
        None,  # access_log
        dict(tags) if tags else {},
    )
    settings.apply(stage, notes)
    return api.put_stage(stage)
