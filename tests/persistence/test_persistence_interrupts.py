"""A state file under interrupts and fork(): a KeyboardInterrupt (or any exception a signal
handler raises) landing anywhere in a call leaves no transaction open and loses no acknowledged
write; a child forked while another thread is in the middle of a call can make calls."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from collections import Counter
from pathlib import Path
from typing import Any

import boto3
import pytest

from apigw_canary_mock import mock_apigateway

pytestmark = pytest.mark.skipif(
    not hasattr(os, "fork") or not hasattr(signal, "setitimer"),
    reason="needs fork() and setitimer() (POSIX)",
)

ENV = {**os.environ, "AWS_EC2_METADATA_DISABLED": "true"}


def run_python(code: str, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=ENV,
    )


def make_stage(path: Path) -> str:
    with mock_apigateway(state=path, seed=11) as mock:
        api_id = mock.create_deployable_api("orders")
        client = boto3.client("apigateway", region_name="us-east-1")
        client.create_deployment(restApiId=api_id, stageName="prod")
    return api_id


# -- KeyboardInterrupt at random points ----------------------------------------------------

INTERRUPTED_WRITER = """
import json, os, random, signal, statistics, sys, time, traceback
import boto3
from apigw_canary_mock import mock_apigateway

path, api_id, calls, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
rng = random.Random(seed)


def alarm(signum, frame):
    raise KeyboardInterrupt("SIGALRM")


def settle():
    # A Python call: an alarm that went off just before the timer was disarmed raises here
    # at the latest (its handler runs on the first bytecode), not in the next call.
    pass


signal.signal(signal.SIGALRM, alarm)
where = {}
errors = []
with mock_apigateway(state=path) as mock:
    client = boto3.client("apigateway", region_name="us-east-1")

    def update(n):
        client.update_stage(restApiId=api_id, stageName="prod", patchOperations=[
            {"op": "replace", "path": "/variables/n", "value": str(n)}])

    durations = []
    for n in range(1, 21):  # how long a call takes, to aim the alarms at all of it
        started = time.perf_counter()
        update(n)
        durations.append(time.perf_counter() - started)
    call = statistics.median(durations)
    acked, interrupted, survived = list(range(1, 21)), 0, 0
    for n in range(21, 21 + 2 * calls, 2):
        try:
            try:
                # The alarm may land anywhere in the call (a call right after an interrupted
                # one loads the whole state again, so it takes longer).
                signal.setitimer(signal.ITIMER_REAL, rng.uniform(0.0, 2.5 * call))
                update(n)
                acked.append(n)  # the answer came back: the client was told it succeeded
                survived += 1
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
                settle()
        except KeyboardInterrupt as error:
            interrupted += 1
            if acked[-1] == n:  # it went off after the answer came back (in settle())
                survived -= 1
            frames = traceback.extract_tb(error.__traceback__)
            frame = frames[-2] if len(frames) > 1 else frames[-1]
            name = os.path.basename(frame.filename)
            if frame.filename.split(os.sep)[-2:-1] == ["persistence"]:  # which function
                name = f"persistence/{name}:{frame.name}"
            where[name] = where.get(name, 0) + 1
        except Exception as error:
            errors.append(repr(error))
        try:
            update(n + 1)  # no alarm: the next call works at once
            acked.append(n + 1)
        except Exception as error:
            errors.append(repr(error))
    store = mock.state
    connection = store._connection
    print(json.dumps({
        "acked": acked,
        "interrupted": interrupted,
        "survived": survived,
        "errors": errors,
        "where": where,
        "call_us": round(call * 1e6),
        "in_transaction": connection is not None and connection.in_transaction,
        "levels": len(store._levels),
        "healed": store.healed,
    }), flush=True)
    sys.stdin.readline()  # the store stays open while another process writes
"""

OTHER_WRITER = """
import sys, time, boto3
from apigw_canary_mock import mock_apigateway
from apigw_canary_mock.persistence import file
file.BUSY_TIMEOUT_SECONDS = 5.0
with mock_apigateway(state=sys.argv[1]):
    client = boto3.client("apigateway", region_name="us-east-1")
    started = time.perf_counter()
    client.update_stage(
        restApiId=sys.argv[2], stageName="prod",
        patchOperations=[{"op": "replace", "path": "/variables/other", "value": "1"}])
print(round(time.perf_counter() - started, 3))
"""

READ_BACK = """
import json, sys
from apigw_canary_mock import mock_apigateway
with mock_apigateway(state=sys.argv[1]) as mock:
    history = mock.stage_history(sys.argv[2], "prod")
    committed = [int(change.params["patchOperations"][0]["value"]) for change in history
                 if change.operation == "UpdateStage"
                 and change.params["patchOperations"][0]["path"] == "/variables/n"]
    print(json.dumps({"committed": committed,
                      "variables": mock.get_stage(sys.argv[2], "prod").get("variables", {})}))
"""

CALLS = 3000


@pytest.mark.slow
def test_interrupts_at_random_points_lose_no_acknowledged_write_and_leave_no_lock(
    tmp_path: Path,
) -> None:
    path = tmp_path / "state.db"
    api_id = make_stage(path)
    writer = subprocess.Popen(
        [sys.executable, "-c", INTERRUPTED_WRITER, str(path), api_id, str(CALLS), "7"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=ENV,
    )
    try:
        assert writer.stdout is not None and writer.stdin is not None
        line = writer.stdout.readline()
        assert line, writer.communicate(timeout=30)[1]
        report: dict[str, Any] = json.loads(line)
        # While the interrupted process still has the file open, another one writes at once.
        other = run_python(OTHER_WRITER, str(path), api_id)
        assert other.returncode == 0, other.stderr[-2000:]
        writer.stdin.close()
        assert writer.wait(timeout=60) == 0, writer.stderr.read() if writer.stderr else ""
    finally:
        if writer.poll() is None:
            writer.kill()
            writer.wait()
        for stream in (writer.stdout, writer.stderr, writer.stdin):
            if stream is not None and not stream.closed:
                stream.close()
    back = run_python(READ_BACK, str(path), api_id)
    assert back.returncode == 0, back.stderr[-2000:]
    found = json.loads(back.stdout)
    committed = found["committed"]
    acked = report["acked"]
    print(
        f"\n[interrupts] {CALLS} calls with an alarm (~{report['call_us']} us each), each "
        f"followed by one without: {report['interrupted']} interrupted, {report['survived']} "
        f"not; {len(acked) - 20} acknowledged, {len(committed) - 20} committed; "
        f"{report['healed']} left behind by an interrupted __exit__ and healed; "
        f"other process waited {other.stdout.strip()} s; interrupts landed in "
        f"{dict(Counter(report['where']).most_common(40))}"
    )
    assert report["errors"] == []
    assert report["interrupted"] >= CALLS // 10, report  # the alarms did land
    assert report["survived"] >= CALLS // 10, report  # and calls completed under them
    assert len(acked) >= 20 + CALLS + report["survived"]
    assert not report["in_transaction"] and report["levels"] == 0
    missing = sorted(set(acked) - set(committed))
    assert missing == [], f"acknowledged but not in the file: {missing[:20]}"
    assert committed == sorted(committed)  # one history row per write, in order
    assert found["variables"] == {"n": str(max(committed)), "other": "1"}
    # No lock left behind: the other process's call did not wait out its 5 s busy timeout
    # (it would have failed); on a quiet machine it takes milliseconds.
    assert float(other.stdout) < 4.0


# -- fork() while another thread is in the middle of a call ------------------------------------

FORK_WHILE_BUSY = """
import os, signal, sys, threading, time
import boto3
from apigw_canary_mock import mock_apigateway
from apigw_canary_mock.persistence import store as store_module

state = sys.argv[1] if sys.argv[1] != "-" else None
with mock_apigateway(state=state, seed=5) as mock:
    api_id = mock.create_deployable_api("orders")
    client = boto3.client("apigateway", region_name="us-east-1")
    client.create_deployment(restApiId=api_id, stageName="prod")
    inside, leave = threading.Event(), threading.Event()

    if state is None:
        def busy():  # a call in progress holds the store's lock
            with mock.state.lock:
                inside.set()
                leave.wait(1.0)
    else:
        def hold():  # inside a writing transaction, before its COMMIT
            inside.set()
            leave.wait(1.0)

        store_module._before_commit_hook = hold

        def busy():
            boto3.session.Session().client("apigateway", region_name="us-east-1").update_stage(
                restApiId=api_id, stageName="prod",
                patchOperations=[{"op": "replace", "path": "/variables/thread", "value": "1"}])

    thread = threading.Thread(target=busy)
    thread.start()
    inside.wait()
    pid = os.fork()
    if pid == 0:
        signal.alarm(20)  # a deadlock ends the child, with a status the parent reports
        store_module._before_commit_hook = None
        child = boto3.client("apigateway", region_name="us-east-1")
        child.update_stage(restApiId=api_id, stageName="prod", patchOperations=[
            {"op": "replace", "path": "/variables/child", "value": "1"}])
        print("child", child.get_stage(restApiId=api_id, stageName="prod")["variables"],
              flush=True)
        os._exit(0)
    leave.set()
    thread.join()
    store_module._before_commit_hook = None
    _, status = os.waitpid(pid, 0)
    print("parent", client.get_stage(restApiId=api_id, stageName="prod").get("variables"))
    sys.exit(os.waitstatus_to_exitcode(status))
"""


@pytest.mark.slow
@pytest.mark.parametrize("state", ["memory", "file"])
def test_a_child_forked_while_a_thread_is_mid_call_can_make_calls(
    tmp_path: Path, state: str
) -> None:
    path = str(tmp_path / "state.db") if state == "file" else "-"
    done = run_python(FORK_WHILE_BUSY, path, timeout=90)
    assert done.returncode == 0, (done.returncode, done.stdout, done.stderr[-3000:])
    assert "child {" in done.stdout
    if state == "file":  # both processes' writes are in the file
        assert "'thread': '1'" in done.stdout.split("parent", 1)[1]
        assert "'child': '1'" in done.stdout.split("parent", 1)[1]
