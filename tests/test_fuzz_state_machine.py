"""Fuzzed input: regressions first (found by the fuzzers, pinned here)."""

from __future__ import annotations

import boto3
import pytest

from apigw_canary_mock import mock_apigateway
from apigw_canary_mock.operations import OPERATIONS


@pytest.mark.parametrize("patch_operations", [True, 7, 1.5, None])
def test_update_stage_handler_takes_a_non_list_patch_as_absent(patch_operations: object) -> None:
    # Found by tests/operations/test_robustness.py under pytest-randomly's seed 1:
    # patchOperations=True raised TypeError ('bool' object is not iterable) from the handler.
    with mock_apigateway() as apigw:
        api_id = apigw.create_deployable_api()
        client = boto3.client("apigateway", region_name="us-east-1")
        client.create_deployment(restApiId=api_id, stageName="prod", variables={"a": "1"})
        before = apigw.get_stage(api_id, "prod")
        params = {"restApiId": api_id, "stageName": "prod", "patchOperations": patch_operations}
        answer = OPERATIONS["UpdateStage"](apigw.backend(), params)
        assert answer.body["variables"] == {"a": "1"}
        assert apigw.get_stage(api_id, "prod") == before
