"""deployment-surface §4: deployments keep the definition as it was (core level)."""

from __future__ import annotations

from typing import Any

from apigw_canary_mock.core.store import StateStore
from apigw_canary_mock.operations import OPERATIONS


def call(backend: Any, operation: str, **params: Any) -> dict[str, Any]:
    return OPERATIONS[operation](backend, params).body


def setup() -> tuple[Any, str, dict[str, str]]:
    backend = StateStore(seed=3).backend("123456789012", "us-east-1")
    created = call(backend, "CreateRestApi", name="snap")
    method = {"restApiId": created["id"], "resourceId": created["rootResourceId"]}
    method["httpMethod"] = "GET"
    call(backend, "PutMethod", **method, authorizationType="NONE")
    call(backend, "PutIntegration", **method, type="MOCK")
    call(
        backend,
        "PutIntegrationResponse",
        **method,
        statusCode="200",
        responseTemplates={"application/json": '{"v": 1}'},
    )
    return backend, created["id"], method


def template(backend: Any, api_id: str, deployment_id: str, resource_id: str) -> Any:
    snapshot = backend.rest_apis[api_id].deployments[deployment_id].snapshot
    integration = snapshot.resources[resource_id].methods["GET"].integration
    return integration.responses["200"].response_templates["application/json"]


def test_old_deployment_keeps_the_old_template() -> None:
    """R: after UpdateIntegrationResponse the old deployment answers with the old template."""
    backend, api_id, method = setup()
    first = call(backend, "CreateDeployment", restApiId=api_id, stageName="prod")["id"]
    call(
        backend,
        "UpdateIntegrationResponse",
        **method,
        statusCode="200",
        patchOperations=[
            {"op": "replace", "path": "/responseTemplates/application~1json", "value": '{"v": 2}'}
        ],
    )
    canary = call(
        backend,
        "CreateDeployment",
        restApiId=api_id,
        stageName="prod",
        canarySettings={"percentTraffic": 50.0},
    )["id"]
    root = method["resourceId"]
    assert template(backend, api_id, first, root) == '{"v": 1}'
    assert template(backend, api_id, canary, root) == '{"v": 2}'


def test_deployments_of_an_unchanged_definition_share_one_snapshot() -> None:
    backend, api_id, method = setup()
    api = backend.rest_apis[api_id]
    first = call(backend, "CreateDeployment", restApiId=api_id)["id"]
    second = call(backend, "CreateDeployment", restApiId=api_id)["id"]
    assert api.deployments[first].snapshot is api.deployments[second].snapshot
    # Stage writes and an empty update do not invalidate it; a change does.
    call(backend, "CreateDeployment", restApiId=api_id, stageName="s")
    call(backend, "UpdateMethod", **method, patchOperations=[])
    third = call(backend, "CreateDeployment", restApiId=api_id)["id"]
    assert api.deployments[third].snapshot is api.deployments[first].snapshot
    call(backend, "PutMethodResponse", **method, statusCode="200")
    fourth = call(backend, "CreateDeployment", restApiId=api_id)["id"]
    assert api.deployments[fourth].snapshot is not api.deployments[first].snapshot
    live = api.resources[method["resourceId"]].methods["GET"]
    frozen = api.deployments[fourth].snapshot.resources[method["resourceId"]].methods["GET"]
    assert frozen == live and frozen is not live
    assert (
        "200"
        not in api.deployments[first]
        .snapshot.resources[method["resourceId"]]
        .methods["GET"]
        .responses
    )


def test_a_deployment_keeps_the_gateway_responses_as_they_were() -> None:
    """A deployment freezes the whole definition, customised gateway responses included (AWS
    applies a change of them with the next deployment)."""
    backend, api_id, _ = setup()
    api = backend.rest_apis[api_id]
    where = {"restApiId": api_id, "responseType": "DEFAULT_4XX"}
    call(backend, "PutGatewayResponse", **where, statusCode="488")
    first = call(backend, "CreateDeployment", restApiId=api_id)["id"]
    patch = [{"op": "replace", "path": "/statusCode", "value": "499"}]
    call(backend, "UpdateGatewayResponse", **where, patchOperations=patch)
    second = call(backend, "CreateDeployment", restApiId=api_id)["id"]
    call(backend, "DeleteGatewayResponse", **where)
    third = call(backend, "CreateDeployment", restApiId=api_id)["id"]
    codes = [
        {kind: r.status_code for kind, r in api.deployments[d].snapshot.gateway_responses.items()}
        for d in (first, second, third)
    ]
    assert codes == [{"DEFAULT_4XX": "488"}, {"DEFAULT_4XX": "499"}, {}]
