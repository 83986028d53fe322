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
from .restapi import Deployment, RestApi
from .stage import DEFAULT_CACHE_CLUSTER_SIZE, CanarySettings, Stage
from .tags import check_tags
from .values import (
    check_cache_cluster_size,
    check_stage_name,
    check_variable_count,
    check_variables,
    percent_from_request,
)

_CANARY_PREFIX = "Invalid deployment content specified."


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
        """Validated settings; percentTraffic 0.0 and useStageCache false when omitted (P)."""
        percent = (
            0.0 if self.percent_traffic is None else percent_from_request(self.percent_traffic)
        )
        overrides = dict(self.stage_variable_overrides or {})
        check_variables(overrides)
        return CanarySettings(deployment_id, percent, bool(self.use_stage_cache), overrides)


@dataclass(frozen=True, slots=True)
class StageRequest:
    """The stage members shared by CreateDeployment and CreateStage; None means not given."""

    description: str | None = None
    variables: Mapping[str, str] | None = None
    cache_cluster_enabled: bool | None = None
    cache_cluster_size: str | None = None
    tracing_enabled: bool | None = None

    def check(self) -> None:
        if self.variables:
            check_variables(self.variables)
        if self.cache_cluster_size is not None:
            check_cache_cluster_size(self.cache_cluster_size)

    def apply(self, stage: Stage) -> None:
        """Write the given members over ``stage``; variables merge over the stage's (P)."""
        if self.description is not None:
            stage.description = self.description or None
        if self.variables:
            stage.variables.update(self.variables)
        if self.cache_cluster_enabled is not None:
            stage.cache_cluster_enabled = self.cache_cluster_enabled
        if self.cache_cluster_size is not None:
            stage.cache_cluster_size = self.cache_cluster_size
        if self.tracing_enabled is not None:
            stage.tracing_enabled = self.tracing_enabled


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
    deployment = api.add_deployment(description)
    if canary_settings is not None and target is not None:
        # R: the stage's own deploymentId, variables and description stay untouched.
        canary_settings.deployment_id = deployment.id
        updated = target.copy()
        updated.canary = canary_settings
        api.put_stage(updated)
    elif target is not None:
        updated = target.copy()
        updated.deployment_id = deployment.id
        stage.apply(updated)
        api.put_stage(updated)
    elif stage_name:
        created = Stage(
            name=stage_name, deployment_id=deployment.id, created_date=now(), last_updated_date=0
        )
        stage.apply(created)
        api.put_stage(created)
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
                f"canary deployment. Provided value is {shown}"
            )
        target = api.stages.get(stage_name)
        if target is None:
            raise bad_request(
                f"{_CANARY_PREFIX}Stage {stage_name} must already be created before making "
                "a canary release deployment"
            )
        return target
    # P: an empty stageName without a canary means "no stage", like an absent one.
    if not stage_name:
        return None
    target = api.stages.get(stage_name)
    if target is not None and target.canary is not None:
        raise bad_request(
            f"{_CANARY_PREFIX}Non canary deployment not supported on stage {stage_name} "
            "because Canary is enabled. Provide CanarySettings in deploymentInput."
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
        raise conflict("Stage already exists")
    canary_settings = None
    if canary is not None:
        # P: a canary without deploymentId starts on the stage's own deployment.
        wanted = deployment_id if canary.deployment_id is None else canary.deployment_id
        canary_id = api.require_deployment(wanted)
        canary_settings = canary.build(canary_id)
    settings.check()
    if tags:
        check_tags(tags)
    check_stage_version(api, documentation_version)

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
    settings.apply(stage)
    return api.put_stage(stage)
