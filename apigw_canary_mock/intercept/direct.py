"""The direct path: answer an emulated call without building an HTTP request nobody reads.

On botocore's own path a call the mock answers still pays for what only a sent request needs:
the serialized request (URI template, JSON body), the User-Agent header (~27 µs on its own)
and the endpoint (~8 µs) -- over half the cost of a call, all thrown away when ``before-call``
short-circuits. When nothing but botocore's inert handlers and ours listens where those would
be seen, the wrapper of ``_make_api_call`` (botocore's, or aiobotocore's, whose steps are the
same coroutines) answers through here instead, with botocore's steps in botocore's order:

1. the ``API_CALL`` history record;
2. ``provide-client-params`` and ``before-parameter-build`` (a handler may still replace or
   change the params; left out while only botocore's handlers listen and they would fill
   nothing in), then ours (intercept.handlers: the mock for this call, validation);
3. the endpoint: resolved once per client (the apigateway ruleset reads no call parameter);
   an error (``NoRegionError``...) is not kept, so it is raised again on every call;
4. parameter validation, as botocore's ``ParamValidationDecorator`` does it, for clients
   whose serializer validates;
5. the answer (``ClientHook.answer_call``: the engine, retries included);
6. ``after-call`` (when anyone listens); an error status raises the client's own exception
   class.

The steps are written once (``_steps``, a coroutine): an aiobotocore client awaits what its
internals return; a sync client's return plain values, so the coroutine runs to its end in one
``send``: only the ``await`` differs.

"Listening" is read from the client's emitter on every call (botocore's own lookup cache, so a
handler registered at any time counts from its next call): a Stubber, a user's handler on
``before-call`` or ``needs-retry`` (it may read the request dict) or on
``before-endpoint-resolution`` sends the call down botocore's full path instead. So does an
emitter of a shape we do not know, and ``APIGW_CANARY_MOCK_DIRECT_PATH=0``.
"""

from __future__ import annotations

import copy
import inspect
from collections.abc import Callable
from typing import Any, NamedTuple

from apigw_canary_mock import _botocore, operations, wire
from apigw_canary_mock.intercept.handlers import ClientHook

# botocore's built-in handlers for API Gateway that a call on the direct path may leave out,
# by event: before-call's only add request headers, which a short-circuited call never sends;
# before-parameter-build's fill idempotency tokens and a checksum validation member, which the
# operation is checked not to have (``_fills_nothing``).
_INERT = {
    "before-call": frozenset(
        {
            ("botocore.handlers", "add_accept_header"),
            ("botocore.handlers", "add_recursion_detection_header"),
            ("botocore.handlers", "inject_api_version_header_if_needed"),
        }
    ),
    "before-parameter-build": frozenset(
        {
            ("botocore.handlers", "generate_idempotent_uuid"),
            ("botocore.handlers", "_handle_request_validation_mode_member"),
        }
    ),
}
# botocore's retry handlers (legacy, standard, adaptive) read only the request's context,
# which the direct path passes them; anyone else on needs-retry may read the request itself.
_RETRY_MODULES = (
    "botocore.retryhandler",
    "botocore.retries.",
    "aiobotocore.retryhandler",
    "aiobotocore.retries.",
)


def _fills_nothing(model: Any) -> bool:
    """Whether botocore's before-parameter-build handlers leave this operation's params as
    they are (no idempotency token, no checksum validation member: none in API Gateway)."""
    checksum = model.http_checksum
    return not model.idempotent_members and not (
        isinstance(checksum, dict) and checksum.get("requestValidationModeMember")
    )


class _Events:
    """One operation's event names, and whether botocore's parameter handlers fill nothing in
    for it (a property of the operation model)."""

    __slots__ = ("after_call", "fills_nothing", "params", "request")

    def __init__(self, service_id: str, model: Any, endpoint_event: str) -> None:
        name = model.name
        # Where a listener would see the request (before-call would get the request dict).
        self.request = (
            f"before-call.{service_id}.{name}",
            endpoint_event,
            f"needs-retry.{service_id}.{name}",
        )
        # Where a listener would see or change the params.
        self.params = (
            f"provide-client-params.{service_id}.{name}",
            f"before-parameter-build.{service_id}.{name}",
        )
        self.after_call = f"after-call.{service_id}.{name}"
        self.fills_nothing = _fills_nothing(model)


class _Verdict(NamedTuple):
    """What the listeners of one operation's events allow."""

    direct: bool  # only inert handlers where the request would be seen: the direct path
    emit_params: bool  # someone may see or change the params: emit their two events
    emit_after: bool  # someone listens on after-call


class _Listeners:
    """The verdict on one operation's listeners, kept while nobody (un)registers a handler on
    the emitter (one identity check per call); worked out again from botocore's own handler
    lists after."""

    __slots__ = ("_emitter", "_ours", "_token", "_verdicts")

    def __init__(self, emitter: Any, ours: tuple[Callable[..., Any], ...]) -> None:
        self._emitter = emitter
        self._ours = ours
        self._token: object = None
        self._verdicts: dict[_Events, _Verdict] = {}

    def verdict(self, events: _Events) -> _Verdict:
        token = _botocore.listeners_token(self._emitter)
        if token is not self._token:
            # Holding the token keeps its identity unique while it is botocore's.
            self._token, self._verdicts = token, {}
        verdict = self._verdicts.get(events)
        if verdict is None:
            verdict = self._verdicts[events] = _Verdict(
                self._only_inert(events.request),
                not (events.fills_nothing and self._only_inert(events.params)),
                bool(_botocore.handlers_for(self._emitter, events.after_call)),
            )
        return verdict

    def _only_inert(self, event_names: tuple[str, ...]) -> bool:
        return all(
            self._inert(handler, name.partition(".")[0])
            for name in event_names
            for handler in _botocore.handlers_for(self._emitter, name)
        )

    def _inert(self, handler: Any, event: str) -> bool:
        if any(handler == ours for ours in self._ours):
            return True
        module = getattr(handler, "__module__", None)
        if event == "needs-retry":
            return isinstance(module, str) and module.startswith(_RETRY_MODULES)
        inert = _INERT.get(event)
        return inert is not None and (module, getattr(handler, "__qualname__", None)) in inert


class DirectPath:
    """One client's direct path (see the module docstring); sync and aiobotocore clients alike.

    ``take(operation_name)`` decides, on every call, whether the call may go this way (an
    emulated operation, nothing else listening); then ``call`` (sync client) or ``call_async``
    (aiobotocore client: its internals and emitter are coroutines) answers it.
    """

    def __init__(self, client: Any, emitter: Any, hook: ClientHook) -> None:
        self._client = client
        self._emit_api_params = _botocore.emit_api_params(client)
        self._resolve_endpoint_ruleset = _botocore.resolve_endpoint_ruleset(client)
        self._events = client.meta.events
        self._meta = client.meta
        self._hook = hook
        self._validates = hook.validates_itself
        self._listeners = _Listeners(emitter, (hook.answer, hook.remember_params))
        # Operation models and shapes built once per process, not once per client.
        service_model = _botocore.shared_service_model(client)
        self._service_model = service_model
        self._service_name = service_model.service_name
        self._service_id = service_id = service_model.service_id.hyphenize()
        self._auth_options = service_model.metadata.get("auth")
        self._endpoint_event = f"before-endpoint-resolution.{service_id}"
        # Operation name -> its events (and whether botocore's parameter handlers matter).
        self._event_names: dict[str, _Events] = {}
        # What endpoint resolution added to a call's context, once it has succeeded.
        self._endpoint_context: dict[str, Any] | None = None

    def take(self, operation_name: str) -> Any | None:
        """The operation model if this call may take the direct path, else None."""
        model = self._service_model.operation_model(operation_name)
        if model.name not in operations.OPERATIONS:
            return None  # botocore's path raises the unemulated error or passes through
        events = self._event_names.get(operation_name)
        if events is None:
            events = self._event_names[operation_name] = _Events(
                self._service_id, model, self._endpoint_event
            )
        return model if self._listeners.verdict(events).direct else None

    def call(self, model: Any, operation_name: str, api_params: Any) -> Any:
        """Answer a sync client's call: the steps run to the end at once (nothing to await)."""
        steps = self._steps(model, operation_name, api_params, False)
        try:
            steps.send(None)
        except StopIteration as done:
            return done.value
        steps.close()  # pragma: no cover  (only an aiobotocore client's steps await)
        raise RuntimeError("the direct path of a sync client awaited")  # pragma: no cover

    async def call_async(self, model: Any, operation_name: str, api_params: Any) -> Any:
        """Answer an aiobotocore client's call: the same steps, awaited."""
        return await self._steps(model, operation_name, api_params, True)

    async def _steps(self, model: Any, operation_name: str, api_params: Any, awaiting: bool) -> Any:
        """botocore's steps, written once: for an aiobotocore client (``awaiting``) its
        internals and emitter return coroutines, which are awaited; a sync client's return
        plain values, so the coroutine never suspends and ``call`` runs it in one go."""
        context = self._start(model, operation_name, api_params)
        events = self._event_names[operation_name]
        verdict = self._listeners.verdict(events)
        if verdict.emit_params:
            api_params = self._emit_api_params(
                api_params=api_params, operation_model=model, context=context
            )
            if awaiting:
                api_params = await api_params
        # What our before-parameter-build handler does, as the last handler of that event.
        self._hook.remember_params(api_params, model, context)
        known = self._endpoint_context
        if known is not None:
            if known:  # API Gateway's endpoint rules add nothing: nothing to copy
                context.update(copy.deepcopy(known))
        else:
            before = dict(context)
            resolved = self._resolve_endpoint_ruleset(model, api_params, context)
            if awaiting:
                resolved = await resolved
            self._remember_endpoint(before, resolved, context)
        if self._validates:
            wire.validate_params(api_params, model)
        answered = self._hook.answer_call(model, context)
        if awaiting and inspect.isawaitable(answered):  # the retry loop awaited its emitter
            answered = await answered
        http, parsed = answered
        if verdict.emit_after:
            emitted = self._events.emit(
                events.after_call,
                http_response=http,
                parsed=parsed,
                model=model,
                context=context,
            )
            if awaiting:
                await emitted
        return self._finish(operation_name, context, http, parsed)

    def _remember_endpoint(
        self, before: dict[str, Any], resolved: tuple[Any, Any, Any], context: dict[str, Any]
    ) -> None:
        """Finish a resolution as botocore does; keep what it added to ``context``."""
        properties = resolved[2]
        if properties:
            context["endpoint_properties"] = properties
        added = {
            key: value
            for key, value in context.items()
            if key not in before or before[key] is not value
        }
        self._endpoint_context = copy.deepcopy(added)

    def _start(self, model: Any, operation_name: str, api_params: Any) -> dict[str, Any]:
        """botocore's first steps: the history record and the request context."""
        history = _botocore.history_recorder
        if history is not None:
            history.record(
                "API_CALL",
                {"service": self._service_name, "operation": operation_name, "params": api_params},
            )
        meta = self._meta
        return {
            "client_region": meta.region_name,
            "client_config": meta.config,
            "has_streaming_input": model.has_streaming_input,
            "auth_type": model.resolved_auth_type,
            "unsigned_payload": model.unsigned_payload,
            "auth_options": self._auth_options,
        }

    def _finish(
        self, operation_name: str, context: dict[str, Any], http: Any, parsed: dict[str, Any]
    ) -> Any:
        """botocore's last step: the parsed answer, or the client's own exception for it."""
        if http.status_code >= 300:
            error = parsed.get("Error", {})
            code = (
                context.get("error_code_override")
                or error.get("QueryErrorCode")
                or error.get("Code")
            )
            raise self._client.exceptions.from_code(code)(parsed, operation_name)
        return parsed


def make_direct_path(client: Any, hook: ClientHook) -> DirectPath | None:
    """The direct path for ``client``, or None if it cannot (or must not) have one."""
    if not _botocore.direct_path_enabled():
        return None
    emitter = _botocore.hierarchical_emitter(client.meta.events)
    if emitter is None or not _botocore.has_direct_path_internals(client):
        return None
    _botocore.share_alias_names(client.meta.events)
    _botocore.share_endpoint_provider(client)
    return DirectPath(client, emitter, hook)
