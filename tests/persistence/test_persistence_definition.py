"""The REST API definition lasts in a state file like the rest (``mock_apigateway(state=FILE)``),
deployment snapshots included."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import boto3

from apigw_canary_mock import mock_apigateway

REGION = "us-east-1"


def definition(client: Any, api_id: str) -> dict[str, Any]:
    """Everything the client can read of the API's definition."""
    api = {"restApiId": api_id}
    resources = client.get_resources(**api, embed=["methods"])["items"]
    deployments = client.get_deployments(**api)["items"]
    return {
        "resources": resources,
        "models": client.get_models(**api)["items"],
        "validators": client.get_request_validators(**api)["items"],
        "authorizers": client.get_authorizers(**api)["items"],
        "summaries": [
            client.get_deployment(**api, deploymentId=d["id"], embed=["apisummary"])["apiSummary"]
            for d in deployments
        ],
    }


def test_the_definition_and_its_snapshots_last(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    with mock_apigateway(state=path, seed=5) as mock:
        client = boto3.client("apigateway", region_name=REGION)
        api_id = mock.create_deployable_api("orders", path_part="pets")
        pets = next(
            item["id"]
            for item in client.get_resources(restApiId=api_id)["items"]
            if item["path"] == "/pets"
        )
        method = {"restApiId": api_id, "resourceId": pets, "httpMethod": "GET"}
        client.create_model(restApiId=api_id, name="Pet", contentType="a/b", schema="{}")
        validator = client.create_request_validator(restApiId=api_id, name="v")["id"]
        authorizer = client.create_authorizer(restApiId=api_id, name="a", type="TOKEN")["id"]
        client.create_deployment(restApiId=api_id, stageName="prod")
        client.update_method(
            **method,
            patchOperations=[
                {"op": "replace", "path": "/requestValidatorId", "value": validator},
                {"op": "replace", "path": "/authorizerId", "value": authorizer},
                {"op": "replace", "path": "/authorizationType", "value": "CUSTOM"},
                {"op": "add", "path": "/requestModels/a~1b", "value": "Pet"},
            ],
        )
        client.put_method_response(**method, statusCode="200")
        client.put_integration_response(**method, statusCode="200", responseTemplates={"a/b": ""})
        client.create_deployment(restApiId=api_id, stageName="prod")
        before = definition(client, api_id)
    with mock_apigateway(state=path):
        client = boto3.client("apigateway", region_name=REGION)
        assert definition(client, api_id) == before
        assert [
            summary["/pets"]["GET"]["authorizationType"] for summary in before["summaries"]
        ] == [
            "NONE",
            "CUSTOM",
        ]
