"""apigw_canary_mock: an in-memory Amazon API Gateway for testing canary releases.

The public names that need botocore (``mock_apigateway``, ``ApiGatewayMock``, ``active_mock``,
``EMULATED_OPERATIONS``) are imported on first use (PEP 562): importing the package alone, as
pytest does for its plugin in every test run, imports neither botocore nor boto3.
"""

from __future__ import annotations

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
    from apigw_canary_mock.mock import ApiGatewayMock, active_mock, mock_apigateway

    #: The botocore names of the apigateway operations the mock answers.
    EMULATED_OPERATIONS: frozenset[str]


def __getattr__(name: str) -> Any:
    # Lazy by design (tests/test_architecture.py, LAZY_BY_DESIGN): the first use of a public
    # name imports the mock, and botocore with it. Not cached here: the names always come
    # from the modules in sys.modules (pytester's inline runs, for one, drop and re-import them).
    if name in ("ApiGatewayMock", "active_mock", "mock_apigateway"):
        from apigw_canary_mock.mock import ApiGatewayMock, active_mock, mock_apigateway

        public: dict[str, Any] = {
            "ApiGatewayMock": ApiGatewayMock,
            "active_mock": active_mock,
            "mock_apigateway": mock_apigateway,
        }
        return public[name]
    if name == "EMULATED_OPERATIONS":
        from apigw_canary_mock.operations import OPERATIONS

        return frozenset(OPERATIONS)
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
    "MockError",
    "MockStateError",
    "MockUsageError",
    "UnemulatedOperationError",
    "UnmockedCallError",
    "__version__",
    "active_mock",
    "mock_apigateway",
]
