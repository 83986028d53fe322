"""The state file's data format (apigw_canary_mock.persistence.codec): core's objects as JSON
documents, read back strictly, building only registered classes."""

from __future__ import annotations

import dataclasses
import io
import json
import math
import typing
from dataclasses import dataclass, field
from datetime import datetime, timezone
from decimal import Decimal
from typing import Any, Literal

import pytest

from apigw_canary_mock.core.gateway_responses import GatewayResponse
from apigw_canary_mock.core.ids import IdGenerator
from apigw_canary_mock.core.journal import Journal
from apigw_canary_mock.core.methods import (
    Integration,
    IntegrationResponse,
    Method,
    MethodResponse,
)
from apigw_canary_mock.core.resources import Resource
from apigw_canary_mock.core.restapi import Deployment, RestApi
from apigw_canary_mock.core.snapshot import ApiSnapshot
from apigw_canary_mock.core.stage import AccessLogSettings, CanarySettings, MethodSetting, Stage
from apigw_canary_mock.persistence import codec
from apigw_canary_mock.persistence.codec import CodecError, codec_for, decode_any, encode_any


def through_json(value: Any) -> Any:
    return json.loads(json.dumps(value, allow_nan=False))


def roundtrip(value: Any, **attached: Any) -> Any:
    class_codec = codec_for(type(value))
    return class_codec.decode(through_json(class_codec.encode(value)), **attached)


def full_stage() -> Stage:
    return Stage(
        "prod",
        "dep001",
        100,
        200,
        "the stage",
        {"color": "blue", "ünï": "cödé"},
        True,
        "6.1",
        {"*/*": MethodSetting(metrics_enabled=True, logging_level="INFO")},
        True,
        CanarySettings("dep002", 12.5, True, {"color": "green"}),
        "v1",
        AccessLogSettings("arn:aws:logs:x", "$context.requestId"),
        {"team": "a"},
        "cert1",
    )


def full_api() -> RestApi:
    ids, journal = IdGenerator(1), Journal()
    method = Method(
        "GET",
        "NONE",
        True,
        request_parameters={"method.request.path.id": True},
        authorization_scopes=["a"],
        responses={"200": MethodResponse("200", {"method.response.header.h": False})},
        integration=Integration(
            "HTTP",
            "GET",
            "https://example.com",
            tls_config={"x": False},
            responses={"200": IntegrationResponse("200", "", None, {"application/json": None})},
        ),
    )
    root = Resource("root01", "/", methods={"GET": method}, children={"items": "res002"})
    child = Resource("res002", "/items", "root01", "items")
    api = RestApi(
        id="api0000001",
        name="orders",
        created_date=5,
        root_resource_id="root01",
        ids=ids,
        journal=journal,
        description="d",
        binary_media_types=["image/png"],
        minimum_compression_size=0,
        tags={"k": "v"},
        resources={"root01": root, "res002": child},
        gateway_responses={
            "DEFAULT_4XX": GatewayResponse("DEFAULT_4XX", None, {"h": "'v'"}, {}),
            "THROTTLED": GatewayResponse("THROTTLED", "499", {}, {"a/b": "t"}),
        },
    )
    api.deployments["dep001"] = Deployment("dep001", 7, "first", api.snapshot())
    api.stages["prod"] = full_stage()
    return api


def test_every_registered_class_and_backend_field_compiles() -> None:
    codec.check_all()


def test_a_stage_reads_back_equal() -> None:
    stage = full_stage()
    copy = roundtrip(stage)
    assert copy == stage and copy is not stage
    assert set(codec_for(Stage).encode(stage)) <= {f.name for f in dataclasses.fields(Stage)}


def test_a_rest_api_is_stored_without_its_stages_deployments_and_runtime_fields() -> None:
    api = full_api()
    document = codec_for(RestApi).encode(api)
    assert {"stages", "deployments", "ids", "journal"}.isdisjoint(document)
    ids, journal = IdGenerator(2), Journal()
    copy = roundtrip(api, ids=ids, journal=journal)
    assert copy.ids is ids and copy.journal is journal  # re-attached, not stored
    assert copy.stages == {} and copy.deployments == {}
    copy.stages, copy.deployments = api.stages, api.deployments
    assert copy == api
    assert sorted(codec.ids_in(api)) == ["api0000001", "res002", "root01"]


def test_a_deployment_reads_back_equal() -> None:
    deployment = full_api().deployments["dep001"]
    assert roundtrip(deployment) == deployment
    # Its own id, and the ids of the definition it froze (the API's own: claiming them again
    # in the id generator changes nothing).
    assert codec.ids_in(deployment) == ["dep001", "root01", "res002"]


def test_the_document_is_plain_json_with_python_field_names() -> None:
    document = codec_for(CanarySettings).encode(CanarySettings("d", 5.0))
    assert document == {
        "deployment_id": "d",
        "percent_traffic": 5.0,
        "use_stage_cache": False,
        "stage_variable_overrides": {},
    }


# -- strict reading -------------------------------------------------------------------------


def stage_document(**changes: Any) -> dict[str, Any]:
    document = through_json(codec_for(Stage).encode(full_stage()))
    document.update(changes)
    return document


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"name": 7}, "Stage.name: expected a string, got int"),
        ({"created_date": "100"}, "Stage.created_date: expected an integer, got str"),
        ({"created_date": True}, "Stage.created_date: expected an integer, got bool"),
        ({"tracing_enabled": 1}, "Stage.tracing_enabled: expected true or false, got int"),
        ({"variables": {"a": 1}}, "Stage.variables: expected strings, got str: int"),
        ({"variables": ["a"]}, "Stage.variables: expected a dict, got list"),
        ({"canary": {"deployment_id": "d", "percent_traffic": "5"}}, "percent_traffic"),
        ({"canary": {"percent_traffic": 5.0}}, "the field 'deployment_id' is missing"),
        ({"method_settings": {"*/*": {"metrics": True}}}, "unknown member(s) ['metrics']"),
        ({"__class__": "os.system"}, "unknown member(s) ['__class__']"),
        ({"access_log": "arn"}, "expected a AccessLogSettings object, got str"),
    ],
)
def test_a_value_of_the_wrong_shape_is_refused(changes: dict[str, Any], problem: str) -> None:
    with pytest.raises(CodecError) as raised:
        codec_for(Stage).decode(stage_document(**changes))
    assert problem in str(raised.value)


def test_a_missing_field_with_a_default_takes_it() -> None:
    document = stage_document()
    del document["tags"], document["canary"]
    stage = codec_for(Stage).decode(document)
    assert stage.tags == {} and stage.canary is None


def test_a_file_from_before_gateway_responses_reads_none() -> None:
    """An API and a snapshot stored before gateway responses were emulated: none customised."""
    api = full_api()
    document = through_json(codec_for(RestApi).encode(api))
    snapshot = through_json(codec_for(ApiSnapshot).encode(api.deployments["dep001"].snapshot))
    del document["gateway_responses"], snapshot["gateway_responses"]
    copy = codec_for(RestApi).decode(document, ids=IdGenerator(2), journal=Journal())
    assert copy.gateway_responses == {}
    assert codec_for(ApiSnapshot).decode(snapshot).gateway_responses == {}


def test_a_missing_required_field_is_refused() -> None:
    document = stage_document()
    del document["deployment_id"]
    with pytest.raises(CodecError, match="the field 'deployment_id' is missing"):
        codec_for(Stage).decode(document)


def test_non_finite_floats_are_kept() -> None:
    setting = MethodSetting(throttling_rate_limit=math.inf)
    document = through_json(codec_for(MethodSetting).encode(setting))
    assert document["throttling_rate_limit"] == {"$float": "inf"}
    assert codec_for(MethodSetting).decode(document) == setting


# -- Any values -----------------------------------------------------------------------------

ANY_VALUES = [
    None,
    True,
    3,
    2.5,
    "text",
    [1, "a", None],
    {"a": {"b": [1]}},
    b"\x00\xffbinary",
    Decimal("12.50"),
    (1, "two"),
    {1, 2},
    frozenset({"a"}),
    {1: "int key"},
    {"$ref": "a key with a dollar"},
    datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc),
    {"nested": [b"x", Decimal("1"), ("t",)]},
]


@pytest.mark.parametrize("value", ANY_VALUES, ids=repr)
def test_any_value_reads_back_as_it_was(value: Any) -> None:
    copy = decode_any(through_json(encode_any(value)))
    assert copy == value and type(copy) is type(value)


def test_nan_reads_back_as_nan() -> None:
    assert math.isnan(decode_any(through_json(encode_any(math.nan))))


def test_a_value_of_an_unknown_type_is_refused_in_state_and_approximated_in_history() -> None:
    blob = io.BytesIO(b"body")
    with pytest.raises(CodecError, match="BytesIO can not be stored"):
        encode_any(blob)
    stored = decode_any(through_json(encode_any({"body": blob}, lenient=True)))
    assert stored["body"].startswith("BytesIO: <_io.BytesIO object")
    assert decode_any(through_json(encode_any(bytearray(b"ab")))) == b"ab"


@pytest.mark.parametrize(
    "document",
    [
        {"$class": "os.system"},
        {"$bytes": "not base64!"},
        {"$decimal": "twelve"},
        {"$float": "7"},
        {"$tuple": "x"},
        {"$map": [[1]]},
        {"$set": [[1]]},
        {"$bytes": "AA==", "other": 1},
    ],
)
def test_a_bad_tagged_value_is_refused(document: dict[str, Any]) -> None:
    with pytest.raises(CodecError):
        decode_any(document)


# -- registering what core adds later -------------------------------------------------------


@dataclass
class Widget:
    id: str
    size: int = 1
    kind: Literal["a", "b"] = "a"
    parts: tuple[str, ...] = ()
    weights: dict[int, float] = field(default_factory=dict)
    cache: object = field(default=None, compare=False)


@dataclass
class Holder:
    widgets: dict[str, Widget] = field(default_factory=dict)
    main: Widget | None = None


def test_an_unregistered_class_is_named_with_the_line_to_add() -> None:
    with pytest.raises(TypeError, match=r"register\(Widget\) in apigw_canary_mock/persistence"):
        codec.compile_hint(dict[str, Widget])


def test_a_registered_class_is_stored_with_its_ids(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(codec, "_REGISTERED", dict(codec._REGISTERED))
    monkeypatch.setattr(codec, "_CODECS", dict(codec._CODECS))
    codec.register(Widget)
    codec.register(Holder)
    holder = Holder({"w1": Widget("w1", 2, "b", ("x",), {3: 0.5})}, Widget("w2"))
    copy = roundtrip(holder)
    assert copy == holder
    assert sorted(codec.ids_in(holder)) == ["w1", "w2"]
    with pytest.raises(CodecError, match="expected one of"):
        codec_for(Widget).decode({"id": "w", "kind": "c"})
    assert "cache" not in codec_for(Widget).encode(Widget("w"))  # compare=False: not data


def test_register_refuses_what_is_not_a_dataclass_or_an_unknown_field() -> None:
    with pytest.raises(TypeError, match="not a dataclass, a NamedTuple or a Record"):
        codec.register(int)
    with pytest.raises(TypeError, match="no field"):
        codec.register(Widget, omit=("nope",))


def test_every_dataclass_reachable_from_the_stored_roots_is_registered() -> None:
    # What a helper adding a core class without registering it would see fail.
    seen: set[type] = set()

    def walk(hint: Any) -> None:
        if codec.is_record(hint):
            if hint in seen:
                return
            seen.add(hint)
            assert hint in codec._REGISTERED, f"{hint.__name__} is not registered"
            class_codec = codec_for(hint)
            hints = codec.record_hints(hint)
            for name, *_ in class_codec.fields:
                walk(hints[name])
            return
        for arg in typing.get_args(hint):
            walk(arg)

    for root in (RestApi, Stage, Deployment):
        walk(root)
    assert {
        Resource,
        Method,
        MethodResponse,
        Integration,
        IntegrationResponse,
        ApiSnapshot,
        CanarySettings,
    } <= seen
