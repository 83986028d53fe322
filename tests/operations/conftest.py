from __future__ import annotations

import pytest

from apigw_canary_mock.core.store import Backend, StateStore

from .helpers import ACCOUNT, REGION, make_api


@pytest.fixture
def store() -> StateStore:
    return StateStore(seed=7)


@pytest.fixture
def backend(store: StateStore) -> Backend:
    return store.backend(ACCOUNT, REGION)


@pytest.fixture
def api_id(backend: Backend) -> str:
    """A deployable API: GET / with a MOCK integration."""
    return make_api(backend)
