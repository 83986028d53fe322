"""A method's definition: the method request, its responses, its integration and the
integration's responses (spec deployment-surface 2.4, 2.5, 3.1-3.4).

Plain mutable records; each has ``copy()`` (deep, field by field) because an update works on
a copy that is swapped in only when every patch operation succeeded, and a deployment keeps
copies (core.snapshot). Optional members are None when unset, so "absent" and "empty" stay
apart: AWS shows ``responseParameters: {}`` when it was given empty (R).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any


def _copy_map(value: dict[str, Any] | None) -> dict[str, Any] | None:
    return None if value is None else dict(value)


@dataclass(slots=True)
class MethodResponse:
    status_code: str
    response_parameters: dict[str, bool] | None = None
    response_models: dict[str, str] | None = None

    def copy(self) -> MethodResponse:
        return MethodResponse(
            self.status_code, _copy_map(self.response_parameters), _copy_map(self.response_models)
        )


@dataclass(slots=True)
class IntegrationResponse:
    status_code: str
    selection_pattern: str | None = None
    response_parameters: dict[str, str] | None = None
    # R: a template given as None or "" is kept as null.
    response_templates: dict[str, str | None] | None = None
    content_handling: str | None = None

    def copy(self) -> IntegrationResponse:
        return IntegrationResponse(
            self.status_code,
            self.selection_pattern,
            _copy_map(self.response_parameters),
            _copy_map(self.response_templates),
            self.content_handling,
        )


@dataclass(slots=True)
class Integration:
    type: str
    http_method: str | None = None
    uri: str | None = None
    connection_type: str | None = None
    connection_id: str | None = None
    credentials: str | None = None
    request_parameters: dict[str, str] | None = None
    request_templates: dict[str, str | None] | None = None
    passthrough_behavior: str = "WHEN_NO_MATCH"
    content_handling: str | None = None
    timeout_in_millis: int = 29000
    cache_namespace: str = ""
    cache_key_parameters: list[str] = field(default_factory=list)
    tls_config: dict[str, Any] | None = None
    responses: dict[str, IntegrationResponse] = field(default_factory=dict)
    # Members of newer botocore models this code does not know, stored and echoed as given.
    extras: dict[str, Any] = field(default_factory=dict)

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


@dataclass(slots=True)
class Method:
    http_method: str
    authorization_type: str
    api_key_required: bool = False
    authorizer_id: str | None = None
    request_validator_id: str | None = None
    operation_name: str | None = None
    request_parameters: dict[str, bool] | None = None
    request_models: dict[str, str] | None = None
    authorization_scopes: list[str] | None = None
    responses: dict[str, MethodResponse] = field(default_factory=dict)
    integration: Integration | None = None

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
