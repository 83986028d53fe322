"""Models to response bodies: botocore member names, no None values, dates as int epochs."""

from __future__ import annotations

import copy
from typing import Any

from ..core.authorizers import Authorizer
from ..core.documentation import DocumentationPart, DocumentationVersion
from ..core.domain_rules import DISTRIBUTION_HOSTED_ZONE_ID
from ..core.domains import BasePathMapping, DomainName
from ..core.gateway_responses import GatewayResponse
from ..core.methods import Integration, IntegrationResponse, Method, MethodResponse
from ..core.models import Model
from ..core.restapi import Deployment, Resource, RestApi
from ..core.stage import CanarySettings, MethodSetting, Stage
from ..core.validators import RequestValidator


def stage_body(stage: Stage) -> dict[str, Any]:
    enabled = stage.cache_cluster_enabled
    body: dict[str, Any] = {
        "stageName": stage.name,
        "deploymentId": stage.deployment_id,
        "cacheClusterEnabled": enabled,
        "cacheClusterStatus": "AVAILABLE" if enabled else "NOT_AVAILABLE",
        "methodSettings": {k: method_setting_body(v) for k, v in stage.method_settings.items()},
        "tracingEnabled": stage.tracing_enabled,
        "createdDate": stage.created_date,
        "lastUpdatedDate": stage.last_updated_date,
    }
    if enabled:
        body["cacheClusterSize"] = stage.cache_cluster_size
    if stage.description is not None:
        body["description"] = stage.description
    if stage.variables:
        body["variables"] = dict(stage.variables)
    if stage.canary is not None:
        body["canarySettings"] = canary_body(stage.canary)
    if stage.documentation_version is not None:
        body["documentationVersion"] = stage.documentation_version
    if stage.access_log is not None:
        log = stage.access_log
        access: dict[str, str] = {}
        if log.format is not None:
            access["format"] = log.format
        if log.destination_arn is not None:
            access["destinationArn"] = log.destination_arn
        body["accessLogSettings"] = access
    if stage.tags:
        body["tags"] = dict(stage.tags)
    if stage.client_certificate_id is not None:
        body["clientCertificateId"] = stage.client_certificate_id
    return body


def canary_body(canary: CanarySettings) -> dict[str, Any]:
    body: dict[str, Any] = {
        "deploymentId": canary.deployment_id,
        "percentTraffic": float(canary.percent_traffic),
        "useStageCache": canary.use_stage_cache,
    }
    if canary.stage_variable_overrides:
        body["stageVariableOverrides"] = dict(canary.stage_variable_overrides)
    return body


def method_setting_body(setting: MethodSetting) -> dict[str, Any]:
    body: dict[str, Any] = {
        "metricsEnabled": setting.metrics_enabled,
        "dataTraceEnabled": setting.data_trace_enabled,
        "throttlingBurstLimit": setting.throttling_burst_limit,
        "throttlingRateLimit": float(setting.throttling_rate_limit),
        "cachingEnabled": setting.caching_enabled,
        "cacheTtlInSeconds": setting.cache_ttl_in_seconds,
        "cacheDataEncrypted": setting.cache_data_encrypted,
        "requireAuthorizationForCacheControl": setting.require_authorization_for_cache_control,
        "unauthorizedCacheControlHeaderStrategy": (
            setting.unauthorized_cache_control_header_strategy
        ),
    }
    if setting.logging_level is not None:
        body["loggingLevel"] = setting.logging_level
    return body


def deployment_body(deployment: Deployment, *, api_summary: bool = False) -> dict[str, Any]:
    body: dict[str, Any] = {"id": deployment.id, "createdDate": deployment.created_date}
    if deployment.description is not None:
        body["description"] = deployment.description
    if api_summary:
        # Of the deployment's snapshot, not of the live API.
        body["apiSummary"] = {
            resource.path: {
                verb: {
                    "authorizationType": method.authorization_type,
                    "apiKeyRequired": method.api_key_required,
                }
                for verb, method in resource.methods.items()
            }
            for resource in deployment.snapshot.resources.values()
            if resource.methods
        }
    return body


def rest_api_body(api: RestApi, *, always_tags: bool = False) -> dict[str, Any]:
    """The RestApi shape. ``tags`` only when set, unless ``always_tags`` (GetRestApi,
    UpdateRestApi, PutRestApi answer ``tags: {}`` even without tags: R)."""
    endpoint: dict[str, Any] = {
        "types": list(api.endpoint_types),
        "ipAddressType": api.ip_address_type,
    }
    if api.vpc_endpoint_ids:
        endpoint["vpcEndpointIds"] = list(api.vpc_endpoint_ids)
    body: dict[str, Any] = {
        "id": api.id,
        "name": api.name,
        "createdDate": api.created_date,
        "apiKeySource": api.api_key_source,
        "endpointConfiguration": endpoint,
        "disableExecuteApiEndpoint": api.disable_execute_api_endpoint,
        "rootResourceId": api.root_resource_id,
    }
    if api.description is not None:
        body["description"] = api.description
    if api.version is not None:
        body["version"] = api.version
    if api.binary_media_types is not None:
        body["binaryMediaTypes"] = list(api.binary_media_types)
    if api.minimum_compression_size is not None:
        body["minimumCompressionSize"] = api.minimum_compression_size
    if api.policy is not None:
        body["policy"] = api.policy
    if api.tags or always_tags:
        body["tags"] = dict(api.tags)
    return body


def resource_body(resource: Resource, *, embed_methods: bool = False) -> dict[str, Any]:
    body: dict[str, Any] = {"id": resource.id}
    if resource.parent_id is not None:
        body["parentId"] = resource.parent_id
    if resource.path_part is not None:
        body["pathPart"] = resource.path_part
    body["path"] = resource.path
    if resource.methods:
        body["resourceMethods"] = {
            verb: (method_body(method) if embed_methods else {})
            for verb, method in resource.methods.items()
        }
    return body


def method_body(method: Method) -> dict[str, Any]:
    body: dict[str, Any] = {
        "httpMethod": method.http_method,
        "authorizationType": method.authorization_type,
        "apiKeyRequired": method.api_key_required,
    }
    if method.authorizer_id is not None:
        body["authorizerId"] = method.authorizer_id
    if method.request_validator_id is not None:
        body["requestValidatorId"] = method.request_validator_id
    if method.operation_name is not None:
        body["operationName"] = method.operation_name
    if method.request_parameters is not None:
        body["requestParameters"] = dict(method.request_parameters)
    if method.request_models is not None:
        body["requestModels"] = dict(method.request_models)
    if method.authorization_scopes is not None:
        body["authorizationScopes"] = list(method.authorization_scopes)
    if method.responses:
        body["methodResponses"] = {
            code: method_response_body(response) for code, response in method.responses.items()
        }
    if method.integration is not None:
        body["methodIntegration"] = integration_body(method.integration)
    return body


def method_response_body(response: MethodResponse) -> dict[str, Any]:
    body: dict[str, Any] = {"statusCode": response.status_code}
    if response.response_parameters is not None:
        body["responseParameters"] = dict(response.response_parameters)
    if response.response_models is not None:
        body["responseModels"] = dict(response.response_models)
    return body


def integration_body(integration: Integration) -> dict[str, Any]:
    body: dict[str, Any] = {"type": integration.type}
    if integration.http_method is not None:
        body["httpMethod"] = integration.http_method
    if integration.uri is not None:
        body["uri"] = integration.uri
    if integration.connection_type is not None:
        body["connectionType"] = integration.connection_type
    if integration.connection_id is not None:
        body["connectionId"] = integration.connection_id
    if integration.credentials is not None:
        body["credentials"] = integration.credentials
    if integration.request_parameters is not None:
        body["requestParameters"] = dict(integration.request_parameters)
    if integration.request_templates is not None:
        body["requestTemplates"] = dict(integration.request_templates)
    body["passthroughBehavior"] = integration.passthrough_behavior
    if integration.content_handling is not None:
        body["contentHandling"] = integration.content_handling
    body["timeoutInMillis"] = integration.timeout_in_millis
    body["cacheNamespace"] = integration.cache_namespace
    body["cacheKeyParameters"] = list(integration.cache_key_parameters)
    if integration.responses:
        body["integrationResponses"] = {
            code: integration_response_body(response)
            for code, response in integration.responses.items()
        }
    if integration.tls_config is not None:
        body["tlsConfig"] = copy.deepcopy(integration.tls_config)
    if integration.extras:
        body.update(copy.deepcopy(integration.extras))  # a caller may mutate the answer
    return body


def integration_response_body(response: IntegrationResponse) -> dict[str, Any]:
    body: dict[str, Any] = {"statusCode": response.status_code}
    if response.selection_pattern is not None:
        body["selectionPattern"] = response.selection_pattern
    if response.response_parameters is not None:
        body["responseParameters"] = dict(response.response_parameters)
    if response.response_templates is not None:
        # R: a null template stays null (the one None an answer may hold).
        body["responseTemplates"] = dict(response.response_templates)
    if response.content_handling is not None:
        body["contentHandling"] = response.content_handling
    return body


def model_body(model: Model) -> dict[str, Any]:
    body: dict[str, Any] = {"id": model.id, "name": model.name}
    if model.description is not None:
        body["description"] = model.description
    body["schema"] = model.schema
    body["contentType"] = model.content_type
    return body


def request_validator_body(validator: RequestValidator) -> dict[str, Any]:
    return {
        "id": validator.id,
        "name": validator.name,
        "validateRequestBody": validator.validate_request_body,
        "validateRequestParameters": validator.validate_request_parameters,
    }


def gateway_response_body(response: GatewayResponse, *, default: bool) -> dict[str, Any]:
    """R: both maps always present (``{}`` when empty); no statusCode when it has none."""
    body: dict[str, Any] = {"responseType": response.response_type}
    if response.status_code is not None:
        body["statusCode"] = response.status_code
    body["responseParameters"] = dict(response.response_parameters)
    body["responseTemplates"] = dict(response.response_templates)
    body["defaultResponse"] = default
    return body


def authorizer_body(authorizer: Authorizer) -> dict[str, Any]:
    body: dict[str, Any] = {"id": authorizer.id, "name": authorizer.name, "type": authorizer.type}
    if authorizer.provider_arns is not None:
        body["providerARNs"] = list(authorizer.provider_arns)
    for key, value in (
        ("authType", authorizer.auth_type),
        ("authorizerUri", authorizer.authorizer_uri),
        ("authorizerCredentials", authorizer.authorizer_credentials),
        ("identitySource", authorizer.identity_source),
        ("identityValidationExpression", authorizer.identity_validation_expression),
        ("authorizerResultTtlInSeconds", authorizer.authorizer_result_ttl_in_seconds),
    ):
        if value is not None:
            body[key] = value
    return body


def documentation_part_body(part: DocumentationPart) -> dict[str, Any]:
    """R: the location keeps only the fields given."""
    return {
        "id": part.id,
        "location": {"type": part.location.type, **part.location.given()},
        "properties": part.properties,
    }


def documentation_version_body(version: DocumentationVersion) -> dict[str, Any]:
    body: dict[str, Any] = {"version": version.version, "createdDate": version.created_date}
    if version.description is not None:
        body["description"] = version.description
    return body


def domain_name_body(domain: DomainName) -> dict[str, Any]:
    body: dict[str, Any] = {"domainName": domain.name}
    if domain.certificate_name is not None:
        body["certificateName"] = domain.certificate_name
    if domain.certificate_arn is not None:
        body["certificateArn"] = domain.certificate_arn
    if domain.endpoint_type == "EDGE":
        body["distributionDomainName"] = domain.distribution_domain_name
        body["distributionHostedZoneId"] = DISTRIBUTION_HOSTED_ZONE_ID
    else:
        body["regionalDomainName"] = domain.regional_domain_name
    if domain.regional_certificate_name is not None:
        body["regionalCertificateName"] = domain.regional_certificate_name
    if domain.regional_certificate_arn is not None:
        body["regionalCertificateArn"] = domain.regional_certificate_arn
    body["endpointConfiguration"] = {
        "types": [domain.endpoint_type],
        "ipAddressType": domain.ip_address_type,
    }
    body["domainNameStatus"] = "AVAILABLE"
    body["securityPolicy"] = domain.security_policy
    if domain.tags:
        body["tags"] = dict(domain.tags)
    if domain.truststore_uri is not None:
        tls = {"truststoreUri": domain.truststore_uri}
        if domain.truststore_version is not None:
            tls["truststoreVersion"] = domain.truststore_version
        body["mutualTlsAuthentication"] = tls
    if domain.ownership_verification_certificate_arn is not None:
        body["ownershipVerificationCertificateArn"] = domain.ownership_verification_certificate_arn
    if domain.routing_mode is not None:
        body["routingMode"] = domain.routing_mode
    return body


def base_path_mapping_body(mapping: BasePathMapping) -> dict[str, Any]:
    body = {"basePath": mapping.base_path, "restApiId": mapping.rest_api_id}
    if mapping.stage is not None:
        body["stage"] = mapping.stage
    return body
