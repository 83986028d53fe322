"""pytest plugin: the ``apigateway_mock`` fixture and its ``apigateway_mock`` marker.

Loaded through the ``pytest11`` entry point. The fixture gives every test a fresh, active
ApiGatewayMock; ``@pytest.mark.apigateway_mock(account_id=..., ...)`` passes options to it.
A test that also uses ``@mock_apigateway`` (on the test or its class) gets one mock, shared by
both (or a MockUsageError when their options differ).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from apigw_canary_mock.errors import MockUsageError
from apigw_canary_mock.mock import ApiGatewayMock, class_mock_for_fixture
from apigw_canary_mock.options import OPTION_NAMES, MockOptions

MARKER = "apigateway_mock"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{MARKER}({', '.join(f'{name}=...' for name in OPTION_NAMES)}): "
        "options of the apigateway_mock fixture (apigw_canary_mock)",
    )


@pytest.fixture
def apigateway_mock(request: pytest.FixtureRequest) -> Iterator[ApiGatewayMock]:
    """An active in-memory API Gateway with empty state, stopped after the test."""
    options = _marker_options(request)
    shared = class_mock_for_fixture(options, repr(request.node.nodeid))
    if shared is not None:
        yield shared  # started and stopped by the decorated class's setup/teardown_method
        return
    mock = ApiGatewayMock.from_options(options or MockOptions())
    mock._fixture = True
    with mock:
        yield mock


def _marker_options(request: pytest.FixtureRequest) -> MockOptions | None:
    # The closest marker wins (a test's own over its class's or module's).
    marker = request.node.get_closest_marker(MARKER)
    if marker is None:
        return None
    if marker.args:
        raise MockUsageError(
            f"@pytest.mark.{MARKER} takes keyword options only "
            f"({', '.join(OPTION_NAMES)}); got positional {marker.args!r}"
        )
    return MockOptions.from_kwargs(marker.kwargs)
