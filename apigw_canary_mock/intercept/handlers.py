"""What the mock puts on one apigateway client: two handlers on its event emitter.

* ``before-parameter-build.api-gateway`` (``remember_params``): find the mock that answers this
  call (activation rules; with the guard on, a call outside any mock is refused here), fail
  closed on an unemulated operation, remember the user's params and the mock in the request
  context, validate the params when the client does not, and refuse values botocore could not
  send.
* ``before-call.api-gateway`` (``answer``): answer from the engine, retries replayed
  (intercept.retries). botocore short-circuits on the returned ``(http_response, parsed)``:
  nothing is signed, sent or retried over the network.

The direct path (intercept.direct) fires the same ``before-parameter-build`` event and then
answers through ``answer_call`` itself, without building the request botocore would send.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any, Protocol

from apigw_canary_mock import _botocore, engine, operations, wire
from apigw_canary_mock.core.defaults import DEFAULT_REGION
from apigw_canary_mock.errors import MockError, UnmockedCallError
from apigw_canary_mock.intercept.retries import answer_with_retries

PARAMS_UID = "apigw_canary_mock.remember_params"
CALL_UID = "apigw_canary_mock.answer"
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
    def session(self) -> engine.Session: ...

    @property
    def accounts(self) -> Mapping[str, str]:
        """Access key id -> account id; empty when every client acts in ``account_id``."""
        ...


Resolver = Callable[[], "Target | None"]


class ClientHook:
    """Our two handlers on one client's emitter (registered by ``register``)."""

    __slots__ = (
        "_client",
        "_events",
        "_resolve",
        "_timestamp_parser",
        "_validate",
        "handlers",
        "registered",
    )

    def __init__(self, client: Any, resolve: Resolver) -> None:
        self._client = weakref.ref(client)
        self._events = client.meta.events
        self._resolve = resolve
        # Only for clients whose serializer skips validation: don't pay twice.
        self._validate = not _botocore.serializer_validates(client)
        parser = _botocore.timestamp_parser(client)
        self._timestamp_parser = (
            wire.DEFAULT_TIMESTAMP_PARSER if parser is None else wire.fast_timestamp_parser(parser)
        )
        # Event names use the hyphenized service id ("API Gateway" -> "api-gateway").
        service_id = client.meta.service_model.service_id.hyphenize()
        self.handlers = (
            (f"before-parameter-build.{service_id}", PARAMS_UID, self.remember_params),
            (f"before-call.{service_id}", CALL_UID, self.answer),
        )
        # Registered on the emitter only once a call takes botocore's path: on the direct
        # path the direct path calls ``remember_params`` itself (registering costs more than
        # a whole call: botocore re-aliases every event name).
        self.registered = False

    @property
    def validates_itself(self) -> bool:
        """Whether the client's serializer validates params (then the direct path must)."""
        return not self._validate

    def register(self) -> None:
        if not self.registered:
            for event, unique_id, handler in self.handlers:
                self._events.register(event, handler, unique_id=unique_id)
            self.registered = True

    def unregister(self) -> None:
        if self.registered:
            for event, unique_id, _ in self.handlers:
                self._events.unregister(event, unique_id=unique_id)
            self.registered = False

    # -- the handlers (per call) ------------------------------------------------------

    def remember_params(
        self, params: Any, model: Any, context: dict[str, Any], **kwargs: Any
    ) -> None:
        if _CTX_MOCK in context:
            return  # already done for this call (the direct path, with our handler registered)
        try:
            mock = self._resolve()
        except UnmockedCallError as refused:  # the guard: name the operation
            raise UnmockedCallError(model.name, refused.blocked_by) from None
        if mock is None:
            return
        if model.name not in operations.OPERATIONS:
            if mock.pass_through_unemulated:
                return
            raise engine.unemulated(model.name)  # fail closed, before anything is serialized
        context[_CTX_PARAMS] = params
        context[_CTX_MOCK] = mock
        if self._validate:
            # Only for clients whose serializer skips validation: don't pay twice.
            wire.validate_unchecked_params(params, model)
        wire.check_sendable(params, model)

    def answer(self, model: Any, params: Any, context: dict[str, Any], **kwargs: Any) -> Any:
        """``before-call``: answer (``params`` is botocore's request dict) or pass (None)."""
        if _CTX_MOCK not in context:
            return None  # passed through, or no mock was active at parameter build
        return self.answer_call(model, context, params)

    def answer_call(
        self, model: Any, context: dict[str, Any], request: dict[str, Any] | None = None
    ) -> Any:
        """The answer for the mock in ``context``, retries included (a coroutine of it for an
        aiobotocore client whose retry handlers run). ``request``: botocore's request dict,
        when botocore built one."""
        mock: Target | None = context.get(_CTX_MOCK)
        if mock is None:
            # Every mock stopped between the start of this call and its parameter build.
            raise MockError(f"{model.name}: the mock was stopped while this call was in progress")
        # botocore raises NoRegionError before this; the default only guards the type.
        region = context.get("client_region") or DEFAULT_REGION
        account_id = mock.account_id
        if mock.accounts:
            key = _botocore.held_access_key_id(self._client())
            account_id = mock.accounts.get(key or "", account_id)
        once = partial(
            engine.answer,
            mock.session,
            account_id,
            region,
            model,
            context[_CTX_PARAMS],
            self._timestamp_parser,
        )
        return answer_with_retries(
            self._events, model, context if request is None else request, once
        )
