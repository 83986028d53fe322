"""GetExport at handler level: a deployment without a snapshot, and an export that changes
nothing (the deployed definition is read through a view)."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from apigw_canary_mock.core.snapshot import EMPTY_SNAPSHOT
from apigw_canary_mock.core.store import Backend

from .helpers import body, call, deploy


def exported_paths(backend: Backend, api_id: str) -> dict[str, Any]:
    answer = body(backend, "GetExport", restApiId=api_id, stageName="prod", exportType="swagger")
    paths: dict[str, Any] = json.loads(answer["body"])["paths"]
    return paths


def add_post(backend: Backend, api_id: str) -> None:
    root = body(backend, "GetRestApi", restApiId=api_id)["rootResourceId"]
    where = {"restApiId": api_id, "resourceId": root, "httpMethod": "POST"}
    call(backend, "PutMethod", **where, authorizationType="NONE")
    call(backend, "PutIntegration", **where, type="MOCK")


def test_a_deployment_without_a_snapshot_exports_the_live_definition(
    backend: Backend, api_id: str
) -> None:
    """P (get-export-policy): a deployment read from a state file written before deployments
    kept a snapshot has EMPTY_SNAPSHOT (the field's default)."""
    deployment_id = deploy(backend, api_id, stageName="prod")
    add_post(backend, api_id)
    assert set(exported_paths(backend, api_id)["/"]) == {"get"}
    api = backend.rest_apis[api_id]
    api.deployments[deployment_id] = replace(
        api.deployments[deployment_id], snapshot=EMPTY_SNAPSHOT
    )
    assert set(exported_paths(backend, api_id)["/"]) == {"get", "post"}


def test_an_export_changes_nothing_and_journals_nothing(backend: Backend, api_id: str) -> None:
    deployment_id = deploy(backend, api_id, stageName="prod")
    add_post(backend, api_id)
    api = backend.rest_apis[api_id]
    snapshot = api.deployments[deployment_id].snapshot
    resources, cache = dict(api.resources), api.snapshot_cache
    backend.journal.clear()
    assert set(exported_paths(backend, api_id)["/"]) == {"get"}
    assert backend.rest_apis == {api_id: api}
    assert api.resources == resources
    assert set(api.resources[api.root_resource_id].methods) == {"GET", "POST"}
    assert api.snapshot_cache is cache
    assert api.deployments[deployment_id].snapshot is snapshot
    assert not backend.journal.changed
    assert "get-export-policy" in backend.journal.evidence
