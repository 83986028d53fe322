"""A stage's history as a test reads it: every change, oldest first, and a table of them."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, overload

from apigw_canary_mock import wire
from apigw_canary_mock.core.history import StageRecord
from apigw_canary_mock.core.stage import Stage
from apigw_canary_mock.inspection.base import Inspected
from apigw_canary_mock.inspection.checks import check_str
from apigw_canary_mock.inspection.stage_view import StageView
from apigw_canary_mock.operations.result import Result
from apigw_canary_mock.operations.shapes import stage_body
from apigw_canary_mock.text import pairs, table, utc_time

__all__ = ["HistoryTools", "StageChange", "StageHistory"]


@dataclass(frozen=True, slots=True)
class StageChange:
    """One change of a stage: when, by which operation, and the stage after it."""

    time: int
    """Epoch seconds, from the emulator's clock (freezegun / time-machine control it)."""
    operation: str
    """The operation that made the change, such as ``"UpdateStage"``."""
    params: Mapping[str, Any]
    """The parameters of the request that made the change."""
    stage: Mapping[str, Any] | None
    """What GetStage would have answered right after the change (None: the stage was
    deleted)."""

    @property
    def view(self) -> StageView:
        """The stage after the change, read: deployment, variables, canary."""
        return StageView.of_answer(self.stage)

    @property
    def deleted(self) -> bool:
        """Whether the change deleted the stage (DeleteStage, DeleteRestApi)."""
        return self.stage is None

    @property
    def deployment_id(self) -> str | None:
        """The stage's own ``deploymentId`` after the change (None once deleted)."""
        return self.view.deployment_id

    @property
    def canary(self) -> Mapping[str, Any] | None:
        """The stage's ``canarySettings`` after the change (None: no canary, or deleted)."""
        return None if self.stage is None else self.stage.get("canarySettings")

    @property
    def canary_deployment_id(self) -> str | None:
        """The canary's ``deploymentId`` after the change (None while there is no canary)."""
        return self.view.canary_deployment_id

    @property
    def percent_traffic(self) -> float | None:
        """The canary's ``percentTraffic`` after the change (None while there is no canary)."""
        return self.view.percent_traffic

    @property
    def overrides(self) -> Mapping[str, str]:
        """The canary's ``stageVariableOverrides`` after the change (empty without any)."""
        return self.view.overrides


StageToDict = Callable[[Stage], Mapping[str, Any]]

_COLUMNS = ("#", "time (UTC)", "operation", "deploymentId", "canary", "percent", "overrides")


class StageHistory(Sequence[StageChange]):
    """The changes of one stage, oldest first: a sequence of StageChange.

    ``history[i]`` is the change at index ``i`` (0 is the first); ``promotions()`` gives such
    indexes, and the ``#`` column of the table ``str(history)`` renders is the same index.
    """

    __slots__ = ("_changes", "rest_api_id", "stage_name")

    def __init__(self, rest_api_id: str, stage_name: str, changes: Sequence[StageChange]) -> None:
        self.rest_api_id = rest_api_id
        """The id of the stage's REST API."""
        self.stage_name = stage_name
        """The stage's name."""
        self._changes = tuple(changes)

    @classmethod
    def from_records(
        cls,
        rest_api_id: str,
        stage_name: str,
        records: Sequence[StageRecord],
        to_dict: StageToDict,
    ) -> StageHistory:
        """The history of the stored ``records`` (internal: ``stage_history`` builds it)."""
        return cls(
            rest_api_id,
            stage_name,
            [
                StageChange(
                    r.time, r.operation, r.params, None if r.stage is None else to_dict(r.stage)
                )
                for r in records
            ],
        )

    # -- sequence -----------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._changes)

    def __iter__(self) -> Iterator[StageChange]:
        return iter(self._changes)

    @overload
    def __getitem__(self, index: int) -> StageChange: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[StageChange]: ...

    def __getitem__(self, index: int | slice) -> StageChange | Sequence[StageChange]:
        return self._changes[index]

    # -- questions a rollout test asks --------------------------------------------------

    def operations(self) -> list[str]:
        """The operation of each change, in order."""
        return [change.operation for change in self._changes]

    def canary_percentages(self) -> list[float | None]:
        """percentTraffic after each change (None while there is no canary)."""
        return [change.percent_traffic for change in self._changes]

    def assert_canary_percentages(self, expected: Sequence[float | None]) -> None:
        """AssertionError (with the history table) unless the percentages are ``expected``."""
        actual = self.canary_percentages()
        if actual != list(expected):
            raise AssertionError(
                f"expected canary percentages {list(expected)}\n"
                f"got                         {actual}\n{self.render()}"
            )

    def deployment_ids(self) -> list[str | None]:
        """The stage's own deploymentId after each change (None once deleted)."""
        return [change.deployment_id for change in self._changes]

    def promotions(self) -> list[int]:
        """The indexes of the changes that moved the stage to the deployment its canary had.

        0-based, as ``history[i]`` and the table's ``#`` column: ``history[i].operation`` is
        the promoting operation.
        """
        found = []
        for index in range(1, len(self._changes)):
            before, after = self._changes[index - 1], self._changes[index]
            target = before.canary_deployment_id
            if (
                target is not None
                and after.deployment_id == target
                and before.deployment_id != target
            ):
                found.append(index)
        return found

    # -- rendering ----------------------------------------------------------------------

    def render(self) -> str:
        """A table with one row per change; its ``#`` column is the change's index."""
        rows = [_COLUMNS, *(_row(index, change) for index, change in enumerate(self))]
        lines = [f"stage history of {self.rest_api_id}/{self.stage_name}:", *table(rows, "")]
        if not self._changes:
            lines.append("(no changes)")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.render()

    def __repr__(self) -> str:
        return f"<StageHistory {self.rest_api_id}/{self.stage_name}: {len(self)} change(s)>"


def _row(number: int, change: StageChange) -> tuple[str, ...]:
    when = utc_time(change.time)
    view = change.view
    if view.deleted:
        return (str(number), when, change.operation, "(deleted)", "-", "-", "-")
    percent = view.percent_traffic
    return (
        str(number),
        when,
        change.operation,
        str(view.deployment_id),
        view.canary_deployment_id or "-",
        "-" if percent is None else f"{percent:g}",
        pairs(view.overrides),
    )


class HistoryTools(Inspected):
    """The stage history (mixed into ApiGatewayMock)."""

    def stage_history(
        self, rest_api_id: str, stage_name: str, region: str | None = None
    ) -> StageHistory:
        """Every change of the stage, oldest first: time, operation, params, stage after.

        Each entry's ``stage`` is what GetStage answered right after the change (None after
        a delete). ``str(history)`` is a table, one row per change. A stage that has no
        change recorded and does not exist raises what ``client.get_stage`` would (so a
        misspelt name fails the test instead of giving an empty history).
        """
        check_str(rest_api_id, "rest_api_id")
        check_str(stage_name, "stage_name")
        region = self._region(region)
        store = self.state
        with store.lock:
            records = store.history.records(self.account_id, region, rest_api_id, stage_name)
        if not records:
            self._stage(rest_api_id, stage_name, region)  # raises NotFoundException if absent
        return StageHistory.from_records(rest_api_id, stage_name, records, get_stage_answer)


def get_stage_answer(stage: Stage) -> dict[str, Any]:
    """What ``client.get_stage`` answers for ``stage``, without ResponseMetadata."""
    parsed = wire.render_success(wire.operation_model("GetStage"), Result(stage_body(stage)))[1]
    del parsed["ResponseMetadata"]
    return parsed
