"""§7 Values: stage variable names and values, canary overrides, stage names, parsing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from .helpers import (
    STAGE,
    bad_variable_name,
    bad_variable_value,
    create_canary_stage,
    create_stage,
    deploy,
    deployment_ids,
    get_stage,
    patch,
    raises_api_error,
    update,
)

GOOD_NAMES = ["a", "A_b9", "_", "9lives", "x" * 64]
BAD_NAMES = ["a-b", "a b", "a.b", "caf\u00e9", "a$b", "a:b"]
GOOD_VALUES = [
    "plain",
    "A-Za-z0-9",
    "-._~:/?#&=,",
    "https://example.com/path?x=1&y=2#frag",
    "with space",
    "v" * 512,
]
BAD_VALUES = ["a*b", 'a"b', "a;b", "caf\u00e9", "a$b", "<tag>", "a|b", "a@b", "(x)"]

# Every place a stage variable (or a canary override) enters the stage: a function that sends
# {name: value} through that place for an API whose stage STAGE may or may not exist yet.
Setter = Callable[[Any, str, str, str], Any]


def via_create_deployment(client: Any, api: str, name: str, value: str) -> Any:
    return client.create_deployment(restApiId=api, stageName="fresh", variables={name: value})


def via_create_deployment_existing(client: Any, api: str, name: str, value: str) -> Any:
    return client.create_deployment(restApiId=api, stageName=STAGE, variables={name: value})


def via_create_stage(client: Any, api: str, name: str, value: str) -> Any:
    return client.create_stage(
        restApiId=api,
        stageName="fresh",
        deploymentId=get_stage(client, api)["deploymentId"],
        variables={name: value},
    )


def via_update_stage(client: Any, api: str, name: str, value: str) -> Any:
    return update(client, api, patch("replace", f"/variables/{name}", value))


def via_canary_deployment(client: Any, api: str, name: str, value: str) -> Any:
    return client.create_deployment(
        restApiId=api,
        stageName=STAGE,
        canarySettings={"percentTraffic": 5.0, "stageVariableOverrides": {name: value}},
    )


def via_canary_create_stage(client: Any, api: str, name: str, value: str) -> Any:
    return client.create_stage(
        restApiId=api,
        stageName="fresh",
        deploymentId=get_stage(client, api)["deploymentId"],
        canarySettings={"percentTraffic": 5.0, "stageVariableOverrides": {name: value}},
    )


def via_canary_update_stage(client: Any, api: str, name: str, value: str) -> Any:
    return update(
        client, api, patch("replace", f"/canarySettings/stageVariableOverrides/{name}", value)
    )


SETTERS: dict[str, Setter] = {
    "create_deployment-new-stage": via_create_deployment,
    "create_deployment-existing-stage": via_create_deployment_existing,
    "create_stage": via_create_stage,
    "update_stage": via_update_stage,
    "canary-create_deployment": via_canary_deployment,
    "canary-create_stage": via_canary_create_stage,
    "canary-update_stage": via_canary_update_stage,
}


def read_back(client: Any, api: str, setter: Setter) -> dict[str, str]:
    """The variables or overrides the setter wrote."""
    if setter in (via_create_deployment, via_create_stage):
        return dict(get_stage(client, api, "fresh")["variables"])
    if setter is via_canary_create_stage:
        return dict(get_stage(client, api, "fresh")["canarySettings"]["stageVariableOverrides"])
    if setter in (via_create_deployment_existing, via_update_stage):
        return dict(get_stage(client, api)["variables"])
    return dict(get_stage(client, api)["canarySettings"]["stageVariableOverrides"])


def snapshot(client: Any, api: str) -> tuple[list[dict[str, Any]], list[str]]:
    return client.get_stages(restApiId=api)["item"], sorted(deployment_ids(client, api))


@pytest.fixture
def stage_api(client: Any, api: str) -> str:
    """An API with the stage STAGE on a deployment (no canary)."""
    create_stage(client, api)
    return api


@pytest.mark.parametrize("name", GOOD_NAMES)
@pytest.mark.parametrize("setter", SETTERS.values(), ids=SETTERS.keys())
def test_good_variable_names_are_accepted(
    client: Any, stage_api: str, setter: Setter, name: str
) -> None:
    setter(client, stage_api, name, "v")
    assert read_back(client, stage_api, setter)[name] == "v"


@pytest.mark.parametrize("value", GOOD_VALUES, ids=range(len(GOOD_VALUES)))
@pytest.mark.parametrize("setter", SETTERS.values(), ids=SETTERS.keys())
def test_good_variable_values_are_accepted(
    client: Any, stage_api: str, setter: Setter, value: str
) -> None:
    setter(client, stage_api, "name", value)
    assert read_back(client, stage_api, setter)["name"] == value


@pytest.mark.parametrize("name", BAD_NAMES)
@pytest.mark.parametrize("setter", SETTERS.values(), ids=SETTERS.keys())
def test_bad_variable_names_are_rejected(
    client: Any, stage_api: str, setter: Setter, name: str
) -> None:
    before = snapshot(client, stage_api)
    with raises_api_error(client, "BadRequestException", 400, bad_variable_name(name)):
        setter(client, stage_api, name, "v")
    assert snapshot(client, stage_api) == before


@pytest.mark.parametrize("value", BAD_VALUES)
@pytest.mark.parametrize("setter", SETTERS.values(), ids=SETTERS.keys())
def test_bad_variable_values_are_rejected(
    client: Any, stage_api: str, setter: Setter, value: str
) -> None:
    before = snapshot(client, stage_api)
    with raises_api_error(client, "BadRequestException", 400, bad_variable_value(value)):
        setter(client, stage_api, "name", value)
    assert snapshot(client, stage_api) == before


@pytest.mark.parametrize(
    ("name", "value"),
    [("x" * 65, "v"), ("name", "v" * 513), ("name", "")],
    ids=["name-65-chars", "value-513-chars", "empty-value"],
)
@pytest.mark.parametrize("setter", SETTERS.values(), ids=SETTERS.keys())
def test_variable_length_limits(
    client: Any, stage_api: str, setter: Setter, name: str, value: str
) -> None:
    before = snapshot(client, stage_api)
    with raises_api_error(client, "BadRequestException", 400) as error:
        setter(client, stage_api, name, value)
    assert (name if len(name) > 64 else value) in error.message
    assert snapshot(client, stage_api) == before


def test_bad_value_text_keeps_aws_quoting(client: Any, stage_api: str) -> None:
    with raises_api_error(client, "BadRequestException", 400) as error:
        via_create_deployment_existing(client, stage_api, "name", "a*b")
    assert error.message.startswith("Invalid stage variable value: a*b.  Please use")
    assert error.message.endswith(
        "the symbols ' ', -', '.', '_', ':', '/', '?', '&', '=', and ','."
    )


def test_bad_name_text_has_two_spaces(client: Any, stage_api: str) -> None:
    with raises_api_error(client, "BadRequestException", 400) as error:
        via_create_stage(client, stage_api, "a-b", "v")
    assert (
        error.message
        == "Invalid stage variable name: a-b.  Please use names with only word characters."
    )


def test_hundred_variables_are_accepted(client: Any, api: str) -> None:
    variables = {f"v{n}": "x" for n in range(100)}
    stage = create_stage(client, api, variables=variables)
    assert stage["variables"] == variables


def test_more_than_hundred_variables_are_rejected_on_create_stage(client: Any, api: str) -> None:
    deployment_id = deploy(client, api)
    with raises_api_error(client, "BadRequestException", 400):
        client.create_stage(
            restApiId=api,
            stageName=STAGE,
            deploymentId=deployment_id,
            variables={f"v{n}": "x" for n in range(101)},
        )
    assert client.get_stages(restApiId=api)["item"] == []


def test_more_than_hundred_variables_are_rejected_on_update_stage(client: Any, api: str) -> None:
    create_stage(client, api, variables={f"v{n}": "x" for n in range(100)})
    before = get_stage(client, api)
    with raises_api_error(client, "BadRequestException", 400):
        update(client, api, patch("replace", "/variables/one_more", "x"))
    assert get_stage(client, api) == before


def test_bad_override_on_update_leaves_canary_untouched(client: Any, api: str) -> None:
    create_canary_stage(client, api, overrides={"color": "green"})
    before = get_stage(client, api)
    with raises_api_error(client, "BadRequestException", 400, bad_variable_value("r;d")):
        update(client, api, patch("replace", "/canarySettings/stageVariableOverrides/color", "r;d"))
    assert get_stage(client, api) == before


# --- stage names -------------------------------------------------------------------------------

GOOD_STAGE_NAMES = ["prod", "a-B_9", "_", "-", "s" * 128]
BAD_STAGE_NAMES = ["a.b", "a b", "caf\u00e9", "a$b", "s" * 129]


@pytest.mark.parametrize("name", GOOD_STAGE_NAMES)
def test_good_stage_names_on_create_stage(client: Any, api: str, name: str) -> None:
    assert create_stage(client, api, name)["stageName"] == name
    assert get_stage(client, api, name)["stageName"] == name


@pytest.mark.parametrize("name", GOOD_STAGE_NAMES)
def test_good_stage_names_on_create_deployment(client: Any, api: str, name: str) -> None:
    deploy(client, api, stageName=name)
    assert [stage["stageName"] for stage in client.get_stages(restApiId=api)["item"]] == [name]


@pytest.mark.parametrize("name", BAD_STAGE_NAMES, ids=range(len(BAD_STAGE_NAMES)))
def test_bad_stage_names_on_create_stage(client: Any, api: str, name: str) -> None:
    deployment_id = deploy(client, api)
    with raises_api_error(client, "BadRequestException", 400) as error:
        client.create_stage(restApiId=api, stageName=name, deploymentId=deployment_id)
    assert name in error.message
    assert client.get_stages(restApiId=api)["item"] == []


@pytest.mark.parametrize("name", BAD_STAGE_NAMES, ids=range(len(BAD_STAGE_NAMES)))
def test_bad_stage_names_on_create_deployment(client: Any, api: str, name: str) -> None:
    with raises_api_error(client, "BadRequestException", 400) as error:
        client.create_deployment(restApiId=api, stageName=name)
    assert name in error.message
    assert client.get_stages(restApiId=api)["item"] == []
    assert deployment_ids(client, api) == []


# --- parsing of patch values -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "text", "read", "expected"),
    [
        (
            "/canarySettings/percentTraffic",
            "66.660000",
            ("canarySettings", "percentTraffic"),
            66.66,
        ),
        (
            "/*/*/throttling/rateLimit",
            "66.660000",
            ("methodSettings", "*/*", "throttlingRateLimit"),
            66.66,
        ),
        ("/*/*/throttling/burstLimit", "42", ("methodSettings", "*/*", "throttlingBurstLimit"), 42),
        ("/*/*/caching/ttlInSeconds", "0", ("methodSettings", "*/*", "cacheTtlInSeconds"), 0),
        ("/*/*/metrics/enabled", "false", ("methodSettings", "*/*", "metricsEnabled"), False),
        ("/tracingEnabled", "true", ("tracingEnabled",), True),
        ("/cacheClusterEnabled", "true", ("cacheClusterEnabled",), True),
        ("/canarySettings/useStageCache", "true", ("canarySettings", "useStageCache"), True),
    ],
)
def test_patch_values_parse_like_aws(
    client: Any, api: str, path: str, text: str, read: tuple[str, ...], expected: Any
) -> None:
    create_stage(client, api)
    if path.startswith("/canarySettings/useStageCache"):
        update(client, api, patch("replace", "/canarySettings/percentTraffic", "1"))
    value: Any = update(client, api, patch("replace", path, text))
    for key in read:
        value = value[key]
    assert value == expected
    assert type(value) is type(expected)
