"""FlushStageCache, FlushStageAuthorizersCache: nothing is cached in the emulator, so a flush
only checks that the stage exists (spec deployment surface 3.9)."""

from __future__ import annotations

from typing import Any

from ..core.errors import not_found
from ..core.evidence import rule
from ..core.restapi import STAGE_NOT_FOUND
from ..core.store import Backend
from .result import OperationHandler, Result, text

FLUSHED = rule(
    "flush-stage-cache",
    "D",
    "FlushStageCache / FlushStageAuthorizersCache answer 202 with an empty body, whether or not "
    "the stage's cache is enabled (P)",
)
UNKNOWN_STAGE = rule(
    "flush-unknown-stage",
    "P",
    "FlushStageCache / FlushStageAuthorizersCache of an unknown stage: NotFoundException "
    + repr(STAGE_NOT_FOUND),
)


def _flush(backend: Backend, params: dict[str, Any]) -> Result:
    api = backend.rest_api(text(params, "restApiId"))
    if text(params, "stageName") not in api.stages:
        raise not_found(STAGE_NOT_FOUND, UNKNOWN_STAGE)
    backend.journal.note(FLUSHED)
    return Result({}, 202)


def flush_stage_cache(backend: Backend, params: dict[str, Any]) -> Result:
    return _flush(backend, params)


def flush_stage_authorizers_cache(backend: Backend, params: dict[str, Any]) -> Result:
    return _flush(backend, params)


HANDLERS: dict[str, OperationHandler] = {
    "FlushStageCache": flush_stage_cache,
    "FlushStageAuthorizersCache": flush_stage_authorizers_cache,
}

# A flush changes no state of the emulator.
READ_ONLY = frozenset(HANDLERS)
