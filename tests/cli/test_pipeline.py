"""``python -m apigw_canary_mock run`` and ``show``: unmodified scripts and AWS CLI steps, each
its own process, sharing one state; the exit status is the command's; fail closed."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import textwrap
from pathlib import Path

import pytest

from apigw_canary_mock.cli.main import main

# Unmodified: no import of apigw_canary_mock, no endpoint URL, no credentials, no region.
SETUP_SCRIPT = """
import sys
import boto3

client = boto3.client("apigateway")
api = client.create_rest_api(name="orders")
root = api["rootResourceId"]
client.put_method(restApiId=api["id"], resourceId=root, httpMethod="GET", authorizationType="NONE")
client.put_integration(restApiId=api["id"], resourceId=root, httpMethod="GET", type="MOCK")
client.create_deployment(restApiId=api["id"], stageName="prod", description="v1")
print(api["id"])
sys.exit(int(sys.argv[1]) if len(sys.argv) > 1 else 0)
"""

CHECK_SCRIPT = """
import boto3

client = boto3.client("apigateway")
(api,) = client.get_rest_apis()["items"]
print(api["name"], client.get_stage(restApiId=api["id"], stageName="prod")["deploymentId"])
"""

# Four `aws apigateway` steps of a canary release, each its own process.
PIPELINE = """
set -e
API=$(aws apigateway get-rest-apis --query 'items[0].id' --output text)
aws apigateway create-deployment --rest-api-id "$API" --stage-name prod \\
    --description v2 --canary-settings 'percentTraffic=10,stageVariableOverrides={color=green}' \\
    --query id --output text
aws apigateway update-stage --rest-api-id "$API" --stage-name prod \\
    --patch-operations op=replace,path=/canarySettings/percentTraffic,value=50 \\
    --query canarySettings.percentTraffic --output text
aws apigateway update-stage --rest-api-id "$API" --stage-name prod --patch-operations \\
    op=copy,from=/canarySettings/deploymentId,path=/deploymentId \\
    op=copy,from=/canarySettings/stageVariableOverrides,path=/variables \\
    --query deploymentId --output text
aws apigateway update-stage --rest-api-id "$API" --stage-name prod \\
    --patch-operations op=remove,path=/canarySettings --query variables.color --output text
"""


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return str(path)


# The AWS CLI installed with the test extra lives beside this interpreter: find it there first
# (a pyenv or venv whose scripts directory is not on PATH would otherwise skip the CLI test).
PATH_WITH_SCRIPTS = os.pathsep.join((sysconfig.get_path("scripts"), os.environ.get("PATH", "")))


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ if env is None else env)
    env["PATH"] = PATH_WITH_SCRIPTS
    return subprocess.run(
        [sys.executable, "-m", "apigw_canary_mock", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


@pytest.mark.slow
def test_an_unmodified_script_runs_and_its_status_is_returned(tmp_path: Path) -> None:
    setup, check = (
        write(tmp_path, "setup.py", SETUP_SCRIPT),
        write(tmp_path, "check.py", CHECK_SCRIPT),
    )
    env = dict(os.environ)
    del env["AWS_DEFAULT_REGION"]  # run sets it from --region
    # No --state: one temporary state for the whole command, so both steps share it.
    steps = f"{sys.executable} {setup} && {sys.executable} {check}"
    done = run_cli("run", "--seed", "1", "--", "bash", "-c", steps, env=env)
    assert done.returncode == 0, done.stderr
    api_id, (name, deployment) = done.stdout.split()[0], done.stdout.split()[1:]
    assert name == "orders" and len(deployment) == 6 and len(api_id) == 10
    assert "apigw-canary-mock run: 1 stage change(s) (state temporary, deleted now)" in done.stderr
    assert f"orders ({api_id}) stage prod [123456789012 us-east-1]: created" in done.stderr
    # The exit status is the command's, and a failing step's state change is still kept.
    state = tmp_path / "state.db"
    failing = run_cli("run", "--state", str(state), "--", sys.executable, setup, "3")
    assert failing.returncode == 3, failing.stderr
    assert "stage prod [123456789012 us-east-1]: created" in failing.stderr
    assert state.exists()


@pytest.mark.slow
def test_an_unemulated_operation_stops_the_step(tmp_path: Path) -> None:
    script = write(
        tmp_path,
        "keys.py",
        """
        import boto3
        boto3.client("apigateway").get_api_keys()
        """,
    )
    done = run_cli("run", "--", sys.executable, script)
    assert done.returncode == 1
    assert "UnemulatedOperationError" in done.stderr
    assert "does not emulate the apigateway operation 'GetApiKeys'" in done.stderr


def test_run_refuses_a_bad_state_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "notes.txt"
    bad.write_text("not a database\n" * 100)
    assert main(["run", "--state", str(bad), "--", "true"]) == 2
    assert "not an SQLite database" in capsys.readouterr().err
    assert bad.read_text() == "not a database\n" * 100


@pytest.mark.slow
@pytest.mark.skipif(
    shutil.which("aws", path=PATH_WITH_SCRIPTS) is None, reason="the AWS CLI is not installed"
)
def test_a_pipeline_of_aws_cli_steps_shares_one_state_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    state = str(tmp_path / "rehearsal.db")
    setup = run_cli(
        "run", "--state", state, "--", sys.executable, write(tmp_path, "s.py", SETUP_SCRIPT)
    )
    assert setup.returncode == 0, setup.stderr
    api_id = setup.stdout.strip()
    pipeline = run_cli("run", "--state", state, "--", "bash", write(tmp_path, "p.sh", PIPELINE))
    assert pipeline.returncode == 0, pipeline.stderr
    canary_id, percent, promoted, color = pipeline.stdout.split()
    assert (percent, promoted, color) == ("50.0", canary_id, "green")
    summary = pipeline.stderr
    assert "apigw-canary-mock run: 4 stage change(s) (state kept in" in summary
    assert f"orders ({api_id}) stage prod [123456789012 us-east-1]: changed" in summary
    assert f"canary {canary_id} at 10% overrides color=green" in summary
    assert f"canary {canary_id} at 50%" in summary
    assert f"deployment {canary_id}, no canary" in summary

    assert main(["show", "--state", state]) == 0
    text = capsys.readouterr().out
    assert f"API orders ({api_id})  account 123456789012  us-east-1" in text
    stage_line = next(line for line in text.splitlines() if line.startswith("  prod "))
    assert stage_line.split()[:6] == ["prod", canary_id, "-", "-", "-", "color=green"]
    assert "last changes (5 of 5):" in text

    assert main(["show", "--state", state, "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    (api,) = document["apis"]
    assert (api["id"], api["name"], api["region"]) == (api_id, "orders", "us-east-1")
    (stage,) = api["stages"]
    assert stage["stageName"] == "prod" and stage["deploymentId"] == canary_id
    assert stage["canary"] is None and stage["variables"] == {"color": "green"}
    changes = document["lastChanges"]
    assert [c["operation"] for c in changes] == ["CreateDeployment"] * 2 + ["UpdateStage"] * 3
    assert [c["canary"] and c["canary"]["percentTraffic"] for c in changes] == [
        None,
        10.0,
        50.0,
        50.0,
        None,
    ]
    assert changes[3]["deploymentId"] == canary_id


@pytest.mark.slow
def test_unrelated_processes_pay_nothing_and_a_sitecustomize_still_runs(tmp_path: Path) -> None:
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    (theirs / "sitecustomize.py").write_text("import builtins\nbuiltins.THEIRS = 'chained'\n")
    env = {**os.environ, "PYTHONPATH": str(theirs)}
    probe = (
        "import builtins, sys; print(builtins.THEIRS, "
        "sorted(m for m in sys.modules if m.startswith(('botocore', 'apigw_canary_mock'))))"
    )
    done = run_cli("run", "--", sys.executable, "-c", probe, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["chained", "[]"]
