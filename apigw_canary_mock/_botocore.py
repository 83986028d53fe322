"""Every private botocore (and aiobotocore) name apigw_canary_mock touches, in one place.

botocore gives no public way to answer a call in-process, so the interception leans on a few of
its internals. They are all here, each behind a function that checks the internal is still
what we expect and otherwise says so (returns None / False), so that a botocore release that
changes one costs speed (the direct path is not taken) or a clear error, never a wrong answer.
On a new botocore release, run ``python -m pytest tests/intercept`` and read this file top to
bottom against botocore's source (docs/architecture.md, "The private botocore surface").

The internals (what for; what happens if one changed):

* ``BaseClient._make_api_call``, aiobotocore's ``AioBaseClient._make_api_call``: the one place
  every client call passes, wrapped while a mock is active (if renamed: install() fails loudly).
* ``client._emit_api_params``, ``client._resolve_endpoint_ruleset``: the direct path replays
  botocore's first steps (signatures checked: if changed, botocore's own path is taken).
* ``ServiceModel._service_description`` (the loader's parsed JSON, shared by a session's
  clients) and ``client._ruleset_resolver._provider``: the direct path builds one ServiceModel
  and keeps one endpoint provider per description instead of one per client (else: the
  client's own, built per client as botocore does).
* boto3's ``EventAliaser._alias_name_cache`` and ``_event_aliases``: clients with botocore's
  alias table share one cache of aliased event names (else: each client its own, as botocore).
* The emitter's ``_lookup_cache`` and ``_handlers.prefix_search``, behind boto3's
  ``EventAliaser._emitter``: who listens where the request would be seen (else: botocore's path).
* ``client._serializer`` being a ``ParamValidationDecorator``: whether the client validates
  params itself (else: the mock validates them).
* ``client._endpoint._response_parser_factory`` and a parser's ``_timestamp_parser``: parse dates
  as this client's own parser does; the AWS CLI keeps raw strings (else: botocore's default).
* ``client._request_signer._credentials`` (its ``__dict__``: ``access_key`` / ``_access_key``):
  the access key a client already holds, for ``accounts=`` (else: the default account).
* The request context's ``retries`` dict, as ``Endpoint._update_retries_context`` fills it:
  retry replay feeds botocore's retry handlers what they read (intercept.retries; tested).
* A client's instance ``__dict__``: it holds our registration (``hold``) while a mock is active,
  so that a client dropped meanwhile is collected.
* ``AWSResponse`` reading ``_content`` and ``raw.stream()`` (wire.response builds answers
  botocore's parser reads without any HTTP).

Set ``APIGW_CANARY_MOCK_DIRECT_PATH=0`` to never take the direct path (botocore's own path for
every call: slower, the same answers).
"""

from __future__ import annotations

import collections
import functools
import inspect
import operator
import os
import threading
from collections.abc import Callable
from typing import Any

import botocore.client
import botocore.hooks
from botocore.endpoint_provider import EndpointProvider
from botocore.model import ServiceModel
from botocore.parsers import ResponseParserFactory
from botocore.validate import ParamValidationDecorator

#: The method wrapped on botocore's (and aiobotocore's) client class.
MAKE_API_CALL = "_make_api_call"

#: botocore's API-call history (a public module attribute; kept with the rest).
history_recorder: Any = getattr(botocore.client, "history_recorder", None)


def direct_path_enabled() -> bool:
    """False when ``APIGW_CANARY_MOCK_DIRECT_PATH`` is 0/false/no/off (read at each install)."""
    value = os.environ.get("APIGW_CANARY_MOCK_DIRECT_PATH", "1").strip().lower()
    return value not in ("0", "false", "no", "off")


def own_make_api_call(owner: type) -> Any | None:
    """The ``_make_api_call`` defined on ``owner`` itself (not inherited), if any."""
    return owner.__dict__.get(MAKE_API_CALL)


def set_make_api_call(owner: type, function: Any) -> None:
    setattr(owner, MAKE_API_CALL, function)


# -- the direct path ---------------------------------------------------------------------

# The client internals the direct path calls, with the parameters it passes them.
_CLIENT_INTERNALS = {
    "_emit_api_params": ("api_params", "operation_model", "context"),
    "_resolve_endpoint_ruleset": ("operation_model", "params", "request_context"),
}


def has_direct_path_internals(client: Any) -> bool:
    """Whether ``client`` has the internals the direct path calls, as it calls them."""
    for name, wanted in _CLIENT_INTERNALS.items():
        method = getattr(client, name, None)
        if not callable(method):
            return False
        function = getattr(method, "__func__", method)
        try:
            takes = _takes(function, wanted)
        except TypeError:  # an unhashable callable: not botocore's
            takes = _takes.__wrapped__(function, wanted)
        if not takes:
            return False
    return True


@functools.lru_cache(maxsize=32)
def _takes(function: Any, wanted: tuple[str, ...]) -> bool:
    # Per function, not per client: botocore makes a class per client, over the same functions
    # (inspect.signature costs ~20 µs, on every client otherwise).
    try:
        parameters = tuple(inspect.signature(function).parameters)
    except (TypeError, ValueError):
        return False
    if parameters[:1] == ("self",):
        parameters = parameters[1:]
    return parameters[: len(wanted)] == wanted


def emit_api_params(client: Any) -> Any:
    """The client's ``provide-client-params`` + ``before-parameter-build`` step, called as
    ``(api_params=, operation_model=, context=)`` (a coroutine for an aiobotocore client)."""
    return client._emit_api_params


def resolve_endpoint_ruleset(client: Any) -> Any:
    """The client's endpoint resolution, called as ``(operation_model, params, context)``
    (a coroutine for an aiobotocore client)."""
    return client._resolve_endpoint_ruleset


# A client's ServiceModel builds its operation models and shapes on first use, per client:
# ~200 µs on the first call of each operation of every fresh client (a test suite makes one per
# test); so does its endpoint provider, evaluating the endpoint rules (~110 µs on its first
# call). botocore's loader hands every client of a session the same parsed description (and
# the same rules, from the same loader), so the direct path uses one ServiceModel and one
# endpoint provider per description for all of them: the same objects, built once.


class _Shared:
    """What the clients of one service description share."""

    __slots__ = ("description", "model", "provider")

    def __init__(self, description: dict[str, Any], model: ServiceModel) -> None:
        self.description = description  # kept: its id stays unique while this lives
        self.model = model
        self.provider: Any = None


_shared: collections.OrderedDict[tuple[int, str], _Shared] = collections.OrderedDict()
_SHARED_KEPT = 8  # descriptions (sessions with their own loader) kept, the newest
_shared_lock = threading.Lock()


def _shared_for(client: Any) -> _Shared | None:
    own = client.meta.service_model
    description = getattr(own, "_service_description", None)
    if type(own) is not ServiceModel or not isinstance(description, dict):
        return None
    key = (id(description), own.service_name)
    with _shared_lock:
        shared = _shared.get(key)
        if shared is not None and shared.description is description:
            _shared.move_to_end(key)
            return shared
        shared = _shared[key] = _Shared(
            description, ServiceModel(description, service_name=own.service_name)
        )
        while len(_shared) > _SHARED_KEPT:
            _shared.popitem(last=False)
        return shared


def shared_service_model(client: Any) -> Any:
    """A ServiceModel equal to the client's, shared by every client of the same description
    (``ServiceModel._service_description``, the loader's cached dict); the client's own when
    its model is not botocore's plain ServiceModel."""
    shared = _shared_for(client)
    return client.meta.service_model if shared is None else shared.model


def share_endpoint_provider(client: Any) -> None:
    """Give ``client``'s endpoint resolver the provider of the first client of its service
    description (``EndpointRulesetResolver._provider``: the same rules from the same loader,
    with its cache of resolved endpoints); leave a resolver of another kind alone."""
    resolver: Any = getattr(client, "_ruleset_resolver", None)
    provider = getattr(resolver, "_provider", None)
    if type(provider) is not EndpointProvider:
        return
    shared = _shared_for(client)
    if shared is None:
        return
    with _shared_lock:
        if shared.provider is None:
            shared.provider = provider
        else:
            resolver._provider = shared.provider


# boto3's EventAliaser works an event name's alias out on first sight (~5-30 µs), per client:
# its cache starts empty with every client. The alias is a function of the name and of the
# alias table alone, so clients with botocore's own table share one cache.
_DEFAULT_ALIASES = dict(botocore.hooks.EVENT_ALIASES)
_shared_alias_names: dict[str, str] = {}


def share_alias_names(events: Any) -> None:
    """Give ``events`` (a client's EventAliaser) the process-wide cache of aliased names, if
    it is botocore's EventAliaser with botocore's alias table; else leave it alone."""
    botocores = getattr(botocore.hooks.EventAliaser, "_alias_event_name", None)
    if botocores is None or getattr(type(events), "_alias_event_name", None) is not botocores:
        return
    own = getattr(events, "_alias_name_cache", None)
    if own is _shared_alias_names or not isinstance(own, dict):
        return
    if getattr(events, "_event_aliases", None) != _DEFAULT_ALIASES:
        return
    _shared_alias_names.update(own)
    events._alias_name_cache = _shared_alias_names


def hierarchical_emitter(events: Any) -> Any | None:
    """The HierarchicalEmitter behind a client's events (boto3 wraps it in an EventAliaser),
    if it has the lookup cache the direct path reads; else None."""
    emitter = getattr(events, "_emitter", events)
    if isinstance(getattr(emitter, "_lookup_cache", None), dict) and hasattr(
        getattr(emitter, "_handlers", None), "prefix_search"
    ):
        return emitter
    return None


#: ``listeners_token(emitter)``: an object that stays the same exactly as long as nobody
#: (un)registers a handler on ``emitter`` (botocore replaces its lookup cache on every register
#: and unregister). An attrgetter: it runs on every call.
listeners_token: Callable[[Any], object] = operator.attrgetter("_lookup_cache")


def handlers_for(emitter: Any, event_name: str) -> Any:
    """The handlers botocore would call for ``event_name``, from (and into) its own cache:
    what ``HierarchicalEmitter._emit`` does (it clears the cache on every (un)register, so
    the list object changes exactly when the listeners do)."""
    handlers = emitter._lookup_cache.get(event_name)
    if handlers is None:
        handlers = emitter._handlers.prefix_search(event_name)
        emitter._lookup_cache[event_name] = handlers
    return handlers


# -- what we keep on a client ---------------------------------------------------------------

_HELD = "_apigw_canary_mock_registration"


def hold(client: Any, value: object) -> None:
    """Make ``client`` keep ``value`` alive for as long as the client lives (our registration:
    a global table holding it would keep every client ever seen alive while a mock is active).
    Set in the instance's ``__dict__``: a botocore client's ``__getattr__`` is never involved."""
    vars(client)[_HELD] = value


def release(client: Any) -> None:
    """Undo ``hold``: the client keeps nothing of ours."""
    vars(client).pop(_HELD, None)


# -- what a client holds -------------------------------------------------------------------


def serializer_validates(client: Any) -> bool:
    """Whether the client's serializer validates params (``parameter_validation=False``, from
    the Config or the profile, leaves the bare serializer; ``client.meta.config`` does not
    reliably say so)."""
    return isinstance(getattr(client, "_serializer", None), ParamValidationDecorator)


def timestamp_parser(client: Any) -> Any | None:
    """The timestamp parser this client's own response parser uses, if it can be found.

    The AWS CLI, for one, configures it (raw values by default) through the session's parser
    factory; None means botocore's default.
    """
    factory = getattr(getattr(client, "_endpoint", None), "_response_parser_factory", None)
    if isinstance(factory, ResponseParserFactory):
        parser = getattr(
            factory.create_parser(client.meta.service_model.protocol), "_timestamp_parser", None
        )
        if callable(parser):
            return parser
    return None


def held_access_key_id(client: Any) -> str | None:
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
