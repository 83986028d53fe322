"""§4.1 UpdateStage on /canarySettings paths."""

from __future__ import annotations

from typing import Any

import pytest

from .helpers import (
    DEPLOYMENT_ID_MISSING,
    cannot_remove,
    create_canary_stage,
    create_stage,
    deploy,
    get_stage,
    invalid_add,
    invalid_setting_path,
    patch,
    raises_api_error,
    update,
)

# --- creating a canary by patch -----------------------------------------------------------------


def test_percent_traffic_on_stage_without_canary_creates_canary(client: Any, api: str) -> None:
    base = deploy(client, api)
    create_stage(client, api, deployment_id=base)
    stage = update(client, api, patch("replace", "/canarySettings/percentTraffic", "50"))
    assert stage["canarySettings"] == {
        "deploymentId": base,
        "percentTraffic": 50.0,
        "useStageCache": False,
    }
    assert "stageVariableOverrides" not in stage["canarySettings"]
    assert stage["deploymentId"] == base
    assert get_stage(client, api) == stage


def test_deployment_id_on_stage_without_canary_creates_canary(client: Any, api: str) -> None:
    base, other = deploy(client, api), deploy(client, api)
    create_stage(client, api, deployment_id=base)
    stage = update(client, api, patch("replace", "/canarySettings/deploymentId", other))
    assert stage["canarySettings"] == {
        "deploymentId": other,
        "percentTraffic": 0.0,
        "useStageCache": False,
    }
    assert isinstance(stage["canarySettings"]["percentTraffic"], float)
    assert stage["deploymentId"] == base


def test_deployment_id_on_stage_with_canary_changes_only_the_canary(client: Any, api: str) -> None:
    base, _ = create_canary_stage(client, api, percent=20.0, overrides={"a": "b"})
    other = deploy(client, api)
    stage = update(client, api, patch("replace", "/canarySettings/deploymentId", other))
    assert stage["deploymentId"] == base
    assert stage["canarySettings"] == {
        "deploymentId": other,
        "percentTraffic": 20.0,
        "useStageCache": False,
        "stageVariableOverrides": {"a": "b"},
    }


@pytest.mark.parametrize("with_canary", [False, True], ids=["no-canary", "canary"])
def test_unknown_canary_deployment_id_is_rejected(client: Any, api: str, with_canary: bool) -> None:
    if with_canary:
        create_canary_stage(client, api)
    else:
        create_stage(client, api)
    before = get_stage(client, api)
    with raises_api_error(client, "BadRequestException", 400, DEPLOYMENT_ID_MISSING):
        update(client, api, patch("replace", "/canarySettings/deploymentId", "zzzzzz"))
    assert get_stage(client, api) == before


# --- add is not allowed under /canarySettings ---------------------------------------------------


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("/canarySettings/deploymentId", None),
        ("/canarySettings/percentTraffic", "10"),
        ("/canarySettings/useStageCache", "true"),
        ("/canarySettings/stageVariableOverrides/color", "green"),
        ("/canarySettings/badPath", "x"),
    ],
)
@pytest.mark.parametrize("with_canary", [False, True], ids=["no-canary", "canary"])
def test_add_on_canary_paths_is_rejected(
    client: Any, api: str, path: str, value: str | None, with_canary: bool
) -> None:
    if with_canary:
        create_canary_stage(client, api)
    else:
        create_stage(client, api)
    if value is None:  # the recorded case: add the canary's deployment id
        value = deploy(client, api)
    before = get_stage(client, api)
    with raises_api_error(client, "BadRequestException", 400, invalid_add(path)):
        update(client, api, patch("add", path, value))
    assert get_stage(client, api) == before


# --- percentTraffic ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("100.0", 100.0),
        ("100", 100.0),
        ("0", 0.0),
        ("0.0", 0.0),
        ("66.660000", 66.66),
        ("7.5", 7.5),
    ],
)
def test_percent_traffic_parses_numbers(client: Any, api: str, text: str, expected: float) -> None:
    create_canary_stage(client, api)
    canary = update(client, api, patch("replace", "/canarySettings/percentTraffic", text))[
        "canarySettings"
    ]
    assert canary["percentTraffic"] == expected
    assert isinstance(canary["percentTraffic"], float)


@pytest.mark.parametrize("text", ["abc", "fifty", "10%", "-0.5", "-1", "100.5", "101", "NaN"])
@pytest.mark.parametrize("with_canary", [False, True], ids=["no-canary", "canary"])
def test_percent_traffic_not_a_number_or_out_of_range_is_rejected(
    client: Any, api: str, text: str, with_canary: bool
) -> None:
    if with_canary:
        create_canary_stage(client, api)
    else:
        create_stage(client, api)
    before = get_stage(client, api)
    with raises_api_error(client, "BadRequestException", 400) as error:
        update(client, api, patch("replace", "/canarySettings/percentTraffic", text))
    assert text in error.message
    assert get_stage(client, api) == before


# --- stageVariableOverrides ----------------------------------------------------------------------


def test_override_replace_updates_existing_key(client: Any, api: str) -> None:
    create_canary_stage(client, api, overrides={"color": "green", "size": "L"})
    canary = update(
        client, api, patch("replace", "/canarySettings/stageVariableOverrides/color", "red")
    )["canarySettings"]
    assert canary["stageVariableOverrides"] == {"color": "red", "size": "L"}


def test_override_replace_adds_new_key(client: Any, api: str) -> None:
    create_canary_stage(client, api, overrides={"color": "green"})
    canary = update(
        client, api, patch("replace", "/canarySettings/stageVariableOverrides/size", "XL")
    )["canarySettings"]
    assert canary["stageVariableOverrides"] == {"color": "green", "size": "XL"}


def test_override_replace_on_canary_without_overrides_creates_the_map(
    client: Any, api: str
) -> None:
    _, canary_id = create_canary_stage(client, api, percent=10.0)
    canary = update(
        client, api, patch("replace", "/canarySettings/stageVariableOverrides/color", "green")
    )["canarySettings"]
    assert canary == {
        "deploymentId": canary_id,
        "percentTraffic": 10.0,
        "useStageCache": False,
        "stageVariableOverrides": {"color": "green"},
    }


def test_override_replace_on_stage_without_canary_creates_the_canary(client: Any, api: str) -> None:
    base = deploy(client, api)
    create_stage(client, api, deployment_id=base, variables={"color": "blue"})
    stage = update(
        client, api, patch("replace", "/canarySettings/stageVariableOverrides/color", "green")
    )
    assert stage["canarySettings"] == {
        "deploymentId": base,
        "percentTraffic": 0.0,
        "useStageCache": False,
        "stageVariableOverrides": {"color": "green"},
    }
    assert stage["variables"] == {"color": "blue"}


def test_override_remove_removes_one_key(client: Any, api: str) -> None:
    create_canary_stage(client, api, overrides={"color": "green", "size": "L"})
    canary = update(client, api, patch("remove", "/canarySettings/stageVariableOverrides/color"))[
        "canarySettings"
    ]
    assert canary["stageVariableOverrides"] == {"size": "L"}


def test_override_remove_of_last_key_drops_the_map(client: Any, api: str) -> None:
    _, canary_id = create_canary_stage(client, api, percent=10.0, overrides={"color": "green"})
    canary = update(client, api, patch("remove", "/canarySettings/stageVariableOverrides/color"))[
        "canarySettings"
    ]
    assert canary == {"deploymentId": canary_id, "percentTraffic": 10.0, "useStageCache": False}


@pytest.mark.parametrize(
    "overrides", [{"color": "green"}, None], ids=["with-overrides", "without-overrides"]
)
def test_remove_whole_override_map_is_rejected(
    client: Any, api: str, overrides: dict[str, str] | None
) -> None:
    create_canary_stage(client, api, overrides=overrides)
    before = get_stage(client, api)
    message = cannot_remove("canarySettings/stageVariableOverrides")
    with raises_api_error(client, "BadRequestException", 400, message) as error:
        update(client, api, patch("remove", "/canarySettings/stageVariableOverrides"))
    assert error.message.endswith("for this method ")
    assert get_stage(client, api) == before


# --- useStageCache -----------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [("true", True), ("false", False)])
def test_use_stage_cache_parses_booleans(client: Any, api: str, text: str, expected: bool) -> None:
    create_canary_stage(client, api)
    if not expected:
        update(client, api, patch("replace", "/canarySettings/useStageCache", "true"))
    canary = update(client, api, patch("replace", "/canarySettings/useStageCache", text))[
        "canarySettings"
    ]
    assert canary["useStageCache"] is expected


# --- removing the canary -----------------------------------------------------------------------


def test_remove_canary_settings_drops_only_the_canary(client: Any, api: str) -> None:
    base, _ = create_canary_stage(
        client, api, percent=40.0, overrides={"color": "green"}, variables={"color": "blue"}
    )
    before = get_stage(client, api)
    stage = update(client, api, patch("remove", "/canarySettings"))
    assert "canarySettings" not in stage
    assert stage["deploymentId"] == base
    assert stage["variables"] == {"color": "blue"}
    unchanged = {key: value for key, value in before.items() if key != "canarySettings"}
    assert {key: value for key, value in stage.items() if key != "lastUpdatedDate"} == {
        key: value for key, value in unchanged.items() if key != "lastUpdatedDate"
    }
    assert get_stage(client, api) == stage


def test_remove_canary_settings_without_canary_is_rejected(client: Any, api: str) -> None:
    create_stage(client, api)
    before = get_stage(client, api)
    with raises_api_error(
        client, "BadRequestException", 400, cannot_remove("canarySettings")
    ) as error:
        update(client, api, patch("remove", "/canarySettings"))
    assert error.message.endswith("for this method ")
    assert get_stage(client, api) == before


# --- bad canary paths -------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/canarySettings", "/canarySettings/badPath"])
@pytest.mark.parametrize("with_canary", [False, True], ids=["no-canary", "canary"])
def test_replace_of_bad_canary_path_lists_valid_paths(
    client: Any, api: str, path: str, with_canary: bool
) -> None:
    if with_canary:
        create_canary_stage(client, api)
    else:
        create_stage(client, api)
    before = get_stage(client, api)
    with raises_api_error(client, "BadRequestException", 400, invalid_setting_path(path)):
        update(client, api, patch("replace", path, "x"))
    assert get_stage(client, api) == before


@pytest.mark.parametrize("with_canary", [False, True], ids=["no-canary", "canary"])
def test_remove_of_bad_canary_path_is_rejected(client: Any, api: str, with_canary: bool) -> None:
    if with_canary:
        create_canary_stage(client, api)
    else:
        create_stage(client, api)
    before = get_stage(client, api)
    with raises_api_error(
        client, "BadRequestException", 400, cannot_remove("canarySettings/badPath")
    ):
        update(client, api, patch("remove", "/canarySettings/badPath"))
    assert get_stage(client, api) == before
