"""Retry replay: botocore's retry loop around an emulated answer, without sleeping.

botocore retries in ``Endpoint._send_request``, which a call the mock answers never reaches.
``answer_with_retries`` replays that loop around one answer so the client's own retry handlers
(legacy, standard or adaptive mode, its ``max_attempts``) decide: for an error answer it emits
``needs-retry.<service-id>.<Operation>`` with the keyword arguments botocore's Endpoint passes;
when a handler asks for a retry (returns a delay) the delay is NOT slept, the attempt counter
goes up and the call is answered again (so an injected fault with ``times=N`` fails N attempts).
Finally ``ResponseMetadata.RetryAttempts`` is the number of retries; the handlers themselves set
``MaxAttemptsReached`` when they give up, as against AWS.

After a retry the event is emitted for every answer, success included, as the Endpoint does
(standard mode marks a success on the last allowed attempt). A first-attempt success skips it
(botocore's handlers never retry a 2xx answer), except when the client allows a single attempt
(``total_max_attempts`` 1), where standard mode marks it too. The adaptive mode's rate limiter
waits in ``before-send``, which is never emitted, so it never sleeps either.

The loop is written once, as steps (``_steps``); a sync client's emitter runs them directly, an
aiobotocore client's async emitter through a coroutine: only the ``await`` differs.
"""

from __future__ import annotations

import inspect
import uuid
from collections.abc import Awaitable, Callable, Generator, Mapping, MutableMapping, Sequence
from typing import Any

Answer = tuple[Any, dict[str, Any]]
# What _steps yields (an answer and its attempt number) and is sent back (the handlers' replies).
_Steps = Generator[tuple[Answer, int], Sequence[tuple[Any, Any]], Answer]


def answer_with_retries(
    events: Any,
    operation_model: Any,
    request_dict_or_context: MutableMapping[str, Any],
    answer_once: Callable[[], Answer],
) -> Answer | Awaitable[Answer]:
    """Answer a call as botocore's ``Endpoint._send_request`` would, retries included.

    ``events``: the client's own emitter (``client.meta.events``), where botocore registered
    its retry handlers. ``request_dict_or_context``: the request dict a ``before-call``
    handler receives, or just the call's context dict (the direct path builds no request).
    ``answer_once``: answers one attempt with ``(http_response, parsed)``.

    Returns the answer; for an aiobotocore client whose retry handlers must run, a coroutine
    of it (aiobotocore awaits what its ``before-call`` handlers return; the direct path awaits
    it itself).
    """
    first = answer_once()
    if "context" in request_dict_or_context:
        request_dict, context = request_dict_or_context, request_dict_or_context["context"]
    else:
        request_dict, context = {"context": request_dict_or_context}, request_dict_or_context
    if first[0].status_code < 300 and not single_attempt(context):
        return first  # the common case: no event, no loop
    steps = _steps(context, answer_once, first)
    event_name = (
        f"needs-retry.{operation_model.service_model.service_id.hyphenize()}.{operation_model.name}"
    )

    def emit(step: tuple[Answer, int]) -> Any:
        return events.emit(
            event_name,
            response=step[0],
            endpoint=None,
            operation=operation_model,
            attempts=step[1],
            caught_exception=None,
            request_dict=request_dict,
        )

    step = next(steps)
    replies = emit(step)
    if inspect.isawaitable(replies):
        return _run_async(steps, emit, replies)
    while True:
        try:
            step = steps.send(replies)
        except StopIteration as done:
            answer: Answer = done.value
            return answer
        replies = emit(step)


async def _run_async(
    steps: _Steps, emit: Callable[[tuple[Answer, int]], Any], replies: Awaitable[Any]
) -> Answer:
    while True:
        try:
            step = steps.send(await replies)
        except StopIteration as done:
            answer: Answer = done.value
            return answer
        replies = emit(step)


def _steps(
    context: MutableMapping[str, Any], answer_once: Callable[[], Answer], first: Answer
) -> _Steps:
    """The loop: yields each answer with its attempt number; is sent the handlers' replies."""
    retries: dict[str, Any] = context.setdefault("retries", {})
    # What Endpoint._update_retries_context sets for the first attempt (legacy mode reads it).
    retries["attempt"] = attempts = 1
    retries.setdefault("invocation-id", str(uuid.uuid4()))
    answer = first
    while True:
        replies = yield answer, attempts
        delay = next((reply for _, reply in replies if reply is not None), None)
        if delay is None or delay is False:
            break
        attempts += 1
        retries["attempt"] = attempts
        answer = answer_once()
    metadata = answer[1].get("ResponseMetadata")
    if metadata is not None:
        metadata["RetryAttempts"] = attempts - 1  # as the Endpoint does: retries, not attempts
    return answer


def single_attempt(context: Mapping[str, Any]) -> bool:
    """Whether the client's config allows one attempt only (``total_max_attempts`` 1).

    Then botocore's standard and adaptive handlers mark even a first-attempt success with
    ``MaxAttemptsReached``, so the event must be emitted for it too.
    """
    retries = getattr(context.get("client_config"), "retries", None)
    if retries is None:  # the common case, without the ABC check
        return False
    return isinstance(retries, Mapping) and retries.get("total_max_attempts") == 1
