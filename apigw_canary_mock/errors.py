"""Errors about the mock itself (never an AWS answer, never a ClientError).

A test that catches ``ClientError`` must not pass because the mock was misused, so these
errors share no base with botocore's exceptions.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable


class MockError(Exception):
    """Base of every error raised by apigw_canary_mock about itself."""


class MockUsageError(MockError):
    """The mock was used wrongly: bad options, stop() without start(), and the like."""


class UnemulatedOperationError(MockError):
    """An apigateway operation the mock does not emulate was called (fail closed)."""

    def __init__(self, operation: str, emulated: Iterable[str], hint: str = "") -> None:
        self.operation = operation
        self.emulated = tuple(sorted(emulated))
        super().__init__(
            f"apigw_canary_mock does not emulate the apigateway operation {operation!r}"
            f"{hint}. "
            f"Emulated operations ({len(self.emulated)}):\n{listing(self.emulated)}.\n"
            "To let unemulated operations go on down the botocore chain (for example to "
            "moto's mock_aws), use mock_apigateway(pass_through_unemulated=True)."
        )


def listing(names: Iterable[str]) -> str:
    """``names`` comma-separated, in indented lines of at most 100 characters (a list of
    about a hundred operations stays readable in a traceback)."""
    text = ", ".join(names) or "(none)"
    return textwrap.fill(
        text, width=100, initial_indent="    ", subsequent_indent="    ", break_on_hyphens=False
    )


class MockStateError(MockError):
    """A state file (``--state FILE``, ``mock_apigateway(state=...)``) can not be used: not a
    state file of this version (not SQLite, another application's, the old pickle format, a
    newer schema, corrupt), not a regular file, read-only, full, or locked by another process
    too long. The message names the file and the cause; a file that is not a usable state file
    is left as it was."""
