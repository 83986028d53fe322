"""Fuzzed input: regressions first (found by the fuzzers, pinned here)."""

from __future__ import annotations

import pytest

from apigw_canary_mock.core.store import StateStore
from apigw_canary_mock.operations import OPERATIONS

from .operations.helpers import ACCOUNT, REGION, body, deploy, make_api


@pytest.mark.parametrize("patch_operations", [True, 7, 1.5, None])
def test_update_stage_handler_takes_a_non_list_patch_as_absent(patch_operations: object) -> None:
    # Found by tests/operations/test_robustness.py under pytest-randomly's seed 1:
    # patchOperations=True raised TypeError ('bool' object is not iterable) from the handler.
    backend = StateStore(seed=1).backend(ACCOUNT, REGION)
    api_id = make_api(backend)
    deploy(backend, api_id, stageName="prod", variables={"a": "1"})
    before = body(backend, "GetStage", restApiId=api_id, stageName="prod")
    params = {"restApiId": api_id, "stageName": "prod", "patchOperations": patch_operations}
    assert OPERATIONS["UpdateStage"](backend, params).body == before
