"""``apigw-canary-mock demo | run | serve | show`` (or ``python -m apigw_canary_mock ...``):
the arguments, and the command they name."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from apigw_canary_mock._version import __version__
from apigw_canary_mock.cli import prog
from apigw_canary_mock.cli.demo import run_demo
from apigw_canary_mock.cli.run import run as run_command
from apigw_canary_mock.cli.serve import serve as serve_command
from apigw_canary_mock.cli.show import show as show_state
from apigw_canary_mock.core.defaults import DEFAULT_ACCOUNT_ID, DEFAULT_REGION
from apigw_canary_mock.errors import MockError, MockUsageError
from apigw_canary_mock.inspection.checks import check_region
from apigw_canary_mock.options import check_account_id
from apigw_canary_mock.text import printable


def _region(value: str) -> str:
    """argparse type: a region name botocore accepts (else a usage error, exit 2)."""
    try:
        return check_region(value)
    except MockUsageError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _port(value: str) -> int:
    """argparse type: a TCP port number, 0 for a free one."""
    try:
        port = int(value)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"a port is a number from 0 to 65535; got {value!r}")
    return port


def _account_id(value: str) -> str:
    """argparse type: 12 digits (else a usage error, exit 2)."""
    try:
        return check_account_id(value)
    except MockUsageError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def parser() -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    """The parser, and its subparsers by command (for their own usage errors)."""
    top = argparse.ArgumentParser(
        prog=prog.PROG,
        description="An in-memory Amazon API Gateway for testing canary releases.",
    )
    top.add_argument("--version", action="version", version=f"{prog.PROG} {__version__}")
    commands = top.add_subparsers(dest="subcommand", metavar="COMMAND", required=True)
    demo = commands.add_parser(
        "demo", help="run a canary rollout (create, ramp, promote, remove) against the mock"
    )
    demo.add_argument(
        "--region", type=_region, default=DEFAULT_REGION, help="AWS region of the demo client"
    )
    run = commands.add_parser(
        "run",
        help="run a command with the mock active in it and in every Python process it starts",
        description=(
            "Run COMMAND with the mock answering every apigateway call of its Python processes "
            "(boto3 scripts, the AWS CLI), all sharing one state; other processes' apigateway "
            "calls fail closed. SIGINT/SIGTERM go to COMMAND. Exit status: COMMAND's."
        ),
    )
    run.add_argument(
        "--state",
        metavar="FILE",
        help="keep the state in this SQLite file (created if missing; default: a temporary "
        "file for the run)",
    )
    run.add_argument(
        "--account-id",
        type=_account_id,
        default=DEFAULT_ACCOUNT_ID,
        help="the account of every client",
    )
    run.add_argument(
        "--region",
        type=_region,
        default=DEFAULT_REGION,
        help="AWS_DEFAULT_REGION for the command, if unset",
    )
    run.add_argument("--seed", type=int, help="seed of the ids of a new state file")
    run.add_argument(
        "argv", metavar="COMMAND", nargs=argparse.REMAINDER, help="-- COMMAND [ARGS...]"
    )
    serve = commands.add_parser(
        "serve",
        help="answer any AWS SDK or the AWS CLI v2 on a local endpoint "
        "(AWS_ENDPOINT_URL_API_GATEWAY)",
        description=(
            "Serve the emulator over HTTP, speaking API Gateway's REST-JSON protocol, until "
            "SIGINT or SIGTERM. Prints the URL alone on stdout. Any signature and any "
            "credentials are accepted; nothing is checked against AWS."
        ),
    )
    serve.add_argument(
        "--state",
        metavar="FILE",
        help="keep the state in this SQLite file, shared live with in-process mocks, run and "
        "other servers (default: in memory)",
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (loopback)")
    serve.add_argument(
        "--port", type=_port, default=4570, help="port to listen on (0: a free one, printed)"
    )
    serve.add_argument(
        "--account-id",
        type=_account_id,
        default=DEFAULT_ACCOUNT_ID,
        help="the account of every client",
    )
    serve.add_argument(
        "--region",
        type=_region,
        default=DEFAULT_REGION,
        help="the region of a request that names none (unsigned); signed requests name theirs",
    )
    serve.add_argument("--seed", type=int, help="seed of the ids of a new state")
    show = commands.add_parser("show", help="print the APIs, stages, canaries of a state file")
    show.add_argument("file", metavar="FILE", nargs="?", help="the state file")
    show.add_argument("--state", metavar="FILE", help="the state file (the same as FILE)")
    show.add_argument("--json", action="store_true", help="JSON for machines")
    return top, {"demo": demo, "run": run, "serve": serve, "show": show}


def _show_file(args: argparse.Namespace, show: argparse.ArgumentParser) -> str:
    """``show FILE`` or ``show --state FILE`` (both: they must name the same file)."""
    named: list[str] = [name for name in (args.file, args.state) if name is not None]
    if not named:
        show.error("a state file is required: show FILE")
    if len(named) == 2 and os.path.abspath(named[0]) != os.path.abspath(named[1]):
        show.error(f"FILE and --state name two files ({named[0]!r}, {named[1]!r}): give one")
    return named[0]


def main(argv: Sequence[str] | None = None) -> int:
    top, commands = parser()
    args = top.parse_args(argv)
    try:
        if args.subcommand == "run":
            command = list(args.argv)
            if command[:1] == ["--"]:
                command = command[1:]
            if not command:
                commands["run"].error(
                    "a command to run is required: run [options] -- COMMAND [ARGS...]"
                )
            return run_command(
                command,
                state=args.state,
                account_id=args.account_id,
                region=args.region,
                seed=args.seed,
                err=sys.stderr,
            )
        if args.subcommand == "serve":
            return serve_command(
                state=args.state,
                host=args.host,
                port=args.port,
                account_id=args.account_id,
                region=args.region,
                seed=args.seed,
                out=sys.stdout,
                err=sys.stderr,
            )
        try:
            if args.subcommand == "demo":
                status = run_demo(region=args.region, out=sys.stdout)
            else:
                state = _show_file(args, commands["show"])
                status = show_state(state, as_json=args.json, out=sys.stdout)
            sys.stdout.flush()  # a reader gone shows here, not at exit
            return status
        except BrokenPipeError:  # `demo | head`: the reader has all it wanted
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 0
    except MockError as error:
        print(prog.error(args.subcommand, printable(str(error))), file=sys.stderr)
        return 2
