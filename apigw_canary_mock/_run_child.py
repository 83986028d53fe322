"""Inside a process started under ``python -m apigw_canary_mock run``: start the mock.

The run's ``sitecustomize`` calls ``activate()`` right after ``botocore.client`` is first
imported (so a Python process that never imports botocore pays nothing more). The mock stays
active for the life of the process, on the run's state file.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os

from apigw_canary_mock.errors import MockError
from apigw_canary_mock.mock import ApiGatewayMock

#: The environment variable carrying the run's settings (JSON) to every child process.
ENV_VAR = "APIGW_CANARY_MOCK_RUN"

_started: ApiGatewayMock | None = None


def activate() -> None:
    """Start the mock from the settings in ``$APIGW_CANARY_MOCK_RUN`` (once per process)."""
    global _started
    if _started is not None and _started.is_active:
        return
    settings = json.loads(os.environ[ENV_VAR])
    mock = ApiGatewayMock(account_id=settings["account_id"], state=settings["state"])
    mock.start()
    _started = mock
    atexit.register(_stop, mock)


def _stop(mock: ApiGatewayMock) -> None:
    # A mock the script started on top of ours and never stopped: leave it be.
    with contextlib.suppress(MockError):
        mock.stop()
