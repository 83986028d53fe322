"""The private botocore surface (_botocore.py) when an internal is not what it expects, retry
replay through an awaiting emitter (intercept/retries.py), and the validation of a client
built with ``parameter_validation=False`` (wire/validation.py)."""

from __future__ import annotations

import asyncio
import datetime
from typing import Any

import boto3
import botocore.hooks
import pytest
from botocore.awsrequest import AWSResponse
from botocore.config import Config
from botocore.exceptions import ClientError, ParamValidationError
from botocore.model import ServiceModel
from dateutil.tz import tzlocal

from apigw_canary_mock import _botocore, mock_apigateway, wire
from apigw_canary_mock.intercept.retries import answer_with_retries

REGION = "us-east-1"
URL = "https://apigateway.us-east-1.amazonaws.com/restapis"
NUMBER_NOT_STRING = (
    "class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an "
    "String"
)


def apigateway(**kwargs: Any) -> Any:
    return boto3.client("apigateway", region_name=REGION, **kwargs)


# -- _botocore: an internal that changed costs the direct path, never an answer -------------------


class _Unreadable:
    """A callable whose signature inspect can not read."""

    __signature__ = "not a signature"

    def __call__(self, *args: Any) -> None:
        raise AssertionError("never called")


class _ClientLike:
    def __init__(self, **internals: Any) -> None:
        self.__dict__.update(internals)


def _real(name: str) -> Any:
    return getattr(apigateway(), name)


@pytest.mark.parametrize(
    "internals",
    [
        {"_emit_api_params": None},  # gone (renamed)
        {"_emit_api_params": _Unreadable()},  # no signature to check
        {"_emit_api_params": lambda *args: None},  # another signature
    ],
    ids=["missing", "unreadable-signature", "other-signature"],
)
def test_a_client_without_the_internals_gets_no_direct_path(internals: dict[str, Any]) -> None:
    client = _ClientLike(_resolve_endpoint_ruleset=_real("_resolve_endpoint_ruleset"), **internals)
    assert not _botocore.has_direct_path_internals(client)
    both = _ClientLike(
        _emit_api_params=_real("_emit_api_params"),
        _resolve_endpoint_ruleset=_real("_resolve_endpoint_ruleset"),
    )
    assert _botocore.has_direct_path_internals(both)  # the real ones pass


class _UnhashableCallable:
    __hash__ = None  # type: ignore[assignment]

    def __call__(self, api_params: Any, operation_model: Any, context: Any) -> None:
        raise AssertionError("never called")


def test_an_unhashable_callable_is_checked_without_the_cache() -> None:
    client = _ClientLike(
        _emit_api_params=_UnhashableCallable(),
        _resolve_endpoint_ruleset=_real("_resolve_endpoint_ruleset"),
    )
    # Its signature is read (a bound __call__ without self): the one botocore's has.
    assert _botocore.has_direct_path_internals(client)


def test_clients_of_one_session_share_one_service_model_and_others_keep_theirs() -> None:
    first, second = apigateway(), apigateway()
    shared = _botocore.shared_service_model(first)
    assert shared is _botocore.shared_service_model(second)
    assert shared is not first.meta.service_model  # the client's own is left as botocore made it
    assert shared.operation_model("GetStage").name == "GetStage"
    # Another session has another loader, so another description: another shared model.
    other = boto3.Session().client("apigateway", region_name=REGION)
    assert _botocore.shared_service_model(other) is not shared
    # A model that is not botocore's plain ServiceModel is the client's own.
    odd = _ClientLike(meta=_ClientLike(service_model=_ClientLike(service_name="apigateway")))
    assert _botocore.shared_service_model(odd) is odd.meta.service_model


def test_clients_of_one_session_share_the_endpoint_provider_and_resolve_their_own_endpoints() -> (
    None
):
    session = boto3.Session()
    east = session.client("apigateway", region_name="us-east-1")
    west = session.client("apigateway", region_name="eu-west-1")
    fips = session.client(
        "apigateway", region_name="us-east-1", config=Config(use_fips_endpoint=True)
    )
    for client in (east, west, fips):
        _botocore.share_endpoint_provider(client)
    provider = east._ruleset_resolver._provider
    assert west._ruleset_resolver._provider is provider
    assert fips._ruleset_resolver._provider is provider
    model = east.meta.service_model.operation_model("GetRestApis")
    urls = [c._resolve_endpoint_ruleset(model, {}, {})[0] for c in (east, west, fips)]
    assert urls == [
        "https://apigateway.us-east-1.amazonaws.com",
        "https://apigateway.eu-west-1.amazonaws.com",
        "https://apigateway-fips.us-east-1.amazonaws.com",
    ]
    # Another session: its own description, its own provider.
    other = boto3.Session().client("apigateway", region_name="us-east-1")
    own = other._ruleset_resolver._provider
    _botocore.share_endpoint_provider(other)
    assert other._ruleset_resolver._provider is own is not provider
    # A resolver of another kind (or none) is left alone.
    _botocore.share_endpoint_provider(_ClientLike(_ruleset_resolver=None))


def test_the_shared_service_models_kept_are_bounded() -> None:
    clients = [boto3.Session().client("apigateway", region_name=REGION) for _ in range(10)]
    models = [_botocore.shared_service_model(client) for client in clients]
    assert len(_botocore._shared) <= _botocore._SHARED_KEPT
    # The newest is still kept; the oldest was let go and is built again if asked for.
    assert _botocore.shared_service_model(clients[-1]) is models[-1]
    assert _botocore.shared_service_model(clients[0]) is not models[0]


class _OwnAliaser(botocore.hooks.EventAliaser):
    def _alias_event_name(self, event_name: str) -> str:
        return event_name


def test_clients_with_botocores_aliases_share_the_alias_cache_and_others_keep_theirs() -> None:
    first, second = apigateway(), apigateway()
    _botocore.share_alias_names(first.meta.events)
    _botocore.share_alias_names(second.meta.events)
    assert first.meta.events._alias_name_cache is second.meta.events._alias_name_cache
    assert first.meta.events._alias_event_name("before-call.apigateway.GetStage") == (
        "before-call.api-gateway.GetStage"
    )
    # Another alias table, or another aliasing method: left alone.
    other_table = botocore.hooks.EventAliaser(
        botocore.hooks.HierarchicalEmitter(), {"apigateway": "something-else"}
    )
    own_method = _OwnAliaser(botocore.hooks.HierarchicalEmitter())
    for events in (other_table, own_method, object()):
        before = getattr(events, "_alias_name_cache", None)
        _botocore.share_alias_names(events)
        assert getattr(events, "_alias_name_cache", None) is before


def test_an_emitter_without_the_lookup_cache_is_not_read() -> None:
    events = apigateway().meta.events
    assert _botocore.hierarchical_emitter(events) is events._emitter
    assert _botocore.hierarchical_emitter(object()) is None


def test_a_parser_factory_without_a_timestamp_parser_gives_botocores_dates(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    client = apigateway()
    factory = client._endpoint._response_parser_factory
    monkeypatch.setattr(factory, "create_parser", lambda protocol: object())
    assert _botocore.timestamp_parser(client) is None
    with mock_apigateway():
        created = client.create_rest_api(name="x")["createdDate"]
    assert isinstance(created, datetime.datetime)
    assert isinstance(created.tzinfo, tzlocal)


# -- retries: an awaiting emitter (aiobotocore's kind) runs the same loop -------------------------


class _AwaitingEvents:
    """A client's emitter behind ``await``, as aiobotocore's is: botocore's own handlers reply."""

    def __init__(self, events: Any) -> None:
        self._events = events
        self.attempts: list[int] = []

    async def emit(self, event_name: str, **kwargs: Any) -> Any:
        self.attempts.append(kwargs["attempts"])
        return self._events.emit(event_name, **kwargs)


def _throttled_then_ok(failures: int) -> Any:
    answered: list[int] = []

    def answer_once() -> tuple[Any, dict[str, Any]]:
        answered.append(1)
        if len(answered) <= failures:
            error = {"Code": "TooManyRequestsException", "Message": "Too Many Requests"}
            return AWSResponse(URL, 429, {}, None), {
                "Error": error,
                "ResponseMetadata": {"HTTPStatusCode": 429},
            }
        return AWSResponse(URL, 200, {}, None), {
            "items": [],
            "ResponseMetadata": {"HTTPStatusCode": 200},
        }

    return answer_once


@pytest.mark.parametrize(("failures", "status", "retries"), [(2, 200, 2), (5, 429, 2)])
def test_an_awaiting_emitter_gets_the_retry_loop_as_a_coroutine(
    failures: int, status: int, retries: int
) -> None:
    client = apigateway(config=Config(retries={"mode": "standard", "total_max_attempts": 3}))
    events = _AwaitingEvents(client.meta.events)
    model = client.meta.service_model.operation_model("GetRestApis")
    context: dict[str, Any] = {"client_config": client.meta.config}
    pending = answer_with_retries(events, model, context, _throttled_then_ok(failures))
    assert asyncio.iscoroutine(pending)
    http, parsed = asyncio.run(pending)
    assert http.status_code == status
    assert parsed["ResponseMetadata"]["RetryAttempts"] == retries
    assert events.attempts == [1, 2, 3]  # botocore's standard handler: 3 attempts at most
    assert context["retries"]["attempt"] == 3
    # Standard mode marks the last allowed attempt, a success included, as for botocore's loop.
    assert parsed["ResponseMetadata"]["MaxAttemptsReached"] is True


# -- validation: what a parameter_validation=False client sends ---------------------------------


def test_an_unvalidated_body_with_other_kinds_beside_a_number_string_reaches_aws_checks() -> None:
    """Only the string members are read as strings; an integer and a bool member stay as given,
    so the request is AWS's SerializationException, not botocore's ParamValidationError."""
    with mock_apigateway():
        client = apigateway(config=Config(parameter_validation=False))
        with pytest.raises(ClientError) as caught:
            client.create_rest_api(
                name="x", version=2, minimumCompressionSize=5, disableExecuteApiEndpoint=True
            )
        assert caught.value.response["Error"]["Code"] == "SerializationException"
        assert caught.value.response["Error"]["Message"] == NUMBER_NOT_STRING
        # A fault that is not of that kind beside it: botocore's error, as a validating client's.
        with pytest.raises(ParamValidationError, match="minimumCompressionSize"):
            client.create_rest_api(name="x", version=2, minimumCompressionSize="five")
        assert client.get_rest_apis()["items"] == []


_NO_INPUT = ServiceModel(
    {
        "metadata": {"protocol": "rest-json", "serviceId": "Example", "apiVersion": "1"},
        "operations": {"Ping": {"name": "Ping", "http": {"method": "GET", "requestUri": "/"}}},
        "shapes": {},
    }
).operation_model("Ping")


def test_an_operation_without_input_is_validated_as_botocore_does() -> None:
    # botocore's ParamValidationDecorator skips an operation without an input shape; so do both.
    assert _NO_INPUT.input_shape is None
    assert wire.validate_params({}, _NO_INPUT) is None
    assert wire.validate_unchecked_params({}, _NO_INPUT) is None
