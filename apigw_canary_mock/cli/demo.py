"""A canary rollout driven through a real boto3 client against the in-memory mock.

This is what ``python -m apigw_canary_mock demo`` runs: the same calls a deploy script makes
against AWS (create a canary deployment, ramp its traffic, promote it, remove it), printing the
stage as GetStage answers it after every step.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TextIO

import boto3

from apigw_canary_mock import mock_apigateway
from apigw_canary_mock.inspection.stage_view import StageView

STAGE = "prod"


def _describe(answer: Mapping[str, Any]) -> str:
    stage = StageView.of_answer(answer)
    line = f"deploymentId={stage.deployment_id}"
    if stage.variables:
        line += f" variables={dict(stage.variables)}"
    canary = stage.canary
    if canary is None:
        return line + " canary=none"
    line += (
        f" canary(deploymentId={canary.deployment_id}"
        f" percentTraffic={canary.percent_traffic}"
        f" useStageCache={canary.use_stage_cache}"
    )
    if canary.overrides:
        line += f" overrides={dict(canary.overrides)}"
    return line + ")"


def run_demo(region: str, out: TextIO) -> int:
    with mock_apigateway():
        client = boto3.client("apigateway", region_name=region)
        api = client.create_rest_api(name="orders-api")
        root = api["rootResourceId"]
        client.put_method(
            restApiId=api["id"], resourceId=root, httpMethod="GET", authorizationType="NONE"
        )
        client.put_integration(restApiId=api["id"], resourceId=root, httpMethod="GET", type="MOCK")

        def show(step: str) -> None:
            stage = client.get_stage(restApiId=api["id"], stageName=STAGE)
            out.write(f"{step:<34} {_describe(stage)}\n")

        out.write(f"REST API {api['id']} ({api['name']}) in {region}, stage {STAGE!r}\n\n")

        v1 = client.create_deployment(
            restApiId=api["id"], stageName=STAGE, description="v1", variables={"backend": "blue"}
        )
        show(f"1. deploy v1 ({v1['id']})")

        v2 = client.create_deployment(
            restApiId=api["id"],
            stageName=STAGE,
            description="v2",
            canarySettings={"percentTraffic": 10.0, "stageVariableOverrides": {"backend": "green"}},
        )
        show(f"2. canary v2 ({v2['id']}) at 10%")

        for step, percent in ((3, "50"), (4, "100")):
            client.update_stage(
                restApiId=api["id"],
                stageName=STAGE,
                patchOperations=[
                    {"op": "replace", "path": "/canarySettings/percentTraffic", "value": percent}
                ],
            )
            show(f"{step}. ramp canary to {percent}%")

        client.update_stage(
            restApiId=api["id"],
            stageName=STAGE,
            patchOperations=[
                {"op": "copy", "from": "/canarySettings/deploymentId", "path": "/deploymentId"},
                {
                    "op": "copy",
                    "from": "/canarySettings/stageVariableOverrides",
                    "path": "/variables",
                },
                {"op": "replace", "path": "/canarySettings/percentTraffic", "value": "0.0"},
            ],
        )
        show("5. promote canary")

        client.update_stage(
            restApiId=api["id"],
            stageName=STAGE,
            patchOperations=[{"op": "remove", "path": "/canarySettings"}],
        )
        show("6. remove canary")

        # What a deploy script must handle: AWS refuses a canary on a stage that doesn't exist.
        try:
            client.create_deployment(
                restApiId=api["id"], stageName="staging", canarySettings={"percentTraffic": 5.0}
            )
        except client.exceptions.BadRequestException as error:
            out.write(f"\n7. canary on a missing stage -> {error.response['Error']['Code']}: ")
            out.write(f"{error.response['Error']['Message']}\n")
    out.write("\nDone: no AWS account, no network.\n")
    return 0
