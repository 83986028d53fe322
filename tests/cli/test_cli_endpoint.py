"""The run's endpoint environment: the variables, and dummy credentials only where the user
has configured none (cli/endpoint.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from apigw_canary_mock.cli.endpoint import (
    DUMMY_CREDENTIALS,
    ENDPOINT_VARIABLE,
    IGNORE_VARIABLE,
    environment,
    has_credentials,
)
from apigw_canary_mock.cli.run import command_environment

URL = "http://127.0.0.1:4570"
PROXY = "http://127.0.0.1:4571"


def home(tmp_path: Path, files: dict[str, str]) -> dict[str, str]:
    (tmp_path / ".aws").mkdir(exist_ok=True)
    for name, text in files.items():
        (tmp_path / ".aws" / name).write_text(text)
    return {"HOME": str(tmp_path)}


def test_no_credentials_anywhere_gets_dummies(tmp_path: Path) -> None:
    variables = environment(URL, {"HOME": str(tmp_path)})
    assert variables == {ENDPOINT_VARIABLE: URL, IGNORE_VARIABLE: "false", **DUMMY_CREDENTIALS}


@pytest.mark.parametrize(
    "env",
    [
        {"AWS_ACCESS_KEY_ID": "AKIA"},
        {"AWS_PROFILE": "work"},
        {"AWS_DEFAULT_PROFILE": "work"},
        {"AWS_WEB_IDENTITY_TOKEN_FILE": "/token"},
        {"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials"},
    ],
)
def test_credentials_in_the_environment_are_left_alone(tmp_path: Path, env: dict[str, str]) -> None:
    assert has_credentials({"HOME": str(tmp_path), **env})
    assert not set(DUMMY_CREDENTIALS) & set(environment(URL, {"HOME": str(tmp_path), **env}))


@pytest.mark.parametrize(
    ("files", "configured"),
    [
        ({"credentials": "[default]\naws_access_key_id = AKIA\n"}, True),
        ({"config": "[default]\ncredential_process = /bin/creds\n"}, True),
        ({"config": "[default]\nsso_session = corp\n"}, True),
        ({"config": "[profile default]\nrole_arn = arn:aws:iam::1:role/x\n"}, True),
        ({"config": "[default]\nregion = eu-west-1\n"}, False),  # a region is no credential
        ({"credentials": "[other]\naws_access_key_id = AKIA\n"}, False),  # not the default
        ({"config": "not an ini file ["}, True),  # unreadable: assume the user's set-up
    ],
)
def test_credentials_in_the_aws_files(
    tmp_path: Path, files: dict[str, str], configured: bool
) -> None:
    assert has_credentials(home(tmp_path, files)) is configured


def test_the_files_named_by_the_environment_are_read(tmp_path: Path) -> None:
    credentials = tmp_path / "creds"
    credentials.write_text("[default]\naws_access_key_id = AKIA\n")
    env = {"HOME": str(tmp_path / "nowhere"), "AWS_SHARED_CREDENTIALS_FILE": str(credentials)}
    assert has_credentials(env)


def test_the_run_sets_both_region_variables(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for name in ("AWS_REGION", "AWS_DEFAULT_REGION"):
        monkeypatch.delenv(name, raising=False)
    env = command_environment(str(tmp_path), "state.db", "123456789012", "eu-west-3", URL, PROXY)
    assert (env["AWS_REGION"], env["AWS_DEFAULT_REGION"]) == ("eu-west-3", "eu-west-3")
    monkeypatch.setenv("AWS_REGION", "ap-south-1")  # the user's region wins, for both
    env = command_environment(str(tmp_path), "state.db", "123456789012", "eu-west-3", URL, PROXY)
    assert (env["AWS_REGION"], env["AWS_DEFAULT_REGION"]) == ("ap-south-1", "ap-south-1")
    assert env[ENDPOINT_VARIABLE] == URL
    assert (env["HTTPS_PROXY"], env["https_proxy"], env["NODE_USE_ENV_PROXY"]) == (
        PROXY,
        PROXY,
        "1",
    )
