"""Stage history: every change to a stage, the operation that made it, and the stage after it.

Every stage write (RestApi.put_stage, RestApi.delete_stage, Backend.delete_rest_api) goes
into the Backend's journal (core.journal). When the operation succeeds, the engine commits the
journal's stage writes to the ``HistoryLog`` with the operation's name and parameters; a
failing operation's writes are dropped, so failing requests leave no entry (all-or-nothing,
like the state itself).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

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


__all__ = ["HistoryKey", "HistoryLog", "StageRecord", "StageWrite"]
