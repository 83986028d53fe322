"""SIGINT and SIGTERM sent to ``run`` go to its command, once; ``run`` waits for it to end.

``run`` does not die of them: it lets its command decide (a rollout script may clean up or roll
back on SIGTERM), then prints its summary, removes its temporary directory and exits with the
command's status (128 + N when signal N killed it).

Delivered once, never twice:

* SIGTERM comes from a process (``kill``, ``timeout``, a CI runner cancelling a job), sent to
  ``run`` alone: it is passed on.
* SIGINT from the terminal (Ctrl-C) goes to the whole foreground process group, and the command
  is in ``run``'s group: it already has it, and a second one would interrupt its cleanup. So
  SIGINT is passed on only when the terminal can not have sent it to the command too: ``run``
  has no controlling terminal (CI, ``nohup``, a service), or its group is not the terminal's
  foreground group (a background job), or the command left ``run``'s group. (A ``kill -INT``
  aimed at ``run`` alone while it runs in the foreground of a terminal is therefore not
  passed on: press Ctrl-C, or send SIGTERM.)

A signal that ``run`` was started with ignored (``nohup``, ``&`` in a script) stays ignored,
for the command too. Handlers are installed only in the main thread (where Python runs them);
called from another thread, ``forwarding`` changes nothing.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading
from collections.abc import Iterator
from types import FrameType
from typing import Any

FORWARDED = (signal.SIGINT, signal.SIGTERM)


class Forwarder:
    """Passes the FORWARDED signals this process receives on to ``child`` (see the module)."""

    def __init__(self) -> None:
        self.child: subprocess.Popen[Any] | None = None
        self.received: list[int] = []  # before there was a child to pass them on to

    def attach(self, child: subprocess.Popen[Any]) -> None:
        self.child = child
        for signum in self.received:
            self.forward(signum)

    def handle(self, signum: int, frame: FrameType | None) -> None:
        if self.child is None:
            self.received.append(signum)
        else:
            self.forward(signum)

    def forward(self, signum: int) -> None:
        assert self.child is not None
        if signum == signal.SIGINT and terminal_signalled_group_of(self.child.pid):
            return
        if self.child.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self.child.send_signal(signum)


def terminal_signalled_group_of(pid: int) -> bool:
    """True when a Ctrl-C at this process's terminal reached process ``pid`` too: both are in
    this process's group, and it is its controlling terminal's foreground group."""
    if os.name != "posix":
        return True  # a console's Ctrl-C reaches every process attached to it
    try:
        group = os.getpgrp()
        if os.getpgid(pid) != group:
            return False
        terminal = os.open("/dev/tty", os.O_RDONLY)
    except OSError:  # no controlling terminal (or the command is gone)
        return False
    try:
        return os.tcgetpgrp(terminal) == group
    except OSError:
        return False
    finally:
        os.close(terminal)


@contextlib.contextmanager
def forwarding() -> Iterator[Forwarder]:
    """Install the Forwarder's handlers for FORWARDED (those not ignored); restore on exit."""
    forwarder = Forwarder()
    previous: dict[signal.Signals, Any] = {}
    if threading.current_thread() is threading.main_thread():
        for signum in FORWARDED:
            handler = signal.getsignal(signum)
            if handler != signal.SIG_IGN:
                previous[signum] = handler
                signal.signal(signum, forwarder.handle)
    try:
        yield forwarder
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
