"""The emulator's state: one Backend per (account, region), ids, and the lock."""

from __future__ import annotations

import os
import threading
import weakref
from collections.abc import Iterator
from contextlib import AbstractContextManager
from typing import Any

from .clock import now
from .domains import MAPPING_IN_USE, MAPPING_IN_USE_RULE, DomainNames
from .errors import bad_request, not_found
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
    """The REST APIs of one account in one region, its custom domain names, and the journal of
    what changed."""

    __slots__ = ("_ids", "account_id", "domains", "journal", "region", "rest_apis")

    def __init__(self, account_id: str, region: str, ids: IdGenerator) -> None:
        self.account_id = account_id
        self.region = region
        self._ids = ids
        self.journal = Journal()
        self.rest_apis: dict[str, RestApi] = {}
        # Custom domain names (core.domains); changes: journal.backend_changed().
        self.domains = DomainNames()

    @property
    def ids(self) -> IdGenerator:
        """The id generator the whole store shares (ids are unique across Backends)."""
        return self._ids

    def rest_api(self, rest_api_id: str) -> RestApi:
        api = self.rest_apis.get(rest_api_id)
        if api is None:
            raise not_found(
                f"Invalid API identifier specified {self.account_id}:{rest_api_id}",
                rule=UNKNOWN_REST_API,
            )
        return api

    def viewing(self, api: RestApi) -> Backend:
        """A Backend that answers ``rest_api(api.id)`` with ``api`` (a view such as
        ``RestApi.as_deployed``), for reading only: the same account, region, ids, journal and
        domain names; no other API. Nothing stored changes."""
        view = Backend(self.account_id, self.region, self._ids)
        view.journal = self.journal
        view.domains = self.domains
        view.rest_apis[api.id] = api
        return view

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

    def scratch(self) -> Backend:
        """An empty Backend of the same account and region, sharing this one's ids, with a
        journal of its own: where an operation builds what it adds to this Backend only once
        all of it succeeded (ImportRestApi, PutRestApi: all or nothing)."""
        return Backend(self.account_id, self.region, self._ids)

    def adopt(self, scratch: Backend, rest_api_id: str) -> RestApi:
        """Put the API ``scratch`` built here, in place of any API with its id (journaled)."""
        api = scratch.rest_apis[rest_api_id]
        api.journal = self.journal
        self.rest_apis[rest_api_id] = api
        api.changed()
        self.journal.evidence.extend(scratch.journal.evidence)
        return api

    def delete_rest_api(self, rest_api_id: str) -> None:
        api = self.rest_api(rest_api_id)
        if self.domains.maps_api(rest_api_id):
            raise bad_request(MAPPING_IN_USE, MAPPING_IN_USE_RULE)
        del self.rest_apis[rest_api_id]
        for stage_name in api.stages:
            self.journal.stage_written(rest_api_id, stage_name, None)
        api.changed()
        api.release_ids()


class StateStore:
    """All emulated state. Callers hold ``lock`` for a whole operation."""

    #: Whether fork() waits for a call in progress in another thread (up to
    #: FORK_WAIT_SECONDS). In memory it does not: the child's lock is simply reset. A store
    #: holding a connection to a file does: its child must close that connection idle.
    wait_for_calls_at_fork = False

    def __init__(self, seed: int | None = None) -> None:
        self.lock = threading.RLock()
        _stores.add(self)
        self.ids = IdGenerator(seed)
        # Committed stage changes (the engine commits a successful operation's journal).
        self.history = HistoryLog()
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

    def after_fork_in_child(self, quiescent: bool) -> None:
        """In the child of a fork(): a lock of its own (the parent's may be held by a thread
        the child does not have). ``quiescent``: fork() waited for the calls other threads
        were making (``wait_for_calls_at_fork``), so no other thread was inside one."""
        self.lock = threading.RLock()

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


# -- fork() -------------------------------------------------------------------------------

#: How long fork() waits for a call that another thread is making on a store that waits.
FORK_WAIT_SECONDS = 10.0

_stores: weakref.WeakSet[StateStore] = weakref.WeakSet()
_held_at_fork: list[StateStore] = []


def _before_fork() -> None:
    # Fork between the calls of the stores that need it, not in the middle of one.
    for store in list(_stores):
        if store.wait_for_calls_at_fork and store.lock.acquire(timeout=FORK_WAIT_SECONDS):
            _held_at_fork.append(store)


def _after_fork_in_parent() -> None:
    while _held_at_fork:
        _held_at_fork.pop().lock.release()


def _after_fork_in_child() -> None:
    held = {id(store) for store in _held_at_fork}
    _held_at_fork.clear()
    for store in list(_stores):
        store.after_fork_in_child(id(store) in held)


if hasattr(os, "register_at_fork"):  # not on Windows, which has no fork()
    os.register_at_fork(
        before=_before_fork,
        after_in_parent=_after_fork_in_parent,
        after_in_child=_after_fork_in_child,
    )
