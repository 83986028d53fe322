"""apigw_canary_mock: an in-memory Amazon API Gateway for testing canary releases.

The public API is what this package exports (``__all__``); the subpackages and modules
(``core``, ``engine``, ``wire``, ``operations``, ``intercept``, ``inspection``, ``persistence``,
``cli``, ``mock``, ``activation``, ``options``...) are internal: their names may change in any
release. Import from the package itself:

* ``mock_apigateway``: the in-memory API Gateway as a decorator, a context manager or a
  start/stop object; ``ApiGatewayMock`` is the object it returns; ``active_mock()`` the one
  answering the calls of the code that asks. ``MockOptions``: a mock's checked options.
* What the live mock answers a test with: ``Call`` and ``CallList`` (the recorded calls),
  ``StageHistory`` and ``StageChange`` (every change of a stage), ``RouteDecision`` and
  ``TrafficSplit`` (simulated traffic), ``Fault`` (an injected fault).
* ``EMULATED_OPERATIONS``: the botocore names of the operations the mock answers.
* Errors about the mock itself: ``MockError`` and its subclasses ``MockUsageError``,
  ``UnmockedCallError``, ``UnemulatedOperationError``, ``MockStateError``.
* The pytest plugin (``apigateway_mock`` fixture and marker) is registered on install.

The public names that need botocore are imported on first use (PEP 562): importing the
package alone, as pytest does for its plugin in every test run, imports neither botocore nor
boto3.
"""

from __future__ import annotations

import importlib as _importlib
import os as _os
from typing import TYPE_CHECKING, Any

from apigw_canary_mock._version import __version__
from apigw_canary_mock.cli.sitecustomize import ENV_VAR as _RUN_VARIABLE
from apigw_canary_mock.errors import (
    MockError,
    MockStateError,
    MockUsageError,
    UnemulatedOperationError,
    UnmockedCallError,
)

if TYPE_CHECKING:
    from apigw_canary_mock.core.routing import RouteDecision, TrafficSplit
    from apigw_canary_mock.engine.faults import Fault
    from apigw_canary_mock.inspection.calls import Call, CallList
    from apigw_canary_mock.inspection.history import StageChange, StageHistory
    from apigw_canary_mock.mock import ApiGatewayMock, active_mock, mock_apigateway
    from apigw_canary_mock.options import MockOptions

    #: The botocore names of the apigateway operations the mock answers.
    EMULATED_OPERATIONS: frozenset[str]

# The public names imported on first use, and the (internal) module each one lives in.
_LAZY = {
    "ApiGatewayMock": "apigw_canary_mock.mock",
    "active_mock": "apigw_canary_mock.mock",
    "mock_apigateway": "apigw_canary_mock.mock",
    "MockOptions": "apigw_canary_mock.options",
    "Call": "apigw_canary_mock.inspection.calls",
    "CallList": "apigw_canary_mock.inspection.calls",
    "StageChange": "apigw_canary_mock.inspection.history",
    "StageHistory": "apigw_canary_mock.inspection.history",
    "RouteDecision": "apigw_canary_mock.core.routing",
    "TrafficSplit": "apigw_canary_mock.core.routing",
    "Fault": "apigw_canary_mock.engine.faults",
}


def __getattr__(name: str) -> Any:
    # Lazy by design (tests/test_architecture.py, LAZY_BY_DESIGN): the first use of a public
    # name imports the mock, and botocore with it. Not cached here: the names always come
    # from the modules in sys.modules (pytester's inline runs, for one, drop and re-import them).
    module = _LAZY.get(name)
    if module is not None:
        return getattr(_importlib.import_module(module), name)
    if name == "EMULATED_OPERATIONS":
        operations = _importlib.import_module("apigw_canary_mock.operations")
        return frozenset(operations.OPERATIONS)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


# Under `apigw-canary-mock run`: the run's mock starts now, at the end of this package's import
# (the run's sitecustomize can not start it while the package is being imported).
if _os.environ.get(_RUN_VARIABLE):
    from apigw_canary_mock.cli import child as _run_child

    _run_child.activate_in_run()

__all__ = [
    "EMULATED_OPERATIONS",
    "ApiGatewayMock",
    "Call",
    "CallList",
    "Fault",
    "MockError",
    "MockOptions",
    "MockStateError",
    "MockUsageError",
    "RouteDecision",
    "StageChange",
    "StageHistory",
    "TrafficSplit",
    "UnemulatedOperationError",
    "UnmockedCallError",
    "__version__",
    "active_mock",
    "mock_apigateway",
]
