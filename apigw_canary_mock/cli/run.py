"""``python -m apigw_canary_mock run``: a command with the mock in every Python process it starts.

The way coverage.py follows subprocesses: a temporary directory holding a copy of
``cli/sitecustomize.py`` goes first on the command's PYTHONPATH, and the run's settings go in
``$APIGW_CANARY_MOCK_RUN``; every Python process of the run then starts the mock on the run's
state file once it imports botocore, so every step of a pipeline shares one state. Every other
client (the AWS CLI v2, another language's SDK, a Python of another virtualenv) is answered
from the same state by the run's endpoint, served in a thread of this process
(cli/endpoint.py); a client too old for both is refused by the run's HTTPS proxy before it
reaches AWS (cli/guard.py). Signals to ``run`` go to the command (cli/signals.py). See
docs/pipeline.md.
"""

from __future__ import annotations

import os
import py_compile
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from typing import TextIO

from apigw_canary_mock.cli import child, endpoint, guard, prog, signals, sitecustomize
from apigw_canary_mock.cli.statefile import open_existing
from apigw_canary_mock.core.stage import Stage
from apigw_canary_mock.errors import MockError
from apigw_canary_mock.inspection.stage_view import StageView
from apigw_canary_mock.persistence import HistoryRow, SqliteStateStore, iter_stages
from apigw_canary_mock.text import printable

COMMAND = "run"
#: The exit status of a command that could not be started (as a shell reports it).
NOT_STARTED = 127

StageKey = tuple[str, str, str, str, str]  # account, region, restApiId, API name, stage name


def run(
    command: Sequence[str],
    *,
    state: str | None,
    account_id: str,
    region: str,
    seed: int | None,
    err: TextIO,
) -> int:
    """Run ``command`` with the mock active in its Python processes; its exit status."""
    workdir = tempfile.mkdtemp(prefix="apigw_canary_mock_run_")
    try:
        state_file = os.path.abspath(state) if state else os.path.join(workdir, "state.db")
        store = SqliteStateStore(state_file, seed=seed)  # checks (or creates) the file first
        try:
            before = _stages(store)
            start_seq = store.last_history_seq()
        finally:
            store.close()
        install_sitecustomize(workdir)
        with (
            endpoint.endpoint(state_file, account_id, region, log=err) as url,
            guard.guarding(url, user_https_proxy(os.environ), err) as proxy_url,
        ):
            env = command_environment(workdir, state_file, account_id, region, url, proxy_url)
            status = run_command(command, env, err)
        if status is None:
            return NOT_STARTED  # nothing ran, so nothing to sum up: the error line says why
        try:
            store = open_existing(state_file)
            try:
                after = _stages(store)
                rows = store.history_rows(after=start_seq)
            finally:
                store.close()
        except (MockError, sqlite3.Error, OSError) as error:
            # The command's status still stands: the state problem is only reported.
            print(prog.error(COMMAND, f"no summary: {printable(str(error))}"), file=err)
        else:
            err.write(summary(before, after, rows, state))
        return status
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def install_sitecustomize(workdir: str) -> None:
    """A copy of cli/sitecustomize.py in ``workdir``, compiled: every process of the run
    loads it, so none compiles it again (not even where writing bytecode is disabled)."""
    target = os.path.join(workdir, "sitecustomize.py")
    shutil.copyfile(sitecustomize.__file__, target)
    py_compile.compile(target, doraise=True)


def command_environment(
    workdir: str, state_file: str, account_id: str, region: str, url: str, proxy_url: str
) -> dict[str, str]:
    """This process's environment, with what the processes of the run need."""
    env = dict(os.environ)
    env[sitecustomize.ENV_VAR] = child.settings(state_file, account_id)
    env["PYTHONPATH"] = os.pathsep.join([workdir, *filter(None, [env.get("PYTHONPATH")])])
    env.update(endpoint.environment(url, env))
    env.update(guard.environment(proxy_url))
    # AWS_DEFAULT_REGION for botocore and the AWS CLI, AWS_REGION for the other SDKs.
    region = env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or region
    env.setdefault("AWS_DEFAULT_REGION", region)
    env.setdefault("AWS_REGION", region)
    return env


def user_https_proxy(env: Mapping[str, str]) -> str | None:
    """The HTTPS proxy the user set (the lower-case variable first, as urllib and curl read
    them): the run's proxy tunnels through it."""
    return env.get("https_proxy") or env.get("HTTPS_PROXY") or None


def run_command(command: Sequence[str], env: Mapping[str, str], err: TextIO) -> int | None:
    """Run ``command``, passing SIGINT/SIGTERM on; its status as a shell reports it. None
    when it could not be started (the reason is printed on ``err``)."""
    with signals.forwarding() as forwarder:
        try:
            process = subprocess.Popen(list(command), env=env)
        except OSError as error:
            print(prog.error(COMMAND, f"can not run {command[0]!r}: {error}"), file=err)
            return None
        forwarder.attach(process)
        status = process.wait()
    return 128 - status if status < 0 else status  # killed by signal N: 128 + N


def _stages(store: SqliteStateStore) -> dict[StageKey, Stage]:
    return {
        (account, region, api_id, api_name, stage.name): stage
        for account, region, api_id, api_name, stage in iter_stages(store)
    }


def summary(
    before: Mapping[StageKey, Stage],
    after: Mapping[StageKey, Stage],
    rows: Sequence[HistoryRow],
    state: str | None,
) -> str:
    """What the run changed, from the stage history: one block per stage (printable)."""
    where = f"kept in {state}" if state else "temporary, deleted now"
    lines = [f"{prog.prefix(COMMAND)}: {len(rows)} stage change(s) (state {where})"]
    names = {(k[0], k[1], k[2]): k[3] for k in (*before, *after)}
    changed: dict[tuple[str, str, str, str], list[HistoryRow]] = {}
    for row in rows:
        changed.setdefault(
            (row.account_id, row.region, row.rest_api_id, row.stage_name), []
        ).append(row)
    for (account, region, api_id, stage_name), stage_rows in changed.items():
        name = names.get((account, region, api_id), "?")
        key = (account, region, api_id, name, stage_name)
        if key not in before and key in after:
            what = "created"
        elif key in before and key not in after:
            what = "deleted"
        elif key in after:
            what = "changed"
        else:
            what = "created and deleted"
        lines.append(f"  {name} ({api_id}) stage {stage_name} [{account} {region}]: {what}")
        for row in stage_rows:
            lines.append(f"    {row.operation:<17} {StageView.of_stage(row.stage).summary()}")
    if not rows:
        lines.append("  (no stage changed)")
    return "".join(printable(line) + "\n" for line in lines)
