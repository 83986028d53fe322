"""What a canary does at run time (spec 8): which deployment serves a request, and how.

Pure functions over a Stage. A request lands on a point drawn uniformly from [0, 100); it is
a canary request when a canary exists and the point is below ``percentTraffic``. So 0.0 never
and 100.0 always routes to the canary, exactly. The point is a function of the request id
(a hash) or of a seed, so a test gets the same answer every run.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import repeat
from types import MappingProxyType

from .stage import Stage

_TWO_TO_64 = float(1 << 64)


@dataclass(frozen=True, slots=True)
class RouteDecision:
    """How one request to a stage is served (``apigw.route(...)``)."""

    deployment_id: str
    """The deployment serving the request: the canary's for a canary request."""
    is_canary: bool
    """Whether it is a canary request."""
    variables: Mapping[str, str]
    """The stage variables the request sees (for a canary request: overrides merged on
    top)."""
    uses_stage_cache: bool
    """Whether the request may be answered from the stage cache (the stage's cache is on,
    and for a canary request only with the canary's ``useStageCache``)."""

    @property
    def is_canary_request(self) -> str:
        """``$context.isCanaryRequest`` as API Gateway shows it: "true" or "false"."""
        return "true" if self.is_canary else "false"


@dataclass(frozen=True, slots=True)
class TrafficSplit:
    """How ``requests`` simulated requests to a stage were served
    (``apigw.simulate_traffic(...)``)."""

    requests: int
    """How many requests were routed."""
    counts: Mapping[str, int]
    """Deployment id -> requests it served (a canary on the stage's own deployment: one
    key)."""
    canary_requests: int
    """How many were canary requests."""
    stage_deployment_id: str
    """The stage's own deployment."""
    canary_deployment_id: str | None = None
    """The canary's deployment (None: the stage has no canary)."""
    percent_traffic: float = 0.0
    """The canary's ``percentTraffic`` when the traffic was routed (0.0 without a canary)."""

    @property
    def canary_share(self) -> float:
        """The share of canary requests, in percent (comparable to percentTraffic)."""
        return 100.0 * self.canary_requests / self.requests if self.requests else 0.0

    @property
    def stage_requests(self) -> int:
        """How many requests the stage's own deployment served (``requests -
        canary_requests``)."""
        return self.requests - self.canary_requests


def point_for_request_id(request_id: str) -> float:
    """A uniform point in [0, 100) determined by ``request_id`` alone (stable across runs)."""
    digest = hashlib.blake2b(request_id.encode("utf-8"), digest_size=8).digest()
    return 100.0 * (int.from_bytes(digest, "big") / _TWO_TO_64)


def point_for_seed(seed: int) -> float:
    """A uniform point in [0, 100) determined by ``seed``."""
    return 100.0 * random.Random(seed).random()


def route(stage: Stage, *, request_id: str | None = None, seed: int | None = None) -> RouteDecision:
    """Route one request to ``stage``; deterministic given ``request_id`` or ``seed``.

    With neither, the request lands on a random point. Giving both is an error.
    """
    if request_id is not None and seed is not None:
        raise ValueError("give request_id or seed, not both")
    if request_id is not None:
        point = point_for_request_id(request_id)
    elif seed is not None:
        point = point_for_seed(seed)
    else:
        point = 100.0 * random.random()
    return route_at(stage, point)


def route_at(stage: Stage, point: float) -> RouteDecision:
    """Route the request that landed on ``point`` (in [0, 100))."""
    canary = stage.canary
    cache = stage.cache_cluster_enabled
    if canary is not None and point < canary.percent_traffic:
        variables = {**stage.variables, **canary.stage_variable_overrides}
        return RouteDecision(
            deployment_id=canary.deployment_id,
            is_canary=True,
            variables=MappingProxyType(variables),
            uses_stage_cache=cache and canary.use_stage_cache,
        )
    return RouteDecision(
        deployment_id=stage.deployment_id,
        is_canary=False,
        variables=MappingProxyType(dict(stage.variables)),
        uses_stage_cache=cache,
    )


def simulate_traffic(stage: Stage, requests: int, *, seed: int = 0) -> TrafficSplit:
    """Route ``requests`` requests (points drawn from ``random.Random(seed)``) to ``stage``."""
    if isinstance(requests, bool) or not isinstance(requests, int) or requests < 0:
        raise ValueError(f"requests must be a non-negative int; got {requests!r}")
    canary = stage.canary
    own = stage.deployment_id
    if canary is None:
        return TrafficSplit(requests, {own: requests} if requests else {}, 0, own)
    percent = canary.percent_traffic
    if percent <= 0.0:
        canary_requests = 0
    elif percent >= 100.0:
        canary_requests = requests
    else:
        draw = random.Random(seed).random
        threshold = percent / 100.0
        canary_requests = sum(1 for _ in repeat(None, requests) if draw() < threshold)
    counts: dict[str, int] = {}
    if requests - canary_requests:
        counts[own] = requests - canary_requests
    if canary_requests:
        counts[canary.deployment_id] = counts.get(canary.deployment_id, 0) + canary_requests
    return TrafficSplit(
        requests=requests,
        counts=counts,
        canary_requests=canary_requests,
        stage_deployment_id=own,
        canary_deployment_id=canary.deployment_id,
        percent_traffic=percent,
    )


__all__ = [
    "RouteDecision",
    "TrafficSplit",
    "point_for_request_id",
    "point_for_seed",
    "route",
    "route_at",
    "simulate_traffic",
]
