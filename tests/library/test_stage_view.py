"""The one extractor every describer reads a stage through (history, run, show, demo)."""

from __future__ import annotations

import pytest

from apigw_canary_mock.core.stage import CanarySettings, Stage
from apigw_canary_mock.inspection.history import get_stage_answer
from apigw_canary_mock.inspection.stage_view import StageView


def _stage(canary: CanarySettings | None) -> Stage:
    return Stage(
        name="prod",
        deployment_id="dep1",
        variables={"color": "blue"},
        canary=canary,
        created_date=1,
        last_updated_date=1,
    )


@pytest.mark.parametrize(
    "canary",
    [
        None,
        CanarySettings("dep2", 12.5, True, {"color": "green", "a=b": "c d"}),
        CanarySettings("dep2", 0.0),
    ],
)
def test_a_core_stage_and_its_get_stage_answer_read_alike(canary: CanarySettings | None) -> None:
    stage = _stage(canary)
    assert StageView.of_stage(stage) == StageView.of_answer(get_stage_answer(stage))


def test_the_summary_run_prints() -> None:
    view = StageView.of_stage(_stage(CanarySettings("dep2", 10.0, False, {"color": "green"})))
    assert view.summary() == "deployment dep1, canary dep2 at 10% overrides color=green"
    assert StageView.of_stage(_stage(None)).summary() == "deployment dep1, no canary"
    assert StageView.of_stage(None).summary() == "(deleted)"
    assert StageView.of_answer(None).deleted


def test_the_canary_json_show_prints() -> None:
    view = StageView.of_stage(_stage(CanarySettings("dep2", 10.0, True, {"k": "v"})))
    assert view.canary_json() == {
        "deploymentId": "dep2",
        "percentTraffic": 10.0,
        "stageVariableOverrides": {"k": "v"},
        "useStageCache": True,
    }
    assert StageView.of_stage(_stage(None)).canary_json() is None


def test_a_view_does_not_follow_later_changes_of_the_stage() -> None:
    stage = _stage(CanarySettings("dep2", 10.0, False, {"k": "v"}))
    view = StageView.of_stage(stage)
    stage.variables["color"] = "red"
    assert stage.canary is not None
    stage.canary.stage_variable_overrides["k"] = "w"
    assert view.variables == {"color": "blue"} and view.overrides == {"k": "v"}
