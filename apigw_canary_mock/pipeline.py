"""``python -m apigw_canary_mock run`` and ``show``: rehearse a pipeline of processes.

``run`` starts a command with the mock active in it and in every Python process it starts
(the way coverage.py follows subprocesses): a temporary directory holding a
``sitecustomize.py`` goes first on the children's PYTHONPATH, and the run's settings go in
``$APIGW_CANARY_MOCK_RUN``. That sitecustomize does nothing unless the variable is set; when it
is, it waits for ``botocore.client`` to be imported and then starts the mock on the run's
state file, so every step of the pipeline shares one state. See docs/pipeline.md.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from datetime import datetime, timezone
from typing import Any, TextIO

from apigw_canary_mock._run_child import ENV_VAR
from apigw_canary_mock.core.stage import Stage
from apigw_canary_mock.persistence import (
    SCHEMA_VERSION,
    HistoryRow,
    SqliteStateStore,
    iter_stages,
)

DEFAULT_REGION = "us-east-1"

# Stdlib only and cheap: it runs at the start of every Python process of the run.
SITECUSTOMIZE = '''\
"""Written by `python -m apigw_canary_mock run`: the mock in every Python process of the run."""


def _apigw_canary_mock_arm():
    import importlib.abc
    import sys

    class Loader(importlib.abc.Loader):
        def __init__(self, loader):
            self.loader = loader

        def create_module(self, spec):
            return self.loader.create_module(spec)

        def exec_module(self, module):
            module.__loader__ = self.loader
            if module.__spec__ is not None:
                module.__spec__.loader = self.loader
            self.loader.exec_module(module)
            # What the import system does right after this returns; the mock needs it now.
            parent, _, child = module.__name__.rpartition(".")
            setattr(sys.modules[parent], child, module)
            try:
                from apigw_canary_mock._run_child import activate
            except ImportError as error:
                # Fail closed: without the mock, this process would call AWS.
                raise ImportError(
                    "python -m apigw_canary_mock run: this Python (" + sys.executable + ") "
                    "imports botocore but can not import apigw_canary_mock (" + str(error)
                    + "); install apigw_canary_mock for it"
                ) from None
            activate()

    class Finder(importlib.abc.MetaPathFinder):
        def find_spec(self, fullname, path, target=None):
            if fullname != "botocore.client":
                return None
            sys.meta_path.remove(self)
            for finder in list(sys.meta_path):
                find_spec = getattr(finder, "find_spec", None)
                spec = find_spec(fullname, path, target) if find_spec else None
                if spec is not None:
                    if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                        spec.loader = Loader(spec.loader)
                    return spec
            return None

    sys.meta_path.insert(0, Finder())


def _apigw_canary_mock_chain():
    # Run the sitecustomize this one hides, if there is one.
    import importlib.machinery
    import importlib.util
    import os
    import sys

    here = os.path.dirname(os.path.abspath(__file__))
    path = [p for p in sys.path if os.path.abspath(p or os.curdir) != here]
    spec = importlib.machinery.PathFinder.find_spec("sitecustomize", path)
    if spec is not None and spec.loader is not None:
        module = importlib.util.module_from_spec(spec)
        sys.modules[__name__] = module
        spec.loader.exec_module(module)


if __import__("os").environ.get("{env_var}"):
    _apigw_canary_mock_arm()
_apigw_canary_mock_chain()
'''


# -- run ----------------------------------------------------------------------------------


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
            before = {_stage_key(*item): item[4] for item in iter_stages(store)}
            start_seq = store.last_history_seq()
        finally:
            store.close()
        with open(os.path.join(workdir, "sitecustomize.py"), "w", encoding="utf-8") as file:
            file.write(SITECUSTOMIZE.replace("{env_var}", ENV_VAR))
        env = dict(os.environ)
        env[ENV_VAR] = json.dumps({"state": state_file, "account_id": account_id})
        env["PYTHONPATH"] = os.pathsep.join(
            [workdir, *filter(None, [os.environ.get("PYTHONPATH")])]
        )
        env.setdefault("AWS_DEFAULT_REGION", region)
        try:
            status = subprocess.call(list(command), env=env)
        except OSError as error:
            print(f"apigw_canary_mock run: can not run {command[0]!r}: {error}", file=err)
            status = 127
        if status < 0:  # killed by a signal, as a shell reports it
            status = 128 - status
        store = SqliteStateStore(state_file)
        try:
            after = {_stage_key(*item): item[4] for item in iter_stages(store)}
            rows = store.history_rows(after=start_seq)
        finally:
            store.close()
        err.write(summary(before, after, rows, state if state else None))
        return status
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


StageKey = tuple[str, str, str, str, str]  # account, region, restApiId, API name, stage name


def _stage_key(account: str, region: str, api_id: str, api_name: str, stage: Stage) -> StageKey:
    return account, region, api_id, api_name, stage.name


def summary(
    before: dict[StageKey, Stage],
    after: dict[StageKey, Stage],
    rows: Sequence[HistoryRow],
    state: str | None,
) -> str:
    """What the run changed, from the stage history: one block per stage."""
    where = f"kept in {state}" if state else "temporary, deleted now"
    lines = [f"apigw_canary_mock run: {len(rows)} stage change(s) (state {where})"]
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
            lines.append(f"    {row.operation:<17} {describe_stage(row.stage)}")
    if not rows:
        lines.append("  (no stage changed)")
    return "\n".join(lines) + "\n"


def describe_stage(stage: Stage | None) -> str:
    if stage is None:
        return "(deleted)"
    text = f"deployment {stage.deployment_id}"
    canary = stage.canary
    if canary is None:
        return text + ", no canary"
    text += f", canary {canary.deployment_id} at {canary.percent_traffic:g}%"
    if canary.stage_variable_overrides:
        text += " overrides " + _pairs(canary.stage_variable_overrides)
    return text


def _pairs(mapping: dict[str, str]) -> str:
    return ", ".join(f"{k}={v}" for k, v in mapping.items()) or "-"


# -- show ---------------------------------------------------------------------------------


def _iso(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _canary_json(stage: Stage | None) -> dict[str, Any] | None:
    if stage is None or stage.canary is None:
        return None
    canary = stage.canary
    return {
        "deploymentId": canary.deployment_id,
        "percentTraffic": canary.percent_traffic,
        "stageVariableOverrides": dict(canary.stage_variable_overrides),
        "useStageCache": canary.use_stage_cache,
    }


def state_document(store: SqliteStateStore, last: int = 20) -> dict[str, Any]:
    """The file's APIs, stages and last ``last`` changes, as plain JSON data."""
    apis = []
    for account_id, region, backend in store.snapshot():
        for api in backend.rest_apis.values():
            apis.append(
                {
                    "accountId": account_id,
                    "region": region,
                    "id": api.id,
                    "name": api.name,
                    "stages": [
                        {
                            "stageName": stage.name,
                            "deploymentId": stage.deployment_id,
                            "variables": dict(stage.variables),
                            "canary": _canary_json(stage),
                            "lastUpdatedDate": _iso(stage.last_updated_date),
                        }
                        for stage in api.stages.values()
                    ],
                }
            )
    rows = store.history_rows()
    changes = [
        {
            "seq": row.seq,
            "time": _iso(row.time),
            "operation": row.operation,
            "accountId": row.account_id,
            "region": row.region,
            "restApiId": row.rest_api_id,
            "stageName": row.stage_name,
            "deleted": row.stage is None,
            "deploymentId": None if row.stage is None else row.stage.deployment_id,
            "canary": _canary_json(row.stage),
        }
        for row in rows[-last:]
    ]
    return {
        "stateFile": store.path,
        "schemaVersion": SCHEMA_VERSION,
        "apis": apis,
        "changeCount": len(rows),
        "lastChanges": changes,
    }


def _table(rows: list[tuple[str, ...]], indent: str = "  ") -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for position, row in enumerate(rows):
        cells = "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        lines.append(indent + cells.rstrip())
        if position == 0:
            lines.append(indent + "  ".join("-" * width for width in widths))
    return lines


def render_document(document: dict[str, Any]) -> str:
    """``document`` (from state_document) as readable tables."""
    lines = [f"state file {document['stateFile']} (schema {document['schemaVersion']})"]
    if not document["apis"]:
        lines.append("(no APIs)")
    for api in document["apis"]:
        lines.append("")
        lines.append(
            f"API {api['name']} ({api['id']})  account {api['accountId']}  {api['region']}"
        )
        if not api["stages"]:
            lines.append("  (no stages)")
            continue
        rows: list[tuple[str, ...]] = [
            ("stage", "deployment", "canary", "percent", "overrides", "variables", "updated")
        ]
        for stage in api["stages"]:
            canary = stage["canary"]
            rows.append(
                (
                    stage["stageName"],
                    stage["deploymentId"],
                    canary["deploymentId"] if canary else "-",
                    f"{canary['percentTraffic']:g}" if canary else "-",
                    _pairs(canary["stageVariableOverrides"]) if canary else "-",
                    _pairs(stage["variables"]),
                    stage["lastUpdatedDate"],
                )
            )
        lines.extend(_table(rows))
    lines.append("")
    shown, total = len(document["lastChanges"]), document["changeCount"]
    lines.append(f"last changes ({shown} of {total}):")
    if not document["lastChanges"]:
        lines.append("  (none)")
    else:
        rows = [("#", "time (UTC)", "operation", "stage", "deployment", "canary", "percent")]
        for change in document["lastChanges"]:
            canary = change["canary"]
            rows.append(
                (
                    str(change["seq"]),
                    change["time"],
                    change["operation"],
                    f"{change['restApiId']}/{change['stageName']}",
                    "(deleted)" if change["deleted"] else change["deploymentId"],
                    canary["deploymentId"] if canary else "-",
                    f"{canary['percentTraffic']:g}" if canary else "-",
                )
            )
        lines.extend(_table(rows))
    return "\n".join(lines) + "\n"


def show(state: str, *, as_json: bool, out: TextIO) -> int:
    # Read-only: never creates, initialises or writes a file (missing, empty, not a regular
    # file, not ours: a MockStateError that says which).
    store = SqliteStateStore(state, read_only=True)
    try:
        document = state_document(store)
    finally:
        store.close()
    if as_json:
        json.dump(document, out, indent=2)
        out.write("\n")
    else:
        out.write(render_document(document))
    return 0
