"""A method's definition: the method request, its responses, its integration and the
integration's responses (spec deployment-surface 2.4, 2.5, 3.1-3.4).

Plain mutable records; each has ``copy()`` (deep, field by field) because an update works on
a copy that is swapped in only when every patch operation succeeded, and a deployment keeps
copies (core.snapshot). Optional members are None when unset, so "absent" and "empty" stay
apart: AWS shows ``responseParameters: {}`` when it was given empty (R).
"""

from __future__ import annotations

import copy
from typing import Any

from .record import Record


def _copy_map(value: dict[str, Any] | None) -> dict[str, Any] | None:
    return None if value is None else dict(value)


class MethodResponse(Record):
    __slots__ = ("response_models", "response_parameters", "status_code")

    def __init__(
        self,
        status_code: str,
        response_parameters: dict[str, bool] | None = None,
        response_models: dict[str, str] | None = None,
    ) -> None:
        self.status_code = status_code
        self.response_parameters = response_parameters
        self.response_models = response_models

    def copy(self) -> MethodResponse:
        return MethodResponse(
            self.status_code, _copy_map(self.response_parameters), _copy_map(self.response_models)
        )


class IntegrationResponse(Record):
    __slots__ = (
        "content_handling",
        "response_parameters",
        "response_templates",
        "selection_pattern",
        "status_code",
    )

    def __init__(
        self,
        status_code: str,
        selection_pattern: str | None = None,
        response_parameters: dict[str, str] | None = None,
        # R: a template given as None or "" is kept as null.
        response_templates: dict[str, str | None] | None = None,
        content_handling: str | None = None,
    ) -> None:
        self.status_code = status_code
        self.selection_pattern = selection_pattern
        self.response_parameters = response_parameters
        self.response_templates = response_templates
        self.content_handling = content_handling

    def copy(self) -> IntegrationResponse:
        return IntegrationResponse(
            self.status_code,
            self.selection_pattern,
            _copy_map(self.response_parameters),
            _copy_map(self.response_templates),
            self.content_handling,
        )


class Integration(Record):
    __slots__ = (
        "cache_key_parameters",
        "cache_namespace",
        "connection_id",
        "connection_type",
        "content_handling",
        "credentials",
        "extras",
        "http_method",
        "passthrough_behavior",
        "request_parameters",
        "request_templates",
        "responses",
        "timeout_in_millis",
        "tls_config",
        "type",
        "uri",
    )

    def __init__(
        self,
        type: str,
        http_method: str | None = None,
        uri: str | None = None,
        connection_type: str | None = None,
        connection_id: str | None = None,
        credentials: str | None = None,
        request_parameters: dict[str, str] | None = None,
        request_templates: dict[str, str | None] | None = None,
        passthrough_behavior: str = "WHEN_NO_MATCH",
        content_handling: str | None = None,
        timeout_in_millis: int = 29000,
        cache_namespace: str = "",
        cache_key_parameters: list[str] | None = None,
        tls_config: dict[str, Any] | None = None,
        responses: dict[str, IntegrationResponse] | None = None,
        # Members of newer botocore models this code does not know, stored and echoed as given.
        extras: dict[str, Any] | None = None,
    ) -> None:
        self.type = type
        self.http_method = http_method
        self.uri = uri
        self.connection_type = connection_type
        self.connection_id = connection_id
        self.credentials = credentials
        self.request_parameters = request_parameters
        self.request_templates = request_templates
        self.passthrough_behavior = passthrough_behavior
        self.content_handling = content_handling
        self.timeout_in_millis = timeout_in_millis
        self.cache_namespace = cache_namespace
        self.cache_key_parameters: list[str] = (
            [] if cache_key_parameters is None else cache_key_parameters
        )
        self.tls_config = tls_config
        self.responses: dict[str, IntegrationResponse] = {} if responses is None else responses
        self.extras: dict[str, Any] = {} if extras is None else extras

    def copy(self) -> Integration:
        return Integration(
            self.type,
            self.http_method,
            self.uri,
            self.connection_type,
            self.connection_id,
            self.credentials,
            _copy_map(self.request_parameters),
            _copy_map(self.request_templates),
            self.passthrough_behavior,
            self.content_handling,
            self.timeout_in_millis,
            self.cache_namespace,
            list(self.cache_key_parameters),
            None if self.tls_config is None else copy.deepcopy(self.tls_config),
            {code: response.copy() for code, response in self.responses.items()},
            copy.deepcopy(self.extras) if self.extras else {},
        )


class Method(Record):
    __slots__ = (
        "api_key_required",
        "authorization_scopes",
        "authorization_type",
        "authorizer_id",
        "http_method",
        "integration",
        "operation_name",
        "request_models",
        "request_parameters",
        "request_validator_id",
        "responses",
    )

    def __init__(
        self,
        http_method: str,
        authorization_type: str,
        api_key_required: bool = False,
        authorizer_id: str | None = None,
        request_validator_id: str | None = None,
        operation_name: str | None = None,
        request_parameters: dict[str, bool] | None = None,
        request_models: dict[str, str] | None = None,
        authorization_scopes: list[str] | None = None,
        responses: dict[str, MethodResponse] | None = None,
        integration: Integration | None = None,
    ) -> None:
        self.http_method = http_method
        self.authorization_type = authorization_type
        self.api_key_required = api_key_required
        self.authorizer_id = authorizer_id
        self.request_validator_id = request_validator_id
        self.operation_name = operation_name
        self.request_parameters = request_parameters
        self.request_models = request_models
        self.authorization_scopes = authorization_scopes
        self.responses: dict[str, MethodResponse] = {} if responses is None else responses
        self.integration = integration

    def copy(self) -> Method:
        return Method(
            self.http_method,
            self.authorization_type,
            self.api_key_required,
            self.authorizer_id,
            self.request_validator_id,
            self.operation_name,
            _copy_map(self.request_parameters),
            _copy_map(self.request_models),
            None if self.authorization_scopes is None else list(self.authorization_scopes),
            {code: response.copy() for code, response in self.responses.items()},
            None if self.integration is None else self.integration.copy(),
        )


__all__ = ["Integration", "IntegrationResponse", "Method", "MethodResponse"]
