"""The emulator's state: one Backend per (account, region), ids, and the lock."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager
from typing import Any

from .clock import now
from .errors import not_found
from .evidence import rule
from .history import HistoryLog
from .ids import RESOURCE_ID_LENGTH, REST_API_ID_LENGTH, IdGenerator
from .journal import Journal
from .models import default_models
from .restapi import Resource, RestApi

UNKNOWN_REST_API = rule(
    "rest-api-not-found",
    "R",
    "an unknown restApiId: NotFoundException `Invalid API identifier specified "
    "<account>:<restApiId>` (deployment-surface 2.2; some operations answer otherwise, 5.3)",
)


class Backend:
    """The REST APIs of one account in one region, and the journal of what changed."""

    __slots__ = ("_ids", "account_id", "journal", "region", "rest_apis")

    def __init__(self, account_id: str, region: str, ids: IdGenerator) -> None:
        self.account_id = account_id
        self.region = region
        self._ids = ids
        self.journal = Journal()
        self.rest_apis: dict[str, RestApi] = {}

    def rest_api(self, rest_api_id: str) -> RestApi:
        api = self.rest_apis.get(rest_api_id)
        if api is None:
            raise not_found(
                f"Invalid API identifier specified {self.account_id}:{rest_api_id}",
                rule=UNKNOWN_REST_API,
            )
        return api

    def create_rest_api(
        self, name: str, *, with_default_models: bool = True, **settings: Any
    ) -> RestApi:
        """A new API with its root resource "/" and, unless told otherwise (an imported API
        has only the models its document defines), the models Empty and Error (R).
        ``settings`` are RestApi field overrides."""
        root = Resource(id=self._ids.new_id(RESOURCE_ID_LENGTH), path="/")
        if with_default_models:
            settings.setdefault("models", default_models(self._ids))
        api = RestApi(
            id=self._ids.new_id(REST_API_ID_LENGTH),
            name=name,
            created_date=now(),
            root_resource_id=root.id,
            ids=self._ids,
            journal=self.journal,
            resources={root.id: root},
            **settings,
        )
        self.rest_apis[api.id] = api
        api.changed()
        return api

    def delete_rest_api(self, rest_api_id: str) -> None:
        api = self.rest_api(rest_api_id)
        del self.rest_apis[rest_api_id]
        for stage_name in api.stages:
            self.journal.stage_written(rest_api_id, stage_name, None)
        api.changed()
        api.release_ids()


class StateStore:
    """All emulated state. Callers hold ``lock`` for a whole operation."""

    def __init__(self, seed: int | None = None) -> None:
        self.lock = threading.RLock()
        self.ids = IdGenerator(seed)
        # Per activation, written by wire.dispatch under the lock: committed stage changes,
        # the answered calls (apigw_canary_mock.calls.Call) and the faults still to inject
        # (apigw_canary_mock.faults.Fault). Plain lists: core knows nothing of their items.
        self.history = HistoryLog()
        self.calls: list[Any] = []
        self.faults: list[Any] = []
        self._backends: dict[tuple[str, str], Backend] = {}

    def transaction(self, writes: bool = True) -> AbstractContextManager[Any]:
        """What a caller holds for the whole of one operation (``writes``: it may change state).

        In memory, just the lock. A file-backed store (apigw_canary_mock.persistence) makes
        it one database transaction: the latest state is loaded on entry, and on exit what
        the Backends' journals name is written (a reading transaction writes nothing).
        """
        return self.lock

    def close(self) -> None:
        """Release what the store holds outside the process (nothing, in memory)."""

    def backend(self, account_id: str, region: str) -> Backend:
        key = (account_id, region)
        backend = self._backends.get(key)
        if backend is None:
            with self.lock:
                backend = self._backends.setdefault(key, Backend(account_id, region, self.ids))
        return backend

    def backends(self) -> Iterator[tuple[str, str, Backend]]:
        for (account_id, region), backend in list(self._backends.items()):
            yield account_id, region, backend
