"""Stage.copy / MethodSetting.copy: every field copied (they pass fields by position)."""

from __future__ import annotations

import pickle
from dataclasses import fields

from apigw_canary_mock.core.stage import AccessLogSettings, CanarySettings, MethodSetting, Stage


def _method_setting() -> MethodSetting:
    return MethodSetting(True, "INFO", True, 7, 8.5, True, 9, True, False, "FAIL_WITH_403")


def _stage() -> Stage:
    return Stage(
        name="prod",
        deployment_id="d1",
        created_date=1,
        last_updated_date=2,
        description="about",
        variables={"a": "1"},
        cache_cluster_enabled=True,
        cache_cluster_size="6.1",
        method_settings={"*/*": _method_setting()},
        tracing_enabled=True,
        canary=CanarySettings("d2", 12.5, True, {"b": "2"}),
        documentation_version="v1",
        access_log=AccessLogSettings("arn:x", "$context.requestId"),
        tags={"team": "x"},
        client_certificate_id="cert",
    )


def test_method_setting_copy_keeps_every_field() -> None:
    original = _method_setting()
    copied = original.copy()
    assert copied == original and copied is not original
    for field in fields(MethodSetting):
        assert getattr(copied, field.name) == getattr(original, field.name), field.name


def test_stage_copy_keeps_every_field_and_owns_its_containers() -> None:
    original = _stage()
    copied = original.copy()
    assert copied == original
    for field in fields(Stage):
        assert getattr(copied, field.name) == getattr(original, field.name), field.name
    assert copied.variables is not original.variables
    assert copied.tags is not original.tags
    assert copied.method_settings is not original.method_settings
    assert copied.method_settings["*/*"] is not original.method_settings["*/*"]
    assert copied.canary is not original.canary
    assert copied.canary is not None and original.canary is not None
    assert copied.canary.stage_variable_overrides is not original.canary.stage_variable_overrides
    assert copied.access_log is not original.access_log


def test_stage_copy_of_a_bare_stage() -> None:
    original = Stage("s", "d", 1, 1)
    copied = original.copy()
    assert copied == original
    assert copied.method_settings == {} and copied.method_settings is not original.method_settings
    assert pickle.loads(pickle.dumps(copied)) == original
