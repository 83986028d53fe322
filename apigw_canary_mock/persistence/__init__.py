"""State that lasts: the emulator's state in an SQLite file (``mock_apigateway(state=FILE)``,
``python -m apigw_canary_mock run --state FILE``, ``show``).

* ``codec``: the model objects as JSON documents (and how to store a new core class);
* ``file``: opening, checking and initialising the file, busy waiting, clear errors;
* ``store``: ``SqliteStateStore``, one database transaction per call.

See docs/pipeline.md for the file's format and guarantees.

Internal: not part of the public API (its names may change in any release); the public
names are those of ``apigw_canary_mock`` itself.
"""

from __future__ import annotations

from .file import APPLICATION_ID, BUSY_TIMEOUT_SECONDS, SCHEMA_VERSION
from .store import HistoryRow, SqliteHistoryLog, SqliteStateStore, iter_stages

__all__ = [
    "APPLICATION_ID",
    "BUSY_TIMEOUT_SECONDS",
    "SCHEMA_VERSION",
    "HistoryRow",
    "SqliteHistoryLog",
    "SqliteStateStore",
    "iter_stages",
]
