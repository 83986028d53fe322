"""Injected faults as data: make the next N matching calls fail with a given AWS error.

A fault is consumed by the engine (engine.dispatch) before the operation runs: the call is
answered with the AWS error, rendered exactly like the emulator's own errors, and the state is
untouched. (Retrying such an answer is the client's business: intercept.retries.)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from apigw_canary_mock.core.errors import ApiError
from apigw_canary_mock.core.evidence import rule
from apigw_canary_mock.engine.matching import params_match

__all__ = ["ERROR_STATUS", "Fault", "make_fault", "take_fault"]

INJECTED = rule(
    "injected-fault", "P", "an injected fault answers with the error the test asked for"
)

#: Known error codes: (HTTP status, default message). API Gateway's modelled errors first.
ERROR_STATUS: dict[str, tuple[int, str]] = {
    "BadRequestException": (400, "Bad Request"),
    "UnauthorizedException": (401, "Unauthorized"),
    "NotFoundException": (404, "Not Found"),
    "ConflictException": (
        409,
        "Unable to complete operation due to concurrent modification. Please try again later.",
    ),
    "LimitExceededException": (429, "Limit Exceeded"),
    "TooManyRequestsException": (429, "Too Many Requests"),
    "ServiceUnavailableException": (503, "Service Unavailable"),
    # Generic AWS errors any service may answer with.
    "AccessDeniedException": (403, "Access Denied"),
    "InternalFailure": (500, "Internal Failure"),
    "InternalServerError": (500, "Internal Server Error"),
    "ThrottlingException": (400, "Rate exceeded"),
    "RequestTimeout": (408, "Request Timeout"),
}


@dataclass(eq=False, slots=True)
class Fault:
    """The next ``times`` calls of ``operation`` matching ``match`` fail with ``code``.

    ``apigw.inject_fault(...)`` makes one and returns it; read ``consumed`` / ``remaining``
    as the test goes.
    """

    operation: str
    """The operation whose calls fail, such as ``"UpdateStage"``."""
    code: str
    """The AWS error code of the answer, such as ``"TooManyRequestsException"``."""
    message: str
    """The error message of the answer."""
    status: int
    """The HTTP status of the answer (400-599)."""
    times: int
    """How many matching calls fail."""
    match: Mapping[str, Any] = field(default_factory=dict)
    """A subset of the call's parameters (nested maps match as subsets) that must match."""
    region: str | None = None
    """Only calls in this region match (None: any region)."""
    consumed: int = 0
    """How many calls it answered so far."""

    @property
    def remaining(self) -> int:
        """How many more matching calls it will fail (``times - consumed``)."""
        return self.times - self.consumed

    @property
    def pending(self) -> bool:
        """Whether it is not used up yet."""
        return self.consumed < self.times

    def matches(self, operation: str, region: str, params: Mapping[str, Any]) -> bool:
        """Whether a call of ``operation`` in ``region`` with ``params`` is one it fails."""
        return (
            operation == self.operation
            and (self.region is None or region == self.region)
            and (not self.match or params_match(params, self.match))
        )

    def error(self) -> ApiError:
        """The error it answers with (internal: the engine renders it)."""
        return ApiError(self.code, self.message, self.status, INJECTED)

    def describe(self) -> str:
        """One line: ``UpdateStage, stageName='prod': TooManyRequestsException (429) 1/2
        consumed``."""
        where = "".join(f", {k}={v!r}" for k, v in self.match.items())
        if self.region is not None:
            where += f", region={self.region!r}"
        return (
            f"{self.operation}{where}: {self.code} ({self.status}) "
            f"{self.consumed}/{self.times} consumed"
        )

    def __repr__(self) -> str:
        return f"<Fault {self.describe()}>"


def make_fault(
    operation: str,
    code: str,
    *,
    times: int = 1,
    message: str | None = None,
    status: int | None = None,
    match: Mapping[str, Any] | None = None,
    region: str | None = None,
) -> Fault:
    """A checked Fault; ValueError says what is wrong with the arguments."""
    if not isinstance(code, str) or not code:
        raise ValueError(
            f"code must be an AWS error code such as 'TooManyRequestsException'; got {code!r}"
        )
    if isinstance(times, bool) or not isinstance(times, int) or times < 1:
        raise ValueError(f"times must be an int of at least 1; got {times!r}")
    known = ERROR_STATUS.get(code)
    if status is None:
        if known is None:
            raise ValueError(
                f"no HTTP status known for error code {code!r}: pass status= "
                f"(known codes: {', '.join(sorted(ERROR_STATUS))})"
            )
        status = known[0]
    if isinstance(status, bool) or not isinstance(status, int) or not 400 <= status <= 599:
        raise ValueError(f"status must be an HTTP error status (400-599); got {status!r}")
    if message is None:
        message = known[1] if known is not None else code
    elif not isinstance(message, str):
        raise ValueError(f"message must be a string or None; got {message!r}")
    if match is not None and not isinstance(match, Mapping):
        raise ValueError(f"match must be a mapping of parameters; got {match!r}")
    return Fault(operation, code, message, status, times, dict(match or {}), region)


def take_fault(
    faults: list[Fault], operation: str, region: str, params: Mapping[str, Any]
) -> Fault | None:
    """Consume the first pending fault matching this call (None: no fault answers it)."""
    for fault in faults:
        if fault.consumed < fault.times and fault.matches(operation, region, params):
            fault.consumed += 1
            return fault
    return None
