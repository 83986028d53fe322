"""The user-facing mock: one object that is a decorator, a context manager and start/stop.

Active mocks form a process-global stack (not thread-local: a mock started in the main
thread answers calls made from worker threads). The top of the stack answers; when it stops,
the one below (with its state) answers again.
"""

from __future__ import annotations

import functools
import inspect
import os
import sys
import threading
from collections.abc import Callable, Mapping
from types import MappingProxyType, TracebackType
from typing import TYPE_CHECKING, Any, TypeGuard, TypeVar, overload

if TYPE_CHECKING:
    import unittest

from apigw_canary_mock import interception, wire
from apigw_canary_mock.core.store import Backend, StateStore
from apigw_canary_mock.errors import MockUsageError
from apigw_canary_mock.rollout_tools import RolloutTools, check_region

DEFAULT_ACCOUNT_ID = "123456789012"
DEFAULT_REGION = "us-east-1"
OPTION_NAMES = ("account_id", "seed", "pass_through_unemulated", "accounts", "state")

# Decorating keeps the exact type: a class stays that class, a function its signature
# (an async function stays a coroutine function).
_C = TypeVar("_C", bound=type)
_F = TypeVar("_F", bound=Callable[..., Any])

_stack_lock = threading.RLock()
# Replaced (never mutated) under _stack_lock, so readers need no lock.
_stack: tuple[ApiGatewayMock, ...] = ()


def active_mock() -> ApiGatewayMock:
    """The mock answering calls right now (the innermost active one)."""
    stack = _stack
    if not stack:
        raise MockUsageError(
            "no apigw_canary_mock is active: call active_mock() inside a function or test "
            "decorated with @mock_apigateway, a `with mock_apigateway():` block, "
            "or a test using the apigateway_mock fixture"
        )
    return stack[-1]


def _top() -> ApiGatewayMock | None:
    stack = _stack
    return stack[-1] if stack else None


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
    """

    def __init__(
        self,
        *,
        account_id: str = DEFAULT_ACCOUNT_ID,
        seed: int | None = None,
        pass_through_unemulated: bool = False,
        accounts: Mapping[str, str] | None = None,
        state: str | os.PathLike[str] | None = None,
    ) -> None:
        if state is not None and not (
            isinstance(state, (str, os.PathLike)) and isinstance(os.fspath(state), str)
        ):
            raise MockUsageError(
                f"state must be a file path or None (a str or os.PathLike); got {state!r}"
            )
        self._state_file = None if state is None else os.fspath(state)
        if self._state_file == "":
            raise MockUsageError("state must be a file path or None; got '' (an empty path)")
        self._account_id = _check_account_id(account_id)
        self._accounts = _check_accounts(accounts)
        if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
            raise MockUsageError(f"seed must be an int or None; got {seed!r}")
        if not isinstance(pass_through_unemulated, bool):
            raise MockUsageError(
                f"pass_through_unemulated must be True or False; got {pass_through_unemulated!r}"
            )
        self._seed = seed
        self._pass_through_unemulated = pass_through_unemulated
        self._state: StateStore | None = None
        self._active = False

    # -- options and status -------------------------------------------------------------

    @property
    def account_id(self) -> str:
        return self._account_id

    @property
    def seed(self) -> int | None:
        return self._seed

    @property
    def pass_through_unemulated(self) -> bool:
        return self._pass_through_unemulated

    @property
    def accounts(self) -> Mapping[str, str]:
        """Access key id -> account id (read-only; empty unless the option was given)."""
        return self._accounts

    @property
    def is_active(self) -> bool:
        return self._active

    @property
    def state(self) -> StateStore:
        """The emulated state of the latest activation (still readable after stop())."""
        if self._state is None:
            raise MockUsageError(f"{self!r} was never started, so it has no state yet")
        return self._state

    def _options(self) -> dict[str, Any]:
        return {
            "account_id": self._account_id,
            "seed": self._seed,
            "pass_through_unemulated": self._pass_through_unemulated,
            "accounts": dict(self._accounts) or None,
            "state": self._state_file,
        }

    def __repr__(self) -> str:
        status = "active" if self._active else "inactive"
        return f"<ApiGatewayMock account_id={self._account_id!r} {status}>"

    # -- activation ---------------------------------------------------------------------

    def start(self) -> ApiGatewayMock:
        """Activate with empty state; until stop(), this mock answers every apigateway call."""
        global _stack
        with _stack_lock:
            if self._active:
                raise MockUsageError(f"{self!r} is already started; stop() it first")
            if self._state_file is None:
                self._state = StateStore(seed=self._seed)
            else:
                from apigw_canary_mock.persistence import SqliteStateStore

                self._state = SqliteStateStore(self._state_file, seed=self._seed)
            self._active = True
            _stack = (*_stack, self)
            if len(_stack) == 1:
                interception.install(_top)
        return self

    def stop(self) -> None:
        """Deactivate; the previously active mock (if any) answers again."""
        global _stack
        with _stack_lock:
            if not self._active:
                raise MockUsageError(f"stop() called on {self!r}, which is not started")
            if _stack[-1] is not self:
                raise MockUsageError(
                    f"stop() called on {self!r} while a mock started after it is still "
                    f"active ({_stack[-1]!r}); stop mocks in the reverse order of start()"
                )
            _stack = _stack[:-1]
            self._active = False
            if not _stack:
                interception.uninstall()
            if self._state is not None:
                self._state.close()

    def _stop_at_exit(self, failing: bool = False) -> None:
        """stop() at the end of a ``with`` block, a decorated test or a fixture.

        Mocks started inside it and never stopped are stopped first (else they would stay
        active and answer the next tests, with their state). Unless the block is already
        failing, that is then a MockUsageError naming them.
        """
        global _stack
        with _stack_lock:
            if failing and not self._active:
                return  # stopped inside the failing block: its own error says more
            stack = _stack
            leaked = stack[stack.index(self) + 1 :] if self._active and self in stack else ()
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
        return _decorate(target, self._options())

    # -- read access and setup helpers --------------------------------------------------

    def backend(self, region: str = DEFAULT_REGION, account_id: str | None = None) -> Backend:
        """The emulated state of one account (default: this mock's) in one region."""
        account = self._account_id if account_id is None else _check_account_id(account_id)
        return self.state.backend(account, check_region(region))

    def get_stage(
        self, rest_api_id: str, stage_name: str, region: str = DEFAULT_REGION
    ) -> dict[str, Any]:
        """What ``client.get_stage(...)`` returns, without ResponseMetadata."""
        return self._call("GetStage", {"restApiId": rest_api_id, "stageName": stage_name}, region)

    def get_stages(self, rest_api_id: str, region: str = DEFAULT_REGION) -> dict[str, Any]:
        """What ``client.get_stages(...)`` returns, without ResponseMetadata."""
        return self._call("GetStages", {"restApiId": rest_api_id}, region)

    def create_deployable_api(
        self,
        name: str = "test-api",
        *,
        region: str = DEFAULT_REGION,
        http_method: str = "GET",
        path_part: str | None = None,
    ) -> str:
        """A REST API with one method and a MOCK integration, ready for CreateDeployment.

        The method is on the root resource, or on ``/<path_part>`` when given.
        Returns the restApiId. When a step fails (a bad ``http_method`` or ``path_part``), the
        API is deleted again: a failing call leaves no half-made API behind.
        """
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
        if not wire.is_emulated(operation):
            raise wire.unemulated(operation)
        model = wire.operation_model(operation)
        wire.validate_params(params, model)
        # The mock's own helpers: not recorded as calls, never answered by injected faults.
        http, parsed = wire.dispatch(
            self.state, self._account_id, region, model, params, from_client=False
        )
        if http.status_code >= 300:
            raise wire.client_error(operation, parsed)
        del parsed["ResponseMetadata"]
        return parsed


# -- options ----------------------------------------------------------------------------


def _check_account_id(account_id: object) -> str:
    if not (
        isinstance(account_id, str)
        and len(account_id) == 12
        and account_id.isascii()
        and account_id.isdigit()
    ):
        raise MockUsageError(
            f"account_id must be a string of 12 digits, like {DEFAULT_ACCOUNT_ID!r}; "
            f"got {account_id!r}"
        )
    return account_id


def _check_accounts(accounts: object) -> Mapping[str, str]:
    if accounts is None:
        return MappingProxyType({})
    if not isinstance(accounts, Mapping):
        raise MockUsageError(
            "accounts must be a mapping of access key id to account id, like "
            f"{{'AKIAOTHER': '210987654321'}}; got {accounts!r}"
        )
    checked: dict[str, str] = {}
    for access_key_id, account_id in accounts.items():
        if not isinstance(access_key_id, str) or not access_key_id:
            raise MockUsageError(
                f"accounts: every key must be a non-empty access key id string; "
                f"got {access_key_id!r}"
            )
        try:
            checked[access_key_id] = _check_account_id(account_id)
        except MockUsageError as error:
            raise MockUsageError(f"accounts[{access_key_id!r}]: {error}") from None
    return MappingProxyType(checked)


def make_mock(options: dict[str, Any]) -> ApiGatewayMock:
    """An ApiGatewayMock from user-given options; unknown names fail with the valid ones."""
    unknown = sorted(set(options) - set(OPTION_NAMES))
    if unknown:
        raise MockUsageError(
            f"unknown option(s) {', '.join(unknown)} for mock_apigateway; "
            f"valid options: {', '.join(OPTION_NAMES)}"
        )
    return ApiGatewayMock(**options)


# -- decoration -------------------------------------------------------------------------


def _decorate(target: Any, options: dict[str, Any]) -> Any:
    if inspect.isclass(target):
        return _decorate_class(target, options)
    if isinstance(target, (staticmethod, classmethod)):
        # @mock_apigateway above @staticmethod / @classmethod: decorate the function, keep
        # the kind of method (a bare wrapper would be called with the instance).
        return type(target)(_decorate(target.__func__, options))
    if inspect.isgeneratorfunction(target) or inspect.isasyncgenfunction(target):
        raise MockUsageError(
            f"mock_apigateway cannot decorate the generator function {target!r}: the mock "
            "would stop before the generator runs; use `with mock_apigateway():` inside it"
        )
    if inspect.iscoroutinefunction(target):

        @functools.wraps(target)
        async def run_coroutine(*args: Any, **kwargs: Any) -> Any:
            # Active for the whole coroutine, across every await.
            with ApiGatewayMock(**options):
                return await target(*args, **kwargs)

        return run_coroutine
    if callable(target):

        @functools.wraps(target)
        def run(*args: Any, **kwargs: Any) -> Any:
            with ApiGatewayMock(**options):
                return target(*args, **kwargs)

        return run
    raise MockUsageError(
        f"mock_apigateway can decorate a function, an async function or a class; got {target!r}"
    )


def _is_test_case(cls: type) -> TypeGuard[type[unittest.TestCase]]:
    # unittest is not imported for this: a TestCase subclass exists only if it already is.
    module = sys.modules.get("unittest")
    return module is not None and issubclass(cls, module.TestCase)


def _decorate_class(cls: type, options: dict[str, Any]) -> type:
    if _is_test_case(cls):
        # setUp, the test and tearDown all run inside one fresh mock per test method;
        # addCleanup stops it after tearDown, even when setUp fails.
        original_setup = cls.setUp

        @functools.wraps(original_setup)
        def setUp(self: unittest.TestCase) -> None:
            mock = ApiGatewayMock(**options).start()
            self.addCleanup(mock._stop_at_exit)
            original_setup(self)

        cls.setUp = setUp  # type: ignore[method-assign]
        return cls
    for name in dir(cls):
        if not name.startswith("test"):
            continue
        attribute = inspect.getattr_static(cls, name)
        if isinstance(attribute, (staticmethod, classmethod)) or inspect.isfunction(attribute):
            setattr(cls, name, _decorate(attribute, options))
    return cls


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
) -> ApiGatewayMock: ...


def mock_apigateway(func_or_cls: Any = None, /, **options: Any) -> Any:
    """The in-memory API Gateway, as a decorator, a context manager or a start/stop object.

    ``@mock_apigateway`` decorates a function, an async function or a class;
    ``mock_apigateway(**options)`` returns an ApiGatewayMock (itself a decorator too).
    """
    mock = make_mock(options)
    return mock if func_or_cls is None else mock(func_or_cls)
