"""botocore event wiring, and nothing else.

While at least one mock is active, ``BaseClient._make_api_call`` is wrapped (wrapt), and so is
aiobotocore's ``AioBaseClient._make_api_call`` (an ``async def`` override): at once when
aiobotocore is already imported, else by a one-shot import hook on ``aiobotocore.client``
(never importing aiobotocore ourselves). The wrapper registers two handlers on the event
emitter of every apigateway client it sees (including clients created before the mock
started); aiobotocore's async emitter calls the same sync handlers and uses what they return:

* ``before-parameter-build.api-gateway``: remember the user's params and the active mock in
  the request context; validate the params when the client skips validation.
* ``before-call.api-gateway``: answer. botocore short-circuits on the returned
  ``(http_response, parsed)``: nothing is signed, sent or retried.

Both wrappers first offer the call to the client's direct path (direct_call.py): the same
steps and events without building the HTTP request, taken only while nothing but botocore's
inert handlers and ours listens where that request would be seen; otherwise they call
through to botocore, which reaches the handlers above.

``uninstall`` puts the original methods back, removes the import hook if it has not fired,
and unregisters every handler it registered."""

from __future__ import annotations

import importlib.abc
import sys
import threading
import weakref
from collections.abc import Callable, Mapping, Sequence
from importlib.machinery import ModuleSpec
from types import ModuleType
from typing import Any, Protocol

import botocore.client
import wrapt
from botocore.parsers import ResponseParserFactory
from botocore.validate import ParamValidationDecorator

from apigw_canary_mock import direct_call, faults, operations, wire
from apigw_canary_mock.core.store import StateStore
from apigw_canary_mock.errors import MockError

_PARAMS_UID = "apigw_canary_mock.remember_params"
_CALL_UID = "apigw_canary_mock.answer"
# Keys we add to botocore's per-request context dict.
_CTX_PARAMS = "apigw_canary_mock.params"
_CTX_MOCK = "apigw_canary_mock.mock"


class Target(Protocol):
    """What the interception needs of the mock answering a call."""

    @property
    def account_id(self) -> str: ...

    @property
    def pass_through_unemulated(self) -> bool: ...

    @property
    def state(self) -> StateStore: ...

    @property
    def accounts(self) -> Mapping[str, str]:
        """Access key id -> account id; empty when every client acts in ``account_id``."""
        ...


Resolver = Callable[[], "Target | None"]

_AIOBOTOCORE_CLIENT = "aiobotocore.client"


class _Patch:
    """Our wrapper around one class's ``_make_api_call``, and what it replaced."""

    __slots__ = ("original", "owner", "wrapper")

    def __init__(self, owner: type, wrapper: Callable[..., Any]) -> None:
        self.owner = owner
        self.original: Any = owner.__dict__["_make_api_call"]
        self.wrapper: Any = wrapt.FunctionWrapper(self.original, wrapper)
        owner._make_api_call = self.wrapper  # type: ignore[attr-defined]

    def in_chain(self) -> bool:
        """Whether our wrapper is still reached from ``owner._make_api_call``."""
        current = self.owner.__dict__.get("_make_api_call")
        while current is not None:
            if current is self.wrapper:
                return True
            current = getattr(current, "__wrapped__", None)
        return False

    def undo(self) -> bool:
        """Put the original back; False if someone wrapped on top of ours (then ours stays
        in their chain, inert, since it only acts while a mock is active)."""
        if self.owner.__dict__.get("_make_api_call") is self.wrapper:
            self.owner._make_api_call = self.original  # type: ignore[attr-defined]
            return True
        return False


_lock = threading.RLock()
_resolver: Resolver | None = None
# Class -> our patch of it (BaseClient, and AioBaseClient once aiobotocore is imported).
_patches: dict[type, _Patch] = {}
_import_hook: _PatchOnImport | None = None
# Emitter -> the (event, unique_id) pairs we registered on it; weak so that we never keep a
# client alive.
_registered: weakref.WeakKeyDictionary[Any, _Registration] = weakref.WeakKeyDictionary()


def install(resolver: Resolver) -> None:
    """Start answering apigateway calls; ``resolver`` gives the mock that answers."""
    global _resolver, _import_hook
    with _lock:
        _resolver = resolver
        _patch(botocore.client.BaseClient, _make_api_call)
        aio_client = sys.modules.get(_AIOBOTOCORE_CLIENT)
        if aio_client is not None:
            _patch_aiobotocore(aio_client)
        elif _import_hook is None:
            _import_hook = _PatchOnImport(_AIOBOTOCORE_CLIENT, _patch_aiobotocore)
            sys.meta_path.insert(0, _import_hook)


def uninstall() -> None:
    """Leave botocore (and aiobotocore) exactly as they were before install()."""
    global _resolver, _import_hook
    with _lock:
        _resolver = None
        for events, registration in list(_registered.items()):
            for event, unique_id in registration.handlers:
                events.unregister(event, unique_id=unique_id)
        _registered.clear()
        if _import_hook is not None:
            if _import_hook in sys.meta_path:
                sys.meta_path.remove(_import_hook)
            _import_hook = None
        for owner, patch in list(_patches.items()):
            if patch.undo():
                del _patches[owner]


def _patch(owner: type, wrapper: Callable[..., Any]) -> None:
    """Wrap ``owner._make_api_call`` unless our wrapper is already in its chain."""
    patch = _patches.get(owner)
    if patch is None or not patch.in_chain():
        _patches[owner] = _Patch(owner, wrapper)


def _patch_aiobotocore(module: ModuleType) -> None:
    with _lock:
        if _resolver is None:  # stopped meanwhile
            return
        owner = getattr(module, "AioBaseClient", None)
        if isinstance(owner, type) and "_make_api_call" in owner.__dict__:
            _patch(owner, _make_async_api_call)


class _PatchOnImport(importlib.abc.MetaPathFinder):
    """Runs ``on_load(module)`` right after the module ``name`` is first executed.

    It finds the module's spec through the other finders and wraps its loader, once; the
    module keeps its own loader afterwards. uninstall() removes it from ``sys.meta_path``.
    """

    def __init__(self, name: str, on_load: Callable[[ModuleType], None]) -> None:
        self._name = name
        self._on_load = on_load

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if fullname != self._name:
            return None
        for finder in list(sys.meta_path):
            find_spec = getattr(finder, "find_spec", None)
            if finder is self or find_spec is None:
                continue
            spec: ModuleSpec | None = find_spec(fullname, path, target)
            if spec is not None:
                if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                    spec.loader = _LoaderThen(spec.loader, self._on_load)
                return spec
        return None


class _LoaderThen(importlib.abc.Loader):
    """A loader that runs ``then(module)`` after the real loader executed the module."""

    def __init__(self, loader: Any, then: Callable[[ModuleType], None]) -> None:
        self._loader = loader
        self._then = then

    def create_module(self, spec: ModuleSpec) -> ModuleType | None:
        module: ModuleType | None = self._loader.create_module(spec)
        return module

    def exec_module(self, module: ModuleType) -> None:
        # The module keeps the real loader, as if we had never been there.
        module.__loader__ = self._loader
        if module.__spec__ is not None:
            module.__spec__.loader = self._loader
        self._loader.exec_module(module)
        self._then(module)


def _make_api_call(wrapped: Any, instance: Any, args: Any, kwargs: Any) -> Any:
    taken = _direct_path(instance, args, kwargs) if _resolver is not None else None
    return wrapped(*args, **kwargs) if taken is None else taken[0].call(taken[1], *args)


def _make_async_api_call(wrapped: Any, instance: Any, args: Any, kwargs: Any) -> Any:
    # aiobotocore: returns a coroutine, for the caller to await.
    taken = _direct_path(instance, args, kwargs) if _resolver is not None else None
    return wrapped(*args, **kwargs) if taken is None else taken[0].call_async(taken[1], *args)


def _direct_path(client: Any, args: Any, kwargs: Any) -> tuple[direct_call.DirectPath, Any] | None:
    """Register on an apigateway client seen for the first time; then, if this call may take
    the client's direct path, that path and the operation model (None: botocore's path)."""
    meta = client.meta
    registration = _registered.get(meta.events)
    if registration is None:
        if meta.service_model.service_name != wire.SERVICE_NAME:
            return None
        registration = _register(client)
    if registration is None or len(args) != 2 or kwargs:
        return None
    direct = registration.direct_path
    if direct is None or registration.client() is not client:
        return None
    model = direct.take(args[0])
    return None if model is None else (direct, model)


class _Registration:
    """What we put on one client's emitter, and the client's direct path (direct_call.py)."""

    __slots__ = ("client", "direct_path", "handlers")

    def __init__(
        self,
        handlers: tuple[tuple[str, str], ...],
        client: weakref.ref[Any],
        direct: direct_call.DirectPath | None,
    ) -> None:
        self.handlers = handlers
        self.client = client
        self.direct_path = direct


def _register(client: Any) -> _Registration | None:
    """Put our two handlers on this client's own event emitter (idempotent by unique_id)."""
    validate = not _serializer_validates(client)
    timestamp_parser = _timestamp_parser(client)
    client_ref = weakref.ref(client)
    events = client.meta.events
    # Per call: the handlers below are the whole of our own path outside the emulator, so
    # they do their work inline (no further call levels, no per-call closures).
    emulated = operations.OPERATIONS
    dispatch = wire.dispatch
    retry_after = faults.retry_after
    single_attempt = faults.single_attempt

    def remember_params(params: Any, model: Any, context: dict[str, Any], **kwargs: Any) -> None:
        resolver = _resolver
        mock = resolver() if resolver is not None else None
        if mock is None:
            return
        if model.name not in emulated:
            if mock.pass_through_unemulated:
                return
            # Fail closed, before anything is serialized.
            raise wire.unemulated(model.name)
        context[_CTX_PARAMS] = params
        context[_CTX_MOCK] = mock
        if validate:
            # Only for clients whose serializer skips validation: don't pay twice.
            wire.validate_unchecked_params(params, model)

    def answer_call(
        model: Any, context: dict[str, Any], request: dict[str, Any] | None = None
    ) -> Any:
        """Answer for the mock in ``context``; ``request``: botocore's request dict, if built."""
        mock: Target = context[_CTX_MOCK]
        # botocore raises NoRegionError before this; the default only guards the type.
        region = context.get("client_region") or "us-east-1"
        account_id = mock.account_id
        if mock.accounts:
            account_id = mock.accounts.get(_access_key_id(client_ref()) or "", account_id)
        user_params = context[_CTX_PARAMS]
        state = mock.state
        # faults.answer_with_retries, unrolled: a first-attempt success goes straight back.
        first = dispatch(state, account_id, region, model, user_params, timestamp_parser)
        if first[0].status_code < 300 and not single_attempt(context):
            return first
        # Replays botocore's retry loop (the client's own retry handlers; no sleeping).
        return retry_after(
            events,
            model,
            context if request is None else request,
            lambda: dispatch(state, account_id, region, model, user_params, timestamp_parser),
            first,
        )

    def answer(model: Any, params: Any, context: dict[str, Any], **kwargs: Any) -> Any:
        if _CTX_MOCK not in context:
            # Passed through by remember_params, or no mock was active at parameter build.
            return None
        return answer_call(model, context, params)

    def answer_direct(model: Any, context: dict[str, Any]) -> Any:
        if _CTX_MOCK not in context:
            # Every mock stopped between the start of this call and its parameter build.
            raise MockError(f"{model.name}: the mock was stopped while this call was in progress")
        return answer_call(model, context)

    # Event names use the hyphenized service id ("API Gateway" -> "api-gateway").
    service_id = client.meta.service_model.service_id.hyphenize()
    handlers = (
        (f"before-parameter-build.{service_id}", _PARAMS_UID, remember_params),
        (f"before-call.{service_id}", _CALL_UID, answer),
    )
    direct = direct_call.make_direct_path(client, answer_direct, answer, not validate, emulated)
    with _lock:
        if _resolver is None:  # stopped meanwhile
            return None
        for event, unique_id, handler in handlers:
            events.register(event, handler, unique_id=unique_id)
        registration = _Registration(
            tuple((event, unique_id) for event, unique_id, _ in handlers), client_ref, direct
        )
        _registered[events] = registration
        return registration


def _serializer_validates(client: Any) -> bool:
    # parameter_validation=False (from Config or the profile) leaves the bare serializer;
    # client.meta.config does not reliably say so, the serializer does.
    return isinstance(getattr(client, "_serializer", None), ParamValidationDecorator)


def _timestamp_parser(client: Any) -> wire.TimestampParser:
    """The timestamp parser this client's own response parser uses.

    The AWS CLI, for one, configures it (raw values by default) through the session's
    parser factory; everyone else gets botocore's default (datetimes in tzlocal).
    """
    factory = getattr(getattr(client, "_endpoint", None), "_response_parser_factory", None)
    if isinstance(factory, ResponseParserFactory):
        protocol = client.meta.service_model.protocol
        parser: wire.TimestampParser | None = getattr(
            factory.create_parser(protocol), "_timestamp_parser", None
        )
        if callable(parser):
            return wire.fast_timestamp_parser(parser)
    return wire.DEFAULT_TIMESTAMP_PARSER


def _access_key_id(client: Any) -> str | None:
    """The access key id the client already holds, if any, read without resolving anything.

    Reads the attributes of the request signer's credentials directly: never a property
    (RefreshableCredentials.access_key may refresh, over the network), never the provider
    chain. Credentials not resolved yet (None, or deferred and not loaded) give None.
    """
    signer = getattr(client, "_request_signer", None)
    credentials = getattr(signer, "_credentials", None)
    attributes = getattr(credentials, "__dict__", None)
    if not attributes:
        return None
    # Credentials keeps ``access_key``; RefreshableCredentials (and the deferred kind,
    # and aiobotocore's) keep ``_access_key``.
    key = attributes.get("access_key", attributes.get("_access_key"))
    return key if isinstance(key, str) else None
