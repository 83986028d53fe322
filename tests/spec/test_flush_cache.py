"""Deployment surface §3.9: FlushStageCache, FlushStageAuthorizersCache."""

from __future__ import annotations

from typing import Any

import pytest

from .helpers import (
    STAGE,
    STAGE_NOT_FOUND,
    api_not_found,
    body,
    create_stage,
    get_stage,
    raises_api_error,
    status_of,
)

FLUSHES = ["flush_stage_cache", "flush_stage_authorizers_cache"]


@pytest.mark.parametrize("flush", FLUSHES)
def test_flush_answers_202_with_no_body(client: Any, api: str, flush: str) -> None:
    create_stage(client, api)
    response = getattr(client, flush)(restApiId=api, stageName=STAGE)
    assert status_of(response) == 202
    assert body(response) == {}


@pytest.mark.parametrize("flush", FLUSHES)
def test_flush_with_the_cache_enabled(client: Any, api: str, flush: str) -> None:
    create_stage(client, api, cacheClusterEnabled=True)
    assert status_of(getattr(client, flush)(restApiId=api, stageName=STAGE)) == 202


@pytest.mark.parametrize("flush", FLUSHES)
def test_flush_changes_nothing(client: Any, api: str, flush: str, apigateway_mock: Any) -> None:
    create_stage(client, api)
    before = get_stage(client, api)
    getattr(client, flush)(restApiId=api, stageName=STAGE)
    assert get_stage(client, api) == before
    history = apigateway_mock.stage_history(api, STAGE)
    assert history.operations() == ["CreateStage"]


@pytest.mark.parametrize("flush", FLUSHES)
def test_flush_of_unknown_stage(client: Any, api: str, flush: str) -> None:
    create_stage(client, api)
    with raises_api_error(client, "NotFoundException", 404, STAGE_NOT_FOUND):
        getattr(client, flush)(restApiId=api, stageName="missing")


@pytest.mark.parametrize("flush", FLUSHES)
def test_flush_of_unknown_api(client: Any, api: str, flush: str) -> None:
    with raises_api_error(client, "NotFoundException", 404, api_not_found("abcde12345")):
        getattr(client, flush)(restApiId="abcde12345", stageName=STAGE)
