"""moto's mock_aws and this mock in one test: moto answers S3 and STS, this mock answers the
apigateway canary calls, whichever was started or stopped first; after both stop, nothing of
ours is left."""

from __future__ import annotations

import sys
from typing import Any

import boto3
import botocore.client
import moto
import pytest

from apigw_canary_mock import ApiGatewayMock, mock_apigateway

REGION = "us-east-1"
ORIGINAL = botocore.client.BaseClient.__dict__["_make_api_call"]


def our_handlers(client: Any) -> list[Any]:
    trie = client.meta.events._emitter._handlers
    found = []
    for event in (
        "before-parameter-build.api-gateway.GetStage",
        "before-call.api-gateway.GetStage",
    ):
        found += [h for h in trie.prefix_search(event) if h.__module__.startswith("apigw_canary")]
    return found


def moto_answers_s3_and_sts(key: str) -> None:
    s3 = boto3.client("s3", region_name=REGION)
    s3.create_bucket(Bucket="artifacts")
    s3.put_object(Bucket="artifacts", Key=key, Body=b"build-42")
    assert s3.get_object(Bucket="artifacts", Key=key)["Body"].read() == b"build-42"
    assert boto3.client("sts", region_name=REGION).get_caller_identity()["Account"] == (
        "123456789012"
    )
    assert our_handlers(s3) == []


def we_answer_the_canary(apigw: ApiGatewayMock) -> None:
    client = boto3.client("apigateway", region_name=REGION)
    api_id = apigw.create_deployable_api("orders")
    client.create_deployment(restApiId=api_id, stageName="prod")
    client.create_deployment(
        restApiId=api_id, stageName="prod", canarySettings={"percentTraffic": 10.0}
    )
    ramp = [{"op": "replace", "path": "/canarySettings/percentTraffic", "value": "50"}]
    client.update_stage(restApiId=api_id, stageName="prod", patchOperations=ramp)
    # moto drops canarySettings: only this mock answers with them.
    stage = client.get_stage(restApiId=api_id, stageName="prod")
    assert stage["canarySettings"]["percentTraffic"] == 50.0
    assert apigw.get_stage(api_id, "prod")["canarySettings"]["percentTraffic"] == 50.0


@pytest.mark.slow
@pytest.mark.parametrize("moto_starts_first", [True, False], ids=["moto-first", "ours-first"])
@pytest.mark.parametrize("moto_stops_first", [True, False], ids=["stop-moto", "stop-ours"])
def test_both_work_in_any_start_and_stop_order(
    moto_starts_first: bool, moto_stops_first: bool
) -> None:
    meta_path = list(sys.meta_path)
    aws = moto.mock_aws()
    apigw = mock_apigateway()
    starts = [aws.start, apigw.start] if moto_starts_first else [apigw.start, aws.start]
    for start in starts:
        start()
    try:
        moto_answers_s3_and_sts("one")
        we_answer_the_canary(apigw)
        moto_answers_s3_and_sts("two")

        if moto_stops_first:
            aws.stop()
            # Ours alone: still answering (no credentials needed, nothing sent).
            we_answer_the_canary(apigw)
            apigw.stop()
        else:
            apigw.stop()
            # moto alone: it answers S3, and apigateway too (its own state, without ours).
            moto_answers_s3_and_sts("three")
            client = boto3.client("apigateway", region_name=REGION)
            assert client.get_rest_apis()["items"] == []
            assert our_handlers(client) == []
            aws.stop()
    finally:
        for mock in (apigw, aws):
            if getattr(mock, "is_active", False):
                mock.stop()

    assert not apigw.is_active
    assert botocore.client.BaseClient.__dict__["_make_api_call"] is ORIGINAL
    assert sys.meta_path == meta_path
    assert our_handlers(boto3.client("apigateway", region_name=REGION)) == []


@pytest.mark.parametrize("moto_starts_first", [True, False], ids=["moto-first", "ours-first"])
def test_pass_through_unemulated_is_answered_by_moto(moto_starts_first: bool) -> None:
    aws = moto.mock_aws()
    apigw = mock_apigateway(pass_through_unemulated=True)
    first, second = (aws, apigw) if moto_starts_first else (apigw, aws)
    with first, second:
        client = boto3.client("apigateway", region_name=REGION)
        client.create_api_key(name="moto-key")  # unemulated: moto's
        assert [key["name"] for key in client.get_api_keys()["items"]] == ["moto-key"]
        client.create_rest_api(name="ours")  # emulated: ours
        assert [api["name"] for api in client.get_rest_apis()["items"]] == ["ours"]
        assert [api.name for api in apigw.backend().rest_apis.values()] == ["ours"]
