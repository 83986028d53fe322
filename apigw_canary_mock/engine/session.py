"""One activation of a mock: the state it answers from, the calls it answered, the faults it
still has to inject. The state outlives the session when it is a file (persistence)."""

from __future__ import annotations

from apigw_canary_mock.core.store import StateStore
from apigw_canary_mock.engine.faults import Fault
from apigw_canary_mock.engine.records import CallRecord


class Session:
    """What the engine reads and writes for one activation (all under ``store.lock``)."""

    __slots__ = ("calls", "faults", "store")

    def __init__(self, store: StateStore) -> None:
        self.store = store
        self.calls: list[CallRecord] = []
        self.faults: list[Fault] = []

    def close(self) -> None:
        self.store.close()
