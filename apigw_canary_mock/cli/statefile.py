"""Opening a state file that the command line only reads (``show``, ``run``'s summary).

Read-only: a missing or empty file, a directory, a FIFO or a device, or a file that is not a
state file of this version is a MockStateError that says which, and nothing is created or
written (the store's own checks, persistence.file).
"""

from __future__ import annotations

from apigw_canary_mock.persistence import SqliteStateStore


def open_existing(path: str) -> SqliteStateStore:
    """The state in ``path``; MockStateError when there is none to read (nothing created)."""
    return SqliteStateStore(path, read_only=True)
