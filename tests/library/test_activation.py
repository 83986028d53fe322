"""Which mock answers a call from which thread or task (apigw_canary_mock.activation).

Two activations at once never fail open: each answers its own calls from its own state, the
exit of one never stops the other, and while any mock is active no apigateway call reaches the
network. A mock started in one thread still answers the worker threads it starts.
"""

from __future__ import annotations

import asyncio
import os
import select
import signal
import threading
import warnings
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import boto3
import botocore.endpoint
import pytest

from apigw_canary_mock import (
    ApiGatewayMock,
    MockUsageError,
    activation,
    active_mock,
    mock_apigateway,
)

REGION = "us-east-1"


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every request botocore would send is recorded and refused."""
    sent: list[str] = []

    def send(self: Any, request: Any) -> Any:
        sent.append(request.url)
        raise AssertionError(f"an apigateway request reached the network: {request.url}")

    monkeypatch.setattr(botocore.endpoint.Endpoint, "_send", send)
    yield sent
    assert sent == []
    assert activation.active() == ()


def client() -> Any:
    return boto3.client("apigateway", region_name=REGION)


def names(api_client: Any) -> list[str]:
    return sorted(item["name"] for item in api_client.get_rest_apis()["items"])


def test_two_threads_each_answered_from_their_own_mock_and_one_exit_stops_nothing() -> None:
    both_created = threading.Barrier(2)
    first_exited = threading.Event()
    seen: dict[str, list[str]] = {}
    errors: list[BaseException] = []

    def worker(name: str, exits_first: bool) -> None:
        try:
            with mock_apigateway():
                api_client = client()
                api_client.create_rest_api(name=name)
                both_created.wait(timeout=10)
                if exits_first:
                    seen[f"{name}-before"] = names(api_client)
                    return
                first_exited.wait(timeout=10)
                # The other thread's block has ended: ours is still active, with our state.
                seen[f"{name}-after"] = names(api_client)
                api_client.create_rest_api(name=f"{name}-2")
                seen[f"{name}-end"] = names(api_client)
        except BaseException as error:  # reported below, in the main thread
            errors.append(error)
        finally:
            if exits_first:
                first_exited.set()

    threads = [
        threading.Thread(target=worker, args=("a", True)),
        threading.Thread(target=worker, args=("b", False)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert seen == {"a-before": ["a"], "b-after": ["b"], "b-end": ["b", "b-2"]}


def test_two_decorated_coroutines_under_gather_use_their_own_state() -> None:
    @mock_apigateway
    async def rollout(name: str, pause: float) -> list[str]:
        api_client = client()
        api_client.create_rest_api(name=name)
        await asyncio.sleep(pause)  # the other coroutine runs meanwhile (and may finish)
        api_client.create_rest_api(name=f"{name}-2")
        await asyncio.sleep(0)
        return names(api_client)

    async def both() -> list[list[str]]:
        return list(await asyncio.gather(rollout("a", 0.0), rollout("b", 0.05)))

    assert asyncio.run(both()) == [["a", "a-2"], ["b", "b-2"]]


def test_a_thread_without_a_mock_is_refused_while_two_are_active_elsewhere() -> None:
    started = threading.Barrier(3)
    done = threading.Event()

    def hold() -> None:
        with mock_apigateway():
            started.wait(timeout=10)
            done.wait(timeout=10)

    holders = [threading.Thread(target=hold) for _ in range(2)]
    for thread in holders:
        thread.start()
    try:
        started.wait(timeout=10)
        with pytest.raises(MockUsageError, match="ambiguous") as caught:
            client().get_rest_apis()
        assert "started no mock" in str(caught.value)
        assert "was not sent to AWS" in str(caught.value)
        with pytest.raises(MockUsageError, match="ambiguous"):
            active_mock()
    finally:
        done.set()
        for thread in holders:
            thread.join(timeout=10)


def test_a_mock_answers_the_worker_threads_it_starts() -> None:
    with mock_apigateway() as apigw:
        api_client = client()
        with ThreadPoolExecutor(4) as pool:
            list(pool.map(lambda i: api_client.create_rest_api(name=f"api{i}"), range(8)))
        assert len(apigw.calls.filter("CreateRestApi")) == 8
        assert names(api_client) == [f"api{i}" for i in range(8)]


def test_the_innermost_mock_of_the_only_busy_thread_answers_worker_threads() -> None:
    with mock_apigateway(), mock_apigateway() as inner:
        with ThreadPoolExecutor(1) as pool:
            pool.submit(lambda: client().create_rest_api(name="x")).result()
        assert active_mock() is inner
        assert len(inner.calls) == 1


def test_nested_mocks_restore_the_outer_one_per_thread() -> None:
    with mock_apigateway() as outer:
        client().create_rest_api(name="outer")
        with mock_apigateway() as inner:
            assert active_mock() is inner
            assert names(client()) == []
        assert active_mock() is outer
        assert names(client()) == ["outer"]


def test_a_task_created_inside_a_block_uses_that_blocks_mock() -> None:
    async def main() -> tuple[ApiGatewayMock, ApiGatewayMock]:
        async with mock_apigateway() as mine:

            async def child() -> ApiGatewayMock:
                await asyncio.sleep(0)
                return active_mock()

            return mine, await asyncio.create_task(child())

    mine, seen = asyncio.run(main())
    assert seen is mine


def test_leaks_are_counted_per_thread_not_across_threads() -> None:
    # A mock active in another thread is not "started inside" ours.
    other_started = threading.Event()
    release = threading.Event()

    def other() -> None:
        with mock_apigateway():
            other_started.set()
            release.wait(timeout=10)

    thread = threading.Thread(target=other)
    thread.start()
    try:
        other_started.wait(timeout=10)
        with mock_apigateway():
            pass  # no "still active" error about the other thread's mock
        assert len(activation.active()) == 1
    finally:
        release.set()
        thread.join(timeout=10)


def test_a_forked_child_can_call_while_another_thread_was_mid_call() -> None:
    if not hasattr(os, "fork"):
        pytest.skip("no fork() here")
    with mock_apigateway() as apigw:
        api_client = client()
        api_client.create_rest_api(name="before-fork")
        holding = threading.Event()
        release = threading.Event()

        def hold_the_lock() -> None:
            with apigw.state.lock:  # another thread mid-call at the moment of fork()
                holding.set()
                release.wait(timeout=10)

        thread = threading.Thread(target=hold_the_lock)
        thread.start()
        holding.wait(timeout=10)
        read, write = os.pipe()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # "multi-threaded fork()"
            pid = os.fork()
        if pid == 0:  # the child: its first call must not deadlock
            os.close(read)
            try:
                status = b"ok" if names(api_client) == ["before-fork"] else b"bad"
            except BaseException:
                status = b"error"
            os.write(write, status)
            os._exit(0)
        os.close(write)
        release.set()
        thread.join(timeout=10)
        answer = b"deadlock"
        try:
            ready, _, _ = select.select([read], [], [], 10)
            answer = os.read(read, 10) if ready else b"deadlock"
        finally:
            os.close(read)
            if answer == b"deadlock":
                os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        assert answer == b"ok"


def test_where_names_the_thread_and_the_task_when_there_is_one() -> None:
    assert activation.where() == f"thread {threading.current_thread().name!r}"

    async def named() -> str:
        return activation.where()

    async def main() -> str:
        return await asyncio.create_task(named(), name="rollout")

    assert asyncio.run(main()).endswith(", task 'rollout'")
