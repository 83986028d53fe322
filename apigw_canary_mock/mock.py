"""The user-facing mock: one object that is a decorator, a context manager and start/stop.

Which active mock answers a call from which thread or task: apigw_canary_mock.activation.

Internal: not part of the public API (its names may change in any release); the public
names are those of ``apigw_canary_mock`` itself.
"""

from __future__ import annotations

import functools
import inspect
import os
import sys
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeGuard, TypeVar, overload

if TYPE_CHECKING:
    import unittest

from apigw_canary_mock import activation, engine, wire
from apigw_canary_mock.core.defaults import DEFAULT_ACCOUNT_ID, DEFAULT_REGION
from apigw_canary_mock.core.store import Backend, StateStore
from apigw_canary_mock.errors import MockUsageError
from apigw_canary_mock.inspection import Call, RolloutTools, check_region
from apigw_canary_mock.options import MockOptions, check_account_id
from apigw_canary_mock.persistence import SqliteStateStore

# Decorating keeps the exact type: a class stays that class, a function its signature
# (an async function stays a coroutine function).
_C = TypeVar("_C", bound=type)
_F = TypeVar("_F", bound=Callable[..., Any])


def active_mock() -> ApiGatewayMock:
    """The mock that answers an apigateway call made here (thread/task rules: activation)."""
    mock = activation.resolve()
    if mock is None:
        raise MockUsageError(
            "no apigw_canary_mock is active: call active_mock() inside a function or test "
            "decorated with @mock_apigateway, a `with mock_apigateway():` block, "
            "or a test using the apigateway_mock fixture"
        )
    return mock


class ApiGatewayMock(RolloutTools):
    """An in-memory Amazon API Gateway answering every apigateway client while active.

    Options:

    * ``account_id``: the account every client acts in (12 digits).
    * ``seed``: makes generated ids deterministic.
    * ``pass_through_unemulated``: let unemulated apigateway operations go on down the
      botocore chain (to moto, say) instead of raising UnemulatedOperationError.
    * ``accounts``: several accounts in one mock (a policy of ours; AWS derives the account
      from the credentials). Maps an access key id to an account id: a client that already
      holds credentials with that access key id (``boto3.client("apigateway",
      aws_access_key_id="AKIAOTHER", aws_secret_access_key="x")``, or a session made with
      them) acts in that account; every other client acts in ``account_id``. The key is
      read from the credentials the client holds, never by resolving credentials (no
      provider chain, no network); a client whose credentials are not resolved yet acts in
      ``account_id``. Read another account's state with ``backend(region, account_id)``.
    * ``state``: a file (a path) to keep the state in, shared with every process using the
      same file and kept between activations (apigw_canary_mock.persistence; docs/pipeline.md).
      None (the default): in memory, empty at every activation. With a file, ``seed`` only
      seeds the ids of a new file.
    * ``region``: the region the mock's own helpers act in when they are given none
      (``create_deployable_api``, ``get_stage``, ``get_stages``, ``backend``,
      ``stage_history``, ``route``, ``simulate_traffic``); default ``us-east-1``. Clients
      keep their own region (the pytest plugin's ``apigw_region`` also sets
      ``AWS_DEFAULT_REGION`` for the test).
    """

    def __init__(
        self,
        *,
        account_id: str = DEFAULT_ACCOUNT_ID,
        seed: int | None = None,
        pass_through_unemulated: bool = False,
        accounts: Mapping[str, str] | None = None,
        state: str | os.PathLike[str] | None = None,
        region: str = DEFAULT_REGION,
    ) -> None:
        self._init(
            MockOptions.checked(
                account_id=account_id,
                seed=seed,
                pass_through_unemulated=pass_through_unemulated,
                accounts=accounts,
                state=state,
                region=region,
            )
        )

    def _init(self, options: MockOptions) -> None:
        self._opts = options
        self._session: engine.Session | None = None
        self._parsed: list[Call] = []
        self._active = False
        #: The mock this one was started inside (same thread/task), while active.
        self.nested_in: ApiGatewayMock | None = None
        #: Where start() ran (thread, task), for messages.
        self.started_in = ""
        # Started by the pytest fixture / by a decorated class's setup_method: the
        # decorator and the fixture of the same test share it.
        self._fixture = False
        self._owner_class: type | None = None

    @classmethod
    def from_options(cls, options: MockOptions) -> ApiGatewayMock:
        """A mock with ``options`` already checked (``MockOptions.from_kwargs``); not started."""
        mock = cls.__new__(cls)
        mock._init(options)
        return mock

    # -- options and status -------------------------------------------------------------

    @property
    def options(self) -> MockOptions:
        """The mock's options, checked (``MockOptions``; ``options.as_kwargs()`` makes another
        mock like this one)."""
        return self._opts

    @property
    def account_id(self) -> str:
        """The account every client acts in (12 digits), unless ``accounts`` maps its key."""
        return self._opts.account_id

    @property
    def seed(self) -> int | None:
        """The seed of the generated ids (None: random ids)."""
        return self._opts.seed

    @property
    def pass_through_unemulated(self) -> bool:
        """Whether unemulated apigateway operations go on down botocore's chain (to moto,
        say) instead of raising UnemulatedOperationError."""
        return self._opts.pass_through_unemulated

    @property
    def accounts(self) -> Mapping[str, str]:
        """Access key id -> account id (read-only; empty unless the option was given)."""
        return self._opts.accounts

    @property
    def region(self) -> str:
        """The region of the mock's helpers when they are given none."""
        return self._opts.region

    @property
    def is_active(self) -> bool:
        """Whether the mock is started (between ``start()`` and ``stop()``)."""
        return self._active

    @property
    def session(self) -> engine.Session:
        """The latest activation: its state, calls and faults (still readable after stop()).

        Advanced: an internal object (``apigw_canary_mock.engine.Session``), not a stable API.
        """
        if self._session is None:
            raise MockUsageError(f"{self!r} was never started, so it has no state yet")
        return self._session

    @property
    def state(self) -> StateStore:
        """The emulated state of the latest activation (still readable after stop()).

        Advanced: an internal object (``apigw_canary_mock.core.store.StateStore``), not a
        stable API.
        """
        return self.session.store

    def _parsed_calls(self) -> list[Call]:
        return self._parsed

    def __repr__(self) -> str:
        status = "active" if self._active else "inactive"
        return f"<ApiGatewayMock account_id={self.account_id!r} {status}>"

    # -- activation ---------------------------------------------------------------------

    def start(self) -> ApiGatewayMock:
        """Activate with empty state; until stop(), this mock answers the apigateway calls
        of this thread or task (and of threads that start no mock: see activation)."""
        if self._active:
            raise MockUsageError(f"{self!r} is already started; stop() it first")
        state_file = self._opts.state
        if state_file is None:
            state = StateStore(seed=self._opts.seed)
        else:
            state = SqliteStateStore(state_file, seed=self._opts.seed)
        self._session = session = engine.Session(state)
        self._parsed = []
        self.started_in = activation.where()
        self._active = True
        try:
            activation.push(self)
        except BaseException:
            self._active = False
            session.close()
            raise
        return self

    def stop(self) -> None:
        """Deactivate; the mock this one was started inside (if any) answers again."""
        if not self._active:
            raise MockUsageError(f"stop() called on {self!r}, which is not started")
        activation.pop(self)
        self._active = False
        self.nested_in = None
        if self._session is not None:
            self._session.close()

    def _stop_at_exit(self, failing: bool = False) -> None:
        """stop() at the end of a ``with`` block, a decorated test or a fixture.

        Mocks started inside it and never stopped are stopped first (else they would stay
        active and answer the next tests, with their state). Unless the block is already
        failing, that is then a MockUsageError naming them. Mocks active in other threads or
        tasks are not inside it, and are left alone.
        """
        if failing and not self._active:
            return  # stopped inside the failing block: its own error says more
        leaked = activation.nested_in(self) if self._active else ()
        message = (
            f"{len(leaked)} mock(s) started inside {self!r} were still active when it "
            f"stopped: {', '.join(repr(mock) for mock in leaked)}. They were stopped too; "
            "stop every mock you start() (or use `with mock_apigateway():`)"
        )
        for mock in reversed(leaked):
            mock.stop()
        self.stop()
        if leaked and not failing:
            raise MockUsageError(message)

    def __enter__(self) -> ApiGatewayMock:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._stop_at_exit(failing=exc_type is not None)

    async def __aenter__(self) -> ApiGatewayMock:
        return self.start()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._stop_at_exit(failing=exc_type is not None)

    # -- decorator ----------------------------------------------------------------------

    @overload
    def __call__(self, target: _C) -> _C: ...

    @overload
    def __call__(self, target: _F) -> _F: ...

    def __call__(self, target: Any) -> Any:
        """Decorate a function, an async function or a class; each run gets a fresh mock."""
        return _decorate(target, self._opts)

    # -- read access and setup helpers --------------------------------------------------

    def backend(self, region: str | None = None, account_id: str | None = None) -> Backend:
        """The emulated state of one account (default: this mock's) in one region (default:
        the mock's ``region``).

        Advanced: the emulator's own objects (``apigw_canary_mock.core``), not a stable API;
        prefer ``get_stage``, ``stage_history`` or a client's calls.
        """
        account = self.account_id if account_id is None else check_account_id(account_id)
        return self.state.backend(account, self._region(region))

    def get_stage(
        self, rest_api_id: str, stage_name: str, region: str | None = None
    ) -> dict[str, Any]:
        """What ``client.get_stage(...)`` returns, without ResponseMetadata."""
        params = {"restApiId": rest_api_id, "stageName": stage_name}
        return self._call("GetStage", params, self._region(region))

    def get_stages(self, rest_api_id: str, region: str | None = None) -> dict[str, Any]:
        """What ``client.get_stages(...)`` returns, without ResponseMetadata."""
        return self._call("GetStages", {"restApiId": rest_api_id}, self._region(region))

    def create_deployable_api(
        self,
        name: str = "test-api",
        *,
        region: str | None = None,
        http_method: str = "GET",
        path_part: str | None = None,
    ) -> str:
        """A REST API with one method and a MOCK integration, ready for CreateDeployment.

        The method is on the root resource, or on ``/<path_part>`` when given.
        Returns the restApiId. When a step fails (a bad ``http_method`` or ``path_part``), the
        API is deleted again: a failing call leaves no half-made API behind.
        """
        region = self._region(region)
        for value, what in ((http_method, "http_method"), (path_part, "path_part")):
            if value is not None and not isinstance(value, str):
                raise MockUsageError(
                    f"create_deployable_api(): {what} must be a string; got {value!r}"
                )
        api = self._call("CreateRestApi", {"name": name}, region)
        api_id: str = api["id"]
        try:
            resource_id = api.get("rootResourceId") or self._root_resource_id(api_id, region)
            if path_part is not None:
                resource = {"restApiId": api_id, "parentId": resource_id, "pathPart": path_part}
                resource_id = self._call("CreateResource", resource, region)["id"]
            method = {"restApiId": api_id, "resourceId": resource_id, "httpMethod": http_method}
            self._call("PutMethod", {**method, "authorizationType": "NONE"}, region)
            self._call("PutIntegration", {**method, "type": "MOCK"}, region)
        except BaseException:
            self._call("DeleteRestApi", {"restApiId": api_id}, region)
            raise
        return api_id

    def _root_resource_id(self, api_id: str, region: str) -> str:
        items = self._call("GetResources", {"restApiId": api_id}, region).get("items", [])
        return next(str(item["id"]) for item in items if item.get("path") == "/")

    def _call(self, operation: str, params: dict[str, Any], region: str) -> dict[str, Any]:
        """Run ``operation`` like a client would: same validation, same answer, same errors."""
        check_region(region)
        if not engine.is_emulated(operation):
            raise engine.unemulated(operation)
        model = wire.operation_model(operation)
        wire.validate_params(params, model)
        wire.check_sendable(params, model)
        # The mock's own helpers: not recorded as calls, never answered by injected faults.
        http, parsed = engine.answer(
            self.session, self.account_id, region, model, params, from_client=False
        )
        if http.status_code >= 300:
            raise wire.client_error(operation, parsed)
        del parsed["ResponseMetadata"]
        return parsed


def make_mock(options: Mapping[str, Any]) -> ApiGatewayMock:
    """An ApiGatewayMock from user-given options; unknown names fail with the valid ones."""
    return ApiGatewayMock.from_options(MockOptions.from_kwargs(options))


# -- decoration -------------------------------------------------------------------------


def _decorate(target: Any, options: MockOptions, owner: type | None = None) -> Any:
    """``target`` run inside a mock; ``owner``: the decorated class ``target`` is a test of."""
    if inspect.isclass(target):
        return _decorate_class(target, options)
    if isinstance(target, (staticmethod, classmethod)):
        # @mock_apigateway above @staticmethod / @classmethod: decorate the function, keep
        # the kind of method (a bare wrapper would be called with the instance).
        return type(target)(_decorate(target.__func__, options, owner))
    if inspect.isgeneratorfunction(target) or inspect.isasyncgenfunction(target):
        raise MockUsageError(
            f"mock_apigateway cannot decorate the generator function {target!r}: the mock "
            "would stop before the generator runs; use `with mock_apigateway():` inside it"
        )
    if inspect.iscoroutinefunction(target):

        @functools.wraps(target)
        async def run_coroutine(*args: Any, **kwargs: Any) -> Any:
            # Active for the whole coroutine, across every await.
            if _shared_mock(options, owner, target) is not None:
                return await target(*args, **kwargs)
            with ApiGatewayMock.from_options(options):
                return await target(*args, **kwargs)

        return run_coroutine
    if callable(target):

        @functools.wraps(target)
        def run(*args: Any, **kwargs: Any) -> Any:
            if _shared_mock(options, owner, target) is not None:
                return target(*args, **kwargs)
            with ApiGatewayMock.from_options(options):
                return target(*args, **kwargs)

        return run
    raise MockUsageError(
        f"mock_apigateway can decorate a function, an async function or a class; got {target!r}"
    )


def _shared_mock(options: MockOptions, owner: type | None, test: Any) -> ApiGatewayMock | None:
    """The mock a decorated test runs in without starting its own, if any: the one its
    class's setup_method started for it, or the one the pytest fixture started for it."""
    mock = activation.innermost_here()
    if mock is None:
        return None
    if owner is not None and mock._owner_class is owner:
        return mock
    if mock._fixture:
        check_shareable(mock, options, f"{getattr(test, '__qualname__', test)!r}")
        return mock
    return None


def check_shareable(mock: ApiGatewayMock, options: MockOptions, test: str) -> None:
    """One test, the decorator and the ``apigateway_mock`` fixture: one mock, if the options
    allow it (the decorator's are the defaults, or the same as the fixture's)."""
    if options != MockOptions() and options != mock.options:
        raise MockUsageError(
            f"test {test} uses both @mock_apigateway with options ({options}) and the "
            f"apigateway_mock fixture with other options ({mock.options}); they would be two "
            "mocks with two states. Use one of them: the fixture with "
            "@pytest.mark.apigateway_mock(...) for its options, or the decorator alone "
            "(active_mock() gives its mock)"
        )


def class_mock_for_fixture(options: MockOptions | None, test: str) -> ApiGatewayMock | None:
    """The mock a decorated class's setup_method started for this test, for the pytest
    fixture to share (None when there is none). ``options``: the marker's, if any."""
    mock = activation.innermost_here()
    if mock is None or mock._owner_class is None:
        return None
    if options is not None and options != mock.options:
        raise MockUsageError(
            f"test {test} is in a class decorated with @mock_apigateway ({mock.options}) and "
            f"uses the apigateway_mock fixture with @pytest.mark.apigateway_mock options "
            f"({options}); they would be two mocks with two states. Give the options in one "
            "place"
        )
    return mock


def _is_test_case(cls: type) -> TypeGuard[type[unittest.TestCase]]:
    # unittest is not imported for this: a TestCase subclass exists only if it already is.
    module = sys.modules.get("unittest")
    return module is not None and issubclass(cls, module.TestCase)


_CLASS_MOCK = "_apigw_canary_mock_class_mock"


def _decorate_class(cls: type, options: MockOptions) -> type:
    if _is_test_case(cls):
        # setUp, the test and tearDown all run inside one fresh mock per test method;
        # addCleanup stops it after tearDown, even when setUp fails.
        original_setup = cls.setUp

        @functools.wraps(original_setup)
        def setUp(self: unittest.TestCase) -> None:
            mock = ApiGatewayMock.from_options(options).start()
            self.addCleanup(mock._stop_at_exit)
            original_setup(self)

        cls.setUp = setUp  # type: ignore[method-assign]
        return cls
    _wrap_setup_and_teardown(cls, options)
    for name in dir(cls):
        if not name.startswith("test"):
            continue
        attribute = inspect.getattr_static(cls, name)
        if isinstance(attribute, (staticmethod, classmethod)) or inspect.isfunction(attribute):
            setattr(cls, name, _decorate(attribute, options, owner=cls))
    return cls


def _wrap_setup_and_teardown(cls: type, options: MockOptions) -> None:
    """pytest's setup_method, the test and teardown_method run in one fresh mock, as moto
    does; a test method called without them (outside pytest) starts its own."""
    original_setup = getattr(cls, "setup_method", None)
    original_teardown = getattr(cls, "teardown_method", None)

    def setup_method(self: Any, method: Any = None) -> None:
        mock = ApiGatewayMock.from_options(options)
        mock._owner_class = cls
        mock.start()
        try:
            object.__setattr__(self, _CLASS_MOCK, mock)
            if original_setup is not None:
                _call_xunit(original_setup, self, method)
        except BaseException:
            mock._stop_at_exit(failing=True)  # pytest skips teardown_method then
            raise

    def teardown_method(self: Any, method: Any = None) -> None:
        mock = self.__dict__.pop(_CLASS_MOCK, None)
        try:
            if original_teardown is not None:
                _call_xunit(original_teardown, self, method)
        finally:
            if mock is not None and mock.is_active:
                mock._stop_at_exit()

    for function, original in (
        (setup_method, original_setup),
        (teardown_method, original_teardown),
    ):
        if original is not None:
            functools.update_wrapper(function, original)
        setattr(cls, function.__name__, function)


def _call_xunit(function: Callable[..., Any], instance: Any, method: Any) -> None:
    """Call a setup_method/teardown_method as pytest would: with ``method`` if it takes one."""
    code = getattr(function, "__code__", None)
    if code is not None and code.co_argcount >= 2:
        function(instance, method)
    else:
        function(instance)


# -- the public factory -----------------------------------------------------------------


@overload
def mock_apigateway(func_or_cls: _C, /) -> _C: ...


@overload
def mock_apigateway(func_or_cls: _F, /) -> _F: ...


@overload
def mock_apigateway(
    func_or_cls: None = None,
    /,
    *,
    account_id: str = ...,
    seed: int | None = ...,
    pass_through_unemulated: bool = ...,
    accounts: Mapping[str, str] | None = ...,
    state: str | os.PathLike[str] | None = ...,
    region: str = ...,
) -> ApiGatewayMock: ...


def mock_apigateway(func_or_cls: Any = None, /, **options: Any) -> Any:
    """The in-memory API Gateway, as a decorator, a context manager or a start/stop object.

    ``@mock_apigateway`` decorates a function, an async function or a class;
    ``mock_apigateway(**options)`` returns an ApiGatewayMock (itself a decorator too).
    """
    mock = make_mock(options)
    return mock if func_or_cls is None else mock(func_or_cls)
