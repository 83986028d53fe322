"""The contract types of the operations layer and small helpers for reading params."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ..core.store import Backend

Params = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Result:
    """A success answer: the body AWS would send (as Python data) and its HTTP status."""

    body: dict[str, Any]
    status: int = 200


OperationHandler = Callable[[Backend, dict[str, Any]], Result]


def text(params: Params, name: str) -> str:
    """A required string member; absent reads as "" so lookups fail with an ApiError."""
    value = params.get(name)
    return value if isinstance(value, str) else ""


def optional_text(params: Params, name: str) -> str | None:
    value = params.get(name)
    return value if isinstance(value, str) else None


def optional_bool(params: Params, name: str) -> bool | None:
    value = params.get(name)
    return None if value is None else bool(value)


def optional_int(params: Params, name: str) -> int | None:
    value = params.get(name)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def string_map(params: Params, name: str) -> dict[str, str] | None:
    value = params.get(name)
    if not isinstance(value, Mapping):
        return None
    return {str(k): str(v) for k, v in value.items()}


def string_list(params: Params, name: str) -> list[str] | None:
    value = params.get(name)
    if not isinstance(value, (list, tuple)):
        return None
    return [str(v) for v in value]
