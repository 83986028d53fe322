"""Real clients, not botocore: the AWS CLI v2 and the AWS SDK for JavaScript v3 each run the
canary walkthrough (tests/cli/clients/) against ``serve`` and under ``run``, and see what boto3
sees in-process.

The CLI v2 is Debian's ``awscli`` package (v2, Python with its own copy of botocore) or any
``aws`` v2 on the machine; the JavaScript SDK is ``@aws-sdk/client-api-gateway``, installed
by ``npm ci`` in tests/cli/clients/js (.ci/run installs both where missing). A test is skipped,
with the reason, only when its client can not be found or installed.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from apigw_canary_mock import UnemulatedOperationError, mock_apigateway

pytestmark = pytest.mark.slow

CLIENTS = Path(__file__).parent / "clients"
JS_DIR = CLIENTS / "js"
SEED = 7
REGION = "us-east-1"
PYTHON = sys.executable


# -- the clients ------------------------------------------------------------------------------


def _cli_version(path: str) -> str:
    try:
        done = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=60)
    except OSError:
        return ""
    return (done.stdout + done.stderr).strip()


@pytest.fixture(scope="module")
def aws_cli_v2() -> str:
    """The path of an AWS CLI v2 (the ``aws`` first on PATH may be the pip v1)."""
    candidates = ["/usr/bin/aws", "/usr/local/bin/aws"]
    for directory in os.environ.get("PATH", "").split(os.pathsep):
        candidates.append(os.path.join(directory, "aws"))
    for path in dict.fromkeys(candidates):
        if os.access(path, os.X_OK) and _cli_version(path).startswith("aws-cli/2."):
            return path
    pytest.skip("no AWS CLI v2 on this machine (apt-get install awscli: .ci/run does)")


@pytest.fixture(scope="module")
def node_client() -> Path:
    """tests/cli/clients/js with @aws-sdk/client-api-gateway installed (npm ci if missing)."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        pytest.skip("node and npm are needed for the AWS SDK for JavaScript v3")
    if not (JS_DIR / "node_modules" / "@aws-sdk" / "client-api-gateway").is_dir():
        done = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund"],
            cwd=JS_DIR,
            capture_output=True,
            text=True,
            timeout=1200,
        )
        if done.returncode != 0:
            pytest.skip(f"npm ci could not install @aws-sdk/client-api-gateway: {done.stderr}")
    return JS_DIR


def client_env(**extra: str) -> dict[str, str]:
    """The environment of a client: no AWS set-up of this machine's, dummy credentials."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("AWS_") and key != "APIGW_CANARY_MOCK_RUN"
    }
    env.update(
        AWS_ACCESS_KEY_ID="AKIDEXAMPLE",
        AWS_SECRET_ACCESS_KEY="secret",
        AWS_DEFAULT_REGION=REGION,
        AWS_REGION=REGION,
        AWS_CONFIG_FILE=os.devnull,
        AWS_SHARED_CREDENTIALS_FILE=os.devnull,
        AWS_EC2_METADATA_DISABLED="true",
        AWS_PAGER="",
    )
    env.update(extra)
    return env


@contextlib.contextmanager
def serve() -> Iterator[str]:
    process = subprocess.Popen(
        [PYTHON, "-m", "apigw_canary_mock", "serve", "--port", "0", "--seed", str(SEED)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        yield process.stdout.readline().strip()
    finally:
        process.terminate()
        _, err = process.communicate(timeout=30)
        assert process.returncode == 0, err


# -- the reference: boto3 in-process ------------------------------------------------------------


def boto3_walkthrough() -> list[tuple[str, Any]]:
    """The walkthrough's steps through boto3 inside the mock: (step, output or error)."""
    steps: list[tuple[str, Any]] = []
    with mock_apigateway(seed=SEED):
        client = boto3.client("apigateway", region_name=REGION)

        def step(name: str, call: Any, **params: Any) -> None:
            try:
                output = call(**params)
            except ClientError as error:
                steps.append(
                    (
                        name,
                        {
                            "error": error.response["Error"]["Code"],
                            "message": error.response["Error"]["Message"],
                            "status": error.response["ResponseMetadata"]["HTTPStatusCode"],
                            "text": str(error),
                        },
                    )
                )
            except UnemulatedOperationError as error:
                steps.append((name, {"unemulated": error.operation}))
            else:
                output.pop("ResponseMetadata")
                steps.append((name, normal(output)))

        api = client.create_rest_api(name="orders", description="canary walkthrough")["id"]
        root = client.get_resources(restApiId=api)["items"][0]["id"]
        stage = {"restApiId": api, "stageName": "prod"}
        step("get-rest-api", client.get_rest_api, restApiId=api)
        step(
            "put-method",
            client.put_method,
            restApiId=api,
            resourceId=root,
            httpMethod="GET",
            authorizationType="NONE",
        )
        step(
            "put-integration",
            client.put_integration,
            restApiId=api,
            resourceId=root,
            httpMethod="GET",
            type="MOCK",
        )
        step("deploy", client.create_deployment, **stage, variables={"color": "blue"})
        step(
            "canary",
            client.create_deployment,
            **stage,
            canarySettings={"percentTraffic": 10, "stageVariableOverrides": {"color": "green"}},
        )
        step("stage-with-canary", client.get_stage, **stage)
        step(
            "ramp",
            client.update_stage,
            **stage,
            patchOperations=[
                {"op": "replace", "path": "/canarySettings/percentTraffic", "value": "50"}
            ],
        )
        step(
            "promote",
            client.update_stage,
            **stage,
            patchOperations=[
                {"op": "copy", "from": "/canarySettings/deploymentId", "path": "/deploymentId"},
                {
                    "op": "copy",
                    "from": "/canarySettings/stageVariableOverrides",
                    "path": "/variables",
                },
            ],
        )
        step(
            "remove-canary",
            client.update_stage,
            **stage,
            patchOperations=[{"op": "remove", "path": "/canarySettings"}],
        )
        step("stages", client.get_stages, restApiId=api)
        step("deployments", client.get_deployments, restApiId=api)
        step("not-found", client.get_stage, restApiId=api, stageName="nope")
        step("unemulated", client.get_api_keys)
    return steps


def normal(value: Any, key: str = "") -> Any:
    """``value`` with every date replaced by ``"<date>"`` (after checking it is one), numbers
    as floats: what is compared of each client's output."""
    if key.endswith("Date"):
        if isinstance(value, str):
            datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
        else:
            assert isinstance(value, datetime.datetime), (key, value)
        return "<date>"
    if isinstance(value, dict):
        return {k: normal(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [normal(item) for item in value]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return value


@pytest.fixture(scope="module")
def expected() -> list[tuple[str, Any]]:
    return boto3_walkthrough()


# -- the AWS CLI v2 ---------------------------------------------------------------------------


def cli_steps(stdout: str) -> list[tuple[str, Any]]:
    """The ``### step`` blocks of the CLI walkthrough: JSON output, or the error text."""
    steps: list[tuple[str, Any]] = []
    for block in stdout.split("### ")[1:]:
        name, _, text = block.partition("\n")
        text = text.strip()
        if text.startswith("{"):
            steps.append((name, normal(json.loads(text))))
        else:
            steps.append((name, text))
    return steps


#: Output members botocore's model has and an older AWS CLI v2's model may not (Debian's 2.9
#: predates them): its parser drops them from what the endpoint sent.
NEWER_MODEL_MEMBERS = frozenset({"ipAddressType", "rootResourceId"})


def as_the_cli_knows_it(want: Any, got: Any) -> Any:
    """``want`` without the NEWER_MODEL_MEMBERS that ``got`` (the CLI's output) lacks."""
    if isinstance(want, dict) and isinstance(got, dict):
        return {
            key: as_the_cli_knows_it(value, got.get(key))
            for key, value in want.items()
            if key in got or key not in NEWER_MODEL_MEMBERS
        }
    if isinstance(want, list) and isinstance(got, list) and len(want) == len(got):
        return [as_the_cli_knows_it(w, g) for w, g in zip(want, got, strict=True)]
    return want


def check_cli(steps: list[tuple[str, Any]], expected: list[tuple[str, Any]]) -> None:
    assert [name for name, _ in steps] == [name for name, _ in expected]
    for (name, got), (_, want) in zip(steps, expected, strict=True):
        if name == "unemulated":
            assert got.startswith(
                "An error occurred (UnemulatedOperationError) when calling the GetApiKeys "
                "operation: apigw_canary_mock does not emulate the apigateway operation "
                "'GetApiKeys'"
            ), got
            assert got.endswith("exit status 254"), got
        elif "error" in want:
            assert got == f"{want['text']}\nexit status 254", name
        else:
            assert got == as_the_cli_knows_it(want, got), name


def test_aws_cli_v2_walkthrough_against_serve(
    aws_cli_v2: str, expected: list[tuple[str, Any]]
) -> None:
    with serve() as url:
        done = subprocess.run(
            ["bash", str(CLIENTS / "aws_cli_walkthrough.sh")],
            env=client_env(AWS=aws_cli_v2, ENDPOINT=url),
            capture_output=True,
            text=True,
            timeout=1200,
        )
    assert done.returncode == 0, done.stderr
    check_cli(cli_steps(done.stdout), expected)


def test_aws_cli_v2_walkthrough_under_run(aws_cli_v2: str, expected: list[tuple[str, Any]]) -> None:
    """No endpoint given: the run's environment sends the CLI to the run's endpoint (the
    variable, or for a CLI older than it, the run's sitecustomize in its Python)."""
    env = client_env(AWS=aws_cli_v2)
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        del env[name]  # the run sets dummy ones
    done = subprocess.run(
        [
            PYTHON,
            "-m",
            "apigw_canary_mock",
            "run",
            "--seed",
            str(SEED),
            "--",
            "bash",
            str(CLIENTS / "aws_cli_walkthrough.sh"),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert done.returncode == 0, done.stderr
    check_cli(cli_steps(done.stdout), expected)
    assert "stage prod [123456789012 us-east-1]: created" in done.stderr
    assert "UpdateStage       deployment " in done.stderr


# -- the AWS SDK for JavaScript v3 ------------------------------------------------------------


def js_steps(stdout: str) -> list[tuple[str, Any]]:
    steps: list[tuple[str, Any]] = []
    for line in stdout.splitlines():
        record = json.loads(line)
        if "output" in record:
            steps.append((record["step"], normal(record["output"])))
        else:
            steps.append((record["step"], record["error"]))
    return steps


def check_js(steps: list[tuple[str, Any]], expected: list[tuple[str, Any]]) -> None:
    assert [name for name, _ in steps] == [name for name, _ in expected]
    for (name, got), (_, want) in zip(steps, expected, strict=True):
        if name == "unemulated":
            assert got["name"] == "UnemulatedOperationError" and got["status"] == 501, got
            assert "operation 'GetApiKeys'" in got["message"], got
        elif "error" in want:
            assert got == {
                "name": want["error"],
                "message": want["message"],
                "status": want["status"],
            }, name
        else:
            assert got == want, name


def test_js_sdk_v3_walkthrough_against_serve(
    node_client: Path, expected: list[tuple[str, Any]]
) -> None:
    with serve() as url:
        done = subprocess.run(
            ["node", "walkthrough.mjs"],
            cwd=node_client,
            env=client_env(AWS_ENDPOINT_URL_API_GATEWAY=url),
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert done.returncode == 0, done.stderr
    check_js(js_steps(done.stdout), expected)


def test_js_sdk_v3_walkthrough_under_run(
    node_client: Path, expected: list[tuple[str, Any]]
) -> None:
    env = client_env()
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION"):
        del env[name]  # the run sets dummy credentials, and AWS_REGION from its --region
    done = subprocess.run(
        [
            PYTHON,
            "-m",
            "apigw_canary_mock",
            "run",
            "--seed",
            str(SEED),
            "--",
            "node",
            "walkthrough.mjs",
        ],
        cwd=node_client,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    check_js(js_steps(done.stdout), expected)
    assert "stage prod [123456789012 us-east-1]: created" in done.stderr
