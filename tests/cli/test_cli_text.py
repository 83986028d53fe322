"""What the command line prints for people: names a client chose are printed escaped (a name
can not clear the screen or fake a line), ``--json`` stays exact; one table renderer."""

from __future__ import annotations

import json
import re
from pathlib import Path

import boto3
import pytest

from apigw_canary_mock import mock_apigateway
from apigw_canary_mock.cli.main import main
from apigw_canary_mock.cli.run import _stages, summary
from apigw_canary_mock.persistence import SqliteStateStore
from apigw_canary_mock.text import pairs, printable, table, utc_time

NASTY = "orders\x1b[2J\nAPI fake (x) stage prod: created\t\u202eend\\"
ESCAPED = "orders\\x1b[2J\\nAPI fake (x) stage prod: created\\t\\u202eend\\\\"


@pytest.fixture
def state_file(tmp_path: Path) -> tuple[Path, str, str]:
    """A state file holding an API named NASTY, with a stage; its id and the deployment's."""
    path = tmp_path / "nasty.db"
    with mock_apigateway(state=str(path), seed=1) as apigw:
        api_id = apigw.create_deployable_api(NASTY)
        deployment = boto3.client("apigateway", region_name="us-east-1").create_deployment(
            restApiId=api_id, stageName="prod"
        )
    return path, api_id, deployment["id"]


def test_printable_escapes_what_a_terminal_acts_on() -> None:
    assert printable(NASTY) == ESCAPED
    assert printable("commandes-été 注文 v1.2") == "commandes-été 注文 v1.2"
    assert printable("\x00\x7f\x85\U000e0001") == "\\x00\\x7f\\x85\\U000e0001"


def test_show_prints_names_escaped(
    state_file: tuple[Path, str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    # Before: the name went to the terminal as it was (an escape sequence, a fake line).
    path, api_id, _ = state_file
    assert main(["show", "--state", str(path)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\t" not in out and "\u202e" not in out
    assert f"\nAPI {ESCAPED} ({api_id})  account 123456789012  us-east-1\n" in out
    assert not any(line.startswith("API fake") for line in out.splitlines())


def test_show_json_keeps_names_exact(
    state_file: tuple[Path, str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    path, _, _ = state_file
    assert main(["show", "--state", str(path), "--json"]) == 0
    (api,) = json.loads(capsys.readouterr().out)["apis"]
    assert api["name"] == NASTY


def test_the_run_summary_prints_names_escaped(state_file: tuple[Path, str, str]) -> None:
    # Before: the summary wrote the name as it was, on stderr.
    path, api_id, deployment_id = state_file
    store = SqliteStateStore(str(path))
    try:
        text = summary({}, _stages(store), store.history_rows(), str(path))
    finally:
        store.close()
    assert text.splitlines() == [
        f"apigw-canary-mock run: 1 stage change(s) (state kept in {path})",
        f"  {ESCAPED} ({api_id}) stage prod [123456789012 us-east-1]: created",
        f"    CreateDeployment  deployment {deployment_id}, no canary",
    ]


def test_one_table_renderer_and_one_time_format() -> None:
    assert table([("name", "n"), ("a\nb", "1"), ("c", "22")]) == [
        "  name  n",
        "  ----  --",
        "  a\\nb  1",
        "  c     22",
    ]
    assert utc_time(0) == "1970-01-01T00:00:00Z"
    assert pairs({}) == "-" and pairs({"a": "1", "b": "2"}) == "a=1, b=2"


def test_demo_prints_the_rollout(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--region", "eu-west-1"]) == 0
    out = capsys.readouterr().out
    assert re.match(r"REST API \w{10} \(orders-api\) in eu-west-1, stage 'prod'\n", out)
    steps = [line.split()[0] for line in out.splitlines() if re.match(r"\d\. ", line)]
    assert steps == ["1.", "2.", "3.", "4.", "5.", "6.", "7."]  # before: 3. twice
    assert "percentTraffic=50.0" in out and "canary=none" in out
    assert "7. canary on a missing stage -> BadRequestException: Invalid deployment content" in out
    assert out.endswith("\nDone: no AWS account, no network.\n")
