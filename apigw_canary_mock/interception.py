"""botocore event wiring, and nothing else.

While at least one mock is active, ``BaseClient._make_api_call`` is wrapped (wrapt). The
wrapper registers two handlers on the event emitter of every apigateway client it sees
(including clients created before the mock started), then calls through:

* ``before-parameter-build.api-gateway``: remember the user's params and the active mock in
  the request context; validate the params when the client skips validation.
* ``before-call.api-gateway``: answer. botocore short-circuits on the returned
  ``(http_response, parsed)``: nothing is signed, sent or retried.

``uninstall`` puts the original method back and unregisters every handler it registered.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from typing import Any, Protocol

import botocore.client
import wrapt
from botocore.parsers import ResponseParserFactory
from botocore.validate import ParamValidationDecorator

from apigw_canary_mock import wire
from apigw_canary_mock.core.store import StateStore

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


Resolver = Callable[[], "Target | None"]

_lock = threading.Lock()
_resolver: Resolver | None = None
_original: Any = None
_wrapper: Any = None
# Emitter -> the (event, unique_id) pairs we registered on it; weak so that we never keep a
# client alive.
_registered: weakref.WeakKeyDictionary[Any, tuple[tuple[str, str], ...]] = (
    weakref.WeakKeyDictionary()
)


def install(resolver: Resolver) -> None:
    """Start answering apigateway calls; ``resolver`` gives the mock that answers."""
    global _resolver, _original, _wrapper
    with _lock:
        _resolver = resolver
        if _wrapper is not None and _in_chain(_wrapper):
            return
        _original = botocore.client.BaseClient.__dict__["_make_api_call"]
        _wrapper = wrapt.FunctionWrapper(_original, _make_api_call)
        botocore.client.BaseClient._make_api_call = _wrapper


def uninstall() -> None:
    """Leave botocore exactly as it was before install()."""
    global _resolver, _original, _wrapper
    with _lock:
        _resolver = None
        for events, registrations in list(_registered.items()):
            for event, unique_id in registrations:
                events.unregister(event, unique_id=unique_id)
        _registered.clear()
        # If someone wrapped the method on top of ours, putting the original back would drop
        # their wrapper; ours then stays in their chain, inert (_resolver is None).
        if botocore.client.BaseClient.__dict__.get("_make_api_call") is _wrapper:
            botocore.client.BaseClient._make_api_call = _original
            _original = _wrapper = None


def _in_chain(wrapper: Any) -> bool:
    """Whether ``wrapper`` is still reached from BaseClient._make_api_call."""
    current = botocore.client.BaseClient.__dict__.get("_make_api_call")
    while current is not None:
        if current is wrapper:
            return True
        current = getattr(current, "__wrapped__", None)
    return False


def _make_api_call(wrapped: Any, instance: Any, args: Any, kwargs: Any) -> Any:
    if _resolver is not None:
        meta = instance.meta
        events = meta.events
        if events not in _registered and meta.service_model.service_name == wire.SERVICE_NAME:
            _register(instance)
    return wrapped(*args, **kwargs)


def _register(client: Any) -> None:
    """Put our two handlers on this client's own event emitter (idempotent by unique_id)."""
    validate = not _serializer_validates(client)
    timestamp_parser = _timestamp_parser(client)

    def remember_params(params: Any, model: Any, context: dict[str, Any], **kwargs: Any) -> None:
        _remember_params(params, model, context, validate)

    def answer(model: Any, context: dict[str, Any], **kwargs: Any) -> Any:
        return _answer(model, context, timestamp_parser)

    # Event names use the hyphenized service id ("API Gateway" -> "api-gateway").
    service_id = client.meta.service_model.service_id.hyphenize()
    handlers = (
        (f"before-parameter-build.{service_id}", _PARAMS_UID, remember_params),
        (f"before-call.{service_id}", _CALL_UID, answer),
    )
    events = client.meta.events
    with _lock:
        if _resolver is None:  # stopped meanwhile
            return
        for event, unique_id, handler in handlers:
            events.register(event, handler, unique_id=unique_id)
        _registered[events] = tuple((event, unique_id) for event, unique_id, _ in handlers)


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


def _remember_params(params: Any, model: Any, context: dict[str, Any], validate: bool) -> None:
    resolver = _resolver
    mock = resolver() if resolver is not None else None
    if mock is None:
        return
    if not wire.is_emulated(model.name):
        if mock.pass_through_unemulated:
            return
        # Fail closed, before anything is serialized.
        raise wire.unemulated(model.name)
    context[_CTX_PARAMS] = params
    context[_CTX_MOCK] = mock
    if validate:
        # Only for clients whose serializer skips validation: don't pay twice.
        wire.validate_params(params, model)


def _answer(
    model: Any, context: dict[str, Any], timestamp_parser: wire.TimestampParser
) -> tuple[Any, dict[str, Any]] | None:
    mock: Target | None = context.get(_CTX_MOCK)
    if mock is None:
        # Passed through by _remember_params, or no mock was active at parameter build.
        return None
    # botocore raises NoRegionError before before-call; the default only guards the type.
    region = context.get("client_region") or "us-east-1"
    return wire.dispatch(
        mock.state, mock.account_id, region, model, context[_CTX_PARAMS], timestamp_parser
    )
