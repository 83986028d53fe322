"""Spec section 4: the UpdateStage patch grammar, row by row, on the pure core."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest

from apigw_canary_mock.core.errors import ApiError
from apigw_canary_mock.core.patch import SETTABLE_PATHS, apply_patch
from apigw_canary_mock.core.stage import AccessLogSettings, CanarySettings, MethodSetting, Stage

DEPLOYMENTS = frozenset({"dep111", "dep222", "dep333"})
SPEC = Path("/work/shared/spec/aws-behaviour.md")

LIST = (
    "[/deploymentId, /description, /cacheClusterEnabled, /cacheClusterSize, "
    "/clientCertificateId, /accessLogSettings, /accessLogSettings/destinationArn, "
    "/accessLogSettings/format, /{resourcePath}/{httpMethod}/metrics/enabled, "
    "/{resourcePath}/{httpMethod}/logging/dataTrace, "
    "/{resourcePath}/{httpMethod}/logging/loglevel, "
    "/{resourcePath}/{httpMethod}/throttling/burstLimit/{resourcePath}/{httpMethod}/throttling/"
    "rateLimit/{resourcePath}/{httpMethod}/caching/ttlInSeconds, "
    "/{resourcePath}/{httpMethod}/caching/enabled, /{resourcePath}/{httpMethod}/caching/"
    "dataEncrypted, /{resourcePath}/{httpMethod}/caching/requireAuthorizationForCacheControl, "
    "/{resourcePath}/{httpMethod}/caching/unauthorizedCacheControlHeaderStrategy, "
    "/*/*/metrics/enabled, /*/*/logging/dataTrace, /*/*/logging/loglevel, "
    "/*/*/throttling/burstLimit /*/*/throttling/rateLimit /*/*/caching/ttlInSeconds, "
    "/*/*/caching/enabled, /*/*/caching/dataEncrypted, "
    "/*/*/caching/requireAuthorizationForCacheControl, "
    "/*/*/caching/unauthorizedCacheControlHeaderStrategy, /variables/{variable_name}, "
    "/tracingEnabled]"
)


def invalid_path(path: str) -> str:
    return f"Invalid method setting path: {path}. Must be one of: {LIST}"


def cannot_remove(what: str) -> str:
    return (
        f"Cannot remove method setting {what} because there is no method setting for this method "
    )


INVALID_COPY = (
    "Invalid copy operation with path: {path} and from {frm}. Valid copy:path are "
    "[/deploymentId, /variables] and valid copy:from are "
    "[/canarySettings/deploymentId, /canarySettings/stageVariableOverrides]"
)


def bare() -> Stage:
    return Stage(name="prod", deployment_id="dep111", created_date=1, last_updated_date=1)


def with_canary(**overrides: str) -> Stage:
    stage = bare()
    stage.variables = {"a": "1", "b": "2"}
    stage.canary = CanarySettings("dep222", 10.0, False, dict(overrides))
    return stage


def op(kind: str, path: str, value: str | None = None, frm: str | None = None) -> dict[str, Any]:
    raw: dict[str, Any] = {"op": kind, "path": path}
    if value is not None:
        raw["value"] = value
    if frm is not None:
        raw["from"] = frm
    return raw


def patch(stage: Stage, *ops: dict[str, Any]) -> Stage:
    return apply_patch(stage, ops, DEPLOYMENTS)


def fails(stage: Stage, ops: list[dict[str, Any]], message: str) -> None:
    before = copy.deepcopy(stage)
    with pytest.raises(ApiError) as caught:
        apply_patch(stage, ops, DEPLOYMENTS)
    assert caught.value == ApiError("BadRequestException", message, 400)
    assert stage == before


def test_list_is_the_spec_list() -> None:
    assert SETTABLE_PATHS == LIST
    if SPEC.exists():
        block = re.search(r"```\n(\[/deploymentId.*?\])\n```", SPEC.read_text(), re.S)
        assert block is not None
        assert block.group(1) == LIST


def test_input_stage_is_never_modified() -> None:
    stage = with_canary(x="1")
    before = copy.deepcopy(stage)
    patched = patch(stage, op("replace", "/canarySettings/stageVariableOverrides/x", "2"))
    assert stage == before
    assert patched.canary is not None
    assert patched.canary.stage_variable_overrides == {"x": "2"}


# --- 4.1 canary paths ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ops", "expected"),
    [
        (
            [op("replace", "/canarySettings/percentTraffic", "50")],
            CanarySettings("dep111", 50.0, False, {}),
        ),
        (
            [op("replace", "/canarySettings/deploymentId", "dep222")],
            CanarySettings("dep222", 0.0, False, {}),
        ),
        (
            [op("replace", "/canarySettings/useStageCache", "true")],
            CanarySettings("dep111", 0.0, True, {}),
        ),
        (
            [op("replace", "/canarySettings/stageVariableOverrides/k", "v")],
            CanarySettings("dep111", 0.0, False, {"k": "v"}),
        ),
    ],
)
def test_canary_path_creates_canary(ops: list[dict[str, Any]], expected: CanarySettings) -> None:
    patched = patch(bare(), *ops)
    assert patched.canary == expected
    assert patched.deployment_id == "dep111"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("100.0", 100.0), ("66.660000", 66.66), ("0", 0.0), ("50", 50.0), (".5", 0.5), ("1e1", 10.0)],
)
def test_percent_traffic_numbers(value: str, expected: float) -> None:
    patched = patch(with_canary(), op("replace", "/canarySettings/percentTraffic", value))
    assert patched.canary is not None
    assert patched.canary.percent_traffic == expected
    assert isinstance(patched.canary.percent_traffic, float)


@pytest.mark.parametrize(
    "value", ["abc", "-1", "100.1", "nan", "NaN", "inf", "Infinity", "1e999", "", " 5", "1_0"]
)
def test_percent_traffic_rejected(value: str) -> None:
    fails(
        bare(),
        [op("replace", "/canarySettings/percentTraffic", value)],
        f"Invalid percentTraffic value specified: {value}. Must be a number between 0.0 and 100.0",
    )


# The five settable canary paths: tests/spec/test_update_stage_canary.py
# ::test_add_on_canary_paths_is_rejected; here the two paths of whole objects.
@pytest.mark.parametrize("path", ["/canarySettings/stageVariableOverrides", "/canarySettings"])
def test_add_on_canary_paths(path: str) -> None:
    fails(with_canary(), [op("add", path, "1")], f"Invalid add operation with path: {path}")


def test_overrides_replace_existing_and_add_new() -> None:
    patched = patch(
        with_canary(a="x"),
        op("replace", "/canarySettings/stageVariableOverrides/a", "y"),
        op("replace", "/canarySettings/stageVariableOverrides/c", "z"),
    )
    assert patched.canary is not None
    assert patched.canary.stage_variable_overrides == {"a": "y", "c": "z"}


def test_remove_override_and_map_empties() -> None:
    patched = patch(
        with_canary(a="x", b="y"),
        op("remove", "/canarySettings/stageVariableOverrides/a"),
        op("remove", "/canarySettings/stageVariableOverrides/b"),
        op("remove", "/canarySettings/stageVariableOverrides/never"),  # P: no-op
    )
    assert patched.canary is not None
    assert patched.canary.stage_variable_overrides == {}


@pytest.mark.parametrize(
    ("stage", "path", "what"),
    [
        (with_canary(a="x"), "/canarySettings/stageVariableOverrides", None),
        (bare(), "/canarySettings", None),
        (with_canary(), "/canarySettings/badPath", None),
        (with_canary(), "/canarySettings/percentTraffic", None),
        (with_canary(), "/canarySettings/deploymentId", None),
        (bare(), "/canarySettings/stageVariableOverrides/a", None),
    ],
)
def test_canary_removes_rejected(stage: Stage, path: str, what: str | None) -> None:
    fails(stage, [op("remove", path)], cannot_remove(path[1:]))


def test_remove_canary_keeps_everything_else() -> None:
    stage = with_canary(a="x")
    patched = patch(stage, op("remove", "/canarySettings"))
    expected = copy.deepcopy(stage)
    expected.canary = None
    assert patched == expected


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        (
            "a-b",
            "v",
            "Invalid stage variable name: a-b.  Please use names with only word characters.",
        ),
        (
            "a",
            "v|w",
            "Invalid stage variable value: v|w.  Please use values with alphanumeric characters"
            " and the symbols ' ', -', '.', '_', ':', '/', '?', '&', '=', and ','.",
        ),
    ],
)
def test_overrides_checked_like_variables(name: str, value: str, message: str) -> None:
    fails(
        with_canary(),
        [op("replace", f"/canarySettings/stageVariableOverrides/{name}", value)],
        message,
    )


# --- 4.2 promotion ---------------------------------------------------------------------------


def test_promote_deployment_and_variables() -> None:
    stage = with_canary(b="20", c="30")
    patched = patch(
        stage,
        op("copy", "/deploymentId", frm="/canarySettings/deploymentId"),
        op("copy", "/variables", frm="/canarySettings/stageVariableOverrides"),
        op("replace", "/canarySettings/percentTraffic", "0.0"),
    )
    assert patched.deployment_id == "dep222"
    assert patched.variables == {"a": "1", "b": "20", "c": "30"}
    # R: the canary stays, with whatever percentTraffic the request set.
    assert patched.canary == CanarySettings("dep222", 0.0, False, {"b": "20", "c": "30"})


def test_copy_ignores_value() -> None:
    patched = patch(with_canary(), op("copy", "/deploymentId", "x", "/canarySettings/deploymentId"))
    assert patched.deployment_id == "dep222"


# Crossed and foreign pairs: tests/spec/test_update_stage_promotion.py; here a missing member
# (null in the text) and a foreign `from`.
@pytest.mark.parametrize(
    ("path", "frm"),
    [
        ("/deploymentId", "/description"),
        ("/deploymentId", None),
        (None, "/canarySettings/deploymentId"),
    ],
)
def test_invalid_copy_pairs(path: str | None, frm: str | None) -> None:
    raw: dict[str, Any] = {"op": "copy"}
    if path is not None:
        raw["path"] = path
    if frm is not None:
        raw["from"] = frm
    message = INVALID_COPY.format(path=path or "null", frm=frm or "null")
    fails(with_canary(), [raw], message)
    fails(bare(), [raw], message)  # the pair is checked before the canary


# --- 4.3 other paths -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ops", "attribute", "expected"),
    [
        ([op("replace", "/description", "d")], "description", "d"),
        ([op("add", "/description", "d")], "description", "d"),
        (
            [op("replace", "/description", "d"), op("replace", "/description", "")],
            "description",
            None,
        ),
        ([op("replace", "/description", "d"), op("remove", "/description")], "description", None),
        ([op("replace", "/variables/x", "1")], "variables", {"x": "1"}),
        (
            [op("replace", "/variables/x", "1"), op("replace", "/variables/x", "2")],
            "variables",
            {"x": "2"},
        ),
        ([op("replace", "/variables/x", "1"), op("remove", "/variables/x")], "variables", {}),
        ([op("remove", "/variables/never")], "variables", {}),
        ([op("replace", "/tracingEnabled", "true")], "tracing_enabled", True),
        ([op("replace", "/tracingEnabled", "TRUE")], "tracing_enabled", True),
        ([op("replace", "/deploymentId", "dep333")], "deployment_id", "dep333"),
        ([op("replace", "/cacheClusterEnabled", "true")], "cache_cluster_enabled", True),
        ([op("replace", "/cacheClusterSize", "6.1")], "cache_cluster_size", "6.1"),
        ([op("replace", "/clientCertificateId", "cert")], "client_certificate_id", "cert"),
        (
            [op("replace", "/clientCertificateId", "c"), op("remove", "/clientCertificateId")],
            "client_certificate_id",
            None,
        ),
        (
            [op("add", "/accessLogSettings/destinationArn", "arn:x")],
            "access_log",
            AccessLogSettings("arn:x", None),
        ),
        (
            [op("replace", "/accessLogSettings/format", "$context.requestId")],
            "access_log",
            AccessLogSettings(None, "$context.requestId"),
        ),
        (
            [op("replace", "/accessLogSettings/format", "f"), op("remove", "/accessLogSettings")],
            "access_log",
            None,
        ),
    ],
)
def test_stage_paths(ops: list[dict[str, Any]], attribute: str, expected: object) -> None:
    assert getattr(patch(bare(), *ops), attribute) == expected


def test_method_settings_defaults_and_inheritance() -> None:
    patched = patch(
        bare(),
        op("replace", "/*/*/throttling/burstLimit", "123"),
        op("replace", "/test/GET/throttling/burstLimit", "124"),
        op("replace", "/*/*/metrics/enabled", "true"),
    )
    assert patched.method_settings == {
        "*/*": MethodSetting(throttling_burst_limit=123, metrics_enabled=True),
        "test/GET": MethodSetting(throttling_burst_limit=124),
    }


def test_method_setting_without_all_methods_starts_from_defaults() -> None:
    patched = patch(bare(), op("replace", "/pets/POST/logging/loglevel", "INFO"))
    assert patched.method_settings == {"pets/POST": MethodSetting(logging_level="INFO")}


@pytest.mark.parametrize(
    ("suffix", "value", "attribute", "expected"),
    [
        ("metrics/enabled", "true", "metrics_enabled", True),
        ("logging/dataTrace", "true", "data_trace_enabled", True),
        ("logging/loglevel", "ERROR", "logging_level", "ERROR"),
        ("throttling/burstLimit", "10", "throttling_burst_limit", 10),
        ("throttling/rateLimit", "66.660000", "throttling_rate_limit", 66.66),
        ("caching/ttlInSeconds", "60", "cache_ttl_in_seconds", 60),
        ("caching/enabled", "true", "caching_enabled", True),
        ("caching/dataEncrypted", "true", "cache_data_encrypted", True),
        (
            "caching/requireAuthorizationForCacheControl",
            "false",
            "require_authorization_for_cache_control",
            False,
        ),
        (
            "caching/unauthorizedCacheControlHeaderStrategy",
            "FAIL_WITH_403",
            "unauthorized_cache_control_header_strategy",
            "FAIL_WITH_403",
        ),
    ],
)
def test_every_method_setting(suffix: str, value: str, attribute: str, expected: object) -> None:
    patched = patch(bare(), op("replace", f"/*/*/{suffix}", value))
    got = getattr(patched.method_settings["*/*"], attribute)
    assert got == expected
    assert type(got) is type(expected)


def test_remove_all_methods_setting() -> None:
    stage = patch(bare(), op("replace", "/*/*/metrics/enabled", "true"))
    assert patch(stage, op("remove", "/*/*")).method_settings == {}


# Pinned through boto3 on both call paths by tests/spec/test_update_stage_other.py (unknown
# deployment, removing */* without settings, every accessLogSettings refusal, unknown paths);
# here the refusals that tier does not pin.
@pytest.mark.parametrize(
    ("stage", "ops", "message"),
    [
        (bare(), [op("remove", "/test/GET")], cannot_remove("test/GET")),
        (bare(), [op("replace", "/deploymentId", "")], "Deployment id does not exist"),
        (bare(), [op("add", "/tags/x", "1")], invalid_path("/tags/x")),
        (
            bare(),
            [op("replace", "/*/*/throttling/nope", "1")],
            invalid_path("/*/*/throttling/nope"),
        ),
        (bare(), [op("replace", "/variables", "1")], invalid_path("/variables")),
        (bare(), [op("remove", "/tags/x")], cannot_remove("tags/x")),
        (
            bare(),
            [op("replace", "/variables/a-b", "1")],
            "Invalid stage variable name: a-b.  Please use names with only word characters.",
        ),
        (
            bare(),
            [op("replace", "/variables/" + "n" * 65, "1")],
            f"Invalid stage variable name: {'n' * 65}.  "
            "Please use names with only word characters.",
        ),
        (
            bare(),
            [op("replace", "/variables/a", "")],
            "Invalid stage variable value: .  Please use values with alphanumeric characters"
            " and the symbols ' ', -', '.', '_', ':', '/', '?', '&', '=', and ','.",
        ),
    ],
)
def test_other_paths_rejected(stage: Stage, ops: list[dict[str, Any]], message: str) -> None:
    fails(stage, ops, message)


# --- policies (P): bad values, bad ops -------------------------------------------------------


@pytest.mark.parametrize(
    ("ops", "message"),
    [
        (
            [op("move", "/description", "x")],
            "Invalid patch operation specified: move. Must be one of: [add, remove, replace, copy]",
        ),
        (
            [op("test", "/description", "x")],
            "Invalid patch operation specified: test. Must be one of: [add, remove, replace, copy]",
        ),
        (
            [{"path": "/description", "value": "x"}],
            "Invalid patch operation specified: null. Must be one of: [add, remove, replace, copy]",
        ),
        ([{"op": "replace", "value": "x"}], "Invalid patch operation: replace requires a path"),
        (
            [{"op": "replace", "path": "/description"}],
            "Invalid patch operation: replace /description requires a value",
        ),
        (
            [{"op": "replace", "path": "/canarySettings/percentTraffic"}],
            "Invalid patch operation: replace /canarySettings/percentTraffic requires a value",
        ),
        (
            [op("replace", "/tracingEnabled", "yes")],
            "Invalid boolean value specified for /tracingEnabled: yes. Must be true or false",
        ),
        (
            [op("replace", "/canarySettings/useStageCache", "1")],
            "Invalid boolean value specified for /canarySettings/useStageCache: 1. "
            "Must be true or false",
        ),
        (
            [op("replace", "/*/*/throttling/burstLimit", "1.5")],
            "Invalid integer value specified for /*/*/throttling/burstLimit: 1.5",
        ),
        (
            [op("replace", "/*/*/throttling/rateLimit", "fast")],
            "Invalid number value specified for /*/*/throttling/rateLimit: fast",
        ),
        (
            [op("replace", "/*/*/logging/loglevel", "DEBUG")],
            "Invalid value specified for /*/*/logging/loglevel: DEBUG. "
            "Must be one of: [OFF, ERROR, INFO]",
        ),
        (
            [op("replace", "/a/GET/caching/unauthorizedCacheControlHeaderStrategy", "NO")],
            "Invalid value specified for "
            "/a/GET/caching/unauthorizedCacheControlHeaderStrategy: NO. "
            "Must be one of: [FAIL_WITH_403, SUCCEED_WITH_RESPONSE_HEADER, "
            "SUCCEED_WITHOUT_RESPONSE_HEADER]",
        ),
        (
            [op("replace", "/cacheClusterSize", "2")],
            "Invalid cacheClusterSize specified: 2. "
            "Must be one of: [0.5, 1.6, 6.1, 13.5, 28.4, 58.2, 118, 237]",
        ),
        (["not a dict"], "Invalid patch operation specified: 'not a dict'"),
    ],
)
def test_policy_errors(ops: list[Any], message: str) -> None:
    fails(with_canary(), ops, message)


def test_at_most_100_variables() -> None:
    stage = bare()
    stage.variables = {f"v{i}": "x" for i in range(100)}
    fails(
        stage,
        [op("replace", "/variables/extra", "x")],
        "Too many stage variables: 101. At most 100 are allowed",
    )
    assert len(patch(stage, op("replace", "/variables/v0", "y")).variables) == 100


# --- order and atomicity ---------------------------------------------------------------------


def test_all_or_nothing() -> None:
    fails(
        with_canary(),
        [
            op("replace", "/description", "changed"),
            op("remove", "/canarySettings"),
            op("replace", "/*/*/metrics/enabled", "true"),
            op("replace", "/canarySettings/percentTraffic", "500"),
        ],
        "Invalid percentTraffic value specified: 500. Must be a number between 0.0 and 100.0",
    )
