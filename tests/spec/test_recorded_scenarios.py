"""Scenarios replayed from public recordings of real Amazon API Gateway.

LocalStack keeps snapshot tests whose expected answers were recorded against real AWS
(``tests/aws/services/apigateway/test_apigateway_canary.snapshot.json``,
``test_apigateway_common.snapshot.json`` and ``test_apigateway_api.snapshot.json``). Each test
here drives the mock through the same sequence of calls and checks what AWS answered:
status codes, exact error texts, the exact key set of every stage, canary and method
setting, value types (``50.0`` is a float, ``300`` an int, ``false`` a bool) and list order.

The recordings replace ids and dates with placeholders, so ids are compared by identity
("the canary's deploymentId is the second deployment") and dates by type only. Only the
API-management calls are replayed: the setup steps the mock does not emulate
(method/integration responses) are left out, since the recordings assert nothing about them.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
from botocore.exceptions import ClientError

# The recorded texts, shared with the rest of the acceptance suite.
from .helpers import ACTIVE_STAGES, PROMOTION_WITHOUT_CANARY, cannot_remove, invalid_copy
from .helpers import CANARY_STAGE_NAME_EMPTY as EMPTY_STAGE_NAME
from .helpers import CANARY_STAGE_NAME_NULL as NO_STAGE_NAME
from .helpers import DEPLOYMENT_ID_MISSING as DEPLOYMENT_ID_DOES_NOT_EXIST
from .helpers import canary_stage_missing as stage_must_exist
from .helpers import invalid_setting_path as invalid_path

# --- structural comparison -------------------------------------------------------------------


class _AnyDatetime:
    """Stands for the recordings' "datetime" placeholder."""

    def __repr__(self) -> str:
        return "<datetime>"


DATETIME = _AnyDatetime()


def assert_recorded(actual: Any, expected: Any, where: str = "$") -> None:
    """``actual`` equals ``expected`` with the same key sets, list order and value types."""
    if expected is DATETIME:
        assert isinstance(actual, datetime), f"{where}: {actual!r} is not a datetime"
        return
    assert type(actual) is type(expected), (
        f"{where}: {actual!r} ({type(actual).__name__}) is not {expected!r} "
        f"({type(expected).__name__})"
    )
    if isinstance(expected, dict):
        assert set(actual) == set(expected), (
            f"{where}: keys {sorted(actual)} are not the recorded {sorted(expected)}"
        )
        for key, value in expected.items():
            assert_recorded(actual[key], value, f"{where}.{key}")
    elif isinstance(expected, list):
        assert len(actual) == len(expected), f"{where}: {len(actual)} items, not {len(expected)}"
        for index, (got, want) in enumerate(zip(actual, expected, strict=True)):
            assert_recorded(got, want, f"{where}[{index}]")
    else:
        assert actual == expected, f"{where}: {actual!r} != {expected!r}"


def answer(response: dict[str, Any], status: int, expected: dict[str, Any]) -> None:
    """A success answer: its status code and its body exactly as recorded."""
    assert response["ResponseMetadata"]["HTTPStatusCode"] == status
    body = {key: value for key, value in response.items() if key != "ResponseMetadata"}
    assert_recorded(body, expected)


def recorded_error(call: Callable[[], object], code: str, message: str, status: int) -> None:
    """The call fails exactly as recorded: Error {Code, Message}, the top-level message."""
    with pytest.raises(ClientError) as caught:
        call()
    response = caught.value.response
    assert response["ResponseMetadata"]["HTTPStatusCode"] == status
    body = {key: value for key, value in response.items() if key != "ResponseMetadata"}
    assert_recorded(body, {"Error": {"Code": code, "Message": message}, "message": message})


def bad_request(call: Callable[[], object], message: str) -> None:
    recorded_error(call, "BadRequestException", message, 400)


def stage(name: str, deployment_id: str, **members: Any) -> dict[str, Any]:
    """A stage as recorded: the always-present members, then the ones given."""
    return {
        "cacheClusterEnabled": False,
        "cacheClusterStatus": "NOT_AVAILABLE",
        "createdDate": DATETIME,
        "deploymentId": deployment_id,
        "lastUpdatedDate": DATETIME,
        "methodSettings": {},
        "stageName": name,
        "tracingEnabled": False,
        **members,
    }


def canary(
    deployment_id: str, percent: float, overrides: dict[str, str] | None = None
) -> dict[str, Any]:
    recorded: dict[str, Any] = {
        "deploymentId": deployment_id,
        "percentTraffic": percent,
        "useStageCache": False,
    }
    if overrides is not None:
        recorded["stageVariableOverrides"] = overrides
    return recorded


def method_setting(**changes: Any) -> dict[str, Any]:
    """A methodSettings entry as recorded: the defaults AWS fills in, then ``changes``."""
    return {
        "cacheDataEncrypted": False,
        "cacheTtlInSeconds": 300,
        "cachingEnabled": False,
        "dataTraceEnabled": False,
        "metricsEnabled": False,
        "requireAuthorizationForCacheControl": True,
        "throttlingBurstLimit": 5000,
        "throttlingRateLimit": 10000.0,
        "unauthorizedCacheControlHeaderStrategy": "SUCCEED_WITH_RESPONSE_HEADER",
        **changes,
    }


def deployment(deployment_id: str) -> dict[str, Any]:
    return {"createdDate": DATETIME, "id": deployment_id}


# --- setup -----------------------------------------------------------------------------------


@pytest.fixture
def api(client: Any) -> str:
    """Like the recordings' fixture: GET on the root with a MOCK integration."""
    created = client.create_rest_api(name="recorded-scenarios")
    rest_api_id, root_id = created["id"], created["rootResourceId"]
    client.put_method(
        restApiId=rest_api_id, resourceId=root_id, httpMethod="GET", authorizationType="NONE"
    )
    client.put_integration(restApiId=rest_api_id, resourceId=root_id, httpMethod="GET", type="MOCK")
    return str(rest_api_id)


def new_deployment(client: Any, api: str, **kwargs: Any) -> str:
    response = client.create_deployment(restApiId=api, **kwargs)
    answer(response, 201, deployment(response["id"]))
    return str(response["id"])


def replace(path: str, value: str) -> dict[str, str]:
    return {"op": "replace", "path": path, "value": value}


def remove(path: str) -> dict[str, str]:
    return {"op": "remove", "path": path}


def copy(from_: str, path: str) -> dict[str, str]:
    return {"op": "copy", "from": from_, "path": path}


# --- test_apigateway_canary.py (recorded 30-05-2025) -----------------------------------------


class TestStageCrudCanary:
    def test_create_update_stages(self, client: Any, api: str) -> None:
        first = new_deployment(client, api)
        second = new_deployment(client, api)
        created = client.create_stage(
            restApiId=api,
            stageName="dev",
            deploymentId=first,
            description="dev stage",
            variables={"testVar": "default"},
            canarySettings={
                "deploymentId": second,
                "percentTraffic": 50,
                "stageVariableOverrides": {"testVar": "canary"},
            },
        )
        with_canary = stage(
            "dev",
            first,
            canarySettings=canary(second, 50.0, {"testVar": "canary"}),
            description="dev stage",
            variables={"testVar": "default"},
        )
        answer(created, 201, with_canary)
        answer(client.get_stage(restApiId=api, stageName="dev"), 200, with_canary)

        updated = client.update_stage(
            restApiId=api,
            stageName="dev",
            patchOperations=[
                replace("/canarySettings/stageVariableOverrides/testVar", "updated"),
            ],
        )
        with_canary["canarySettings"] = canary(second, 50.0, {"testVar": "updated"})
        answer(updated, 200, with_canary)

        removed = client.update_stage(
            restApiId=api, stageName="dev", patchOperations=[remove("/canarySettings")]
        )
        without_canary = stage(
            "dev", first, description="dev stage", variables={"testVar": "default"}
        )
        answer(removed, 200, without_canary)
        answer(client.get_stage(restApiId=api, stageName="dev"), 200, without_canary)

    def test_create_canary_deployment_with_stage(self, client: Any, api: str) -> None:
        first = new_deployment(client, api)
        created = client.create_stage(
            restApiId=api,
            stageName="dev",
            deploymentId=first,
            description="dev stage",
            variables={"testVar": "default"},
        )
        answer(
            created,
            201,
            stage("dev", first, description="dev stage", variables={"testVar": "default"}),
        )
        second = new_deployment(
            client,
            api,
            stageName="dev",
            canarySettings={"percentTraffic": 50, "stageVariableOverrides": {"testVar": "canary"}},
        )
        answer(
            client.get_stage(restApiId=api, stageName="dev"),
            200,
            stage(
                "dev",
                first,
                canarySettings=canary(second, 50.0, {"testVar": "canary"}),
                description="dev stage",
                variables={"testVar": "default"},
            ),
        )

    def test_create_canary_deployment(self, client: Any, api: str) -> None:
        first = new_deployment(client, api)
        created = client.create_stage(
            restApiId=api,
            stageName="dev1",
            deploymentId=first,
            description="dev stage",
            variables={"testVar": "default"},
            canarySettings={
                "deploymentId": first,
                "percentTraffic": 40,
                "stageVariableOverrides": {"testVar": "canary1"},
            },
        )
        answer(
            created,
            201,
            stage(
                "dev1",
                first,
                canarySettings=canary(first, 40.0, {"testVar": "canary1"}),
                description="dev stage",
                variables={"testVar": "default"},
            ),
        )

        second = new_deployment(
            client,
            api,
            stageName="dev1",
            canarySettings={"percentTraffic": 50, "stageVariableOverrides": {"testVar": "canary2"}},
        )
        answer(
            client.get_stage(restApiId=api, stageName="dev1"),
            200,
            stage(
                "dev1",
                first,
                canarySettings=canary(second, 50.0, {"testVar": "canary2"}),
                description="dev stage",
                variables={"testVar": "default"},
            ),
        )

        # Another stage may take the first stage's canary deployment as its own canary.
        created = client.create_stage(
            restApiId=api,
            stageName="dev2",
            deploymentId=first,
            description="dev stage",
            variables={"testVar": "default"},
            canarySettings={
                "deploymentId": second,
                "percentTraffic": 60,
                "stageVariableOverrides": {"testVar": "canary-overridden"},
            },
        )
        answer(
            created,
            201,
            stage(
                "dev2",
                first,
                canarySettings=canary(second, 60.0, {"testVar": "canary-overridden"}),
                description="dev stage",
                variables={"testVar": "default"},
            ),
        )

        bad_request(
            lambda: client.create_stage(
                restApiId=api,
                stageName="dev3",
                deploymentId=first,
                description="dev stage",
                canarySettings={"deploymentId": "deploy"},
            ),
            DEPLOYMENT_ID_DOES_NOT_EXIST,
        )

    def test_create_canary_deployment_by_stage_update(self, client: Any, api: str) -> None:
        first = new_deployment(client, api)
        second = new_deployment(client, api)
        created = client.create_stage(
            restApiId=api,
            stageName="dev",
            deploymentId=first,
            description="dev stage",
            variables={"testVar": "default"},
        )
        plain = stage("dev", first, description="dev stage", variables={"testVar": "default"})
        answer(created, 201, plain)

        def update(*operations: dict[str, str]) -> Any:
            return client.update_stage(
                restApiId=api, stageName="dev", patchOperations=list(operations)
            )

        # A canary path on a stage without a canary creates one (no overrides key).
        answer(
            update(replace("/canarySettings/deploymentId", second)),
            200,
            {**plain, "canarySettings": canary(second, 0.0)},
        )
        answer(update(remove("/canarySettings")), 200, plain)
        # ... and a new canary starts on the stage's own deployment.
        with_percent = {**plain, "canarySettings": canary(first, 50.0)}
        answer(update(replace("/canarySettings/percentTraffic", "50")), 200, with_percent)
        answer(client.get_stage(restApiId=api, stageName="dev"), 200, with_percent)

    def test_create_canary_deployment_validation(self, client: Any, api: str) -> None:
        canary_settings = {"percentTraffic": 50, "stageVariableOverrides": {"testVar": "canary"}}
        bad_request(
            lambda: client.create_deployment(restApiId=api, canarySettings=canary_settings),
            NO_STAGE_NAME,
        )
        bad_request(
            lambda: client.create_deployment(
                restApiId=api, stageName="", canarySettings=canary_settings
            ),
            EMPTY_STAGE_NAME,
        )
        bad_request(
            lambda: client.create_deployment(
                restApiId=api, stageName="non-existing", canarySettings=canary_settings
            ),
            stage_must_exist("non-existing"),
        )
        assert client.get_deployments(restApiId=api)["items"] == []

    def test_update_stage_canary_deployment_validation(self, client: Any, api: str) -> None:
        first = new_deployment(client, api, stageName="dev")
        # A stage made by CreateDeployment: no description, no variables.
        answer(client.get_stage(restApiId=api, stageName="dev"), 200, stage("dev", first))
        new_deployment(
            client,
            api,
            stageName="dev",
            canarySettings={"percentTraffic": 50, "stageVariableOverrides": {"testVar": "canary"}},
        )

        def update(name: str, operation: dict[str, str]) -> Callable[[], object]:
            return lambda: client.update_stage(
                restApiId=api, stageName=name, patchOperations=[operation]
            )

        bad_request(
            update("dev", remove("/canarySettings/stageVariableOverrides")),
            cannot_remove("canarySettings/stageVariableOverrides"),
        )
        bad_request(
            update("dev", remove("/canarySettings/badPath")),
            cannot_remove("canarySettings/badPath"),
        )
        bad_request(
            update("dev", replace("/canarySettings", "test")), invalid_path("/canarySettings")
        )
        bad_request(
            update("dev", replace("/canarySettings/badPath", "badPath")),
            invalid_path("/canarySettings/badPath"),
        )

        other = new_deployment(client, api, stageName="dev2")
        bad_request(
            update("dev2", {"op": "add", "path": "/canarySettings/deploymentId", "value": other}),
            "Invalid add operation with path: /canarySettings/deploymentId",
        )
        bad_request(
            update("dev2", replace("/canarySettings/deploymentId", "deploy")),
            DEPLOYMENT_ID_DOES_NOT_EXIST,
        )
        answer(client.get_stage(restApiId=api, stageName="dev2"), 200, stage("dev2", other))

    def test_update_stage_with_copy_ops(self, client: Any, api: str) -> None:
        first = new_deployment(
            client, api, stageName="dev", variables={"testVar": "test", "testVar2": "test2"}
        )
        variables = {"testVar": "test", "testVar2": "test2"}

        def update(*operations: dict[str, str]) -> Any:
            return client.update_stage(
                restApiId=api, stageName="dev", patchOperations=list(operations)
            )

        # The first bad op is the one reported, whatever follows it.
        bad_request(
            lambda: update(
                copy("/variables", "/canarySettings/stageVariableOverrides"),
                copy("/deploymentId", "/canarySettings/deploymentId"),
            ),
            invalid_copy("/canarySettings/stageVariableOverrides", "/variables"),
        )
        bad_request(
            lambda: update(
                copy("/canarySettings/stageVariableOverrides", "/variables"),
                copy("/canarySettings/deploymentId", "/deploymentId"),
            ),
            PROMOTION_WITHOUT_CANARY,
        )

        # The percentTraffic op creates a canary on the stage's deployment; the copies then
        # promote it onto itself: nothing moves and the canary stays.
        answer(
            update(
                replace("/canarySettings/percentTraffic", "0.0"),
                copy("/canarySettings/deploymentId", "/deploymentId"),
                copy("/canarySettings/stageVariableOverrides", "/variables"),
            ),
            200,
            stage("dev", first, canarySettings=canary(first, 0.0), variables=variables),
        )

        second = new_deployment(
            client,
            api,
            stageName="dev",
            canarySettings={
                "percentTraffic": 50,
                "stageVariableOverrides": {"testVar": "override"},
            },
        )
        answer(
            client.get_stage(restApiId=api, stageName="dev"),
            200,
            stage(
                "dev",
                first,
                canarySettings=canary(second, 50.0, {"testVar": "override"}),
                variables=variables,
            ),
        )

        # Promotion: the stage moves to the canary's deployment, the overrides merge over the
        # variables, and the canary stays with percentTraffic as the request set it.
        answer(
            update(
                replace("/canarySettings/percentTraffic", "0.0"),
                copy("/canarySettings/deploymentId", "/deploymentId"),
                copy("/canarySettings/stageVariableOverrides", "/variables"),
            ),
            200,
            stage(
                "dev",
                second,
                canarySettings=canary(second, 0.0, {"testVar": "override"}),
                variables={"testVar": "override", "testVar2": "test2"},
            ),
        )


class TestCanaryDeployments:
    def test_invoking_canary_deployment_api_calls(self, client: Any, api: str) -> None:
        """The management calls of the recorded invocation scenario (no traffic is sent)."""
        first = new_deployment(
            client, api, stageName="dev", variables={"testVar": "default", "defaultVar": "default"}
        )
        second = new_deployment(
            client,
            api,
            stageName="dev",
            canarySettings={
                "percentTraffic": 0,
                "stageVariableOverrides": {"testVar": "canary", "noStageVar": "canary"},
            },
        )
        updated = client.update_stage(
            restApiId=api,
            stageName="dev",
            patchOperations=[replace("/canarySettings/percentTraffic", "100.0")],
        )
        answer(
            updated,
            200,
            stage(
                "dev",
                first,
                canarySettings=canary(second, 100.0, {"noStageVar": "canary", "testVar": "canary"}),
                variables={"defaultVar": "default", "testVar": "default"},
            ),
        )


# --- test_apigateway_common.py (recorded 05-03-2024, 07/11-09-2023) --------------------------


def create_documentation(client: Any, api: str) -> None:
    """As the recorded test does before it creates a stage with documentationVersion v123."""
    client.create_documentation_part(
        restApiId=api, location={"type": "API"}, properties=json.dumps({"foo": "bar"})
    )
    client.create_documentation_version(restApiId=api, documentationVersion="v123")


class TestStages:
    def test_create_update_stages(self, client: Any, api: str) -> None:
        first = new_deployment(client, api)
        create_documentation(client, api)
        created = client.create_stage(
            restApiId=api,
            stageName="s1",
            deploymentId=first,
            description="my stage",
            documentationVersion="v123",
        )
        answer(
            created,
            201,
            stage("s1", first, description="my stage", documentationVersion="v123"),
        )

        def update(*operations: dict[str, str]) -> Any:
            return client.update_stage(
                restApiId=api, stageName="s1", patchOperations=list(operations)
            )

        bad_request(
            lambda: update(replace("/documentation_version", "123")),
            invalid_path("/documentation_version"),
        )
        bad_request(lambda: update(replace("/tags/tag1", "value1")), invalid_path("/tags/tag1"))

        updated = update(
            replace("/description", "stage new"),
            replace("/variables/var1", "test"),
            replace("/variables/var2", "test2"),
            replace("/*/*/throttling/burstLimit", "123"),
            replace("/*/*/caching/enabled", "true"),
            replace("/tracingEnabled", "true"),
            replace("/test/GET/throttling/burstLimit", "124"),
        )
        expected = stage(
            "s1",
            first,
            description="stage new",
            documentationVersion="v123",
            methodSettings={
                "*/*": method_setting(cachingEnabled=True, throttlingBurstLimit=123),
                # A new entry starts from the current "*/*" values (cachingEnabled too).
                "test/GET": method_setting(cachingEnabled=True, throttlingBurstLimit=124),
            },
            tracingEnabled=True,
            variables={"var1": "test", "var2": "test2"},
        )
        answer(updated, 200, expected)
        answer(client.get_stage(restApiId=api, stageName="s1"), 200, expected)

        # A later change to "*/*" changes "*/*" only.
        expected["methodSettings"]["*/*"]["throttlingBurstLimit"] = 100
        answer(update(replace("/*/*/throttling/burstLimit", "100")), 200, expected)

    def test_update_stage_remove_wildcard(self, client: Any, api: str) -> None:
        first = new_deployment(client, api)
        create_documentation(client, api)
        plain = stage("s1", first, description="my stage", documentationVersion="v123")
        created = client.create_stage(
            restApiId=api,
            stageName="s1",
            deploymentId=first,
            description="my stage",
            documentationVersion="v123",
        )
        answer(created, 201, plain)
        answer(client.get_stage(restApiId=api, stageName="s1"), 200, plain)

        def update(*operations: dict[str, str]) -> Any:
            return client.update_stage(
                restApiId=api, stageName="s1", patchOperations=list(operations)
            )

        bad_request(lambda: update(remove("/*/*")), cannot_remove("*/*"))
        answer(
            update(replace("/*/*/caching/enabled", "true")),
            200,
            {**plain, "methodSettings": {"*/*": method_setting(cachingEnabled=True)}},
        )
        answer(update(remove("/*/*")), 200, plain)
        answer(client.get_stage(restApiId=api, stageName="s1"), 200, plain)


class TestDeployments:
    @pytest.mark.parametrize("create_stage_manually", [True, False])
    def test_create_delete_deployments(
        self, client: Any, api: str, create_stage_manually: bool
    ) -> None:
        kwargs = {} if create_stage_manually else {"stageName": "s1"}

        def deploy() -> str:
            deployment_id = new_deployment(client, api, **kwargs)
            if create_stage_manually:
                client.create_stage(restApiId=api, stageName="s1", deploymentId=deployment_id)
            return deployment_id

        current = deploy()
        answer(client.get_deployment(restApiId=api, deploymentId=current), 200, deployment(current))
        answer(client.get_stages(restApiId=api), 200, {"item": [stage("s1", current)]})

        for _ in range(3):
            bad_request(
                functools.partial(client.delete_deployment, restApiId=api, deploymentId=current),
                ACTIVE_STAGES,
            )
            deleted = client.delete_stage(restApiId=api, stageName="s1")
            answer(deleted, 202, {})
            deleted = client.delete_deployment(restApiId=api, deploymentId=current)
            answer(deleted, 202, {})

            current = deploy()
            answer(client.get_deployments(restApiId=api), 200, {"items": [deployment(current)]})
            answer(client.get_stages(restApiId=api), 200, {"item": [stage("s1", current)]})

    def test_create_update_deployments(self, client: Any, api: str) -> None:
        first = new_deployment(client, api)
        client.create_stage(restApiId=api, stageName="s1", deploymentId=first)
        answer(client.get_deployment(restApiId=api, deploymentId=first), 200, deployment(first))
        answer(client.get_stages(restApiId=api), 200, {"item": [stage("s1", first)]})
        bad_request(
            lambda: client.delete_deployment(restApiId=api, deploymentId=first), ACTIVE_STAGES
        )

        # Deploying to the existing stage re-points it to the new deployment.
        second = new_deployment(client, api, stageName="s1")
        answer(client.get_deployment(restApiId=api, deploymentId=first), 200, deployment(first))
        answer(client.get_deployment(restApiId=api, deploymentId=second), 200, deployment(second))
        answer(client.get_stages(restApiId=api), 200, {"item": [stage("s1", second)]})

        answer(client.delete_deployment(restApiId=api, deploymentId=first), 202, {})
        bad_request(
            lambda: client.delete_deployment(restApiId=api, deploymentId=second), ACTIVE_STAGES
        )


# --- test_apigateway_api.py (recorded 11-02-2026) --------------------------------------------


class TestApiGatewayStage:
    def test_get_stages_filters_by_deployment_id(self, client: Any, api: str) -> None:
        first = new_deployment(client, api)
        second = new_deployment(client, api)
        client.create_stage(restApiId=api, stageName="stage1", deploymentId=first)
        client.create_stage(restApiId=api, stageName="stage2", deploymentId=second)

        answer(
            client.get_stages(restApiId=api),
            200,
            {"item": [stage("stage1", first), stage("stage2", second)]},
        )
        answer(
            client.get_stages(restApiId=api, deploymentId=first),
            200,
            {"item": [stage("stage1", first)]},
        )
        answer(
            client.get_stages(restApiId=api, deploymentId=second),
            200,
            {"item": [stage("stage2", second)]},
        )


class TestApiGatewayApiRestApi:
    """The REST API answers every scenario above starts from (recorded 02/03/04-07-2025)."""

    @pytest.mark.parametrize(
        ("endpoint", "recorded"),
        [
            (None, {"ipAddressType": "ipv4", "types": ["EDGE"]}),
            ({"types": ["REGIONAL"]}, {"ipAddressType": "ipv4", "types": ["REGIONAL"]}),
            ({"types": ["PRIVATE"]}, {"ipAddressType": "dualstack", "types": ["PRIVATE"]}),
            ({"ipAddressType": "dualstack"}, {"ipAddressType": "dualstack", "types": ["EDGE"]}),
        ],
    )
    def test_create_rest_api_endpoint_defaults(
        self, client: Any, endpoint: dict[str, Any] | None, recorded: dict[str, Any]
    ) -> None:
        kwargs = {} if endpoint is None else {"endpointConfiguration": endpoint}
        created = client.create_rest_api(name="defaults", **kwargs)
        answer(
            created,
            201,
            {
                "apiKeySource": "HEADER",
                "createdDate": DATETIME,
                "disableExecuteApiEndpoint": False,
                "endpointConfiguration": recorded,
                "id": created["id"],
                "name": "defaults",
                "rootResourceId": created["rootResourceId"],
            },
        )

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({"description": ""}, "Description cannot be an empty string"),
            (
                {"endpointConfiguration": {"types": []}},
                "REGIONAL Configuration and EDGE Configuration cannot be both DISABLED.",
            ),
            (
                {"endpointConfiguration": {"types": ["EDGE", "REGIONAL"]}},
                "Cannot create an api with multiple Endpoint Types.",
            ),
            (
                {"endpointConfiguration": {"types": ["PRIVATE"], "ipAddressType": "ipv4"}},
                "Only dualstack ipAddressType is supported for Private APIs.",
            ),
        ],
    )
    def test_create_rest_api_rejects(
        self, client: Any, kwargs: dict[str, Any], message: str
    ) -> None:
        bad_request(lambda: client.create_rest_api(name="rejected", **kwargs), message)
        assert client.get_rest_apis()["items"] == []
