"""Threads: one active mock driven from many threads (issue 3, item 1).

8 threads x 500 UpdateStage calls on ONE stage. Every call is a multi-op patch that sets one of
the thread's stage variables AND the matching canary override to the same value, and the
thread's sequence variable and override to the call's number. Reads (GetStage, GetStages) are
interleaved from the same threads. AWS allows at most 100 stage variables (spec 7), so each
thread rotates through ``KEYS_PER_THREAD`` keys: 8 x (8 + 1) = 72 variables and 72 overrides.

What this proves, without any timing assumption:

* no torn read: every stage any thread reads has, for every variable, an override with the
  same value and no override without its variable (each patch writes both in one request);
* no lost update: only thread t writes t's keys, so every read thread t makes must show every
  one of t's keys at the value of t's latest write to it and t's sequence at its latest call
  (a lost or rolled-back write would show an older value); each write's own answer shows it;
  at the end every key holds its last write and every sequence is 499;
* no error of any kind: nothing in this workload is an error under the spec.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import boto3
import pytest

from apigw_canary_mock import ApiGatewayMock, mock_apigateway

THREADS = 8
CALLS_PER_THREAD = 500
KEYS_PER_THREAD = 8
READ_EVERY = 3  # a GetStage after every 3rd write, a GetStages after every 5th
STAGES_EVERY = 5
REGION = "us-east-1"
STAGE = "prod"


def key(thread: int, slot: int) -> str:
    return f"t{thread}_k{slot}"


def seq_key(thread: int) -> str:
    return f"t{thread}_seq"


def patch(thread: int, call: int) -> list[dict[str, str]]:
    name, value = key(thread, call % KEYS_PER_THREAD), f"v{call}"
    seq, number = seq_key(thread), str(call)
    return [
        {"op": "replace", "path": f"/variables/{name}", "value": value},
        {"op": "replace", "path": f"/canarySettings/stageVariableOverrides/{name}", "value": value},
        {"op": "replace", "path": f"/variables/{seq}", "value": number},
        {"op": "replace", "path": f"/canarySettings/stageVariableOverrides/{seq}", "value": number},
    ]


def expected_own(thread: int, last_call: int) -> dict[str, str]:
    """Thread ``thread``'s keys after its calls 0..last_call."""
    own = {seq_key(thread): str(last_call)}
    for call in range(max(0, last_call - KEYS_PER_THREAD + 1), last_call + 1):
        own[key(thread, call % KEYS_PER_THREAD)] = f"v{call}"
    return own


@dataclass
class Counts:
    lock: threading.Lock = field(default_factory=threading.Lock)
    writes: int = 0
    stage_reads: int = 0
    stages_reads: int = 0
    stages_checked: int = 0

    def add(self, writes: int, stage_reads: int, stages_reads: int, stages_checked: int) -> None:
        with self.lock:
            self.writes += writes
            self.stage_reads += stage_reads
            self.stages_reads += stages_reads
            self.stages_checked += stages_checked


def check_consistent(stage: dict[str, Any]) -> None:
    """Never half a patch: variables and overrides are the same map."""
    variables = stage.get("variables", {})
    overrides = stage["canarySettings"].get("stageVariableOverrides", {})
    assert variables == overrides, (variables, overrides)


def check_own(stage: dict[str, Any], thread: int, last_call: int) -> None:
    """No lost update of this thread's: its keys show exactly its latest writes."""
    variables = stage.get("variables", {})
    own = {k: v for k, v in variables.items() if k.startswith(f"t{thread}_")}
    assert own == expected_own(thread, last_call), (thread, last_call, own)


def drive(
    client_for: Callable[[int], Any], api_id: str, counts: Counts, errors: list[BaseException]
) -> None:
    barrier = threading.Barrier(THREADS)

    def worker(thread: int) -> None:
        try:
            client = client_for(thread)
            barrier.wait()
            writes = stage_reads = stages_reads = checked = 0
            for call in range(CALLS_PER_THREAD):
                answer = client.update_stage(
                    restApiId=api_id, stageName=STAGE, patchOperations=patch(thread, call)
                )
                writes += 1
                check_consistent(answer)
                check_own(answer, thread, call)
                if call % READ_EVERY == 0:
                    stage = client.get_stage(restApiId=api_id, stageName=STAGE)
                    stage_reads += 1
                    check_consistent(stage)
                    check_own(stage, thread, call)
                    checked += 1
                if call % STAGES_EVERY == 0:
                    items = client.get_stages(restApiId=api_id)["item"]
                    stages_reads += 1
                    assert [item["stageName"] for item in items] == [STAGE]
                    for item in items:
                        check_consistent(item)
                        check_own(item, thread, call)
                        checked += 1
            counts.add(writes, stage_reads, stages_reads, checked + writes)
        except BaseException as error:  # reported by the main thread
            errors.append(error)
            barrier.abort()

    threads = [threading.Thread(target=worker, args=(t,), name=f"w{t}") for t in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


@pytest.fixture
def fast_switching() -> Iterator[None]:
    """Switch threads far more often than the default 5 ms: more interleavings per run."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)
    try:
        yield
    finally:
        sys.setswitchinterval(before)


@pytest.fixture
def apigw() -> Iterator[ApiGatewayMock]:
    with mock_apigateway() as mock:
        yield mock


def canary_stage(apigw: ApiGatewayMock) -> str:
    api_id = apigw.create_deployable_api("threads")
    client = boto3.client("apigateway", region_name=REGION)
    client.create_deployment(restApiId=api_id, stageName=STAGE)
    client.create_deployment(
        restApiId=api_id, stageName=STAGE, canarySettings={"percentTraffic": 10.0}
    )
    return api_id


@pytest.mark.slow
@pytest.mark.usefixtures("fast_switching")
@pytest.mark.parametrize("clients", ["one-client-per-thread", "one-shared-client"])
def test_concurrent_update_stage_loses_nothing_and_never_tears(
    apigw: ApiGatewayMock, clients: str
) -> None:
    api_id = canary_stage(apigw)
    shared = boto3.client("apigateway", region_name=REGION)

    def client_for(thread: int) -> Any:
        if clients == "one-shared-client":
            return shared
        # boto3's default session is not thread-safe; a session per thread is.
        return boto3.session.Session().client("apigateway", region_name=REGION)

    counts = Counts()
    errors: list[BaseException] = []
    drive(client_for, api_id, counts, errors)
    assert errors == []

    final = shared.get_stage(restApiId=api_id, stageName=STAGE)
    check_consistent(final)
    expected: dict[str, str] = {}
    for thread in range(THREADS):
        expected.update(expected_own(thread, CALLS_PER_THREAD - 1))
    assert final["variables"] == expected
    assert len(expected) == THREADS * (KEYS_PER_THREAD + 1) <= 100
    assert final["canarySettings"]["percentTraffic"] == 10.0

    assert counts.writes == THREADS * CALLS_PER_THREAD
    assert counts.stage_reads == THREADS * len(range(0, CALLS_PER_THREAD, READ_EVERY))
    assert counts.stages_reads == THREADS * len(range(0, CALLS_PER_THREAD, STAGES_EVERY))
    print(
        f"\n[threads/{clients}] {THREADS} threads: {counts.writes} UpdateStage calls "
        f"({4 * counts.writes} patch ops), {counts.stage_reads} GetStage + "
        f"{counts.stages_reads} GetStages calls; {counts.stages_checked} stage answers "
        f"checked for torn reads and lost updates; {len(expected)} variables at the end"
    )


@pytest.mark.slow
def test_mock_started_in_main_thread_answers_a_thread_pool(apigw: ApiGatewayMock) -> None:
    def create(name: str) -> str:
        client = boto3.session.Session().client("apigateway", region_name=REGION)
        return str(client.create_rest_api(name=name)["id"])

    with ThreadPoolExecutor(max_workers=4) as pool:
        ids = list(pool.map(create, [f"api-{n}" for n in range(8)]))
    assert sorted(ids) == sorted(api.id for api in apigw.backend().rest_apis.values())
    assert len(set(ids)) == 8


@pytest.mark.slow
def test_pool_started_before_the_mock_is_answered_too() -> None:
    """Worker threads that exist before start() see the mock (the stack is not thread-local)."""
    client = boto3.session.Session().client("apigateway", region_name=REGION)
    with ThreadPoolExecutor(max_workers=2) as pool:
        pool.submit(lambda: None).result()  # the worker thread now exists
        with mock_apigateway() as apigw:
            api_id = pool.submit(lambda: client.create_rest_api(name="early")["id"]).result()
            assert list(apigw.backend().rest_apis) == [api_id]
            assert pool.submit(lambda: client.get_rest_apis()["items"]).result()[0]["id"] == api_id
