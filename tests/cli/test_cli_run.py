"""``python -m apigw_canary_mock run`` never fails open and never breaks a process: processes
that import apigw_canary_mock themselves, Pythons that skip the sitecustomize, signals, and a
command that loses the state file."""

from __future__ import annotations

import contextlib
import functools
import os
import re
import signal
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import botocore.client
import pytest

from apigw_canary_mock import mock_apigateway
from apigw_canary_mock.cli.endpoint import ENDPOINT_VARIABLE, endpoint
from apigw_canary_mock.cli.main import main
from apigw_canary_mock.cli.run import run_command
from apigw_canary_mock.cli.signals import Forwarder, terminal_signalled_group_of

PYTHON = sys.executable


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return str(path)


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PYTHON, "-m", "apigw_canary_mock", *args],
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
    )


@contextlib.contextmanager
def started(*args: str, **kwargs: Any) -> Iterator[subprocess.Popen[str]]:
    """``run`` in a session of its own; everything left of it is killed at the end."""
    process = subprocess.Popen(
        [PYTHON, "-m", "apigw_canary_mock", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        **kwargs,
    )
    try:
        yield process
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # the group of run, and of its command
        process.communicate(timeout=30)


# -- processes that import apigw_canary_mock themselves --------------------------------------

PYTEST_FILE = """
import boto3

def test_the_runs_mock_answers_a_plain_client():
    client = boto3.client("apigateway")
    api = client.create_rest_api(name="from-pytest")
    root = api["rootResourceId"]
    client.put_method(restApiId=api["id"], resourceId=root, httpMethod="GET",
                      authorizationType="NONE")
    client.put_integration(restApiId=api["id"], resourceId=root, httpMethod="GET", type="MOCK")
    client.create_deployment(restApiId=api["id"], stageName="prod")

def test_the_fixture_gives_its_own_state(apigateway_mock):
    assert boto3.client("apigateway").get_rest_apis()["items"] == []
"""

STATE_SCRIPT = """
import sys
import boto3
from apigw_canary_mock import mock_apigateway

with mock_apigateway(state=sys.argv[1], seed=3) as apigw:
    api_id = apigw.create_deployable_api("from-script")
    boto3.client("apigateway").create_deployment(restApiId=api_id, stageName="beta")
print("script done")
"""


@pytest.mark.slow
def test_processes_importing_apigw_canary_mock_work_under_run(tmp_path: Path) -> None:
    # Before: each step died of a circular ImportError, whose message said that
    # apigw_canary_mock was not installed.
    tests = write(tmp_path, "test_under_run.py", PYTEST_FILE)
    script = write(tmp_path, "with_state.py", STATE_SCRIPT)
    own_state = str(tmp_path / "script.db")
    steps = " && ".join(
        [
            f"{PYTHON} -m pytest -q -p no:randomly -p no:xdist -p no:cacheprovider {tests}",
            f"{PYTHON} {script} {own_state}",
            f"{PYTHON} -m apigw_canary_mock show --state {own_state}",
        ]
    )
    done = run_cli("run", "--state", str(tmp_path / "run.db"), "--", "bash", "-c", steps)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 passed" in done.stdout
    assert "script done" in done.stdout
    api_line = r"^API from-script \(\w+\)  account 123456789012  us-east-1$"
    assert re.search(api_line, done.stdout, re.M)
    assert re.search(r"^  beta +\w{6} +- ", done.stdout, re.M)
    # The plain client in pytest was answered by the run's mock, on the run's state.
    created = r"from-pytest \(\w+\) stage prod \[123456789012 us-east-1\]: created"
    assert re.search(created, done.stderr)
    assert "Traceback" not in done.stderr


# -- a Python that skips the sitecustomize ----------------------------------------------------

PROBE = """
import sys
import boto3

client = boto3.client("apigateway")
try:
    client.create_rest_api(name=sys.argv[1])
    names = sorted(api["name"] for api in client.get_rest_apis()["items"])
except Exception as error:
    print(type(error).__name__, error)
else:
    print(sys.argv[1], "answered; the state has", " ".join(names))
"""


@pytest.mark.slow
def test_a_python_that_skips_the_sitecustomize_is_answered_by_the_runs_endpoint(
    tmp_path: Path,
) -> None:
    probe = write(tmp_path, "probe.py", PROBE)
    env = {
        **os.environ,
        "AWS_MAX_ATTEMPTS": "1",
        # Before the run's endpoint, the request went to AWS: here to a dead proxy, never to AWS.
        "HTTPS_PROXY": "http://127.0.0.1:9",
        "https_proxy": "http://127.0.0.1:9",
        "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true",  # run overrides this too
    }
    for name in ("NO_PROXY", "no_proxy", ENDPOINT_VARIABLE, "AWS_ENDPOINT_URL"):
        env.pop(name, None)
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_PROFILE"):
        env.pop(name, None)  # the run sets dummy credentials: the endpoint checks none
    env["AWS_SHARED_CREDENTIALS_FILE"] = env["AWS_CONFIG_FILE"] = os.devnull
    steps = "; ".join(
        [
            f"{PYTHON} -I {probe} isolated",
            f"{PYTHON} -E {probe} no-env",
            f"env -u PYTHONPATH {PYTHON} {probe} no-path",
            f"{PYTHON} {probe} in-process",  # the sitecustomize is loaded: the mock answers
        ]
    )
    done = run_cli("run", "--", "bash", "-c", steps, env=env)
    assert done.returncode == 0, done.stderr
    # One state: the endpoint's answers and the in-process mock's.
    assert done.stdout.splitlines() == [
        "isolated answered; the state has isolated",
        "no-env answered; the state has isolated no-env",
        "no-path answered; the state has isolated no-env no-path",
        "in-process answered; the state has in-process isolated no-env no-path",
    ], done.stderr


def without_times(value: Any) -> Any:
    """``value`` without what changes from one second to the next (dates, request ids)."""
    if isinstance(value, dict):
        return {
            key: without_times(item)
            for key, item in value.items()
            if not key.endswith("Date") and key not in ("date", "x-amzn-requestid", "RequestId")
        }
    if isinstance(value, list):
        return [without_times(item) for item in value]
    return value


def test_the_run_endpoint_changes_no_answer_of_the_mock(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def rollout(path: str) -> list[Any]:
        with mock_apigateway(seed=5) as apigw:
            client = boto3.client("apigateway", region_name="us-east-1")
            if path == "botocore":
                client.meta.events.register("before-call.apigateway", lambda **kwargs: None)
            api_id = apigw.create_deployable_api("orders")
            answers = [
                client.create_deployment(restApiId=api_id, stageName="prod"),
                client.create_deployment(
                    restApiId=api_id, stageName="prod", canarySettings={"percentTraffic": 10.0}
                ),
                client.update_stage(
                    restApiId=api_id,
                    stageName="prod",
                    patchOperations=[
                        {"op": "replace", "path": "/canarySettings/percentTraffic", "value": "50"}
                    ],
                ),
                client.get_stages(restApiId=api_id),
            ]
            with pytest.raises(client.exceptions.NotFoundException) as caught:
                client.get_stage(restApiId=api_id, stageName="nope")
            answers.append(caught.value.response)
            return [client.meta.endpoint_url, answers]

    built: list[str] = []
    build = botocore.client.BaseClient._convert_to_request_dict

    @functools.wraps(build)
    def counting(client: Any, *args: Any, **kwargs: Any) -> Any:
        built.append(client.meta.endpoint_url)
        return build(client, *args, **kwargs)

    monkeypatch.setattr(botocore.client.BaseClient, "_convert_to_request_dict", counting)
    for path in ("direct", "botocore"):
        monkeypatch.delenv(ENDPOINT_VARIABLE, raising=False)
        url, plain = rollout(path)
        assert url == "https://apigateway.us-east-1.amazonaws.com"
        with endpoint(str(tmp_path / f"{path}.db"), "123456789012", "us-east-1") as live:
            monkeypatch.setenv(ENDPOINT_VARIABLE, live)
            url, under_run = rollout(path)
        assert url == live
        assert without_times(under_run) == without_times(plain)
        # The direct path stays direct (no request built); botocore's builds one for each call
        # and answers it in-process: nothing reached the run's endpoint.
        assert built.count(live) == (0 if path == "direct" else 5)


# -- signals -----------------------------------------------------------------------------------

WAITING_COMMAND = """
import os, signal, sys, time

def on_term(signum, frame):
    print("command got signal", signum, flush=True)
    sys.exit(3)

signal.signal(signal.SIGTERM, on_term)  # SIGINT: Python's KeyboardInterrupt
print(os.environ["PYTHONPATH"].split(os.pathsep)[0], flush=True)
time.sleep(30)
"""


@pytest.mark.slow
@pytest.mark.parametrize(("signum", "status"), [(signal.SIGTERM, 3), (signal.SIGINT, 130)])
def test_a_signal_to_run_goes_to_the_command(tmp_path: Path, signum: int, status: int) -> None:
    # Before: SIGTERM killed run at once (no summary, its temporary directory left, the command
    # orphaned); SIGINT made it SIGKILL the command and die of KeyboardInterrupt.
    command = write(tmp_path, "wait.py", WAITING_COMMAND)
    with started("run", "--", PYTHON, command) as run:
        assert run.stdout is not None
        workdir = run.stdout.readline().strip()  # the command is ready
        assert os.path.isfile(os.path.join(workdir, "sitecustomize.py"))
        run.send_signal(signum)  # to run alone: no terminal sent it to the command
        out, err = run.communicate(timeout=90)  # generous: other slow tests may load the machine
    assert run.returncode == status, err
    if signum == signal.SIGTERM:
        assert out == "command got signal 15\n"
    assert err.endswith("apigw-canary-mock run: 0 stage change(s) (state temporary, deleted now)"
                        "\n  (no stage changed)\n")  # fmt: skip
    # The only traceback is the command's own KeyboardInterrupt.
    assert err.count("Traceback") == (signum == signal.SIGINT)
    assert "apigw_canary_mock/" not in err
    assert not os.path.exists(workdir)


COUNTING_COMMAND = """
import os, signal, sys, time

# One byte per delivery (Python's own handler would merge two close deliveries into one).
read_end, write_end = os.pipe()
os.set_blocking(read_end, False)
os.set_blocking(write_end, False)
signal.set_wakeup_fd(write_end)
signal.signal(signal.SIGINT, lambda signum, frame: None)
print("ready", flush=True)
received, deadline = b"", None
while deadline is None or time.monotonic() < deadline:
    time.sleep(0.01)
    try:
        received += os.read(read_end, 100)
    except BlockingIOError:
        pass
    if received and deadline is None:
        deadline = time.monotonic() + 1.0  # time for a second SIGINT to arrive
print("SIGINT received", received.count(bytes([signal.SIGINT])), "time(s)", flush=True)
sys.exit(7)
"""

# Makes the pty the controlling terminal of a new session, then becomes ``run`` in it.
IN_A_TERMINAL = (
    "import fcntl, os, sys, termios; os.setsid(); fcntl.ioctl(0, termios.TIOCSCTTY, 0); "
    "os.execv(sys.executable, sys.argv[1:])"
)


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="a pseudo-terminal is POSIX")
def test_ctrl_c_at_the_terminal_reaches_the_command_once(tmp_path: Path) -> None:
    command = write(tmp_path, "count.py", COUNTING_COMMAND)
    terminal, its_end = os.openpty()
    argv = [PYTHON, "-m", "apigw_canary_mock", "run", "--", PYTHON, command]
    try:
        run = subprocess.Popen(
            [PYTHON, "-c", IN_A_TERMINAL, *argv],
            stdin=its_end,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    finally:
        os.close(its_end)
    try:
        assert run.stdout is not None
        assert run.stdout.readline() == "ready\n"
        os.write(terminal, b"\x03")  # Ctrl-C: SIGINT to the foreground group, run included
        out, err = run.communicate(timeout=60)
    finally:
        os.close(terminal)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(run.pid, signal.SIGKILL)
        run.communicate(timeout=30)
    assert out == "SIGINT received 1 time(s)\n"
    assert run.returncode == 7, err
    assert "apigw-canary-mock run: 0 stage change(s)" in err


# -- a command that loses the state -----------------------------------------------------------


@pytest.fixture
def state_file(tmp_path: Path) -> Path:
    path = tmp_path / "rehearsal.db"
    with mock_apigateway(state=str(path)) as apigw:
        api_id = apigw.create_deployable_api("orders")
        boto3.client("apigateway", region_name="us-east-1").create_deployment(
            restApiId=api_id, stageName="prod"
        )
    return path


def test_a_command_deleting_the_state_keeps_its_status(
    state_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Before: run created a new, empty state file in its place, and reported no change.
    delete = f"rm {state_file}; exit 5"
    assert main(["run", "--state", str(state_file), "--", "sh", "-c", delete]) == 5
    err = capsys.readouterr().err
    assert err == f"apigw-canary-mock run: error: no summary: {state_file}: no such state file\n"
    assert not state_file.exists()


def test_a_command_corrupting_the_state_keeps_its_status(
    state_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Before: run exited 2 with the state error, and the command's status was lost.
    garbage = f"yes garbage | head -c 4096 > {state_file}; exit 4"
    assert main(["run", "--state", str(state_file), "--", "sh", "-c", garbage]) == 4
    err = capsys.readouterr().err
    assert err.startswith(f"apigw-canary-mock run: error: no summary: {state_file}: not an ")
    assert "(not an SQLite database)" in err and "Traceback" not in err


# -- signals, in this process ------------------------------------------------------------------


def test_sigterm_to_run_is_passed_on_in_process(capsys: pytest.CaptureFixture[str]) -> None:
    if threading.current_thread() is not threading.main_thread():
        pytest.skip("signal handlers are for the main thread")
    before = signal.getsignal(signal.SIGTERM)
    # The command sends SIGTERM to run (this process), which passes it on: sh dies of it.
    command = ["sh", "-c", "kill -TERM $PPID; sleep 10; exit 9"]
    assert run_command(command, dict(os.environ), sys.stderr) == 128 + signal.SIGTERM
    assert signal.getsignal(signal.SIGTERM) is before


def test_a_signal_before_the_command_started_is_passed_on_once_it_has() -> None:
    forwarder = Forwarder()
    forwarder.handle(signal.SIGTERM, None)
    child = subprocess.Popen(["sleep", "10"], start_new_session=True)
    try:
        assert not terminal_signalled_group_of(child.pid)  # another group: never the terminal's
        forwarder.attach(child)
        assert child.wait(timeout=10) == -signal.SIGTERM
        forwarder.forward(signal.SIGTERM)  # to a command that is gone: nothing happens
    finally:
        child.kill()
        child.wait()


def test_a_command_that_can_not_start_is_127_with_no_summary(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run_command(["/nonexistent/command"], dict(os.environ), sys.stderr) is None
    assert capsys.readouterr().err == (
        "apigw-canary-mock run: error: can not run '/nonexistent/command': "
        "[Errno 2] No such file or directory: '/nonexistent/command'\n"
    )
    # Before: the error line, then a summary of the run ("0 stage change(s)") as if it ran.
    assert main(["run", "--", "/nonexistent/command", "--flag"]) == 127
    assert capsys.readouterr().err == (
        "apigw-canary-mock run: error: can not run '/nonexistent/command': "
        "[Errno 2] No such file or directory: '/nonexistent/command'\n"
    )
