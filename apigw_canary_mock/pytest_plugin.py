"""pytest plugin: the ``apigateway_mock`` fixture and its ``apigateway_mock`` marker.

Loaded through the ``pytest11`` entry point. The fixture gives every test a fresh, active
ApiGatewayMock; ``@pytest.mark.apigateway_mock(account_id=..., ...)`` passes options to it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from apigw_canary_mock.errors import MockUsageError
from apigw_canary_mock.mock import OPTION_NAMES, ApiGatewayMock, make_mock

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
    mock = make_mock(_marker_options(request))
    with mock:
        yield mock


def _marker_options(request: pytest.FixtureRequest) -> dict[str, object]:
    # The closest marker wins (a test's own over its class's or module's).
    marker = request.node.get_closest_marker(MARKER)
    if marker is None:
        return {}
    if marker.args:
        raise MockUsageError(
            f"@pytest.mark.{MARKER} takes keyword options only "
            f"({', '.join(OPTION_NAMES)}); got positional {marker.args!r}"
        )
    return dict(marker.kwargs)
