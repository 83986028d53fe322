"""wire/http.py, the endpoint's decoding (``serve``): each kind of value a request can carry in
its body, query or headers, read into a boto3 user's params or refused with the answer the
rules declare; and the router on URI templates the apigateway model does not use (yet):
greedy labels, string and structure payloads, timestamps and blobs in a body."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from botocore.model import ServiceModel

from apigw_canary_mock import wire
from apigw_canary_mock.core.errors import ApiError
from apigw_canary_mock.errors import MockError
from apigw_canary_mock.wire.http import (
    HttpRequest,
    Router,
    answer_bytes,
    decode,
    error_record,
    find_route,
    http_error,
    mock_error,
)

APIGATEWAY = Router(wire.service_model())


def request(
    router: Router, method: str, target: str, body: Any = None, **headers: str
) -> dict[str, Any]:
    """The params the endpoint decodes from one request (ApiError when it refuses it)."""
    raw = body if isinstance(body, bytes) or body is None else json.dumps(body).encode()
    http = HttpRequest(
        method, target, {k.replace("_", "-"): v for k, v in headers.items()}, raw or b""
    )
    route, segments, query = find_route(router, http)
    return decode(route, segments, query, http).params


def refused(router: Router, method: str, target: str, body: Any = None, **headers: str) -> ApiError:
    with pytest.raises(ApiError) as caught:
        request(router, method, target, body, **headers)
    return caught.value


# -- apigateway: JSON values of the wrong kind -------------------------------------------------


def cannot_read(where: str, expected: str, got: str) -> str:
    return f"can not read '{where}': expected {expected}, got {got}"


@pytest.mark.parametrize(
    ("target", "body", "message"),
    [
        (
            "/restapis",
            {"name": {"a": 1}},
            cannot_read("createRestApiInput.name", "a string", '{"a": 1}'),
        ),
        (
            "/restapis",
            {"name": "x", "binaryMediaTypes": "a/b"},
            cannot_read("createRestApiInput.binaryMediaTypes", "a JSON array", '"a/b"'),
        ),
        (
            "/restapis",
            {"name": "x", "tags": ["a"]},
            cannot_read("createRestApiInput.tags", "a JSON object", '["a"]'),
        ),
        (
            "/restapis",
            {"name": "x", "disableExecuteApiEndpoint": "yes"},
            cannot_read("createRestApiInput.disableExecuteApiEndpoint", "true or false", '"yes"'),
        ),
        (
            "/restapis/a1/deployments",
            {"canarySettings": {"percentTraffic": "ten"}},
            cannot_read("createDeploymentInput.canarySettings.percentTraffic", "a number", '"ten"'),
        ),
        (
            "/restapis/a1/deployments",
            {"canarySettings": {"percentTraffic": True}},
            cannot_read("createDeploymentInput.canarySettings.percentTraffic", "a number", "true"),
        ),
    ],
    ids=["string", "list", "map", "boolean", "double", "double-bool"],
)
def test_a_json_value_of_the_wrong_kind_is_a_serialization_exception(
    target: str, body: dict[str, Any], message: str
) -> None:
    error = refused(APIGATEWAY, "POST", target, body)
    assert (error.code, error.status, error.message) == ("SerializationException", 400, message)


def test_nulls_and_unknown_members_are_absent_and_lists_keep_their_non_null_items() -> None:
    params = request(
        APIGATEWAY,
        "POST",
        "/restapis",
        {"name": "x", "description": None, "nope": 1, "binaryMediaTypes": ["a/b", None]},
    )
    assert params == {"name": "x", "binaryMediaTypes": ["a/b"]}


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("/restapis/a1/models/m?flatten=maybe", cannot_read("flatten", "true or false", '"maybe"')),
        ("/restapis?limit=12x", cannot_read("limit", "an integer", '"12x"')),
    ],
)
def test_a_query_value_that_is_not_its_type_is_refused(target: str, message: str) -> None:
    error = refused(APIGATEWAY, "GET", target)
    assert (error.code, error.status, error.message) == ("SerializationException", 400, message)


def test_query_booleans_are_read_in_any_case() -> None:
    assert request(APIGATEWAY, "GET", "/restapis/a1/models/m?flatten=TRUE")["flatten"] is True


def test_a_header_member_is_read_and_an_absent_one_is_absent() -> None:
    target = "/restapis/a1/stages/prod/exports/oas30"
    assert request(APIGATEWAY, "GET", target, accept="application/yaml")["accepts"] == (
        "application/yaml"
    )
    assert "accepts" not in request(APIGATEWAY, "GET", target)


def test_a_target_that_is_no_path_is_a_400() -> None:
    error = refused(APIGATEWAY, "GET", "restapis")
    assert (error.code, error.status) == ("BadRequestException", 400)
    assert error.message == "the request target 'restapis' is no path"


def test_a_value_no_client_could_send_is_a_serialization_exception() -> None:
    """JSON escapes decode to a lone surrogate, which no SDK can encode (rule unsendable-value)."""
    error = refused(APIGATEWAY, "POST", "/restapis", b'{"name": "x", "tags": {"\\ud800": "v"}}')
    assert (error.code, error.status) == ("SerializationException", 400)
    assert error.message.startswith(
        "Invalid value for parameter tags (a key), value: '\\ud800': a lone surrogate"
    )


# -- a model with what apigateway's lacks ------------------------------------------------------

_MODEL = ServiceModel(
    {
        "metadata": {"protocol": "rest-json", "serviceId": "Example", "apiVersion": "1"},
        "operations": {
            "GetObject": {
                "name": "GetObject",
                "http": {"method": "GET", "requestUri": "/buckets/{Bucket}/{Key+}/meta"},
                "input": {"shape": "GetObjectRequest"},
            },
            "GetBucket": {
                "name": "GetBucket",
                "http": {"method": "GET", "requestUri": "/buckets/{Bucket}/meta"},
                "input": {"shape": "GetBucketRequest"},
            },
            "PutText": {
                "name": "PutText",
                "http": {"method": "PUT", "requestUri": "/text"},
                "input": {"shape": "PutTextRequest"},
            },
            "PutConfig": {
                "name": "PutConfig",
                "http": {"method": "PUT", "requestUri": "/config"},
                "input": {"shape": "PutConfigRequest"},
            },
            "PutRecord": {
                "name": "PutRecord",
                "http": {"method": "POST", "requestUri": "/records"},
                "input": {"shape": "PutRecordRequest"},
            },
            "Ping": {"name": "Ping", "http": {"method": "GET", "requestUri": "/ping"}},
        },
        "shapes": {
            "GetObjectRequest": {
                "type": "structure",
                "required": ["Bucket", "Key"],
                "members": {
                    "Bucket": {"shape": "String", "location": "uri", "locationName": "Bucket"},
                    "Key": {"shape": "String", "location": "uri", "locationName": "Key"},
                    "Ratio": {"shape": "Double", "location": "querystring", "locationName": "r"},
                    "Status": {"shape": "Integer", "location": "statusCode"},
                },
            },
            "GetBucketRequest": {
                "type": "structure",
                "required": ["Bucket"],
                "members": {
                    "Bucket": {"shape": "String", "location": "uri", "locationName": "Bucket"}
                },
            },
            "PutTextRequest": {
                "type": "structure",
                "members": {"Text": {"shape": "String"}},
                "payload": "Text",
            },
            "PutConfigRequest": {
                "type": "structure",
                "members": {"Config": {"shape": "Config"}},
                "payload": "Config",
            },
            "Config": {
                "type": "structure",
                "required": ["Name"],
                "members": {"Name": {"shape": "String"}, "Size": {"shape": "Integer"}},
            },
            "PutRecordRequest": {
                "type": "structure",
                "members": {
                    "When": {"shape": "Timestamp"},
                    "Data": {"shape": "Blob"},
                    "Weight": {"shape": "Float"},
                    "Configs": {"shape": "ConfigList"},
                    "ConfigsByName": {"shape": "ConfigMap"},
                },
            },
            "ConfigList": {"type": "list", "member": {"shape": "Config"}},
            "ConfigMap": {"type": "map", "key": {"shape": "String"}, "value": {"shape": "Config"}},
            "String": {"type": "string"},
            "Integer": {"type": "integer"},
            "Double": {"type": "double"},
            "Float": {"type": "float"},
            "Timestamp": {"type": "timestamp"},
            "Blob": {"type": "blob"},
        },
    },
    "example",
)
EXAMPLE = Router(_MODEL)


def test_a_greedy_label_takes_every_segment_between_the_literals() -> None:
    params = request(EXAMPLE, "GET", "/buckets/b1/a/b%2Fc/d/meta?r=0.5")
    assert params == {"Bucket": "b1", "Key": "a/b/c/d", "Ratio": 0.5}
    assert request(EXAMPLE, "GET", "/buckets/b1/meta") == {"Bucket": "b1"}  # the exact route
    # Too few segments, or another last literal: no operation.
    for target in ("/buckets/meta", "/buckets/b1/k/other"):
        assert refused(EXAMPLE, "GET", target).status == 404


def test_a_query_double_that_is_no_number_is_refused() -> None:
    error = refused(EXAMPLE, "GET", "/buckets/b1/k/meta?r=half")
    assert error.message == "can not read 'Ratio': expected a number, got \"half\""


def test_a_string_payload_is_the_body_as_text() -> None:
    assert request(EXAMPLE, "PUT", "/text", "hé".encode()) == {"Text": "hé"}
    assert request(EXAMPLE, "PUT", "/text") == {}
    error = refused(EXAMPLE, "PUT", "/text", b"\xff\xfe")
    assert (error.code, error.message) == (
        "SerializationException",
        "the request body is not UTF-8 text",
    )


def test_a_structure_payload_is_the_json_body() -> None:
    assert request(EXAMPLE, "PUT", "/config", {"Name": "n", "Size": 3}) == {
        "Config": {"Name": "n", "Size": 3}
    }
    error = refused(EXAMPLE, "PUT", "/config", {"Size": 3})
    assert (error.code, error.message) == (
        "ValidationException",
        "1 validation error detected: Value null at 'putConfigInput.Config.Name' failed to "
        "satisfy constraint: Member must not be null",
    )
    assert refused(EXAMPLE, "PUT", "/config", {"Name": "n", "Size": 1.5}).message == (
        "can not read 'Config.Size': expected an integer, got 1.5"
    )


def test_timestamps_blobs_and_floats_in_a_body() -> None:
    params = request(
        EXAMPLE,
        "POST",
        "/records",
        {"When": 1700000000, "Data": "aGk=", "Weight": 2},
    )
    assert params == {
        "When": datetime.datetime(2023, 11, 14, 22, 13, 20, tzinfo=datetime.timezone.utc),
        "Data": b"hi",
        "Weight": 2,
    }
    assert request(EXAMPLE, "POST", "/records", {"When": "2024-01-01T00:00:00Z"}) == {
        "When": "2024-01-01T00:00:00Z"
    }


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"When": 1e20}, "can not read 'putRecordInput.When': expected a timestamp, got 1e+20"),
        ({"When": True}, "can not read 'putRecordInput.When': expected a timestamp, got true"),
        ({"Data": "no base64!"}, cannot_read("putRecordInput.Data", "base64 text", '"no base64!"')),
        ({"Data": 5}, "can not read 'putRecordInput.Data': expected base64 text, got 5"),
        ({"Weight": "x"}, "can not read 'putRecordInput.Weight': expected a number, got \"x\""),
    ],
)
def test_a_body_value_that_is_not_its_type_is_refused(body: dict[str, Any], message: str) -> None:
    error = refused(EXAMPLE, "POST", "/records", body)
    assert (error.code, error.status, error.message) == ("SerializationException", 400, message)


def test_missing_members_in_lists_and_maps_of_structures_are_all_named() -> None:
    error = refused(
        EXAMPLE,
        "POST",
        "/records",
        {"Configs": [{"Name": "a"}, {"Size": 1}], "ConfigsByName": {"k": {}, "j": None}},
    )
    assert (error.code, error.status) == ("ValidationException", 400)
    assert error.message == (
        "2 validation errors detected: Value null at 'putRecordInput.Configs.2.member.Name' "
        "failed to satisfy constraint: Member must not be null; Value null at "
        "'putRecordInput.ConfigsByName.k.Name' failed to satisfy constraint: Member must not "
        "be null"
    )


def test_an_operation_without_input_decodes_to_no_params() -> None:
    assert request(EXAMPLE, "GET", "/ping?x=1") == {}


# -- answers -------------------------------------------------------------------------------------


def test_an_answer_with_a_status_http_does_not_name_is_still_well_formed() -> None:
    answer = answer_bytes(error_record(http_error(499, "ClientClosed", "gone\r\nX-Evil: 1")))
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 499 Unknown\r\n")
    assert json.loads(body)["message"] == "gone\r\nX-Evil: 1"  # only in the JSON body
    assert b"\r\nX-Evil" not in head


def test_a_mock_error_is_a_501_named_by_its_class() -> None:
    error = mock_error(MockError("no PyYAML"))
    assert (error.code, error.status, error.message) == ("MockError", 501, "no PyYAML")
