"""Which rule (and so which evidence tag) each answer of the canary core rests on.

The tags are the spec's (aws-behaviour.md, with the corrections of aws-deployment-surface.md
§5): an error carries its rule (``ApiError.rule``), a success notes the rules it rests on.
Where AWS recorded a text for some paths only, the same text on the other paths is a policy.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from apigw_canary_mock.core.canary import CanaryRequest, StageRequest, create_deployment
from apigw_canary_mock.core.errors import ApiError
from apigw_canary_mock.core.evidence import RULES, tag_of
from apigw_canary_mock.core.pagination import paginate
from apigw_canary_mock.core.patch import apply_patch
from apigw_canary_mock.core.restapi import Integration, Method, RestApi
from apigw_canary_mock.core.stage import AccessLogSettings, CanarySettings, Stage
from apigw_canary_mock.core.store import StateStore

DEPLOYMENTS = frozenset({"dep111", "dep222"})
CANARY = "/canarySettings"
OVERRIDES = f"{CANARY}/stageVariableOverrides"


def bare() -> Stage:
    return Stage(name="prod", deployment_id="dep111", created_date=1, last_updated_date=1)


def with_canary() -> Stage:
    stage = bare()
    stage.canary = CanarySettings("dep222", 10.0, False, {"o": "1"})
    stage.access_log = AccessLogSettings("arn:aws:logs:us-east-1:1:log-group:x", "$context")
    return stage


def op(kind: str, path: str, value: str | None = None, frm: str | None = None) -> dict[str, Any]:
    raw: dict[str, Any] = {"op": kind, "path": path}
    if value is not None:
        raw["value"] = value
    if frm is not None:
        raw["from"] = frm
    return raw


def error_rule(stage: Stage, *ops: dict[str, Any]) -> str | None:
    with pytest.raises(ApiError) as caught:
        apply_patch(stage, ops, DEPLOYMENTS)
    return caught.value.rule


def notes_of(stage: Stage, *ops: dict[str, Any]) -> list[str]:
    notes: list[str] = []
    apply_patch(stage, ops, DEPLOYMENTS, notes)
    return notes


ERRORS = [
    # (stage, operation, rule, tag)
    (bare, op("replace", "/nope", "x"), "stage-patch-invalid-path", "R"),
    (bare, op("replace", "/canarySettings", "x"), "stage-patch-invalid-path", "R"),
    (bare, op("add", f"{CANARY}/deploymentId", "d"), "stage-patch-add-canary-deployment", "R"),
    (bare, op("add", "/canarySettings/percentTraffic", "1"), "stage-patch-add-canary-path", "P"),
    (bare, op("add", "/canarySettings/other", "1"), "stage-patch-add-canary-path", "P"),
    (bare, op("remove", "/canarySettings"), "remove-canary-without-canary", "P"),
    (with_canary, op("remove", "/canarySettings/badPath"), "stage-patch-cannot-remove", "R"),
    (
        with_canary,
        op("remove", "/canarySettings/stageVariableOverrides"),
        "stage-patch-cannot-remove",
        "R",
    ),
    (with_canary, op("remove", "/canarySettings/useStageCache"), "stage-patch-cannot-remove-other",
     "P"),
    (bare, op("remove", f"{OVERRIDES}/o"), "remove-override-without-canary", "P"),
    (bare, op("remove", "/accessLogSettings/format"), "stage-patch-cannot-remove", "R"),
    (bare, op("remove", "/accessLogSettings/other"), "stage-patch-cannot-remove", "R"),
    (bare, op("remove", "/*/*"), "stage-patch-cannot-remove", "R"),
    (bare, op("remove", "/tracingEnabled"), "stage-patch-cannot-remove-other", "P"),
    (bare, op("remove", "/a/b/c"), "stage-patch-cannot-remove-other", "P"),
    (bare, op("remove", "/test/GET"), "stage-patch-cannot-remove", "R"),
    (bare, op("replace", "/accessLogSettings", "x"), "stage-patch-access-log-path", "R"),
    (bare, op("add", "/accessLogSettings/other", "x"), "stage-patch-access-log-path", "R"),
    (bare, op("replace", "/accessLogSettings/format", ""), "stage-patch-access-log-empty", "R"),
    (bare, op("replace", "/canarySettings/deploymentId", "nope"), "canary-deployment-unknown", "R"),
    (bare, op("replace", "/deploymentId", "nope"), "stage-deployment-unknown", "P"),
    (bare, op("replace", "/canarySettings/percentTraffic", "101"), "percent-traffic-invalid", "P"),
    (bare, op("replace", "/variables/a-b", "1"), "stage-variable-name", "Q"),
    (bare, op("replace", "/variables/a", "*"), "stage-variable-value", "Q"),
    (bare, op("replace", f"{OVERRIDES}/a", "*"), "canary-override-checks", "P"),
    (bare, op("replace", "/cacheClusterSize", "2"), "cache-cluster-size-invalid", "P"),
    (bare, op("replace", "/tracingEnabled", "yes"), "stage-patch-boolean-value", "P"),
    (bare, op("replace", "/*/*/caching/ttlInSeconds", "x"), "stage-patch-integer-value", "P"),
    (bare, op("replace", "/*/*/throttling/rateLimit", "x"), "stage-patch-number-value", "P"),
    (bare, op("replace", "/*/*/logging/loglevel", "LOUD"), "stage-patch-enum-value", "P"),
    (bare, op("replace", "/description"), "stage-patch-value-missing", "P"),
    (bare, op("move", "/description"), "stage-patch-op-unsupported", "P"),
    (bare, {"op": "replace"}, "stage-patch-path-missing", "P"),
    (
        bare,
        op("copy", "/deploymentId", frm="/canarySettings/deploymentId"),
        "promotion-without-canary",
        "R",
    ),
    (with_canary, op("copy", "/description", frm="/x"), "copy-invalid-pair", "R"),
    # Without a canary both errors apply: which one comes first is our choice.
    (bare, op("copy", "/description", frm="/x"), "copy-check-order", "P"),
]  # fmt: skip


@pytest.mark.parametrize(("make", "raw", "rule", "tag"), ERRORS)
def test_each_patch_error_carries_its_rule(
    make: Any, raw: dict[str, Any], rule: str, tag: str
) -> None:
    assert error_rule(make(), raw) == rule
    assert tag_of(rule) == tag


SUCCESSES = [
    # (stage, operations, notes)
    (bare, [op("replace", "/canarySettings/percentTraffic", "5")], ["canary-created-by-patch"]),
    (bare, [op("replace", "/canarySettings/deploymentId", "dep222")], ["canary-created-by-patch"]),
    (
        bare,
        [op("replace", "/canarySettings/useStageCache", "true")],
        ["canary-created-by-other-patch"],
    ),
    (bare, [op("replace", f"{OVERRIDES}/a", "1")], ["canary-created-by-other-patch"]),
    (with_canary, [op("replace", "/canarySettings/percentTraffic", "5")], []),
    (with_canary, [op("replace", "/canarySettings/percentTraffic", "-0.0")], ["negative-zero"]),
    (with_canary, [op("remove", f"{OVERRIDES}/o")], []),
    (with_canary, [op("remove", f"{OVERRIDES}/x")], ["stage-patch-remove-missing-noop"]),
    (bare, [op("remove", "/variables/x")], ["stage-patch-remove-missing-noop"]),
    (bare, [op("remove", "/accessLogSettings")], ["stage-patch-remove-missing-noop"]),
    (with_canary, [op("remove", "/accessLogSettings")], []),
    (bare, [op("replace", "/variables/a", "1")], []),
    (bare, [op("add", "/variables/a", "1")], ["stage-patch-add-as-replace"]),
    (bare, [op("replace", "/variables/a", "with space")], ["stage-variable-value-space"]),
    (bare, [op("replace", "/description", "")], ["empty-value-unsets"]),
    (bare, [op("replace", "/description", "d")], []),
    (bare, [op("remove", "/description")], ["stage-patch-remove-unsets"]),
    (bare, [op("remove", "/clientCertificateId")], ["stage-patch-remove-unsets"]),
    (bare, [op("replace", "/clientCertificateId", "c")], ["client-certificate-unchecked"]),
    (bare, [op("replace", "/clientCertificateId", "")], ["empty-value-unsets"]),
    (bare, [op("replace", "/cacheClusterEnabled", "true")], ["cache-cluster-defaults"]),
    (bare, [op("replace", "/cacheClusterEnabled", "false")], []),
    (bare, [op("replace", "/tracingEnabled", "True")], ["stage-patch-boolean-any-case"]),
    (bare, [op("replace", "/*/*/metrics/enabled", "FALSE")], ["stage-patch-boolean-any-case"]),
    (bare, [op("replace", "/*/*/metrics/enabled", "false")], []),
    (
        with_canary,
        [op("copy", "/deploymentId", frm=f"{CANARY}/deploymentId")],
        ["promotion-by-copy"],
    ),
    (
        with_canary,
        [op("copy", "/variables", "ignored", frm="/canarySettings/stageVariableOverrides")],
        ["promotion-by-copy", "copy-value-ignored"],
    ),
    (with_canary, [op("remove", "/canarySettings")], []),
]  # fmt: skip


@pytest.mark.parametrize(("make", "ops", "notes"), SUCCESSES)
def test_each_patch_success_notes_what_it_rests_on(
    make: Any, ops: list[dict[str, Any]], notes: list[str]
) -> None:
    assert notes_of(make(), *ops) == notes
    assert all(note in RULES for note in notes)


def test_a_patch_without_notes_list_still_applies() -> None:
    assert apply_patch(bare(), [op("add", "/variables/a", "1")], DEPLOYMENTS).variables == {
        "a": "1"
    }


# -- CreateDeployment / CreateStage --------------------------------------------------------------


def deployable() -> RestApi:
    store = StateStore()
    api = store.backend("123456789012", "us-east-1").create_rest_api("a")
    root = api.resources[api.root_resource_id]
    root.methods["GET"] = Method("GET", "NONE", integration=Integration("MOCK"))
    return api


def deploy(api: RestApi, **kwargs: Any) -> list[str]:
    api.journal.clear()
    create_deployment(
        api,
        description=None,
        stage_name=kwargs.pop("stage_name", None),
        stage=kwargs.pop("stage", StageRequest()),
        canary=kwargs.pop("canary", None),
    )
    return list(api.journal.evidence)


def test_create_deployment_notes() -> None:
    api = deployable()
    assert deploy(api) == []
    assert deploy(api, stage_name="") == ["deployment-empty-stage-name"]
    assert deploy(api, stage_name="prod") == ["deployment-creates-stage"]
    assert deploy(api, stage_name="prod", stage=StageRequest(variables={"a": "1"})) == [
        "redeploy-stage",
        "redeploy-merges-variables",
    ]
    assert deploy(api, stage_name="prod", stage=StageRequest(description="")) == [
        "redeploy-stage",
        "redeploy-applies-stage-members",
        "empty-value-unsets",
    ]
    assert deploy(api, stage_name="prod", canary=CanaryRequest()) == [
        "canary-deployment",
        "canary-percent-traffic-default",
    ]
    assert deploy(
        api,
        stage_name="prod",
        canary=CanaryRequest(percent_traffic=5, stage_variable_overrides={}),
        stage=StageRequest(tracing_enabled=True),
    ) == [
        "canary-deployment",
        "empty-maps-unset",
        "canary-overrides-replaced-whole",
        "canary-deployment-stage-members-ignored",
    ]


@pytest.mark.parametrize(
    ("stage_name", "canary", "rule"),
    [
        (None, CanaryRequest(), "canary-deployment-stage-name-missing"),
        ("", CanaryRequest(), "canary-deployment-stage-name-missing"),
        ("nope", CanaryRequest(), "canary-deployment-stage-missing"),
        ("with-canary", None, "non-canary-deployment-on-canary-stage"),
    ],
)
def test_create_deployment_errors(
    stage_name: str | None, canary: CanaryRequest | None, rule: str
) -> None:
    api = deployable()
    deploy(api, stage_name="with-canary")
    deploy(api, stage_name="with-canary", canary=CanaryRequest())
    with pytest.raises(ApiError) as caught:
        deploy(api, stage_name=stage_name, canary=canary)
    assert caught.value.rule == rule


def test_content_checks_are_policies() -> None:
    api = deployable()
    api.resources[api.root_resource_id].methods["GET"].integration = None
    with pytest.raises(ApiError) as caught:
        deploy(api)
    assert caught.value.rule == "deployment-method-without-integration"
    api.resources[api.root_resource_id].methods.clear()
    with pytest.raises(ApiError) as caught:
        deploy(api)
    assert caught.value.rule == "deployment-without-methods"


def test_delete_deployment_in_use_by_a_stage_or_only_a_canary() -> None:
    api = deployable()
    deploy(api, stage_name="prod")
    deploy(api, stage_name="prod", canary=CanaryRequest())
    base, canary = api.stages["prod"].deployment_id, api.stages["prod"].canary
    assert canary is not None
    for deployment_id, rule in [
        (base, "delete-deployment-in-use"),
        (canary.deployment_id, "delete-deployment-canary-in-use"),
    ]:
        with pytest.raises(ApiError) as caught:
            api.delete_deployment(deployment_id)
        assert caught.value.rule == rule


# -- paging --------------------------------------------------------------------------------------


def test_paging_notes_the_clamp_only_when_it_shaped_the_page() -> None:
    api = deployable()
    paginate(list(range(600)), 1000, None, api.journal)
    assert api.journal.evidence == ["paging-limit-clamped"]
    api.journal.clear()
    paginate(list(range(400)), 1000, None, api.journal)
    assert api.journal.evidence == []
    with pytest.raises(ApiError) as caught:
        paginate([], 0, None)
    assert caught.value.rule == "paging-limit-invalid"
    with pytest.raises(ApiError) as caught:
        paginate([], None, "bad")
    assert caught.value.rule == "paging-position-invalid"


# -- any patch: an error names a declared rule, a success notes declared rules only -----------

PATHS = [
    "/canarySettings",
    "/canarySettings/percentTraffic",
    "/canarySettings/deploymentId",
    "/canarySettings/useStageCache",
    f"{OVERRIDES}",
    f"{OVERRIDES}/o",
    f"{OVERRIDES}/bad name",
    "/canarySettings/other",
    "/description",
    "/variables/a",
    "/variables/a b",
    "/tracingEnabled",
    "/deploymentId",
    "/cacheClusterEnabled",
    "/cacheClusterSize",
    "/clientCertificateId",
    "/accessLogSettings",
    "/accessLogSettings/format",
    "/accessLogSettings/other",
    "/*/*",
    "/*/*/metrics/enabled",
    "/test/GET/caching/ttlInSeconds",
    "/*/*/throttling/rateLimit",
    "/*/*/logging/loglevel",
    "/a/b/c",
    "/tags/x",
    "",
]
VALUES = [
    None,
    "",
    "true",
    "TRUE",
    "no",
    "5",
    "-0.0",
    "101",
    "6.1",
    "dep222",
    "nope",
    "x y",
    "*",
    "INFO",
]


@given(
    canary=st.booleans(),
    operations=st.lists(
        st.builds(
            op,
            st.sampled_from(["add", "remove", "replace", "copy", "move", "test"]),
            st.sampled_from(PATHS),
            st.sampled_from(VALUES),
            st.sampled_from([None, f"{CANARY}/deploymentId", f"{OVERRIDES}", "/x"]),
        ),
        min_size=1,
        max_size=4,
    ),
)
def test_any_patch_rests_on_declared_rules(canary: bool, operations: list[dict[str, Any]]) -> None:
    notes: list[str] = []
    try:
        apply_patch(with_canary() if canary else bare(), operations, DEPLOYMENTS, notes)
    except ApiError as error:
        assert error.rule in RULES, (operations, error)
    else:
        assert set(notes) <= set(RULES), (operations, notes)


def test_add_on_access_log_fields_is_recorded_not_the_add_as_replace_policy() -> None:
    assert notes_of(bare(), op("add", "/accessLogSettings/format", "$context")) == []
    assert notes_of(bare(), op("add", "/description", "d")) == ["stage-patch-add-as-replace"]
