"""Command line: ``python -m apigw_canary_mock demo``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m apigw_canary_mock",
        description="An in-memory Amazon API Gateway for testing canary releases.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    demo = commands.add_parser(
        "demo", help="run a canary rollout (create, ramp, promote, remove) against the mock"
    )
    demo.add_argument("--region", default="us-east-1", help="AWS region of the demo client")
    args = parser.parse_args(argv)

    if args.command == "demo":
        from apigw_canary_mock.demo import run_demo

        return run_demo(region=args.region, out=sys.stdout)
    parser.error(f"unknown command {args.command!r}")  # argparse exits; kept for type checkers
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
