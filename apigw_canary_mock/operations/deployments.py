"""CreateDeployment, GetDeployment, GetDeployments, UpdateDeployment, DeleteDeployment."""

from __future__ import annotations

from typing import Any

from ..core.canary import create_deployment
from ..core.deployment_update import update_deployment
from ..core.evidence import rule
from ..core.store import Backend
from .result import (
    OperationHandler,
    Result,
    canary_request,
    optional_text,
    paged_result,
    stage_request,
    string_list,
    text,
)
from .shapes import deployment_body


def create_deployment_op(backend: Backend, params: dict[str, Any]) -> Result:
    api = backend.rest_api(text(params, "restApiId"))
    deployment = create_deployment(
        api,
        description=optional_text(params, "description"),
        stage_name=optional_text(params, "stageName"),
        stage=stage_request(params, "stageDescription"),
        canary=canary_request(params),
    )
    return Result(deployment_body(deployment), 201)


API_SUMMARY = rule(
    "get-deployment-api-summary",
    "D",
    'GetDeployment(embed=["apisummary"]) adds apiSummary {resourcePath: {httpMethod: '
    "{authorizationType, apiKeyRequired}}}",
)
API_SUMMARY_ANY_CASE = rule(
    "get-deployment-embed-any-case",
    "P",
    'GetDeployment reads "apisummary" in embed in any case ("apiSummary")',
)


def get_deployment(backend: Backend, params: dict[str, Any]) -> Result:
    """``embed`` containing "apisummary" (D; in any case: P) adds the method summary."""
    api = backend.rest_api(text(params, "restApiId"))
    deployment = api.deployment(text(params, "deploymentId"))
    embed = string_list(params, "embed")
    summary = False
    if embed:
        summary = "apisummary" in embed
        if not summary and "apisummary" in {e.lower() for e in embed}:
            summary = True
            backend.journal.note(API_SUMMARY_ANY_CASE)
        if summary:
            backend.journal.note(API_SUMMARY)
    return Result(deployment_body(deployment, api_summary=summary))


def get_deployments(backend: Backend, params: dict[str, Any]) -> Result:
    """Pages by ``limit`` (default 25, clamped to 500) and ``position``; creation order."""
    api = backend.rest_api(text(params, "restApiId"))
    return paged_result(params, tuple(api.deployments.values()), deployment_body, backend.journal)


def update_deployment_op(backend: Backend, params: dict[str, Any]) -> Result:
    """Only ``replace /description`` (R); checks: API, deployment, then the operations."""
    api = backend.rest_api(text(params, "restApiId"))
    deployment = update_deployment(api, text(params, "deploymentId"), params.get("patchOperations"))
    return Result(deployment_body(deployment))


def delete_deployment(backend: Backend, params: dict[str, Any]) -> Result:
    api = backend.rest_api(text(params, "restApiId"))
    api.delete_deployment(text(params, "deploymentId"))
    return Result({}, 202)


HANDLERS: dict[str, OperationHandler] = {
    "CreateDeployment": create_deployment_op,
    "GetDeployment": get_deployment,
    "GetDeployments": get_deployments,
    "UpdateDeployment": update_deployment_op,
    "DeleteDeployment": delete_deployment,
}

READ_ONLY = frozenset(("GetDeployment", "GetDeployments"))
