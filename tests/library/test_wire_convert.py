"""wire/convert.py against botocore's own rest-json parser, on shapes the apigateway model does
not have (yet): lists and maps of converted scalars, documents, recursive structures, renamed
members below lists and maps. Whatever a model holds, the compiled converter must give what
``RestJSONParser`` gives for the same answer on the wire."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from botocore.model import ServiceModel
from botocore.parsers import DEFAULT_TIMESTAMP_PARSER, RestJSONParser

from apigw_canary_mock.wire.convert import compile_body, compile_shape, compile_wire_names

MODEL: dict[str, Any] = {
    "metadata": {
        "apiVersion": "2024-01-01",
        "endpointPrefix": "example",
        "protocol": "rest-json",
        "serviceId": "Example",
        "signatureVersion": "v4",
    },
    "operations": {
        "Get": {
            "name": "Get",
            "http": {"method": "GET", "requestUri": "/"},
            "output": {"shape": "Out"},
        }
    },
    "shapes": {
        "Out": {
            "type": "structure",
            "members": {
                "counts": {"shape": "Integers"},
                "sizes": {"shape": "Doubles"},
                "stamps": {"shape": "Stamps"},
                "blobs": {"shape": "Blobs"},
                "flags": {"shape": "Flags"},
                "document": {"shape": "Document"},
                "tree": {"shape": "Node"},
                "byName": {"shape": "Nodes"},
                "pairs": {"shape": "PairList", "locationName": "pair"},
                "requestId": {"shape": "String", "location": "header", "locationName": "x-id"},
            },
        },
        "Integers": {"type": "list", "member": {"shape": "Long"}},
        "Doubles": {"type": "list", "member": {"shape": "Double"}},
        "Stamps": {"type": "map", "key": {"shape": "String"}, "value": {"shape": "Timestamp"}},
        "Blobs": {"type": "list", "member": {"shape": "Blob"}},
        "Flags": {"type": "list", "member": {"shape": "Boolean"}},
        "Document": {"type": "structure", "members": {}, "document": True},
        "Node": {
            "type": "structure",
            "members": {
                "name": {"shape": "String"},
                "size": {"shape": "Long"},
                "children": {"shape": "NodeList"},
            },
        },
        "NodeList": {"type": "list", "member": {"shape": "Node"}},
        "Nodes": {"type": "map", "key": {"shape": "String"}, "value": {"shape": "Pair"}},
        "PairList": {"type": "list", "member": {"shape": "Pair"}},
        "Pair": {
            "type": "structure",
            "members": {
                "left": {"shape": "String", "locationName": "l"},
                "right": {"shape": "String"},
            },
        },
        "String": {"type": "string"},
        "Long": {"type": "long"},
        "Double": {"type": "double"},
        "Timestamp": {"type": "timestamp"},
        "Blob": {"type": "blob"},
        "Boolean": {"type": "boolean"},
    },
}

OUTPUT = ServiceModel(MODEL, "example").operation_model("Get").output_shape

# An answer as the mock's bodies hold it: member names, epoch seconds, base64 text.
BODY: dict[str, Any] = {
    "counts": [1, 2, 3],
    "sizes": [1, 2.5],
    "stamps": {"created": 1700000000, "updated": 1700000060.5},
    "blobs": [base64.b64encode(b"\x00\xffdata").decode()],
    "flags": [True, False],
    "document": {"nested": [{"a": 1}, None, "text"], "n": 2},
    "tree": {"name": "root", "size": 3, "children": [{"name": "leaf", "children": []}]},
    "byName": {"x": {"left": "a", "right": "b"}, "y": {"right": "only"}},
    "pairs": [{"left": "1", "right": "2"}, {"right": "3"}],
    "unknown": "dropped",
}


def botocore_parsed(wire_body: dict[str, Any]) -> dict[str, Any]:
    parsed = RestJSONParser().parse(
        {"status_code": 200, "headers": {}, "body": json.dumps(wire_body).encode()}, OUTPUT
    )
    parsed.pop("ResponseMetadata", None)
    return parsed


def on_the_wire(body: dict[str, Any]) -> dict[str, Any]:
    renamer = compile_wire_names(OUTPUT)
    assert renamer is not None  # renamed members below a list and a map
    return dict(renamer(body))


def test_the_wire_names_are_the_models_at_every_depth() -> None:
    wire_body = on_the_wire(BODY)
    assert wire_body["pair"] == [{"l": "1", "right": "2"}, {"right": "3"}]
    assert wire_body["byName"] == {"x": {"l": "a", "right": "b"}, "y": {"right": "only"}}
    assert "pairs" not in wire_body
    assert wire_body["tree"] == BODY["tree"]  # the recursive shape has nothing renamed


def test_the_converter_gives_what_botocores_parser_gives() -> None:
    converted = compile_body(OUTPUT)(BODY, DEFAULT_TIMESTAMP_PARSER)
    assert converted == botocore_parsed(on_the_wire(BODY))
    assert converted["blobs"] == [b"\x00\xffdata"]
    assert converted["counts"] == [1, 2, 3]
    assert converted["sizes"] == [1.0, 2.5] and isinstance(converted["sizes"][0], float)
    assert converted["stamps"]["created"].timestamp() == 1700000000


def test_a_body_is_copied_never_shared() -> None:
    converted = compile_body(OUTPUT)(BODY, DEFAULT_TIMESTAMP_PARSER)
    converted["document"]["nested"][0]["a"] = "changed"
    converted["tree"]["children"].append({"name": "more"})
    assert BODY["document"]["nested"][0] == {"a": 1}
    assert BODY["tree"]["children"] == [{"name": "leaf", "children": []}]


@pytest.mark.parametrize(
    ("value", "expected"),
    [(["true", "TRUE", "false", "yes", 1], [True, True, False, False, False]), ([True], [True])],
)
def test_booleans_are_read_as_botocore_reads_them(value: list[Any], expected: list[bool]) -> None:
    flags = compile_shape(OUTPUT.members["flags"])
    assert flags(value, DEFAULT_TIMESTAMP_PARSER) == expected


def test_a_member_shape_alone_compiles_to_the_same_conversion() -> None:
    tree = compile_shape(OUTPUT.members["tree"])
    assert tree({"size": 5, "children": [{"size": 6}]}, DEFAULT_TIMESTAMP_PARSER) == {
        "size": 5,
        "children": [{"size": 6}],
    }
    assert compile_shape(OUTPUT.members["counts"].member)("7", DEFAULT_TIMESTAMP_PARSER) == 7
    assert compile_shape(OUTPUT.members["requestId"])("id", DEFAULT_TIMESTAMP_PARSER) == "id"
