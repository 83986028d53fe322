"""Errors about the mock itself (never an AWS answer, never a ClientError).

A test that catches ``ClientError`` must not pass because the mock was misused, so these
errors share no base with botocore's exceptions.

Internal: not part of the public API (its names may change in any release); the public
names are those of ``apigw_canary_mock`` itself.
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
        """The operation that was called, such as ``"GetUsagePlans"``."""
        self.emulated = tuple(sorted(emulated))
        """The operations the mock emulates, sorted."""
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


class UnmockedCallError(MockUsageError):
    """An apigateway call made while no mock was active anywhere, refused by the guard
    (pytest ``--apigw-block-unmocked``, ini ``apigw_block_unmocked = true``): it was neither
    sent to AWS nor signed with the credentials the machine may have."""

    def __init__(self, operation: str | None, blocked_by: str) -> None:
        self.operation = operation
        """The operation that was called (None when it could not be told)."""
        self.blocked_by = blocked_by
        """What turned the guard on (``--apigw-block-unmocked``, the ini option...)."""
        call = "an apigateway call" if operation is None else f"the apigateway call {operation}"
        super().__init__(
            f"{call} was made outside any mock: blocked by {blocked_by}, so it was not sent "
            "to AWS. Make it inside a mock: the apigateway_mock fixture, @mock_apigateway or "
            "`with mock_apigateway():`"
        )

    def __reduce__(self) -> tuple[type[UnmockedCallError], tuple[str | None, str]]:
        # Raised in an xdist worker, it is pickled: rebuild it from its arguments.
        return (type(self), (self.operation, self.blocked_by))
