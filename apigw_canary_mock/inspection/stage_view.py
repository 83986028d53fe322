"""A stage and its canary as the tools read them: one extractor for every describer.

The history table, ``run``'s summary, ``show``'s JSON and the demo all read the same few
fields of a stage; they read them here, from a core Stage or from a GetStage answer alike.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from apigw_canary_mock.core.stage import Stage
from apigw_canary_mock.text import pairs

__all__ = ["CanaryView", "StageView"]


@dataclass(frozen=True, slots=True)
class CanaryView:
    """A stage's canarySettings."""

    deployment_id: str | None
    percent_traffic: float | None
    overrides: Mapping[str, str] = field(default_factory=dict)
    use_stage_cache: bool = False

    def summary(self) -> str:
        """``canary <id> at <percent>%`` and its overrides, as ``run`` prints them."""
        percent = "-" if self.percent_traffic is None else f"{self.percent_traffic:g}"
        text = f"canary {self.deployment_id} at {percent}%"
        if self.overrides:
            text += " overrides " + pairs(self.overrides)
        return text

    def as_json(self) -> dict[str, Any]:
        """The canarySettings members, as GetStage names them."""
        return {
            "deploymentId": self.deployment_id,
            "percentTraffic": self.percent_traffic,
            "stageVariableOverrides": dict(self.overrides),
            "useStageCache": self.use_stage_cache,
        }


@dataclass(frozen=True, slots=True)
class StageView:
    """A stage's deployment, variables and canary (``deleted`` once the stage is gone)."""

    deployment_id: str | None
    variables: Mapping[str, str] = field(default_factory=dict)
    canary: CanaryView | None = None
    deleted: bool = False

    @classmethod
    def of_stage(cls, stage: Stage | None) -> StageView:
        if stage is None:
            return _DELETED
        canary = stage.canary
        return cls(
            stage.deployment_id,
            dict(stage.variables),
            None
            if canary is None
            else CanaryView(
                canary.deployment_id,
                canary.percent_traffic,
                dict(canary.stage_variable_overrides),
                canary.use_stage_cache,
            ),
        )

    @classmethod
    def of_answer(cls, answer: Mapping[str, Any] | None) -> StageView:
        """From what GetStage answers (None: the stage was deleted)."""
        if answer is None:
            return _DELETED
        canary = answer.get("canarySettings")
        return cls(
            answer.get("deploymentId"),
            answer.get("variables") or {},
            None
            if canary is None
            else CanaryView(
                canary.get("deploymentId"),
                canary.get("percentTraffic"),
                canary.get("stageVariableOverrides") or {},
                bool(canary.get("useStageCache", False)),
            ),
        )

    @property
    def canary_deployment_id(self) -> str | None:
        return None if self.canary is None else self.canary.deployment_id

    @property
    def percent_traffic(self) -> float | None:
        return None if self.canary is None else self.canary.percent_traffic

    @property
    def overrides(self) -> Mapping[str, str]:
        return {} if self.canary is None else self.canary.overrides

    def summary(self) -> str:
        """One line: ``deployment <id>, canary <id> at <percent>% overrides k=v`` or ``, no
        canary``; ``(deleted)`` once the stage is gone."""
        if self.deleted:
            return "(deleted)"
        text = f"deployment {self.deployment_id}"
        if self.canary is None:
            return text + ", no canary"
        return f"{text}, {self.canary.summary()}"

    def canary_json(self) -> dict[str, Any] | None:
        return None if self.canary is None else self.canary.as_json()


_DELETED = StageView(None, deleted=True)
