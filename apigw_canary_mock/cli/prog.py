"""The command line's name, and its one style of error line.

Every error the command line prints (its own, and argparse's usage errors, whose ``prog`` is
this name) reads ``apigw-canary-mock <command>: error: <message>``, however it was started
(``apigw-canary-mock``, ``python -m apigw_canary_mock``).
"""

from __future__ import annotations

#: The console script's name, and the ``prog`` of the parser.
PROG = "apigw-canary-mock"


def prefix(command: str) -> str:
    """What starts every line ``command`` prints about itself: ``apigw-canary-mock run``."""
    return f"{PROG} {command}"


def error(command: str, message: str) -> str:
    """An error line of ``command`` (no newline)."""
    return f"{prefix(command)}: error: {message}"
