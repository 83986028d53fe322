"""``python -m apigw_canary_mock show``: the APIs, stages, canaries and last changes of a state
file, as tables (names printable) or as exact JSON. It never creates or writes a file."""

from __future__ import annotations

import json
from typing import Any, TextIO

from apigw_canary_mock.cli.statefile import open_existing
from apigw_canary_mock.inspection.stage_view import StageView
from apigw_canary_mock.persistence import SCHEMA_VERSION, SqliteStateStore
from apigw_canary_mock.text import pairs, printable, table, utc_time


def show(state: str, *, as_json: bool, out: TextIO) -> int:
    store = open_existing(state)
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
                            "canary": StageView.of_stage(stage).canary_json(),
                            "lastUpdatedDate": utc_time(stage.last_updated_date),
                        }
                        for stage in api.stages.values()
                    ],
                }
            )
    rows = store.history_rows()
    changes = [
        {
            "seq": row.seq,
            "time": utc_time(row.time),
            "operation": row.operation,
            "accountId": row.account_id,
            "region": row.region,
            "restApiId": row.rest_api_id,
            "stageName": row.stage_name,
            "deleted": row.stage is None,
            "deploymentId": None if row.stage is None else row.stage.deployment_id,
            "canary": StageView.of_stage(row.stage).canary_json(),
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


def render_document(document: dict[str, Any]) -> str:
    """``document`` (from state_document) as readable tables."""
    state_file = printable(document["stateFile"])
    lines = [f"state file {state_file} (schema {document['schemaVersion']})"]
    if not document["apis"]:
        lines.append("(no APIs)")
    for api in document["apis"]:
        lines.append("")
        heading = f"API {api['name']} ({api['id']})  account {api['accountId']}  {api['region']}"
        lines.append(printable(heading))
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
                    pairs(canary["stageVariableOverrides"]) if canary else "-",
                    pairs(stage["variables"]),
                    stage["lastUpdatedDate"],
                )
            )
        lines.extend(table(rows))
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
        lines.extend(table(rows))
    return "\n".join(lines) + "\n"
