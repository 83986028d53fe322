"""Whatever OpenAPI document arrives, ImportRestApi / PutRestApi answer, raise ApiError or fail
closed (UnemulatedOperationError), never a Python error; and a failure changes nothing."""

from __future__ import annotations

import copy
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apigw_canary_mock.core.errors import ApiError
from apigw_canary_mock.core.store import StateStore
from apigw_canary_mock.errors import UnemulatedOperationError
from apigw_canary_mock.operations import OPERATIONS

from .helpers import ACCOUNT, REGION, make_api

BASE: dict[str, Any] = {
    "swagger": "2.0",
    "info": {"title": "t", "version": "1", "description": "d"},
    "basePath": "/b/c",
    "x-amazon-apigateway-binary-media-types": ["image/png"],
    "paths": {
        "/a/{id}": {
            "parameters": [{"name": "id", "in": "path", "required": True}],
            "get": {
                "operationId": "op",
                "parameters": [{"name": "q", "in": "query"}, {"$ref": "#/parameters/h"}],
                "security": [{"key": []}],
                "x-amazon-apigateway-integration": {
                    "type": "http",
                    "httpMethod": "GET",
                    "uri": "https://example.com/{id}",
                    "requestParameters": {"integration.request.path.id": "method.request.path.id"},
                    "requestTemplates": {"application/json": "{}"},
                    "passthroughBehavior": "when_no_match",
                },
            },
            "x-amazon-apigateway-any-method": {"x-amazon-apigateway-integration": {"type": "mock"}},
        },
        "/": {"options": {"x-amazon-apigateway-integration": {"type": "mock"}}},
    },
    "parameters": {"h": {"name": "X-H", "in": "header", "required": True}},
    "securityDefinitions": {"key": {"type": "apiKey", "name": "x-api-key", "in": "header"}},
}
garbage = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.floats(allow_nan=True),
    st.text(max_size=6),
    st.sampled_from(["", "/", "{x}", "#/parameters/h", "#/nowhere", "GET", "mock", "aws_proxy"]),
    st.lists(st.text(max_size=3), max_size=2),
    st.dictionaries(st.text(max_size=3), st.text(max_size=3), max_size=2),
)


def paths_of(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a node of a JSON-like tree."""
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += paths_of(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += paths_of(item, (*prefix, index))
    return found


NODES = paths_of(BASE)[1:]


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    """BASE with a few nodes replaced by garbage (or dropped)."""
    document = copy.deepcopy(BASE)
    for path in draw(st.lists(st.sampled_from(NODES), max_size=4)):
        parent: Any = document
        try:
            for key in path[:-1]:
                parent = parent[key]
            if draw(st.booleans()) and isinstance(parent, dict):
                parent.pop(path[-1], None)
            else:
                parent[path[-1]] = draw(garbage)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed this node's parent
    return document


def snapshot(store: StateStore) -> Any:
    backend = store.backend(ACCOUNT, REGION)
    return copy.deepcopy(backend.rest_apis)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=documents(), mode=st.sampled_from(["import", "merge", "overwrite"]))
def test_any_document(document: dict[str, Any], mode: str) -> None:
    store = StateStore(seed=1)
    backend = store.backend(ACCOUNT, REGION)
    api_id = make_api(backend)
    before = snapshot(store)
    params: dict[str, Any] = {"body": json.dumps(document).encode()}
    if mode == "import":
        handler = OPERATIONS["ImportRestApi"]
        params["parameters"] = {"basepath": "prepend"}
    else:
        handler = OPERATIONS["PutRestApi"]
        params.update(restApiId=api_id, mode=mode)
    try:
        result = handler(backend, params)
    except (ApiError, UnemulatedOperationError):
        assert snapshot(store) == before, "a failing import changed the state"
    else:
        assert result.status in (200, 201)
        assert isinstance(result.body["id"], str)
