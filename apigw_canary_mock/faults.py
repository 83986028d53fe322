"""Injected faults: make the next N matching calls fail with a given AWS error.

A fault is consumed by wire.dispatch before the operation runs: the call is answered with
the AWS error, rendered exactly like the emulator's own errors, and the state is untouched.

Retries: botocore retries in ``Endpoint._send_request``, which the mock's ``before-call``
short-circuit never reaches. ``answer_with_retries`` replays that loop around one answer so
the client's own retry handlers (legacy, standard or adaptive mode, its ``max_attempts``)
decide, without sleeping.
"""

from __future__ import annotations

import inspect
import uuid
from collections.abc import Awaitable, Callable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from apigw_canary_mock.calls import params_match
from apigw_canary_mock.core.errors import ApiError

__all__ = [
    "ERROR_STATUS",
    "Fault",
    "answer_with_retries",
    "make_fault",
    "retry_after",
    "single_attempt",
    "take_fault",
]

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
    """The next ``times`` calls of ``operation`` matching ``match`` fail with ``code``."""

    operation: str
    code: str
    message: str
    status: int
    times: int
    #: A subset of the call's parameters (nested maps match as subsets) that must match.
    match: Mapping[str, Any] = field(default_factory=dict)
    #: Only calls in this region match (None: any region).
    region: str | None = None
    consumed: int = 0

    @property
    def remaining(self) -> int:
        return self.times - self.consumed

    @property
    def pending(self) -> bool:
        return self.consumed < self.times

    def matches(self, operation: str, region: str, params: Mapping[str, Any]) -> bool:
        return (
            operation == self.operation
            and (self.region is None or region == self.region)
            and (not self.match or params_match(params, self.match))
        )

    def error(self) -> ApiError:
        return ApiError(self.code, self.message, self.status)

    def describe(self) -> str:
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
) -> ApiError | None:
    """Consume the first pending fault matching this call: its error, or None."""
    for fault in faults:
        if fault.consumed < fault.times and fault.matches(operation, region, params):
            fault.consumed += 1
            return fault.error()
    return None


# -- retries ----------------------------------------------------------------------------

Answer = tuple[Any, dict[str, Any]]


def answer_with_retries(
    events: Any,
    operation_model: Any,
    request_dict_or_context: MutableMapping[str, Any],
    answer_once: Callable[[], Answer],
    *,
    endpoint: Any = None,
) -> Any:
    """Answer a call as botocore's ``Endpoint._send_request`` would, retries included.

    Returns ``(http_response, parsed)``; for an aiobotocore client (whose emitter is async)
    that needs the retry handlers, a coroutine of it, which aiobotocore's ``before-call``
    emitter awaits. A first-attempt success is returned as is for both kinds of client.

    ``events``: the client's own emitter (``client.meta.events``), where botocore registered
    its retry handlers for the client's retry mode. ``operation_model``: the call's
    OperationModel. ``request_dict_or_context``: the ``params`` (request dict) a
    ``before-call`` handler receives, or just its ``context`` dict. ``answer_once``: a
    function answering one attempt with ``(http_response, parsed)`` (e.g. a closure over
    ``wire.dispatch``).

    Loop: answer once; for an error answer, emit ``needs-retry.<service-id>.<Operation>``
    with the keyword arguments botocore's Endpoint passes (response, endpoint, operation,
    attempts, caught_exception, request_dict). When a handler asks for a retry (returns a
    delay), the delay is NOT slept; the attempt counter goes up and the call is answered
    again (so an injected fault with ``times=N`` fails N attempts). Finally
    ``ResponseMetadata.RetryAttempts`` is set to the number of retries, and the handlers
    themselves set ``MaxAttemptsReached`` when they give up, as against AWS.

    After a retry, the event is emitted for every answer, success included, exactly as
    the Endpoint does (botocore's standard mode marks a success on the last allowed attempt
    with ``MaxAttemptsReached``). A first-attempt success skips the event (it costs ~5 µs
    and botocore's handlers never retry a 2xx answer), except when the client's config
    allows a single attempt (``total_max_attempts`` 1), where standard mode marks it too.
    The adaptive mode's client-side rate limiter waits in ``before-send``, which the
    short-circuit never emits, so it never sleeps either.

    Usage from the ``before-call`` handler registered on a client (interception.py)::

        events = client.meta.events

        def answer(model, params, context, **kwargs):   # params: botocore's request dict
            user_params = context[_CTX_PARAMS]
            return answer_with_retries(
                events, model, params,
                lambda: wire.dispatch(mock.state, account_id, region, model, user_params,
                                      timestamp_parser),
            )
    """
    first = answer_once()
    if first[0].status_code < 300 and not single_attempt(_request_dict(request_dict_or_context)[1]):
        return first
    return retry_after(events, operation_model, request_dict_or_context, answer_once, first)


def retry_after(
    events: Any,
    operation_model: Any,
    request_dict_or_context: MutableMapping[str, Any],
    answer_once: Callable[[], Answer],
    first: Answer,
    *,
    endpoint: Any = None,
) -> Any:
    """The rest of ``answer_with_retries`` once the first attempt gave ``first``.

    For callers answering the first attempt themselves (interception.py), which return a
    first-attempt success as is when ``single_attempt`` is false, and come here otherwise.
    """
    request_dict, context = _request_dict(request_dict_or_context)
    http, parsed = first
    retries = _start_retries(context)
    event_name = _event_name(operation_model)

    def emit(answer: Answer, attempts: int) -> Any:
        return events.emit(
            event_name,
            response=answer,
            endpoint=endpoint,
            operation=operation_model,
            attempts=attempts,
            caught_exception=None,
            request_dict=request_dict,
        )

    attempts = 1
    responses = emit((http, parsed), attempts)
    if inspect.isawaitable(responses):
        # aiobotocore: its emitter is async. Go on in a coroutine; aiobotocore's before-call
        # emitter awaits a handler's coroutine result.
        return _retry_async(responses, emit, answer_once, (http, parsed), retries)
    while True:
        delay = _first_non_none(responses)
        if delay is None or delay is False:
            break
        attempts += 1
        retries["attempt"] = attempts
        http, parsed = answer_once()
        responses = emit((http, parsed), attempts)
    return _finish(http, parsed, attempts)


async def _retry_async(
    first_responses: Awaitable[Any],
    emit: Callable[[Answer, int], Any],
    answer_once: Callable[[], Answer],
    answer: Answer,
    retries: dict[str, Any],
) -> Answer:
    attempts = 1
    responses = await first_responses
    while True:
        delay = _first_non_none(responses)
        if delay is None or delay is False:
            break
        attempts += 1
        retries["attempt"] = attempts
        answer = answer_once()
        responses = await emit(answer, attempts)
    return _finish(answer[0], answer[1], attempts)


def _request_dict(
    request_dict_or_context: MutableMapping[str, Any],
) -> tuple[MutableMapping[str, Any], MutableMapping[str, Any]]:
    if "context" in request_dict_or_context:
        request_dict = request_dict_or_context
    else:
        request_dict = {"context": request_dict_or_context}
    return request_dict, request_dict["context"]


def _start_retries(context: MutableMapping[str, Any]) -> dict[str, Any]:
    """Endpoint._update_retries_context for the first attempt (legacy mode reads it)."""
    retries: dict[str, Any] = context.setdefault("retries", {})
    retries["attempt"] = 1
    retries.setdefault("invocation-id", str(uuid.uuid4()))
    return retries


def _event_name(operation_model: Any) -> str:
    service_id = operation_model.service_model.service_id.hyphenize()
    return f"needs-retry.{service_id}.{operation_model.name}"


def _finish(http: Any, parsed: dict[str, Any], attempts: int) -> Answer:
    metadata = parsed.get("ResponseMetadata")
    if metadata is not None:
        # As the Endpoint does: retries, not attempts.
        metadata["RetryAttempts"] = attempts - 1
    return http, parsed


def single_attempt(context: Mapping[str, Any]) -> bool:
    """Whether the client's config allows one attempt only (``total_max_attempts`` 1).

    Then botocore's standard and adaptive handlers mark even a first-attempt success with
    ``MaxAttemptsReached``, so the event must be emitted for it too.
    """
    retries = getattr(context.get("client_config"), "retries", None)
    if retries is None:  # the common case, without the ABC check
        return False
    return isinstance(retries, Mapping) and retries.get("total_max_attempts") == 1


def _first_non_none(responses: Sequence[tuple[Any, Any]]) -> Any:
    for _, response in responses:
        if response is not None:
            return response
    return None
