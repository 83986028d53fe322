"""The one clock of the emulator.

Read ``time.time()`` at call time (never cached, never imported as a name) so freezegun and
time-machine control every date the emulator hands out.
"""

from __future__ import annotations

import time

from .evidence import rule

DATES = rule(
    "dates-whole-seconds",
    "P",
    "dates are whole epoch seconds read from the clock at call time (freezegun and "
    "time-machine control them); AWS's resolution is whole seconds",
)


def now() -> int:
    """The current time as int epoch seconds, the resolution AWS reports dates with."""
    return int(time.time())
