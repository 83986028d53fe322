"""§4 UpdateStage: §4.3 other paths, op order, all-or-nothing, lastUpdatedDate."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import boto3
import pytest
import time_machine
from botocore.config import Config
from botocore.exceptions import ParamValidationError

from .conftest import make_deployable_api
from .helpers import (
    ACCESS_LOG_PATH_INVALID,
    ACCESS_LOG_VALUE_EMPTY,
    DEPLOYMENT_ID_MISSING,
    METHOD_SETTING_DEFAULTS,
    PROMOTION_WITHOUT_CANARY,
    REGION,
    cannot_remove,
    create_canary_stage,
    create_stage,
    deploy,
    get_stage,
    invalid_setting_path,
    patch,
    raises_api_error,
    raises_layer_error,
    update,
    validation_errors,
    wrong_op,
)

T0 = datetime(2024, 5, 1, 9, 0, 0, tzinfo=timezone.utc)
T1 = T0 + timedelta(hours=1)
LOG_ARN = "arn:aws:logs:us-east-1:123456789012:log-group:access"

# --- simple paths ------------------------------------------------------------------------------


def test_replace_description(client: Any, api: str) -> None:
    create_stage(client, api, description="old")
    assert update(client, api, patch("replace", "/description", "new"))["description"] == "new"
    assert get_stage(client, api)["description"] == "new"


def test_replace_description_on_stage_without_one(client: Any, api: str) -> None:
    create_stage(client, api)
    assert update(client, api, patch("replace", "/description", "first"))["description"] == "first"


def test_replace_variable_creates_it(client: Any, api: str) -> None:
    create_stage(client, api)
    stage = update(client, api, patch("replace", "/variables/color", "blue"))
    assert stage["variables"] == {"color": "blue"}


def test_replace_variable_updates_it(client: Any, api: str) -> None:
    create_stage(client, api, variables={"color": "blue", "size": "L"})
    stage = update(client, api, patch("replace", "/variables/color", "green"))
    assert stage["variables"] == {"color": "green", "size": "L"}


def test_remove_variable_deletes_it(client: Any, api: str) -> None:
    create_stage(client, api, variables={"color": "blue", "size": "L"})
    stage = update(client, api, patch("remove", "/variables/color"))
    assert stage["variables"] == {"size": "L"}


def test_remove_last_variable_drops_the_key(client: Any, api: str) -> None:
    create_stage(client, api, variables={"color": "blue"})
    stage = update(client, api, patch("remove", "/variables/color"))
    assert "variables" not in stage
    assert "variables" not in get_stage(client, api)


@pytest.mark.parametrize(("text", "expected"), [("true", True), ("false", False)])
def test_replace_tracing_enabled_is_a_boolean(
    client: Any, api: str, text: str, expected: bool
) -> None:
    create_stage(client, api, tracingEnabled=not expected)
    assert update(client, api, patch("replace", "/tracingEnabled", text))["tracingEnabled"] is (
        expected
    )


def test_replace_deployment_id_repoints_the_stage(client: Any, api: str) -> None:
    first, second = deploy(client, api), deploy(client, api)
    create_stage(client, api, deployment_id=first)
    assert update(client, api, patch("replace", "/deploymentId", second))["deploymentId"] == second
    assert get_stage(client, api)["deploymentId"] == second


def test_replace_deployment_id_unknown_is_rejected(client: Any, api: str) -> None:
    create_stage(client, api)
    before = get_stage(client, api)
    with raises_api_error(client, "BadRequestException", 400, DEPLOYMENT_ID_MISSING):
        update(client, api, patch("replace", "/deploymentId", "zzzzzz"))
    assert get_stage(client, api) == before


def test_replace_deployment_id_on_canary_stage_keeps_the_canary(client: Any, api: str) -> None:
    _, canary_id = create_canary_stage(client, api, percent=10.0)
    other = deploy(client, api)
    stage = update(client, api, patch("replace", "/deploymentId", other))
    assert stage["deploymentId"] == other
    assert stage["canarySettings"]["deploymentId"] == canary_id


# --- cache cluster -----------------------------------------------------------------------------


def test_enable_cache_cluster(client: Any, api: str) -> None:
    create_stage(client, api)
    stage = update(client, api, patch("replace", "/cacheClusterEnabled", "true"))
    assert stage["cacheClusterEnabled"] is True
    assert stage["cacheClusterStatus"] == "AVAILABLE"
    assert stage["cacheClusterSize"] == "0.5"


@pytest.mark.parametrize("size", ["0.5", "1.6", "6.1", "13.5", "28.4", "58.2", "118", "237"])
def test_replace_cache_cluster_size(client: Any, api: str, size: str) -> None:
    create_stage(client, api, cacheClusterEnabled=True)
    stage = update(client, api, patch("replace", "/cacheClusterSize", size))
    assert stage["cacheClusterSize"] == size


def test_enable_cache_and_size_in_one_request(client: Any, api: str) -> None:
    create_stage(client, api)
    stage = update(
        client,
        api,
        patch("replace", "/cacheClusterEnabled", "true"),
        patch("replace", "/cacheClusterSize", "6.1"),
    )
    assert stage["cacheClusterSize"] == "6.1"
    assert stage["cacheClusterStatus"] == "AVAILABLE"


@pytest.mark.parametrize("size", ["7", "6.10", "big", "0"])
def test_cache_cluster_size_outside_the_enum_is_rejected(client: Any, api: str, size: str) -> None:
    create_stage(client, api, cacheClusterEnabled=True)
    before = get_stage(client, api)
    with raises_api_error(client, "BadRequestException", 400) as error:
        update(client, api, patch("replace", "/cacheClusterSize", size))
    assert size in error.message
    assert get_stage(client, api) == before


# --- method settings ---------------------------------------------------------------------------


def test_throttling_on_stage_without_settings_creates_star_star_with_defaults(
    client: Any, api: str
) -> None:
    create_stage(client, api)
    stage = update(client, api, patch("replace", "/*/*/throttling/burstLimit", "123"))
    assert stage["methodSettings"] == {
        "*/*": {**METHOD_SETTING_DEFAULTS, "throttlingBurstLimit": 123}
    }
    assert get_stage(client, api)["methodSettings"] == stage["methodSettings"]


def test_method_setting_defaults_have_exact_types(client: Any, api: str) -> None:
    create_stage(client, api)
    settings = update(client, api, patch("replace", "/*/*/metrics/enabled", "true"))[
        "methodSettings"
    ]["*/*"]
    assert "loggingLevel" not in settings
    assert set(settings) == set(METHOD_SETTING_DEFAULTS)
    for name, expected in {**METHOD_SETTING_DEFAULTS, "metricsEnabled": True}.items():
        assert type(settings[name]) is type(expected), name
        assert settings[name] == expected, name


@pytest.mark.parametrize(
    ("suffix", "text", "field", "expected"),
    [
        ("metrics/enabled", "true", "metricsEnabled", True),
        ("logging/dataTrace", "true", "dataTraceEnabled", True),
        ("logging/loglevel", "INFO", "loggingLevel", "INFO"),
        ("logging/loglevel", "ERROR", "loggingLevel", "ERROR"),
        ("logging/loglevel", "OFF", "loggingLevel", "OFF"),
        ("throttling/burstLimit", "123", "throttlingBurstLimit", 123),
        ("throttling/rateLimit", "100", "throttlingRateLimit", 100.0),
        ("throttling/rateLimit", "66.660000", "throttlingRateLimit", 66.66),
        ("caching/ttlInSeconds", "60", "cacheTtlInSeconds", 60),
        ("caching/enabled", "true", "cachingEnabled", True),
        ("caching/dataEncrypted", "true", "cacheDataEncrypted", True),
        (
            "caching/requireAuthorizationForCacheControl",
            "false",
            "requireAuthorizationForCacheControl",
            False,
        ),
        (
            "caching/unauthorizedCacheControlHeaderStrategy",
            "FAIL_WITH_403",
            "unauthorizedCacheControlHeaderStrategy",
            "FAIL_WITH_403",
        ),
    ],
)
@pytest.mark.parametrize("resource", ["*/*", "test/GET"])
def test_method_setting_paths_set_their_field(
    client: Any, api: str, resource: str, suffix: str, text: str, field: str, expected: Any
) -> None:
    create_stage(client, api)
    settings = update(client, api, patch("replace", f"/{resource}/{suffix}", text))[
        "methodSettings"
    ][resource]
    assert settings == {**METHOD_SETTING_DEFAULTS, field: expected}
    assert type(settings[field]) is type(expected)


@pytest.mark.parametrize(
    ("suffix", "text"),
    [
        ("logging/loglevel", "DEBUG"),
        ("logging/loglevel", "info-ish"),
        ("throttling/burstLimit", "abc"),
        ("throttling/rateLimit", "abc"),
        ("caching/ttlInSeconds", "abc"),
    ],
)
def test_method_setting_values_outside_their_type_are_rejected(
    client: Any, api: str, suffix: str, text: str
) -> None:
    create_stage(client, api)
    before = get_stage(client, api)
    with raises_api_error(client, "BadRequestException", 400) as error:
        update(client, api, patch("replace", f"/*/*/{suffix}", text))
    assert text in error.message
    assert get_stage(client, api) == before


def test_resource_method_settings_start_from_star_star(client: Any, api: str) -> None:
    create_stage(client, api)
    update(
        client,
        api,
        patch("replace", "/*/*/throttling/burstLimit", "123"),
        patch("replace", "/*/*/throttling/rateLimit", "55.5"),
        patch("replace", "/*/*/logging/loglevel", "ERROR"),
    )
    stage = update(client, api, patch("replace", "/test/GET/throttling/burstLimit", "124"))
    star = {
        **METHOD_SETTING_DEFAULTS,
        "throttlingBurstLimit": 123,
        "throttlingRateLimit": 55.5,
        "loggingLevel": "ERROR",
    }
    assert stage["methodSettings"] == {
        "*/*": star,
        "test/GET": {**star, "throttlingBurstLimit": 124},
    }


def test_resource_method_settings_need_no_existing_resource(client: Any, api: str) -> None:
    create_stage(client, api)
    stage = update(client, api, patch("replace", "/nosuch/DELETE/metrics/enabled", "true"))
    assert stage["methodSettings"]["nosuch/DELETE"] == {
        **METHOD_SETTING_DEFAULTS,
        "metricsEnabled": True,
    }


def test_later_star_star_change_changes_star_star_only(client: Any, api: str) -> None:
    create_stage(client, api)
    update(client, api, patch("replace", "/*/*/throttling/burstLimit", "123"))
    update(client, api, patch("replace", "/test/GET/throttling/burstLimit", "124"))
    stage = update(client, api, patch("replace", "/*/*/throttling/rateLimit", "7"))
    assert stage["methodSettings"]["*/*"] == {
        **METHOD_SETTING_DEFAULTS,
        "throttlingBurstLimit": 123,
        "throttlingRateLimit": 7.0,
    }
    assert stage["methodSettings"]["test/GET"] == {
        **METHOD_SETTING_DEFAULTS,
        "throttlingBurstLimit": 124,
    }


def test_remove_star_star_without_entry_is_rejected(client: Any, api: str) -> None:
    create_stage(client, api)
    before = get_stage(client, api)
    with raises_api_error(client, "BadRequestException", 400, cannot_remove("*/*")) as error:
        update(client, api, patch("remove", "/*/*"))
    assert error.message.endswith("for this method ")
    assert get_stage(client, api) == before


def test_remove_star_star_clears_method_settings(client: Any, api: str) -> None:
    create_stage(client, api)
    update(client, api, patch("replace", "/*/*/metrics/enabled", "true"))
    stage = update(client, api, patch("remove", "/*/*"))
    assert stage["methodSettings"] == {}
    assert get_stage(client, api)["methodSettings"] == {}


# --- accessLogSettings -------------------------------------------------------------------------


@pytest.mark.parametrize("op", ["add", "replace"])
def test_access_log_fields_are_set(client: Any, api: str, op: str) -> None:
    create_stage(client, api)
    stage = update(
        client,
        api,
        patch(op, "/accessLogSettings/destinationArn", LOG_ARN),
        patch(op, "/accessLogSettings/format", "$context.requestId"),
    )
    assert stage["accessLogSettings"] == {"destinationArn": LOG_ARN, "format": "$context.requestId"}
    assert get_stage(client, api)["accessLogSettings"] == stage["accessLogSettings"]


@pytest.mark.parametrize(
    ("path", "field", "value"),
    [
        ("/accessLogSettings/destinationArn", "destinationArn", LOG_ARN),
        ("/accessLogSettings/format", "format", "$context.requestId"),
    ],
)
def test_access_log_field_alone(client: Any, api: str, path: str, field: str, value: str) -> None:
    create_stage(client, api)
    stage = update(client, api, patch("replace", path, value))
    assert stage["accessLogSettings"] == {field: value}


def test_remove_access_log_settings_drops_the_object(client: Any, api: str) -> None:
    create_stage(client, api, description="kept")
    update(
        client,
        api,
        patch("replace", "/accessLogSettings/destinationArn", LOG_ARN),
        patch("replace", "/accessLogSettings/format", "$context.requestId"),
    )
    stage = update(client, api, patch("remove", "/accessLogSettings"))
    assert "accessLogSettings" not in stage
    assert stage["description"] == "kept"
    assert "accessLogSettings" not in get_stage(client, api)


@pytest.mark.parametrize("op", ["add", "replace"])
@pytest.mark.parametrize(
    "path", ["/accessLogSettings", "/accessLogSettings/*", "/accessLogSettings/other"]
)
def test_invalid_access_log_path_is_rejected(client: Any, api: str, op: str, path: str) -> None:
    create_stage(client, api)
    before = get_stage(client, api)
    with raises_api_error(client, "BadRequestException", 400, ACCESS_LOG_PATH_INVALID):
        update(client, api, patch(op, path, "x"))
    assert get_stage(client, api) == before


@pytest.mark.parametrize("child", ["destinationArn", "format", "other"])
@pytest.mark.parametrize("with_settings", [False, True], ids=["unset", "set"])
def test_remove_of_access_log_child_is_rejected(
    client: Any, api: str, child: str, with_settings: bool
) -> None:
    create_stage(client, api)
    if with_settings:
        update(
            client,
            api,
            patch("replace", "/accessLogSettings/destinationArn", LOG_ARN),
            patch("replace", "/accessLogSettings/format", "$context.requestId"),
        )
    before = get_stage(client, api)
    message = cannot_remove(f"accessLogSettings/{child}")
    with raises_api_error(client, "BadRequestException", 400, message):
        update(client, api, patch("remove", f"/accessLogSettings/{child}"))
    assert get_stage(client, api) == before


@pytest.mark.parametrize("op", ["add", "replace"])
@pytest.mark.parametrize("path", ["/accessLogSettings/destinationArn", "/accessLogSettings/format"])
def test_empty_access_log_value_is_rejected(client: Any, api: str, op: str, path: str) -> None:
    create_stage(client, api)
    before = get_stage(client, api)
    with raises_api_error(client, "BadRequestException", 400, ACCESS_LOG_VALUE_EMPTY):
        update(client, api, patch(op, path, ""))
    assert get_stage(client, api) == before


# --- unknown paths and ops ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/documentation_version", "/tags/x", "/foo", "/stageName", "/canarySettings"]
)
def test_unknown_path_lists_the_valid_paths(client: Any, api: str, path: str) -> None:
    create_stage(client, api)
    before = get_stage(client, api)
    with raises_api_error(client, "BadRequestException", 400, invalid_setting_path(path)):
        update(client, api, patch("replace", path, "x"))
    assert get_stage(client, api) == before


def test_invalid_setting_path_text_is_byte_exact(client: Any, api: str) -> None:
    create_stage(client, api)
    with raises_api_error(client, "BadRequestException", 400) as error:
        update(client, api, patch("replace", "/tags/x", "y"))
    assert "/throttling/burstLimit/{resourcePath}/{httpMethod}/throttling/rateLimit/" in (
        error.message
    )
    assert "/*/*/throttling/burstLimit /*/*/throttling/rateLimit /*/*/caching/ttlInSeconds," in (
        error.message
    )
    assert error.message.endswith("/variables/{variable_name}, /tracingEnabled]")


@pytest.mark.parametrize("op", ["move", "test"])
def test_op_of_the_model_the_stage_does_not_support_is_a_bad_request(
    client: Any, api: str, op: str
) -> None:
    """In the model's enum, so it reaches the service, which refuses it (P text)."""
    create_stage(client, api, description="d")
    before = get_stage(client, api)
    with raises_api_error(client, "BadRequestException", 400):
        update(client, api, patch(op, "/description", "x", from_="/description"))
    assert get_stage(client, api) == before


@pytest.mark.parametrize(
    "validation", [True, False], ids=["validating", "parameter_validation=False"]
)
@pytest.mark.parametrize("op", ["bogus", "REPLACE", ""])
def test_op_outside_the_model_enum_is_a_validation_exception(
    apigateway_mock: Any, op: str, validation: bool
) -> None:
    """Surface §1.6 (correcting aws-behaviour.md §4.3): botocore does not check enums, the
    request reaches AWS, and its validation layer answers, for every client."""
    client = boto3.client(
        "apigateway", region_name=REGION, config=Config(parameter_validation=validation)
    )
    api = make_deployable_api(client)
    create_stage(client, api, description="d")
    before = get_stage(client, api)
    calls_before = apigateway_mock.call_count("UpdateStage")
    with raises_layer_error(
        client, validation_errors(wrong_op("updateStageInput", 2, op))
    ) as raised:
        update(client, api, patch("replace", "/description", "ok"), patch(op, "/description", "x"))
    assert "message" not in raised.response
    assert get_stage(client, api) == before
    assert apigateway_mock.call_count("UpdateStage") == calls_before + 1  # it reached AWS


def test_every_op_outside_the_enum_is_reported_in_order(client: Any, api: str) -> None:
    """§1.4: every failing op, 1-based, valid ones skipped; plural form joined by '; '."""
    create_stage(client, api)
    with raises_layer_error(
        client,
        validation_errors(
            wrong_op("updateStageInput", 1, "wrong"), wrong_op("updateStageInput", 3, "bad")
        ),
    ):
        update(
            client,
            api,
            patch("wrong", "/description", "x"),
            patch("replace", "/description", "ok"),
            patch("bad", "/description", "y"),
        )


def test_the_op_enum_is_checked_before_the_stage_lookup(client: Any, api: str) -> None:
    with raises_layer_error(client, validation_errors(wrong_op("updateStageInput", 1, "x"))):
        update(client, api, patch("x", "/description", "y"), name="missing")
    with raises_layer_error(client, validation_errors(wrong_op("updateStageInput", 1, "x"))):
        update(client, "unknown-api", patch("x", "/description", "y"))


def test_botocore_reports_its_own_findings_before_the_call(apigateway_mock: Any) -> None:
    """botocore's validator checks types (not enums), client-side: a request it refuses never
    reaches the mock, and its report says nothing of the op."""
    client = boto3.client("apigateway", region_name=REGION)
    with pytest.raises(ParamValidationError) as caught:
        client.update_stage(
            restApiId="abc", stageName="prod", patchOperations=[{"op": "bogus", "path": 5}]
        )
    message = str(caught.value)
    assert "Invalid type for parameter patchOperations[0].path" in message
    assert "bogus" not in message
    assert apigateway_mock.call_count("UpdateStage") == 0


# --- operations apply in order ------------------------------------------------------------------


def test_later_op_sees_earlier_variable_add_then_remove(client: Any, api: str) -> None:
    create_stage(client, api)
    stage = update(
        client, api, patch("replace", "/variables/a", "1"), patch("remove", "/variables/a")
    )
    assert "variables" not in stage


def test_later_op_sees_earlier_variable_remove_then_add(client: Any, api: str) -> None:
    create_stage(client, api, variables={"a": "1"})
    stage = update(
        client, api, patch("remove", "/variables/a"), patch("replace", "/variables/a", "2")
    )
    assert stage["variables"] == {"a": "2"}


def test_last_write_wins_within_a_request(client: Any, api: str) -> None:
    create_stage(client, api)
    stage = update(
        client, api, patch("replace", "/description", "a"), patch("replace", "/description", "b")
    )
    assert stage["description"] == "b"


def test_promotion_sees_canary_created_earlier_in_request(client: Any, api: str) -> None:
    base, other = deploy(client, api), deploy(client, api)
    create_stage(client, api, deployment_id=base)
    stage = update(
        client,
        api,
        patch("replace", "/canarySettings/deploymentId", other),
        patch("copy", "/deploymentId", from_="/canarySettings/deploymentId"),
    )
    assert stage["deploymentId"] == other
    assert stage["canarySettings"]["deploymentId"] == other


def test_remove_star_star_sees_settings_created_earlier_in_request(client: Any, api: str) -> None:
    create_stage(client, api)
    stage = update(
        client, api, patch("replace", "/*/*/metrics/enabled", "true"), patch("remove", "/*/*")
    )
    assert stage["methodSettings"] == {}


def test_promotion_after_canary_removed_in_same_request_fails(client: Any, api: str) -> None:
    create_canary_stage(client, api)
    before = get_stage(client, api)
    with raises_api_error(client, "BadRequestException", 400, PROMOTION_WITHOUT_CANARY):
        update(
            client,
            api,
            patch("remove", "/canarySettings"),
            patch("copy", "/deploymentId", from_="/canarySettings/deploymentId"),
        )
    assert get_stage(client, api) == before


# --- all-or-nothing ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "operations",
    [
        [patch("replace", "/description", "new"), patch("replace", "/deploymentId", "zzzzzz")],
        [patch("replace", "/variables/a", "x"), patch("replace", "/variables/b-c", "y")],
        [patch("remove", "/variables/keep"), patch("replace", "/variables/ok", "bad*value")],
        [
            patch("replace", "/canarySettings/percentTraffic", "50"),
            patch("replace", "/canarySettings/percentTraffic", "500"),
        ],
        [patch("replace", "/*/*/throttling/burstLimit", "1"), patch("remove", "/canarySettings")],
        [patch("replace", "/tracingEnabled", "true"), patch("replace", "/foo", "x")],
        [
            patch("replace", "/accessLogSettings/format", "f"),
            patch("replace", "/accessLogSettings/destinationArn", ""),
        ],
        [
            patch("remove", "/variables/keep"),
            patch("copy", "/deploymentId", from_="/canarySettings/deploymentId"),
        ],
        [
            patch("replace", "/cacheClusterEnabled", "true"),
            patch("add", "/canarySettings/deploymentId", "zzzzzz"),
        ],
    ],
    ids=[
        "deployment",
        "var-name",
        "var-value",
        "percent",
        "remove-canary",
        "unknown-path",
        "access-log",
        "promotion",
        "add-canary",
    ],
)
def test_failed_request_applies_nothing(
    client: Any, api: str, operations: list[dict[str, str]]
) -> None:
    with time_machine.travel(T0, tick=False):
        create_stage(client, api, description="old", variables={"keep": "1"})
        before = get_stage(client, api)
    with time_machine.travel(T1, tick=False), raises_api_error(client, "BadRequestException", 400):
        update(client, api, *operations)
    assert get_stage(client, api) == before


def test_failed_request_on_canary_stage_applies_nothing(client: Any, api: str) -> None:
    with time_machine.travel(T0, tick=False):
        create_canary_stage(client, api, percent=10.0, overrides={"color": "green"})
        before = get_stage(client, api)
    with time_machine.travel(T1, tick=False), raises_api_error(client, "BadRequestException", 400):
        update(
            client,
            api,
            patch("copy", "/deploymentId", from_="/canarySettings/deploymentId"),
            patch("remove", "/canarySettings/stageVariableOverrides/color"),
            patch("replace", "/canarySettings/percentTraffic", "abc"),
        )
    assert get_stage(client, api) == before


# --- lastUpdatedDate ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "operation",
    [
        patch("replace", "/description", "new"),
        patch("replace", "/variables/a", "1"),
        patch("replace", "/canarySettings/percentTraffic", "5"),
        patch("replace", "/*/*/metrics/enabled", "true"),
        patch("replace", "/tracingEnabled", "true"),
    ],
    ids=["description", "variable", "canary", "method-setting", "tracing"],
)
def test_last_updated_date_advances_on_update(
    client: Any, api: str, operation: dict[str, str]
) -> None:
    with time_machine.travel(T0, tick=False):
        created = create_stage(client, api)
    with time_machine.travel(T1, tick=False):
        stage = update(client, api, operation)
    assert created["createdDate"] == T0
    assert created["lastUpdatedDate"] == T0
    assert stage["createdDate"] == T0
    assert stage["lastUpdatedDate"] == T1
    assert get_stage(client, api)["lastUpdatedDate"] == T1


def test_last_updated_date_advances_on_canary_removal(client: Any, api: str) -> None:
    with time_machine.travel(T0, tick=False):
        create_canary_stage(client, api)
    with time_machine.travel(T1, tick=False):
        stage = update(client, api, patch("remove", "/canarySettings"))
    assert stage["lastUpdatedDate"] == T1
    assert stage["createdDate"] == T0
