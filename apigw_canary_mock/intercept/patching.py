"""How a call gets in: botocore's (and aiobotocore's) ``_make_api_call``, wrapped while active.

While at least one mock is active (apigw_canary_mock.activation installs and uninstalls), the
``_make_api_call`` of ``BaseClient`` is wrapped (wrapt), and so is aiobotocore's
``AioBaseClient._make_api_call`` (an ``async def`` override): at once when aiobotocore is
already imported, else by a one-shot import hook on ``aiobotocore.client`` (never importing
aiobotocore ourselves). The wrapper puts our handlers (intercept.handlers) on every apigateway
client it sees, including clients created before the mock started, then offers the call to
the client's direct path (intercept.direct); otherwise it calls through to botocore, whose
events reach the handlers.

``uninstall`` puts the original methods back, removes the import hook if it has not fired,
and unregisters every handler it registered.
"""

from __future__ import annotations

import importlib.abc
import ipaddress
import os
import sys
import threading
import weakref
from collections.abc import Callable, Sequence
from importlib.machinery import ModuleSpec
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit

import botocore.client
import wrapt

from apigw_canary_mock import _botocore, wire
from apigw_canary_mock.errors import MockUsageError
from apigw_canary_mock.intercept.direct import DirectPath, make_direct_path
from apigw_canary_mock.intercept.handlers import ClientHook, Resolver

_AIOBOTOCORE_CLIENT = "aiobotocore.client"


class _Patch:
    """Our wrapper around one class's ``_make_api_call``, and what it replaced."""

    __slots__ = ("original", "owner", "wrapper")

    def __init__(self, owner: type, wrapper: Callable[..., Any]) -> None:
        original = _botocore.own_make_api_call(owner)
        if original is None:  # the callers check it: botocore has changed if it is missing
            raise TypeError(f"{owner.__qualname__} defines no _make_api_call to wrap")
        self.owner = owner
        self.original: Any = original
        self.wrapper: Any = wrapt.FunctionWrapper(original, wrapper)
        _botocore.set_make_api_call(owner, self.wrapper)

    def in_chain(self) -> bool:
        """Whether our wrapper is still reached from ``owner._make_api_call``."""
        current = _botocore.own_make_api_call(self.owner)
        while current is not None:
            if current is self.wrapper:
                return True
            current = getattr(current, "__wrapped__", None)
        return False

    def undo(self) -> bool:
        """Put the original back; False if someone wrapped on top of ours (then ours stays
        in their chain, inert, since it only acts while a mock is active)."""
        if _botocore.own_make_api_call(self.owner) is self.wrapper:
            _botocore.set_make_api_call(self.owner, self.original)
            return True
        return False

    def redo(self) -> bool:
        """Wrap again with the same wrapper, if the original is still what the class has
        (every test starts a mock: building a new wrapper each time costs more than this)."""
        if _botocore.own_make_api_call(self.owner) is self.original:
            _botocore.set_make_api_call(self.owner, self.wrapper)
            return True
        return False


class _Registration:
    """Our hook on one client, and its direct path (None: botocore's path always).

    The client holds it (``_botocore.hold``); the tables below only point at it weakly, so a
    client dropped while a mock is active is collected with its registration (both refer to
    each other: a cycle the garbage collector frees).
    """

    __slots__ = ("__weakref__", "client", "direct", "hook")

    def __init__(self, client: Any, hook: ClientHook, direct: DirectPath | None) -> None:
        # Weak: several clients may share one emitter; the direct path is only its own.
        self.client = weakref.ref(client)
        self.hook = hook
        self.direct = direct

    def release(self) -> None:
        """Take our handlers off the client's emitter and let go of the client."""
        self.hook.unregister()
        client = self.client()
        if client is not None:
            _botocore.release(client)


_lock = threading.RLock()
_resolver: Resolver | None = None
# Class -> our patch of it (BaseClient, and AioBaseClient once aiobotocore is imported).
_patches: dict[type, _Patch] = {}
# Class -> our last patch of it, undone: redone at the next install if nothing changed since.
_undone: dict[type, _Patch] = {}
_import_hook: _PatchOnImport | None = None
# Emitter -> our registration on it (a client's, which the client holds); weak both ways, so
# that we never keep a client alive.
_registered: weakref.WeakKeyDictionary[Any, weakref.ref[_Registration]] = (
    weakref.WeakKeyDictionary()
)
# Emitters of clients let through to their (loopback) endpoint: see let_through().
_let_through: weakref.WeakSet[Any] = weakref.WeakSet()


def _after_fork_in_child() -> None:
    # A lock held by another thread at fork() would never be released in the child.
    global _lock
    _lock = threading.RLock()


os.register_at_fork(after_in_child=_after_fork_in_child)


def install(resolver: Resolver) -> None:
    """Start answering apigateway calls; ``resolver`` gives the mock that answers a call."""
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


def let_through(client: Any) -> None:
    """Never answer ``client`` in-process: its calls go down botocore's chain to its endpoint.

    For a client of an apigw_canary_mock endpoint (``serve``) while a mock is active in the
    same process: the acceptance suite runs through the endpoint that way. Only a client whose
    ``endpoint_url`` is a loopback address may be let through (fail closed: nothing reaches
    AWS). Lasts for the client's life, across mocks.
    """
    host = urlsplit(client.meta.endpoint_url).hostname or ""
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise MockUsageError(
            f"let_through(): only a client of a loopback endpoint may bypass the mock; this "
            f"one's endpoint is {client.meta.endpoint_url!r}"
        )
    with _lock:
        _let_through.add(client.meta.events)
        registration = _registration(client.meta.events)
        _registered.pop(client.meta.events, None)
        if registration is not None:
            registration.release()


def uninstall() -> None:
    """Leave botocore (and aiobotocore) exactly as they were before install()."""
    global _resolver, _import_hook, _registered
    with _lock:
        _resolver = None
        if _registered:
            for reference in list(_registered.values()):
                registration = reference()
                if registration is not None:
                    registration.release()
            # A new table: clear() pops the entries one by one.
            _registered = weakref.WeakKeyDictionary()
        if _import_hook is not None:
            if _import_hook in sys.meta_path:
                sys.meta_path.remove(_import_hook)
            _import_hook = None
        for owner, patch in list(_patches.items()):
            if patch.undo():
                del _patches[owner]
                _undone[owner] = patch


def _patch(owner: type, wrapper: Callable[..., Any]) -> None:
    """Wrap ``owner._make_api_call`` unless our wrapper is already in its chain."""
    patch = _patches.get(owner)
    if patch is None or not patch.in_chain():
        undone = _undone.pop(owner, None)
        if undone is not None and undone.redo():  # the wrapper of an owner never changes
            _patches[owner] = undone
        else:
            _patches[owner] = _Patch(owner, wrapper)


def _patch_aiobotocore(module: ModuleType) -> None:
    with _lock:
        if _resolver is None:  # stopped meanwhile
            return
        owner = getattr(module, "AioBaseClient", None)
        if isinstance(owner, type) and _botocore.own_make_api_call(owner) is not None:
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


# -- the wrappers (per call) ----------------------------------------------------------------


def _make_api_call(wrapped: Any, instance: Any, args: Any, kwargs: Any) -> Any:
    taken = _direct(instance, args, kwargs) if _resolver is not None else None
    return wrapped(*args, **kwargs) if taken is None else taken[0].call(taken[1], *args)


def _make_async_api_call(wrapped: Any, instance: Any, args: Any, kwargs: Any) -> Any:
    # aiobotocore: returns a coroutine, for the caller to await.
    taken = _direct(instance, args, kwargs) if _resolver is not None else None
    return wrapped(*args, **kwargs) if taken is None else taken[0].call_async(taken[1], *args)


def _direct(client: Any, args: Any, kwargs: Any) -> tuple[DirectPath, Any] | None:
    """Hook an apigateway client seen for the first time; then, if this call may take the
    client's direct path, that path and the operation model (None: botocore's path)."""
    meta = client.meta
    registration = _registration(meta.events)
    if registration is None:
        if meta.service_model.service_name != wire.SERVICE_NAME or meta.events in _let_through:
            return None
        registration = _register(client)
    if registration is None:
        return None
    direct = registration.direct
    model = None
    if direct is not None and not kwargs and len(args) == 2 and registration.client() is client:
        model = direct.take(args[0])
    if direct is None or model is None:
        if not registration.hook.registered:
            # botocore's path reaches our handlers through the client's emitter.
            with _lock:
                if _resolver is not None:
                    registration.hook.register()
        return None
    return direct, model


def _register(client: Any) -> _Registration | None:
    """Our hook and direct path for a client seen for the first time (its handlers are put on
    its emitter when a call first takes botocore's path)."""
    with _lock:
        resolver = _resolver
        if resolver is None:  # stopped meanwhile
            return None
        hook = ClientHook(client, resolver)
        registration = _Registration(client, hook, make_direct_path(client, hook))
        _botocore.hold(client, registration)
        _registered[client.meta.events] = weakref.ref(registration)
        return registration


def _registration(events: Any) -> _Registration | None:
    reference = _registered.get(events)
    return None if reference is None else reference()
