"""StateStore, backends and ids."""

from __future__ import annotations

import os
import re
import threading
from typing import Any

import pytest

from apigw_canary_mock.core.errors import ApiError
from apigw_canary_mock.core.ids import IdGenerator
from apigw_canary_mock.core.store import StateStore


def test_backends_are_lazy_and_one_per_account_region() -> None:
    store = StateStore()
    assert list(store.backends()) == []
    first = store.backend("111111111111", "us-east-1")
    assert store.backend("111111111111", "us-east-1") is first
    other = store.backend("111111111111", "eu-west-1")
    assert other is not first
    assert [(a, r) for a, r, _ in store.backends()] == [
        ("111111111111", "us-east-1"),
        ("111111111111", "eu-west-1"),
    ]
    assert (first.account_id, first.region) == ("111111111111", "us-east-1")


def test_lock_is_reentrant() -> None:
    store = StateStore()
    assert isinstance(store.lock, type(threading.RLock()))
    with store.lock, store.lock:
        pass


def test_id_formats() -> None:
    backend = StateStore().backend("1", "r")
    api = backend.create_rest_api("x")
    assert re.fullmatch(r"[a-z0-9]{10}", api.id)
    assert re.fullmatch(r"[a-z0-9]{6}", api.root_resource_id)
    assert re.fullmatch(r"[a-z0-9]{6}", api.add_deployment(None).id)


def test_seed_makes_ids_reproducible() -> None:
    def ids(seed: int | None) -> list[str]:
        backend = StateStore(seed).backend("1", "r")
        api = backend.create_rest_api("x")
        return [api.id, api.root_resource_id, api.add_deployment(None).id]

    assert ids(42) == ids(42)
    assert ids(42) != ids(43)


def test_unseeded_generators_differ_and_a_forked_child_does_not_repeat_its_parent() -> None:
    assert IdGenerator().new_id(10) != IdGenerator().new_id(10)
    reading, writing = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: its next id, to the parent
        os.write(writing, IdGenerator().new_id(10).encode())
        os._exit(0)
    os.close(writing)
    os.waitpid(pid, 0)
    child = os.read(reading, 10).decode()
    os.close(reading)
    assert len(child) == 10
    assert child != IdGenerator().new_id(10)


def test_live_ids_are_never_reused(monkeypatch: pytest.MonkeyPatch) -> None:
    generator = IdGenerator(0)
    draws = iter([list("aaaaaa"), list("aaaaaa"), list("bbbbbb")])
    monkeypatch.setattr(generator._random, "choices", lambda *a, **k: next(draws))
    assert generator.new_id(6) == "aaaaaa"
    assert generator.new_id(6) == "bbbbbb"


def test_released_ids_may_come_back(monkeypatch: pytest.MonkeyPatch) -> None:
    generator = IdGenerator(0)
    draws = iter([list("aaaaaa"), list("aaaaaa")])
    monkeypatch.setattr(generator._random, "choices", lambda *a, **k: next(draws))
    generator.new_id(6)
    generator.release("aaaaaa")
    assert generator.new_id(6) == "aaaaaa"


def test_unknown_rest_api() -> None:
    backend = StateStore().backend("123456789012", "us-east-1")
    with pytest.raises(ApiError) as caught:
        backend.rest_api("abc")
    assert caught.value == ApiError(
        "NotFoundException", "Invalid API identifier specified 123456789012:abc", 404
    )


def test_delete_rest_api_releases_its_ids() -> None:
    store = StateStore(1)
    backend = store.backend("1", "r")
    api = backend.create_rest_api("x")
    held = {api.id, api.root_resource_id, api.add_deployment(None).id}
    backend.delete_rest_api(api.id)
    assert backend.rest_apis == {}
    assert not held & store.ids._live


def test_dates_follow_the_clock(time_machine: Any) -> None:
    time_machine.move_to(1_600_000_000)
    api = StateStore().backend("1", "r").create_rest_api("x")
    assert api.created_date == 1_600_000_000
