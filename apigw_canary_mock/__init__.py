"""apigw_canary_mock: an in-memory Amazon API Gateway for testing canary releases."""

from apigw_canary_mock._version import __version__
from apigw_canary_mock.cli import child as _run_child
from apigw_canary_mock.errors import (
    MockError,
    MockStateError,
    MockUsageError,
    UnemulatedOperationError,
)
from apigw_canary_mock.mock import ApiGatewayMock, active_mock, mock_apigateway
from apigw_canary_mock.operations import OPERATIONS as _OPERATIONS

#: The botocore names of the apigateway operations the mock answers.
EMULATED_OPERATIONS: frozenset[str] = frozenset(_OPERATIONS)

# Under `python -m apigw_canary_mock run`: the run's mock starts now, once this package is
# imported (the run's sitecustomize can not start it while the package is being imported).
_run_child.activate_in_run()

__all__ = [
    "EMULATED_OPERATIONS",
    "ApiGatewayMock",
    "MockError",
    "MockStateError",
    "MockUsageError",
    "UnemulatedOperationError",
    "__version__",
    "active_mock",
    "mock_apigateway",
]
