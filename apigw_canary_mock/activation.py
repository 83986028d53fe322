"""Which mock answers a call, from which thread or asyncio task (docs/reliability.md).

* Every thread and every asyncio task has its own stack of mocks (a ContextVar): ``start()``,
  ``with mock_apigateway():`` and a decorated function push onto the stack of the context they
  run in, and ``stop()`` takes the mock off again. An asyncio task starts with a copy of its
  creator's context, so a task created inside an active block uses that block's mock.
* A call is answered by the innermost active mock of its own context.
* A call from a context that started no mock of its own (a worker thread, a thread pool) is
  answered by the innermost mock of the only context that has active mocks. When contexts with
  active mocks are several, such a call fails with MockUsageError naming them: it is never
  answered from a state picked by chance, and never sent to AWS.

The interception is installed while at least one mock is active anywhere in the process, so
while any mock is active no apigateway call reaches the network.

The guard (``block_unmocked``, the pytest plugin's ``--apigw-block-unmocked``) keeps the
interception installed while no mock is active too: an apigateway call made then fails at
once with UnmockedCallError instead of going on to AWS with whatever credentials the machine
has. Calls inside a mock are answered as usual.

Internal: not part of the public API (its names may change in any release); the public
names are those of ``apigw_canary_mock`` itself.
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Callable
from contextvars import ContextVar
from typing import TYPE_CHECKING

from apigw_canary_mock import intercept
from apigw_canary_mock.errors import MockUsageError, UnmockedCallError

if TYPE_CHECKING:
    from apigw_canary_mock.mock import ApiGatewayMock

_lock = threading.RLock()
#: Every active mock of the process, in start order. Replaced (never mutated) under _lock.
_active: tuple[ApiGatewayMock, ...] = ()
#: The mock a call from a context with none of its own gets: the innermost mock of the only
#: context with active mocks; None when no mock is active (_BLOCKED while the guard is on);
#: _SEVERAL when contexts are several.
_fallback: ApiGatewayMock | object | None = None
_SEVERAL = object()
_BLOCKED = object()
#: What refuses calls made while no mock is active (the guard), for its message; None: off.
_blocked_by: str | None = None

_stack: ContextVar[tuple[ApiGatewayMock, ...]] = ContextVar("apigw_canary_mock_stack", default=())


def where() -> str:
    """The thread (and asyncio task) this runs in, for messages."""
    text = f"thread {threading.current_thread().name!r}"
    # Asked first: current_task() raises without a running loop (every start() outside
    # asyncio would pay for an exception).
    if asyncio._get_running_loop() is None:
        return text
    task = asyncio.current_task()
    return text if task is None else f"{text}, task {task.get_name()!r}"


def active() -> tuple[ApiGatewayMock, ...]:
    """Every active mock of the process, in start order."""
    return _active


#: Called with every mock that starts (the pytest plugin's policy report listens).
_start_observers: list[Callable[[ApiGatewayMock], None]] = []


def observe_starts(observer: Callable[[ApiGatewayMock], None]) -> Callable[[], None]:
    """Call ``observer(mock)`` each time a mock starts, from now; returns the undo."""
    _start_observers.append(observer)
    return lambda: _start_observers.remove(observer)


def push(mock: ApiGatewayMock) -> None:
    """Make ``mock`` the innermost of this context's stack (``mock.nested_in``: the mock
    below it there, if any)."""
    global _active
    with _lock:
        stack = tuple(m for m in _stack.get() if m.is_active)
        mock.nested_in = stack[-1] if stack else None
        _stack.set((*stack, mock))
        _active = (*_active, mock)
        _settle()
    for observer in tuple(_start_observers):
        observer(mock)


def pop(mock: ApiGatewayMock) -> None:
    """Take ``mock`` off (from any context); MockUsageError if mocks nested in it are active."""
    global _active
    with _lock:
        nested = nested_in(mock)
        if nested:
            raise MockUsageError(
                f"stop() called on {mock!r} while a mock started after it is still active "
                f"({nested[-1]!r}); stop mocks in the reverse order of start()"
            )
        _active = tuple(m for m in _active if m is not mock)
        stack = _stack.get()
        if mock in stack:
            _stack.set(tuple(m for m in stack if m is not mock))
        _settle()


def nested_in(mock: ApiGatewayMock) -> tuple[ApiGatewayMock, ...]:
    """The active mocks started inside ``mock`` (in its context, after it), in start order."""
    found = []
    for candidate in _active:
        below = candidate.nested_in
        while below is not None and below is not mock:
            below = below.nested_in
        if below is mock:
            found.append(candidate)
    return tuple(found)


def block_unmocked(blocked_by: str | None) -> None:
    """Refuse (UnmockedCallError naming ``blocked_by``) every apigateway call made while no
    mock is active, from now on; None: let them go on to botocore again (the default)."""
    global _blocked_by
    with _lock:
        _blocked_by = blocked_by
        _settle()


def _settle() -> None:
    """After a change: the fallback mock, and the interception installed iff any mock is
    active or the guard is on."""
    global _fallback
    innermost = [m for m in _active if not any(o.nested_in is m for o in _active)]
    if not innermost:
        _fallback = None if _blocked_by is None else _BLOCKED
    else:
        _fallback = innermost[0] if len(innermost) == 1 else _SEVERAL
    if _active or _blocked_by is not None:
        intercept.install(resolve_call)
    else:
        intercept.uninstall()


def innermost_here() -> ApiGatewayMock | None:
    """The innermost active mock of this thread or task's own stack (no fallback)."""
    for mock in reversed(_stack.get()):
        if mock.is_active:
            return mock
    return None


def resolve_call() -> ApiGatewayMock | None:
    """The mock that answers an apigateway call made here, None when no mock is active (the
    call goes on to botocore); raises when the call is refused (hot path: every call)."""
    stack = _stack.get()
    if stack:
        for mock in reversed(stack):
            if mock._active:  # the attribute: this runs on every call
                return mock
    fallback = _fallback
    if fallback is _SEVERAL:
        raise ambiguous()
    if fallback is _BLOCKED:
        raise UnmockedCallError(None, _blocked_by or "the guard")
    return fallback  # type: ignore[return-value]


def resolve() -> ApiGatewayMock | None:
    """The mock that answers a call made here, None when no mock is active (the guard
    changes nothing here: it refuses calls, not questions about the active mock)."""
    try:
        return resolve_call()
    except UnmockedCallError:
        return None


def ambiguous() -> MockUsageError:
    mocks = [m for m in _active if not any(o.nested_in is m for o in _active)]
    listed = "; ".join(f"{m!r} started in {m.started_in}" for m in mocks)
    return MockUsageError(
        f"this apigateway call comes from {where()}, which started no mock, while mocks are "
        f"active in {len(mocks)} other threads or tasks ({listed}): the mock that should answer "
        "it is ambiguous, so it is refused (it was not sent to AWS). Start the mock in the "
        "thread or task that makes the call (for a thread pool: start it before the pool's "
        "work, in the thread that submits it, with only one mock active), or make the call "
        "from inside the `with mock_apigateway():` block whose state it should use"
    )


def _after_fork_in_child() -> None:
    # A lock held by another thread at fork() would never be released in the child.
    global _lock
    _lock = threading.RLock()


os.register_at_fork(after_in_child=_after_fork_in_child)
