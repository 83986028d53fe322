"""pytest plugin: the ``apigateway_mock`` fixture, its marker, its defaults and the guard.

Loaded through the ``pytest11`` entry point in every pytest run of a project that has the
package installed, so it costs nothing until it is used: botocore, boto3 and the mock are
imported when a test first uses the fixture (or when the guard is turned on), not when pytest
starts (tests/test_architecture.py lists this module in LAZY_BY_DESIGN).

* The fixture gives every test a fresh, active ApiGatewayMock;
  ``@pytest.mark.apigateway_mock(account_id=..., ...)`` passes options to it. A test that also
  uses ``@mock_apigateway`` (on the test or its class) gets one mock, shared by both (or a
  MockUsageError when their options differ).
* Defaults of the fixture: ini options ``apigw_account_id``, ``apigw_region``, ``apigw_seed``,
  or ``--apigw-account-id``, ``--apigw-region``, ``--apigw-seed`` (the command line wins over
  the ini file, a marker's options over both). A region given so (or by a marker) is the
  region of the mock's helpers, and ``AWS_DEFAULT_REGION`` for the test, so clients created in
  the test without a region are in it too.
* The guard, ``--apigw-block-unmocked`` or ini ``apigw_block_unmocked = true``: for the whole
  session, an apigateway call made while no mock is active fails at once with
  UnmockedCallError, instead of going on to AWS with the developer's own credentials (a
  forgotten fixture). Calls inside a mock are answered as usual.
* The policy report, ``--apigw-policies`` or ini ``apigw_policies = true``: per test, the calls
  whose answers rested on a policy of ours (a rule tagged P: nothing recorded from AWS says
  so), in the terminal summary and in a failing test's report, so that a script failing on
  such an answer is known to fail on our guess, not on AWS's recorded word.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

import pytest

from apigw_canary_mock.errors import MockUsageError
from apigw_canary_mock.options import OPTION_NAMES, MockOptions

if TYPE_CHECKING:
    from apigw_canary_mock.mock import ApiGatewayMock

MARKER = "apigateway_mock"
#: The defaults of the fixture: (option, ini name, command-line flag, help).
DEFAULTS = (
    ("account_id", "apigw_account_id", "--apigw-account-id", "the account (12 digits)"),
    ("region", "apigw_region", "--apigw-region", "the region (also AWS_DEFAULT_REGION)"),
    ("seed", "apigw_seed", "--apigw-seed", "the seed of generated ids (an int)"),
)
BLOCK_INI = "apigw_block_unmocked"
BLOCK_FLAG = "--apigw-block-unmocked"
POLICIES_INI = "apigw_policies"
POLICIES_FLAG = "--apigw-policies"

_fixture_defaults = pytest.StashKey[Mapping[str, Any]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("apigw_canary_mock", "apigw_canary_mock (in-memory API Gateway)")
    for option, ini, flag, what in DEFAULTS:
        help_text = f"default {option} of the apigateway_mock fixture: {what}"
        group.addoption(flag, dest=ini, metavar=option.upper(), help=f"{help_text} (ini: {ini})")
        parser.addini(ini, help=help_text)
    group.addoption(
        BLOCK_FLAG,
        dest=BLOCK_INI,
        action="store_true",
        default=None,
        help="fail at once every apigateway call made outside any mock, instead of letting "
        f"it reach AWS (ini: {BLOCK_INI} = true)",
    )
    parser.addini(
        BLOCK_INI,
        type="bool",
        default=False,
        help="fail at once every apigateway call made outside any mock",
    )
    group.addoption(
        POLICIES_FLAG,
        dest=POLICIES_INI,
        action="store_true",
        default=None,
        help="list, per test, the calls whose answers rested on a policy of apigw_canary_mock "
        f"(not on AWS's recorded word) (ini: {POLICIES_INI} = true)",
    )
    parser.addini(
        POLICIES_INI,
        type="bool",
        default=False,
        help="list, per test, the calls whose answers rested on a policy of apigw_canary_mock",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{MARKER}({', '.join(f'{name}=...' for name in OPTION_NAMES)}): "
        "options of the apigateway_mock fixture (apigw_canary_mock)",
    )
    config.stash[_fixture_defaults] = fixture_defaults(config)
    flag = config.getoption(BLOCK_INI)
    if flag or (flag is None and config.getini(BLOCK_INI)):
        # Lazy by design: only a session with the guard imports the interception at start-up.
        from apigw_canary_mock import activation

        activation.block_unmocked(BLOCK_FLAG if flag else f"{BLOCK_INI} = true")
        config.add_cleanup(lambda: activation.block_unmocked(None))
    report = config.getoption(POLICIES_INI)
    if report or (report is None and config.getini(POLICIES_INI)):
        config.pluginmanager.register(PolicyReport(), "apigw_canary_mock_policy_report")


class PolicyReport:
    """``--apigw-policies``: the calls of each test whose answers rested on a policy."""

    SECTION = "apigw_canary_mock policies"

    def __init__(self) -> None:
        # Test id -> the lines of its calls that rested on a policy (tests without: absent).
        self.found: dict[str, list[str]] = {}
        # The mocks started during the test now running (a fixture's, a decorator's...).
        self._started: list[ApiGatewayMock] = []

    def _lines(self) -> list[str]:
        return [
            call.describe()
            for mock in self._started
            if mock._session is not None
            for call in mock.calls.on_policy()
        ]

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_protocol(self, item: pytest.Item) -> Iterator[None]:
        # Lazy by design: only a session with the report imports the mock's layers.
        from apigw_canary_mock import activation

        started: list[ApiGatewayMock] = []
        self._started = started
        stop_observing = activation.observe_starts(started.append)
        try:
            yield
        finally:
            stop_observing()
        lines = self._lines()
        if lines:
            self.found[item.nodeid] = lines

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: Any) -> Iterator[None]:
        outcome: Any = yield
        report = outcome.get_result()
        if report.when == "call" and report.failed:
            # A failing test shows which of its answers were our policy, not AWS's word.
            lines = self._lines()
            if lines:
                report.sections.append((self.SECTION, "\n".join(lines)))

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if not self.found:
            terminalreporter.write_line(f"{self.SECTION}: no answer rested on a policy")
            return
        terminalreporter.section(self.SECTION)
        terminalreporter.write_line(
            "answers that rested on a policy of ours (nothing recorded from AWS says so; "
            "docs/behaviour.md lists them):"
        )
        for nodeid, lines in self.found.items():
            terminalreporter.write_line(nodeid)
            for line in lines:
                terminalreporter.write_line(f"    {line}")


def fixture_defaults(config: pytest.Config) -> dict[str, Any]:
    """The options given by the command line or the ini file, checked (a UsageError if not)."""
    given: dict[str, Any] = {}
    for option, ini, flag, _ in DEFAULTS:
        value = config.getoption(ini)
        source = flag
        if value is None:
            value, source = config.getini(ini), f"{ini} (ini)"
        if value in (None, "", []):
            continue
        if option == "seed":
            try:
                value = int(value)
            except ValueError:
                raise pytest.UsageError(f"{source}: seed must be an int; got {value!r}") from None
        given[option] = value
        try:
            MockOptions.from_kwargs({option: value})
        except MockUsageError as error:
            raise pytest.UsageError(f"{source}: {error}") from None
    return given


@pytest.fixture
def apigateway_mock(request: pytest.FixtureRequest) -> Iterator[ApiGatewayMock]:
    """An active in-memory API Gateway with empty state, stopped after the test."""
    # Lazy by design: a test run that never uses the fixture never imports the mock.
    from apigw_canary_mock.mock import ApiGatewayMock, class_mock_for_fixture

    defaults = request.config.stash.get(_fixture_defaults, {})
    marker = _marker_options(request)
    options = MockOptions.from_kwargs({**defaults, **(marker or {})})
    shared = class_mock_for_fixture(None if marker is None else options, repr(request.node.nodeid))
    with contextlib.ExitStack() as undo:
        if "region" in defaults or (marker and "region" in marker):
            undo.enter_context(pytest.MonkeyPatch.context()).setenv(
                "AWS_DEFAULT_REGION", options.region
            )
        if shared is not None:
            yield shared  # started and stopped by the decorated class's setup/teardown_method
            return
        mock = ApiGatewayMock.from_options(options)
        mock._fixture = True
        with mock:
            yield mock


def _marker_options(request: pytest.FixtureRequest) -> dict[str, Any] | None:
    # The closest marker wins (a test's own over its class's or module's).
    marker = request.node.get_closest_marker(MARKER)
    if marker is None:
        return None
    if marker.args:
        raise MockUsageError(
            f"@pytest.mark.{MARKER} takes keyword options only "
            f"({', '.join(OPTION_NAMES)}); got positional {marker.args!r}"
        )
    MockOptions.from_kwargs(marker.kwargs)  # the marker's own mistakes, named as its own
    return dict(marker.kwargs)
