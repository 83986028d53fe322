"""The evidence behind each answer, as a test sees it: every recorded call carries the ids and
tags of the rules its answer rests on (R recorded, Q quoted, D documented, P our policy), and
``calls.on_policy()`` keeps the calls whose answers are our guess rather than AWS's word.

The answers themselves stay what AWS (or the policy) says, byte for byte: the evidence is only
in the call log.
"""

from __future__ import annotations

from typing import Any

import pytest

from apigw_canary_mock import ApiGatewayMock, MockUsageError

from .helpers import (
    STAGE,
    canary_stage_missing,
    cannot_remove,
    create_canary_stage,
    create_stage,
    deploy,
    patch,
    raises_api_error,
    update,
)


def only_call(apigw: ApiGatewayMock, operation: str) -> Any:
    calls = apigw.calls.filter(operation)
    assert len(calls) == 1, calls
    return calls[0]


# -- AWS's word: recorded, quoted, documented --------------------------------------------------


def test_a_recorded_error_carries_its_recorded_rule(
    apigateway_mock: ApiGatewayMock, client: Any, api: str
) -> None:
    with raises_api_error(client, "BadRequestException", 400, canary_stage_missing("nope")):
        client.create_deployment(restApiId=api, stageName="nope", canarySettings={})
    call = apigateway_mock.calls.last
    assert call.evidence == ("canary-deployment-stage-missing",)
    assert call.evidence_tags == ("R",)
    assert call.policies == ()
    assert not call.rests_on_policy
    assert "[policy" not in call.describe()
    assert list(apigateway_mock.calls.on_policy()) == []


def test_a_recorded_success_carries_its_rule(
    apigateway_mock: ApiGatewayMock, client: Any, api: str
) -> None:
    create_stage(client, api)
    # R: a canary path on a stage without canary creates it.
    update(client, api, patch("replace", "/canarySettings/percentTraffic", "10"))
    call = apigateway_mock.calls.last
    assert (call.evidence, call.evidence_tags) == (("canary-created-by-patch",), ("R",))
    assert not apigateway_mock.calls.on_policy()


def test_a_quoted_error_carries_q(apigateway_mock: ApiGatewayMock, client: Any, api: str) -> None:
    with raises_api_error(client, "NotFoundException", 404):
        client.get_stage(restApiId=api, stageName="nope")
    assert apigateway_mock.calls.last.evidence_tags == ("Q",)


def test_the_validation_layer_carries_its_recorded_rule(
    apigateway_mock: ApiGatewayMock, client: Any, api: str
) -> None:
    create_stage(client, api)
    with pytest.raises(client.exceptions.ClientError):
        client.update_stage(
            restApiId=api, stageName=STAGE, patchOperations=[{"op": "bogus", "path": "/x"}]
        )
    assert apigateway_mock.calls.last.evidence == ("validation-layer",)
    assert apigateway_mock.calls.last.evidence_tags == ("R",)
    # "move" is in the model's enum: it reaches the service, and our policy answers.
    with pytest.raises(client.exceptions.BadRequestException):
        client.update_stage(
            restApiId=api, stageName=STAGE, patchOperations=[{"op": "move", "path": "/x"}]
        )
    assert apigateway_mock.calls.last.policies == ("stage-patch-op-unsupported",)


def test_a_plain_get_stage_notes_nothing(
    apigateway_mock: ApiGatewayMock, client: Any, api: str
) -> None:
    create_stage(client, api)
    client.get_stage(restApiId=api, stageName=STAGE)
    assert apigateway_mock.calls.last.evidence == ()


# -- our policies ------------------------------------------------------------------------------


def test_a_policy_error_names_its_policy_and_keeps_aws_text(
    apigateway_mock: ApiGatewayMock, client: Any, api: str
) -> None:
    create_stage(client, api)
    text = cannot_remove("canarySettings")
    with raises_api_error(client, "BadRequestException", 400, text) as raised:
        client.update_stage(
            restApiId=api, stageName=STAGE, patchOperations=[patch("remove", "/canarySettings")]
        )
    assert raised.message == text  # the answer carries no evidence
    call = apigateway_mock.calls.last
    assert call.error_message == text
    assert call.evidence == ("remove-canary-without-canary",)
    assert call.evidence_tags == ("P",)
    assert call.policies == ("remove-canary-without-canary",)
    assert call.rests_on_policy
    assert call.describe().endswith(
        f"-> 400 BadRequestException: {text} [policy: remove-canary-without-canary]"
    )
    assert list(apigateway_mock.calls.on_policy()) == [call]
    assert list(apigateway_mock.calls.on_policy("remove-canary-without-canary")) == [call]
    assert not apigateway_mock.calls.on_policy("stage-patch-add-as-replace")


def test_the_same_text_on_a_recorded_path_is_aws_word(
    apigateway_mock: ApiGatewayMock, client: Any, api: str
) -> None:
    create_canary_stage(client, api)
    with raises_api_error(
        client, "BadRequestException", 400, cannot_remove("canarySettings/badPath")
    ):
        update(client, api, patch("remove", "/canarySettings/badPath"))
    assert apigateway_mock.calls.last.evidence == ("stage-patch-cannot-remove",)
    assert apigateway_mock.calls.last.evidence_tags == ("R",)


def test_successes_resting_on_defaults_note_them(
    apigateway_mock: ApiGatewayMock, client: Any, api: str
) -> None:
    deployment = deploy(client, api)
    answer = client.create_stage(
        restApiId=api, stageName=STAGE, deploymentId=deployment, canarySettings={}
    )
    # The answer is the stage as the policies make it...
    assert answer["canarySettings"] == {
        "deploymentId": deployment,
        "percentTraffic": 0.0,
        "useStageCache": False,
    }
    # ...and the call says which policies those were.
    call = only_call(apigateway_mock, "CreateStage")
    assert call.policies == ("canary-deployment-id-default", "canary-percent-traffic-default")
    assert call.describe().endswith(
        "-> 201 [policy: canary-deployment-id-default, canary-percent-traffic-default]"
    )


def test_update_stage_notes_each_policy_once_in_order(
    apigateway_mock: ApiGatewayMock, client: Any, api: str
) -> None:
    create_stage(client, api)
    update(
        client,
        api,
        patch("add", "/variables/a", "1"),
        patch("add", "/variables/b", "2"),
        patch("remove", "/variables/missing"),
        patch("replace", "/description", ""),
        patch("replace", "/cacheClusterEnabled", "TRUE"),
    )
    call = apigateway_mock.calls.last
    assert call.evidence == (
        "stage-patch-add-as-replace",
        "stage-patch-add-as-replace",
        "stage-patch-remove-missing-noop",
        "empty-value-unsets",
        "stage-patch-boolean-any-case",
        "cache-cluster-defaults",
    )
    assert call.policies == (
        "stage-patch-add-as-replace",
        "stage-patch-remove-missing-noop",
        "empty-value-unsets",
        "stage-patch-boolean-any-case",
        "cache-cluster-defaults",
    )
    assert set(call.evidence_tags) == {"P"}


def test_a_failing_update_keeps_only_the_rule_of_its_error(
    apigateway_mock: ApiGatewayMock, client: Any, api: str
) -> None:
    """The operations before the failing one are not applied, so their notes are not kept."""
    create_stage(client, api)
    with raises_api_error(client, "BadRequestException", 400, cannot_remove("canarySettings")):
        update(client, api, patch("add", "/variables/a", "1"), patch("remove", "/canarySettings"))
    assert apigateway_mock.calls.last.evidence == ("remove-canary-without-canary",)


def test_redeploy_notes_the_merge_of_variables(
    apigateway_mock: ApiGatewayMock, client: Any, api: str
) -> None:
    create_stage(client, api, variables={"keep": "1"})
    client.create_deployment(restApiId=api, stageName=STAGE, variables={"new": "2"})
    call = apigateway_mock.calls.filter("CreateDeployment", variables={"new": "2"})[0]
    assert call.evidence == ("redeploy-stage", "redeploy-merges-variables")
    assert call.evidence_tags == ("R", "P")
    assert call.policies == ("redeploy-merges-variables",)


def test_a_canary_redeploy_notes_the_override_map_replaced_whole(
    apigateway_mock: ApiGatewayMock, client: Any, api: str
) -> None:
    create_canary_stage(client, api, overrides={"old": "1"})
    client.create_deployment(
        restApiId=api,
        stageName=STAGE,
        canarySettings={"percentTraffic": 5.0, "stageVariableOverrides": {"new": "2"}},
    )
    call = apigateway_mock.calls.filter("CreateDeployment")[-1]
    assert call.evidence == ("canary-deployment", "canary-overrides-replaced-whole")
    assert call.policies == ("canary-overrides-replaced-whole",)


def test_get_stages_notes_a_stage_left_out_for_its_canary(
    apigateway_mock: ApiGatewayMock, client: Any, api: str
) -> None:
    _, canary_id = create_canary_stage(client, api)
    assert client.get_stages(restApiId=api, deploymentId=canary_id)["item"] == []
    assert apigateway_mock.calls.last.policies == ("get-stages-canary-not-matched",)
    client.get_stages(restApiId=api)
    assert apigateway_mock.calls.last.evidence == ()


# -- injected faults ---------------------------------------------------------------------------


def test_an_injected_fault_carries_injected_fault_and_is_not_a_policy_answer(
    apigateway_mock: ApiGatewayMock, client: Any, api: str
) -> None:
    create_stage(client, api)
    apigateway_mock.inject_fault("GetStage", "NotFoundException")
    with raises_api_error(client, "NotFoundException", 404):
        client.get_stage(restApiId=api, stageName=STAGE)
    call = apigateway_mock.calls.last
    assert call.injected
    assert call.evidence == ("injected-fault",)
    assert not call.rests_on_policy
    assert call.describe().endswith("(injected fault)")
    assert not apigateway_mock.calls.on_policy()


# -- assertion messages and filtered lists ------------------------------------------------------


def test_assertion_messages_show_the_policies(
    apigateway_mock: ApiGatewayMock, client: Any, api: str
) -> None:
    create_stage(client, api)
    update(client, api, patch("add", "/variables/a", "1"))
    with pytest.raises(AssertionError) as failed:
        apigateway_mock.assert_called_with("UpdateStage", stageName="other")
    assert str(failed.value).endswith("-> 200 [policy: stage-patch-add-as-replace]")


def test_on_policy_narrows_a_filtered_list(
    apigateway_mock: ApiGatewayMock, client: Any, api: str
) -> None:
    create_stage(client, api)
    update(client, api, patch("add", "/variables/a", "1"))
    with raises_api_error(client, "BadRequestException", 400):
        update(client, api, patch("remove", "/canarySettings"))
    on_policy = apigateway_mock.calls.filter("UpdateStage", succeeded=False).on_policy()
    assert [call.policies for call in on_policy] == [("remove-canary-without-canary",)]
    assert len(apigateway_mock.calls.on_policy()) == 2


@pytest.mark.parametrize(
    ("rule", "error"),
    [
        (
            "remove-canary-without-canry",
            "'remove-canary-without-canry' is not a rule of the mock (did you mean "
            "'remove-canary-without-canary'?)",
        ),
        (
            "stage-not-found",
            "'stage-not-found' is a quoted rule (Q), not a policy: answers resting on it are "
            "AWS's word",
        ),
        (5, "the rule must be a policy id such as 'stage-patch-add-as-replace'; got 5"),
    ],
)
def test_on_policy_refuses_what_is_no_policy(
    apigateway_mock: ApiGatewayMock, client: Any, rule: Any, error: str
) -> None:
    with pytest.raises(MockUsageError) as refused:
        apigateway_mock.calls.on_policy(rule)
    assert str(refused.value) == (
        f"calls.on_policy(): {error}; the policies are listed in docs/behaviour.md"
    )
