"""``serve`` under load: 16 client processes x 200 UpdateStage calls on one stage, through the
endpoint, with botocore clients; no update lost, no torn read. Prints its figures (``-s``)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import boto3
import pytest

from apigw_canary_mock import intercept

pytestmark = pytest.mark.slow

PROCESSES = 16
CALLS = 200
REGION = "us-east-1"

CLIENT = textwrap.dedent(
    """
    import json, sys, time
    import boto3
    from botocore.config import Config

    url, api, me, calls = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    client = boto3.client(
        "apigateway", endpoint_url=url, region_name="us-east-1", aws_access_key_id="x",
        aws_secret_access_key="x", config=Config(retries={"max_attempts": 1}),
    )
    torn, latencies = [], []
    for call in range(calls):
        value = str(call)
        started = time.perf_counter()
        # One UpdateStage sets this process's variable and its canary override together.
        answer = client.update_stage(restApiId=api, stageName="prod", patchOperations=[
            {"op": "replace", "path": f"/variables/{me}", "value": value},
            {"op": "replace", "path": f"/canarySettings/stageVariableOverrides/{me}",
             "value": value},
        ])
        latencies.append(time.perf_counter() - started)
        stage = client.get_stage(restApiId=api, stageName="prod")
        for seen in (answer, stage):
            overrides = seen["canarySettings"]["stageVariableOverrides"]
            pair = (seen["variables"].get(me), overrides.get(me))
            if pair != (value, value):
                torn.append([call, pair])
    print(json.dumps({"torn": torn, "latencies": latencies}))
    """
)


def test_concurrent_updates_through_the_endpoint_lose_nothing(tmp_path: Path) -> None:
    script = tmp_path / "client.py"
    script.write_text(CLIENT)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "apigw_canary_mock",
            "serve",
            "--port",
            "0",
            "--state",
            str(tmp_path / "load.db"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        url = server.stdout.readline().strip()
        setup = boto3.client(
            "apigateway",
            endpoint_url=url,
            region_name=REGION,
            aws_access_key_id="x",
            aws_secret_access_key="x",
        )
        intercept.let_through(setup)
        api = setup.create_rest_api(name="load")
        setup.put_method(
            restApiId=api["id"],
            resourceId=api["rootResourceId"],
            httpMethod="GET",
            authorizationType="NONE",
        )
        setup.put_integration(
            restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="GET", type="MOCK"
        )
        setup.create_deployment(restApiId=api["id"], stageName="prod")
        setup.create_deployment(
            restApiId=api["id"], stageName="prod", canarySettings={"percentTraffic": 10.0}
        )
        started = time.perf_counter()
        clients = [
            subprocess.Popen(
                [sys.executable, str(script), url, api["id"], f"p{index}", str(CALLS)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for index in range(PROCESSES)
        ]
        results = []
        for client in clients:
            out, err = client.communicate(timeout=600)
            assert client.returncode == 0, err
            results.append(json.loads(out))
        elapsed = time.perf_counter() - started
        stage = setup.get_stage(restApiId=api["id"], stageName="prod")
    finally:
        server.terminate()
        _, server_err = server.communicate(timeout=30)
    assert server.returncode == 0, server_err
    assert "internal error" not in server_err
    assert [result["torn"] for result in results] == [[]] * PROCESSES
    last = str(CALLS - 1)
    expected = {f"p{index}": last for index in range(PROCESSES)}
    assert stage["variables"] == expected  # no update lost
    assert stage["canarySettings"]["stageVariableOverrides"] == expected
    latencies = sorted(value for result in results for value in result["latencies"])
    requests = PROCESSES * CALLS * 2
    print(
        f"\nload: {PROCESSES} processes x {CALLS} UpdateStage (+ a GetStage each), state file: "
        f"{requests} requests in {elapsed:.1f} s ({requests / elapsed:.0f} req/s, client "
        f"process start included); UpdateStage latency seen by botocore: p50 "
        f"{latencies[len(latencies) // 2] * 1e3:.1f} ms, p99 "
        f"{latencies[int(len(latencies) * 0.99)] * 1e3:.1f} ms; lost updates 0, torn reads 0"
    )
