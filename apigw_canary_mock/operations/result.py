"""The contract types of the operations layer and small helpers for reading params."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from ..core.canary import NO_STAGE_REQUEST, CanaryRequest, StageRequest
from ..core.journal import Journal
from ..core.pagination import paginate
from ..core.store import Backend

Item = TypeVar("Item")

Params = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Result:
    """A success answer: the body AWS would send (as Python data) and its HTTP status."""

    body: dict[str, Any]
    status: int = 200


class ObjectResult:
    """A success answer whose body is ``render(source)``, a stored model object.

    Stored objects are never changed in place, so wire renders ``source`` once and keeps
    the rendering while the object lives (core's Stage); ``body`` builds the
    body afresh. (A plain class: a dataclass costs ~0.4 ms of import time.)
    """

    __slots__ = ("render", "source", "status")

    def __init__(
        self, source: Any, render: Callable[[Any], dict[str, Any]], status: int = 200
    ) -> None:
        self.source = source
        self.render = render
        self.status = status

    @property
    def body(self) -> dict[str, Any]:
        return self.render(self.source)


class ListResult:
    """A success answer ``{member: [render(s) for s in sources]}``, rendered per source."""

    __slots__ = ("member", "render", "sources", "status")

    def __init__(
        self,
        member: str,
        sources: Sequence[Any],
        render: Callable[[Any], dict[str, Any]],
        status: int = 200,
    ) -> None:
        self.member = member
        self.sources = sources
        self.render = render
        self.status = status

    @property
    def body(self) -> dict[str, Any]:
        return {self.member: [self.render(source) for source in self.sources]}


#: What a handler returns: a body, or model objects whose bodies wire renders (and caches).
AnyResult = Result | ObjectResult | ListResult

OperationHandler = Callable[[Backend, dict[str, Any]], AnyResult]


def text(params: Params, name: str) -> str:
    """A required string member; absent reads as "" so lookups fail with an ApiError."""
    value = params.get(name)
    return value if isinstance(value, str) else ""


def optional_text(params: Params, name: str) -> str | None:
    value = params.get(name)
    return value if isinstance(value, str) else None


def optional_bool(params: Params, name: str) -> bool | None:
    value = params.get(name)
    return None if value is None else bool(value)


def optional_int(params: Params, name: str) -> int | None:
    value = params.get(name)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def string_map(params: Params, name: str) -> dict[str, str] | None:
    value = params.get(name)
    if not isinstance(value, Mapping):
        return None
    return {str(k): str(v) for k, v in value.items()}


def string_list(params: Params, name: str) -> list[str] | None:
    value = params.get(name)
    if not isinstance(value, (list, tuple)):
        return None
    return [str(v) for v in value]


def paged_result(
    params: Params,
    items: Sequence[Item],
    render: Callable[[Item], dict[str, Any]],
    journal: Journal | None = None,
) -> Result:
    """One page of ``items`` as ``{"items": [...], "position": ...}``, by ``limit``/``position``.

    ``limit`` defaults to 25 and is clamped to 500 (P; noted in ``journal`` when it shaped
    the page); items keep creation order.
    """
    page, position = paginate(
        list(items), optional_int(params, "limit"), optional_text(params, "position"), journal
    )
    body: dict[str, Any] = {"items": [render(item) for item in page]}
    if position is not None:
        body["position"] = position
    return Result(body)


def canary_request(params: Params) -> CanaryRequest | None:
    """``canarySettings`` of CreateStage / CreateDeployment; None when absent (or not a map)."""
    canary = params.get("canarySettings")
    return CanaryRequest.from_params(canary) if isinstance(canary, Mapping) else None


def stage_request(params: Params, description_member: str) -> StageRequest:
    """The stage members CreateStage and CreateDeployment share.

    Only the description's member name differs (``description`` / ``stageDescription``).
    """
    if description_member not in params and _STAGE_MEMBERS.isdisjoint(params):
        return NO_STAGE_REQUEST  # frozen: one shared instance for "nothing given"
    return StageRequest(
        optional_text(params, description_member),
        string_map(params, "variables"),
        optional_bool(params, "cacheClusterEnabled"),
        optional_text(params, "cacheClusterSize"),
        optional_bool(params, "tracingEnabled"),
    )


_STAGE_MEMBERS = frozenset(
    ("variables", "cacheClusterEnabled", "cacheClusterSize", "tracingEnabled")
)
