"""The stage model: a named pointer to a deployment, with its canary and settings."""

from __future__ import annotations

from dataclasses import dataclass, field

from .evidence import rule

DEFAULT_CACHE_CLUSTER_SIZE = "0.5"

CACHE_CLUSTER_DEFAULTS = rule(
    "cache-cluster-defaults",
    "P",
    'while a stage\'s cache is enabled: cacheClusterSize is shown (default "0.5"; a size set '
    'while the cache is off is kept) and cacheClusterStatus is "AVAILABLE" at once',
)
STAGE_SHAPE = rule(
    "stage-shape",
    "R",
    "a stage always has stageName, deploymentId, cacheClusterEnabled, cacheClusterStatus "
    "(NOT_AVAILABLE while off), methodSettings, tracingEnabled, createdDate, lastUpdatedDate; "
    "other keys only when set, never null",
)


@dataclass(slots=True)
class CanarySettings:
    deployment_id: str
    percent_traffic: float = 0.0
    use_stage_cache: bool = False
    stage_variable_overrides: dict[str, str] = field(default_factory=dict)

    def copy(self) -> CanarySettings:
        return CanarySettings(
            self.deployment_id,
            self.percent_traffic,
            self.use_stage_cache,
            dict(self.stage_variable_overrides),
        )


@dataclass(slots=True)
class MethodSetting:
    """One entry of ``methodSettings``; the defaults are the recorded AWS ones (spec 4.3)."""

    metrics_enabled: bool = False
    logging_level: str | None = None  # absent until set
    data_trace_enabled: bool = False
    throttling_burst_limit: int = 5000
    throttling_rate_limit: float = 10000.0
    caching_enabled: bool = False
    cache_ttl_in_seconds: int = 300
    cache_data_encrypted: bool = False
    require_authorization_for_cache_control: bool = True
    unauthorized_cache_control_header_strategy: str = "SUCCEED_WITH_RESPONSE_HEADER"

    def copy(self) -> MethodSetting:
        # Positional, in field order (a keyword call costs twice as much).
        return MethodSetting(
            self.metrics_enabled,
            self.logging_level,
            self.data_trace_enabled,
            self.throttling_burst_limit,
            self.throttling_rate_limit,
            self.caching_enabled,
            self.cache_ttl_in_seconds,
            self.cache_data_encrypted,
            self.require_authorization_for_cache_control,
            self.unauthorized_cache_control_header_strategy,
        )


@dataclass(slots=True)
class AccessLogSettings:
    destination_arn: str | None = None
    format: str | None = None

    def copy(self) -> AccessLogSettings:
        return AccessLogSettings(self.destination_arn, self.format)


class Referable:
    """A base giving slotted dataclasses a ``__weakref__`` slot (``weakref_slot`` needs 3.11).

    A stored Stage is never changed in place (every write stores a new Stage: RestApi.put_stage),
    so layers above may keep what they derive from one (wire's renderings) for as long as the
    object lives, in a cache of their own keyed by the object.
    """

    __slots__ = ("__weakref__",)


@dataclass(slots=True)
class Stage(Referable):
    name: str
    deployment_id: str
    created_date: int
    last_updated_date: int
    description: str | None = None
    variables: dict[str, str] = field(default_factory=dict)
    cache_cluster_enabled: bool = False
    # Kept while the cache is off so re-enabling restores it; shown only while enabled.
    cache_cluster_size: str = DEFAULT_CACHE_CLUSTER_SIZE
    method_settings: dict[str, MethodSetting] = field(default_factory=dict)
    tracing_enabled: bool = False
    canary: CanarySettings | None = None
    documentation_version: str | None = None
    access_log: AccessLogSettings | None = None
    tags: dict[str, str] = field(default_factory=dict)
    client_certificate_id: str | None = None

    def copy(self) -> Stage:
        """A copy whose containers are independent: patches work on it, then it is swapped in.

        Hand-written instead of ``copy.deepcopy`` because UpdateStage is a hot path; the
        arguments are positional, in field order (a keyword call costs twice as much).
        """
        settings = self.method_settings
        canary = self.canary
        access_log = self.access_log
        return Stage(
            self.name,
            self.deployment_id,
            self.created_date,
            self.last_updated_date,
            self.description,
            dict(self.variables),
            self.cache_cluster_enabled,
            self.cache_cluster_size,
            {k: v.copy() for k, v in settings.items()} if settings else {},
            self.tracing_enabled,
            canary.copy() if canary is not None else None,
            self.documentation_version,
            access_log.copy() if access_log is not None else None,
            dict(self.tags),
            self.client_certificate_id,
        )
