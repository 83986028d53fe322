"""Inside a process of ``python -m apigw_canary_mock run``: start the mock on the run's state.

Two ways in, whichever comes first; the mock then stays active for the life of the process:

* ``apigw_canary_mock/__init__.py`` calls ``activate_in_run()`` at the end of its import: a
  process that imports apigw_canary_mock itself (its pytest plugin, a script starting its own
  ``mock_apigateway``, ``python -m apigw_canary_mock show``) gets the run's mock then, once
  the package is whole;
* the run's ``sitecustomize`` imports this package, for a process that imports botocore
  without it, once the import that brought botocore in has finished.

A Python process that never imports botocore pays nothing more.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os

from apigw_canary_mock.cli.sitecustomize import ENV_VAR
from apigw_canary_mock.errors import MockError
from apigw_canary_mock.mock import ApiGatewayMock

_started: ApiGatewayMock | None = None


def settings(state: str, account_id: str) -> str:
    """The value of ``$APIGW_CANARY_MOCK_RUN`` for the processes of a run."""
    return json.dumps({"state": state, "account_id": account_id})


def activate_in_run() -> None:
    """activate(), when this process is one of a run."""
    if os.environ.get(ENV_VAR):
        activate()


def activate() -> None:
    """Start the mock from the settings in ``$APIGW_CANARY_MOCK_RUN`` (once per process)."""
    global _started
    if _started is not None and _started.is_active:
        return
    values = json.loads(os.environ[ENV_VAR])
    mock = ApiGatewayMock(account_id=values["account_id"], state=values["state"])
    mock.start()
    _started = mock
    atexit.register(_stop, mock)


def _stop(mock: ApiGatewayMock) -> None:
    # A mock the script started on top of ours and never stopped: leave it be.
    with contextlib.suppress(MockError):
        mock.stop()
