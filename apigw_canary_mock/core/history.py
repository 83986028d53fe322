"""Stage history: every change to a stage, the operation that made it, and the stage after it.

Every stage write (RestApi.put_stage, RestApi.delete_stage, Backend.delete_rest_api) goes
into the Backend's journal (core.journal). When the operation succeeds, the engine commits the
journal's stage writes to the ``HistoryLog`` with the operation's name and parameters; a
failing operation's writes are dropped, so failing requests leave no entry (all-or-nothing,
like the state itself).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, overload

from .journal import StageWrite
from .stage import Stage


@dataclass(slots=True)  # not frozen: a frozen __init__ costs ~1 µs per call
class StageRecord:
    """One committed change, as stored (the stage as a model object)."""

    time: int
    operation: str
    params: Mapping[str, Any]
    stage: Stage | None


HistoryKey = tuple[str, str, str, str]  # account, region, restApiId, stage name


class HistoryLog:
    """The committed changes of every stage of one StateStore. Callers hold the store lock."""

    __slots__ = ("_records",)

    def __init__(self) -> None:
        self._records: dict[HistoryKey, list[StageRecord]] = {}

    def commit(
        self,
        account_id: str,
        region: str,
        operation: str,
        params: Mapping[str, Any],
        writes: Sequence[StageWrite],
        time: int,
    ) -> None:
        for rest_api_id, stage_name, stage in writes:
            record = StageRecord(time, operation, params, stage)
            key = (account_id, region, rest_api_id, stage_name)
            records = self._records.get(key)
            if records is None:
                self._records[key] = [record]
            else:
                records.append(record)

    def records(
        self, account_id: str, region: str, rest_api_id: str, stage_name: str
    ) -> list[StageRecord]:
        """The changes of one stage, oldest first (a copy)."""
        return list(self._records.get((account_id, region, rest_api_id, stage_name), ()))

    def keys(self) -> list[HistoryKey]:
        return list(self._records)


# -- what users read --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StageChange:
    """One change of a stage: when, by which operation, and the stage after it."""

    time: int
    operation: str
    params: Mapping[str, Any]
    #: What GetStage would have answered right after the change (None: the stage was deleted).
    stage: Mapping[str, Any] | None

    @property
    def deleted(self) -> bool:
        return self.stage is None

    @property
    def deployment_id(self) -> str | None:
        return None if self.stage is None else self.stage.get("deploymentId")

    @property
    def canary(self) -> Mapping[str, Any] | None:
        return None if self.stage is None else self.stage.get("canarySettings")

    @property
    def canary_deployment_id(self) -> str | None:
        canary = self.canary
        return None if canary is None else canary.get("deploymentId")

    @property
    def percent_traffic(self) -> float | None:
        canary = self.canary
        return None if canary is None else canary.get("percentTraffic")

    @property
    def overrides(self) -> Mapping[str, str]:
        canary = self.canary
        return {} if canary is None else canary.get("stageVariableOverrides", {})


StageToDict = Callable[[Stage], Mapping[str, Any]]

_COLUMNS = ("#", "time (UTC)", "operation", "deploymentId", "canary", "percent", "overrides")


class StageHistory(Sequence[StageChange]):
    """The changes of one stage, oldest first. ``str()`` renders them as a table."""

    __slots__ = ("_changes", "rest_api_id", "stage_name")

    def __init__(self, rest_api_id: str, stage_name: str, changes: Sequence[StageChange]) -> None:
        self.rest_api_id = rest_api_id
        self.stage_name = stage_name
        self._changes = tuple(changes)

    @classmethod
    def from_records(
        cls,
        rest_api_id: str,
        stage_name: str,
        records: Sequence[StageRecord],
        to_dict: StageToDict,
    ) -> StageHistory:
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
        """Indexes of the changes that moved the stage to the deployment its canary had."""
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
        """A table with one row per change."""
        rows: list[tuple[str, ...]] = [_COLUMNS]
        for number, change in enumerate(self._changes, 1):
            rows.append(_row(number, change))
        widths = [max(len(row[i]) for row in rows) for i in range(len(_COLUMNS))]
        lines = [f"stage history of {self.rest_api_id}/{self.stage_name}:"]
        for position, row in enumerate(rows):
            lines.append(
                "  ".join(
                    cell.ljust(width) for cell, width in zip(row, widths, strict=True)
                ).rstrip()
            )
            if position == 0:
                lines.append("  ".join("-" * width for width in widths))
        if len(rows) == 1:
            lines.append("(no changes)")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.render()

    def __repr__(self) -> str:
        return f"<StageHistory {self.rest_api_id}/{self.stage_name}: {len(self)} change(s)>"


def _row(number: int, change: StageChange) -> tuple[str, ...]:
    when = datetime.fromtimestamp(change.time, timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
    if change.stage is None:
        return (str(number), when, change.operation, "(deleted)", "-", "-", "-")
    percent = change.percent_traffic
    overrides = change.overrides
    return (
        str(number),
        when,
        change.operation,
        str(change.deployment_id),
        change.canary_deployment_id or "-",
        "-" if percent is None else f"{percent:g}",
        ", ".join(f"{k}={v}" for k, v in overrides.items()) or "-",
    )


__all__ = [
    "HistoryLog",
    "StageChange",
    "StageHistory",
    "StageRecord",
    "StageWrite",
]
