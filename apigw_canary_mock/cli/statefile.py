"""Opening a state file that the command line only reads (``show``, ``run``'s summary).

Opening a missing or empty file would create (initialise) it: here that is an error that says
which, and nothing is written.
"""

from __future__ import annotations

import os

from apigw_canary_mock.errors import MockStateError
from apigw_canary_mock.persistence import SqliteStateStore


def open_existing(path: str) -> SqliteStateStore:
    """The state in ``path``; MockStateError when there is none to read (nothing created)."""
    if os.path.isdir(path):
        raise MockStateError(f"{path}: is a directory, not a state file")
    if not os.path.exists(path):
        raise MockStateError(f"{path}: no such state file")
    if not os.path.isfile(path):
        raise MockStateError(f"{path}: not a state file")
    if os.path.getsize(path) == 0:
        raise MockStateError(f"{path}: an empty file, not a state file yet")
    return SqliteStateStore(path)
