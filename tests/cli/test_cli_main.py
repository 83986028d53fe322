"""The command line's surface: the console script, ``--version``, ``show FILE``, and one style
for every error line (``apigw-canary-mock <command>: error: <message>``), argparse's included.
The texts are pinned: scripts and people read them."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from pathlib import Path

import boto3
import pytest

import apigw_canary_mock
from apigw_canary_mock import mock_apigateway
from apigw_canary_mock.cli import prog, sitecustomize
from apigw_canary_mock.cli.main import main

VERSION = f"apigw-canary-mock {apigw_canary_mock.__version__}\n"
SCRIPT = Path(sys.executable).with_name("apigw-canary-mock")


def fails(argv: list[str], capsys: pytest.CaptureFixture[str], status: int = 2) -> str:
    """The stderr of a command line that fails with ``status`` (by return or SystemExit)."""
    try:
        code = main(argv)
    except SystemExit as exit_info:
        code = exit_info.code  # type: ignore[assignment]
    captured = capsys.readouterr()
    assert code == status, captured
    assert captured.out == ""
    return captured.err


def last_line(err: str) -> str:
    lines = err.splitlines()
    assert lines, "nothing on stderr"
    return lines[-1]


@pytest.fixture
def state_file(tmp_path: Path) -> Path:
    path = tmp_path / "rehearsal.db"
    with mock_apigateway(state=str(path)) as apigw:
        api_id = apigw.create_deployable_api("orders")
        boto3.client("apigateway", region_name="us-east-1").create_deployment(
            restApiId=api_id, stageName="prod"
        )
    return path


# -- --version and the console script --------------------------------------------------------


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out == VERSION


@pytest.mark.slow
def test_the_console_script_and_python_dash_m_are_one_command() -> None:
    assert SCRIPT.exists(), f"{SCRIPT}: the console script is not installed"
    for argv in ([str(SCRIPT)], [sys.executable, "-m", "apigw_canary_mock"]):
        done = subprocess.run([*argv, "--version"], capture_output=True, text=True, timeout=60)
        assert (done.returncode, done.stdout, done.stderr) == (0, VERSION, "")
        done = subprocess.run([*argv, "show"], capture_output=True, text=True, timeout=60)
        assert done.returncode == 2
        assert done.stderr.splitlines()[0].startswith("usage: apigw-canary-mock show ")
        assert last_line(done.stderr) == (
            "apigw-canary-mock show: error: a state file is required: show FILE"
        )


# -- one error style -------------------------------------------------------------------------


def test_the_error_style_is_one_everywhere() -> None:
    assert prog.error("run", "x") == "apigw-canary-mock run: error: x"
    # The run's sitecustomize can not import it (stdlib only): it has its own copy.
    assert prog.error("run", "") == sitecustomize.ERROR_PREFIX


@pytest.mark.parametrize(
    ("argv", "error"),
    [
        ([], "apigw-canary-mock: error: the following arguments are required: COMMAND"),
        (
            ["deploy"],
            # the choices' quoting depends on the Python version
            "apigw-canary-mock: error: argument COMMAND: invalid choice: 'deploy' (choose from *",
        ),
        (
            ["demo", "--region", "us east 1"],
            "apigw-canary-mock demo: error: argument --region: region must be an AWS region "
            "name such as 'us-east-1' (letters, digits and hyphens, as botocore accepts); "
            "got 'us east 1'",
        ),
        (
            ["run"],
            "apigw-canary-mock run: error: a command to run is required: "
            "run [options] -- COMMAND [ARGS...]",
        ),
        (
            ["run", "--seed", "x", "--", "true"],
            "apigw-canary-mock run: error: argument --seed: invalid int value: 'x'",
        ),
        (
            ["run", "--account-id", "42", "--", "true"],
            "apigw-canary-mock run: error: argument --account-id: account_id must be a string "
            "of 12 digits, like '123456789012'; got '42'",
        ),
        (["show"], "apigw-canary-mock show: error: a state file is required: show FILE"),
        (
            ["show", "a.db", "--state", "b.db"],
            "apigw-canary-mock show: error: FILE and --state name two files ('a.db', 'b.db'): "
            "give one",
        ),
        (
            ["show", "--jsn", "a.db"],
            "apigw-canary-mock: error: unrecognized arguments: --jsn",
        ),
    ],
)
def test_usage_errors(argv: list[str], error: str, capsys: pytest.CaptureFixture[str]) -> None:
    err = fails(argv, capsys)
    assert err.startswith("usage: apigw-canary-mock")
    if error.endswith("*"):
        assert last_line(err).startswith(error[:-1])
    else:
        assert last_line(err) == error


def test_errors_of_the_commands_themselves(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "missing.db"
    assert fails(["show", str(missing)], capsys) == (
        f"apigw-canary-mock show: error: {missing}: no such state file\n"
    )
    assert not missing.exists()
    notes = tmp_path / "notes.txt"
    notes.write_text("not a database\n" * 100)
    err = fails(["run", "--state", str(notes), "--", "true"], capsys)
    assert err.startswith(f"apigw-canary-mock run: error: {notes}: not an ")
    assert len(err.splitlines()) == 1


def test_every_error_line_has_the_prefix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    runs = [
        ["run", "--", "/nonexistent/command"],
        ["show", str(tmp_path)],
        ["show", "--state", str(tmp_path / "x.db")],
        ["run", "--state", str(tmp_path), "--", "true"],
    ]
    for argv in runs:
        with contextlib.suppress(SystemExit):
            main(argv)
        for line in capsys.readouterr().err.splitlines():
            assert line.startswith(f"apigw-canary-mock {argv[0]}: error: "), (argv, line)


# -- show FILE ---------------------------------------------------------------------------------


def test_show_takes_the_file_as_a_positional_or_as_state(
    state_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outputs = []
    for argv in (
        ["show", str(state_file)],
        ["show", "--state", str(state_file)],
        ["show", str(state_file), "--state", str(state_file)],  # the same file twice: fine
        ["show", os.path.relpath(state_file), "--state", str(state_file)],
    ):
        assert main(argv) == 0
        captured = capsys.readouterr()
        assert captured.err == ""
        outputs.append(captured.out)
    assert outputs[0].startswith(f"state file {state_file} (schema ")
    assert "API orders (" in outputs[0]
    assert outputs[:3] == [outputs[0]] * 3
    # The file as the first name gives it (here: relative), then the same tables.
    assert outputs[3].startswith(f"state file {os.path.relpath(state_file)} (schema ")
    assert outputs[3].splitlines()[1:] == outputs[0].splitlines()[1:]
    assert main(["show", "--json", str(state_file)]) == 0
    assert capsys.readouterr().out.startswith("{\n")


@pytest.mark.slow
@pytest.mark.parametrize("unbuffered", ["", "1"])
def test_a_reader_that_stops_early_is_no_error(
    state_file: Path, unbuffered: str, tmp_path: Path
) -> None:
    # `demo | head -1`: before, a BrokenPipeError traceback (demo), or one at exit.
    env = {**os.environ, "PYTHONUNBUFFERED": unbuffered}
    for argv in (["demo"], ["show", str(state_file)]):
        process = subprocess.Popen(
            [sys.executable, "-m", "apigw_canary_mock", *argv],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        assert process.stdout is not None and process.stderr is not None
        process.stdout.close()  # the reader is gone before the first line
        with process.stderr:
            err = process.stderr.read()
        assert (process.wait(timeout=60), err) == (0, b""), argv
