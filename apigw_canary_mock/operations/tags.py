"""TagResource, UntagResource, GetTags (spec deployment surface 3.9)."""

from __future__ import annotations

from typing import Any

from ..core.store import Backend
from ..core.tags import GET_TAGS_PAGING, get_tags, tag_resource, untag_resource
from .result import OperationHandler, Result, string_list, string_map, text


def tag_resource_op(backend: Backend, params: dict[str, Any]) -> Result:
    tag_resource(backend, text(params, "resourceArn"), string_map(params, "tags") or {})
    return Result({}, 204)


def untag_resource_op(backend: Backend, params: dict[str, Any]) -> Result:
    untag_resource(backend, text(params, "resourceArn"), string_list(params, "tagKeys") or ())
    return Result({}, 204)


def get_tags_op(backend: Backend, params: dict[str, Any]) -> Result:
    tags = get_tags(backend, text(params, "resourceArn"))
    if params.get("position") is not None or params.get("limit") is not None:
        backend.journal.note(GET_TAGS_PAGING)
    return Result({"tags": tags} if tags else {})


HANDLERS: dict[str, OperationHandler] = {
    "TagResource": tag_resource_op,
    "UntagResource": untag_resource_op,
    "GetTags": get_tags_op,
}

READ_ONLY = frozenset(("GetTags",))
