"""§4.2 Promotion: copy ops from the canary into the stage."""

from __future__ import annotations

from typing import Any

import pytest

from .helpers import (
    PROMOTION_WITHOUT_CANARY,
    create_canary_stage,
    create_stage,
    get_stage,
    invalid_copy,
    patch,
    raises_api_error,
    update,
)

COPY_DEPLOYMENT = patch("copy", "/deploymentId", from_="/canarySettings/deploymentId")
COPY_OVERRIDES = patch("copy", "/variables", from_="/canarySettings/stageVariableOverrides")


def test_copy_deployment_id_moves_stage_to_canary_deployment(client: Any, api: str) -> None:
    base, canary_id = create_canary_stage(client, api, variables={"color": "blue"})
    stage = update(client, api, COPY_DEPLOYMENT)
    assert base != canary_id
    assert stage["deploymentId"] == canary_id
    assert stage["variables"] == {"color": "blue"}
    assert get_stage(client, api) == stage


def test_copy_overrides_merges_them_over_variables(client: Any, api: str) -> None:
    base, _ = create_canary_stage(
        client,
        api,
        variables={"color": "blue", "size": "L"},
        overrides={"color": "green", "shape": "round"},
    )
    stage = update(client, api, COPY_OVERRIDES)
    assert stage["variables"] == {"color": "green", "size": "L", "shape": "round"}
    assert stage["deploymentId"] == base


def test_copy_overrides_into_stage_without_variables(client: Any, api: str) -> None:
    create_canary_stage(client, api, overrides={"color": "green"})
    stage = update(client, api, COPY_OVERRIDES)
    assert stage["variables"] == {"color": "green"}


def test_copy_overrides_when_canary_has_none_keeps_variables(client: Any, api: str) -> None:
    create_canary_stage(client, api, variables={"color": "blue"})
    stage = update(client, api, COPY_OVERRIDES)
    assert stage["variables"] == {"color": "blue"}


def test_canary_stays_after_promotion(client: Any, api: str) -> None:
    _, canary_id = create_canary_stage(client, api, percent=35.0, overrides={"color": "green"})
    stage = update(client, api, COPY_DEPLOYMENT, COPY_OVERRIDES)
    assert stage["canarySettings"] == {
        "deploymentId": canary_id,
        "percentTraffic": 35.0,
        "useStageCache": False,
        "stageVariableOverrides": {"color": "green"},
    }


def test_documented_promotion_also_zeroes_percent_traffic(client: Any, api: str) -> None:
    _, canary_id = create_canary_stage(
        client, api, percent=35.0, overrides={"color": "green"}, variables={"color": "blue"}
    )
    stage = update(
        client,
        api,
        COPY_DEPLOYMENT,
        COPY_OVERRIDES,
        patch("replace", "/canarySettings/percentTraffic", "0.0"),
    )
    assert stage["deploymentId"] == canary_id
    assert stage["variables"] == {"color": "green"}
    assert stage["canarySettings"] == {
        "deploymentId": canary_id,
        "percentTraffic": 0.0,
        "useStageCache": False,
        "stageVariableOverrides": {"color": "green"},
    }


@pytest.mark.parametrize("operation", [COPY_DEPLOYMENT, COPY_OVERRIDES], ids=["deployment", "vars"])
def test_promotion_without_canary_is_rejected(
    client: Any, api: str, operation: dict[str, str]
) -> None:
    create_stage(client, api, variables={"color": "blue"})
    before = get_stage(client, api)
    with raises_api_error(client, "BadRequestException", 400, PROMOTION_WITHOUT_CANARY):
        update(client, api, operation)
    assert get_stage(client, api) == before


@pytest.mark.parametrize(
    ("path", "from_"),
    [
        ("/description", "/canarySettings/deploymentId"),
        ("/canarySettings/deploymentId", "/deploymentId"),
        ("/deploymentId", "/canarySettings/percentTraffic"),
        ("/variables", "/variables"),
        ("/variables/color", "/canarySettings/stageVariableOverrides/color"),
        ("/deploymentId", "/deploymentId"),
    ],
)
def test_invalid_copy_pair_is_rejected(client: Any, api: str, path: str, from_: str) -> None:
    create_canary_stage(client, api, overrides={"color": "green"})
    before = get_stage(client, api)
    with raises_api_error(client, "BadRequestException", 400, invalid_copy(path, from_)):
        update(client, api, patch("copy", path, from_=from_))
    assert get_stage(client, api) == before


@pytest.mark.parametrize(
    ("path", "from_"),
    [
        ("/deploymentId", "/canarySettings/stageVariableOverrides"),
        ("/variables", "/canarySettings/deploymentId"),
    ],
)
def test_crossed_copy_pair_is_rejected(client: Any, api: str, path: str, from_: str) -> None:
    """Only the two listed pairs are promotions; path and from mixed across them are not."""
    create_canary_stage(client, api, overrides={"color": "green"})
    before = get_stage(client, api)
    with raises_api_error(client, "BadRequestException", 400, invalid_copy(path, from_)):
        update(client, api, patch("copy", path, from_=from_))
    assert get_stage(client, api) == before
