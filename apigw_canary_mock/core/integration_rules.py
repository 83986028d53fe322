"""The rules of an integration and its responses (spec deployment-surface 2.5, 3.2, 3.4):
the backend's HTTP method and URI by integration type, the defaults AWS fills in, content
types of templates."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .errors import bad_request
from .evidence import rule
from .method_rules import HTTP_METHODS, key_text
from .methods import Integration

INTEGRATION_TYPES = ("HTTP", "MOCK", "AWS_PROXY", "HTTP_PROXY", "AWS")
CONNECTION_TYPES = ("INTERNET", "VPC_LINK")
PASSTHROUGH_BEHAVIORS = ("WHEN_NO_MATCH", "WHEN_NO_TEMPLATES", "NEVER")
CONTENT_HANDLINGS = ("CONVERT_TO_BINARY", "CONVERT_TO_TEXT")
_HTTP_TYPES = frozenset(("HTTP", "HTTP_PROXY"))
_AWS_TYPES = frozenset(("AWS", "AWS_PROXY"))

ENUM_FALLBACK = rule(
    "enum-fallback",
    "P",
    "a value outside its enum that reaches a handler without the validation layer (a direct "
    "handler call): BadRequestException `Invalid <member> specified: <v>. Must be one of: [...]`",
)
HTTP_METHOD_REQUIRED = rule(
    "integration-http-method-required",
    "R",
    "HTTP, HTTP_PROXY, AWS without integrationHttpMethod: `Enumeration value for HttpMethod "
    "must be non-empty`",
)
HTTP_METHOD_REQUIRED_PROXY = rule(
    "integration-http-method-required-aws-proxy",
    "P",
    "AWS_PROXY without integrationHttpMethod: the same answer",
)
BAD_INTEGRATION_HTTP_METHOD = rule(
    "integration-http-method-invalid",
    "P",
    "an integrationHttpMethod outside GET..ANY (any case): the PutMethod text `Invalid "
    "HttpMethod specified. Valid options are GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY`",
)
BAD_HTTP_URI = rule(
    "integration-http-uri",
    "R",
    "HTTP/HTTP_PROXY with a uri that is not http(s)://...: `Invalid HTTP endpoint specified "
    "for URI`",
)
MISSING_HTTP_URI = rule(
    "integration-http-uri-missing", "P", "HTTP/HTTP_PROXY without uri: the same answer"
)
BAD_ARN = rule(
    "integration-arn",
    "R",
    "AWS/AWS_PROXY with a uri that is not an ARN: `Invalid ARN specified in the request`",
)
MISSING_ARN = rule("integration-arn-missing", "P", "AWS/AWS_PROXY without uri: the same answer")
ARN_WITHOUT_PATH = rule(
    "integration-arn-path-or-action",
    "R",
    "AWS/AWS_PROXY with an ARN that is not arn:<partition>:apigateway:<region>:<service>:"
    "path/... or :action/...: `AWS ARN for integration must contain path or action`",
)
PROXY_TARGET = rule(
    "integration-aws-proxy-target",
    "R",
    "AWS_PROXY to anything but lambda:path/2015-03-31/functions/<arn>/invocations: "
    "`Integrations of type 'AWS_PROXY' currently only supports Lambda function and Firehose "
    "stream invocations.`",
)
PROXY_FIREHOSE = rule(
    "integration-aws-proxy-firehose",
    "P",
    "AWS_PROXY to firehose:action/<Action> is accepted (the text names Firehose streams)",
)
CONNECTION_DEFAULT = rule(
    "integration-connection-default",
    "R",
    "HTTP and HTTP_PROXY integrations get connectionType INTERNET when none is given; AWS, "
    "AWS_PROXY and MOCK none",
)
MOCK_DROPS = rule(
    "integration-mock-drops-uri",
    "R",
    "a MOCK integration given a uri (and no integrationHttpMethod) keeps neither",
)
MOCK_DROPS_METHOD = rule(
    "integration-mock-drops-method",
    "P",
    "a MOCK integration given an integrationHttpMethod does not keep it either",
)
CACHE_NAMESPACE_DEFAULT = rule(
    "integration-cache-namespace-default",
    "R",
    "cacheNamespace defaults to the resource id; cacheKeyParameters to [], passthroughBehavior "
    "to WHEN_NO_MATCH, timeoutInMillis to 29000",
)
PUT_REPLACES = rule(
    "integration-put-replaces",
    "R",
    "a second PutIntegration replaces the whole integration",
)
PUT_DROPS_RESPONSES = rule(
    "integration-put-drops-responses",
    "P",
    "a second PutIntegration drops the integration responses of the one it replaces",
)
BAD_CONTENT_TYPE = rule(
    "template-content-type",
    "R",
    "a responseTemplates key that is not a content type (type/subtype): `Validation Result: "
    "warnings : [], errors : [Invalid content type specified: <key>]`",
)
BAD_REQUEST_CONTENT_TYPE = rule(
    "request-template-content-type",
    "P",
    "requestTemplates keys are checked the same way",
)
NULL_TEMPLATE = rule(
    "template-null",
    "R",
    'an integration response template given as None or "" is kept as null',
)

# Pattern texts: compiled (and cached) by the re module on first use, not at import.
_HTTP_URI = r"(?i)https?://\S+"
_ARN = r"arn:[^:\s]+:[^:\s]+:[^:\s]*:[^:\s]*:\S+"
_APIGATEWAY_ARN = (
    r"arn:[^:]+:apigateway:[^:]*:(?P<service>[^:]+):(?P<kind>path|action)/(?P<rest>\S*)"
)
_LAMBDA_INVOCATION = r"2015-03-31/functions/\S+/invocations"
_CONTENT_TYPE = r"(?s)[^/\s;]+/[^/\s;]+(\s*;.*)?"


def check_enum(what: str, value: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise bad_request(
            f"Invalid {what} specified: {value}. Must be one of: [{', '.join(choices)}]",
            rule=ENUM_FALLBACK,
        )
    return value


def check_integration(integration: Integration) -> list[str]:
    """The backend's method and URI, as the integration's type wants them; the policies the
    result rests on (for the journal)."""
    kind = integration.type
    if kind == "MOCK":
        dropped_method = integration.http_method is not None
        integration.uri = None
        integration.http_method = None
        return [MOCK_DROPS_METHOD] if dropped_method else []
    method = integration.http_method
    if not method:
        raise bad_request(
            "Enumeration value for HttpMethod must be non-empty",
            rule=HTTP_METHOD_REQUIRED_PROXY if kind == "AWS_PROXY" else HTTP_METHOD_REQUIRED,
        )
    if method.upper() not in HTTP_METHODS:
        raise bad_request(
            "Invalid HttpMethod specified. Valid options are "
            "GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY",
            rule=BAD_INTEGRATION_HTTP_METHOD,
        )
    uri = integration.uri
    if kind in _HTTP_TYPES:
        if uri is None or re.fullmatch(_HTTP_URI, uri) is None:
            raise bad_request(
                "Invalid HTTP endpoint specified for URI",
                rule=MISSING_HTTP_URI if uri is None else BAD_HTTP_URI,
            )
    elif kind in _AWS_TYPES:
        if uri is None:
            raise bad_request("Invalid ARN specified in the request", rule=MISSING_ARN)
        return _check_aws_uri(kind, uri)
    return []


def _check_aws_uri(kind: str, uri: str) -> list[str]:
    if re.fullmatch(_ARN, uri) is None:
        raise bad_request("Invalid ARN specified in the request", rule=BAD_ARN)
    match = re.fullmatch(_APIGATEWAY_ARN, uri)
    if match is None:
        raise bad_request(
            "AWS ARN for integration must contain path or action", rule=ARN_WITHOUT_PATH
        )
    if kind == "AWS_PROXY":
        service, path_kind, rest = match.group("service", "kind", "rest")
        lambda_call = (
            service == "lambda"
            and path_kind == "path"
            and re.fullmatch(_LAMBDA_INVOCATION, rest) is not None
        )
        firehose = service == "firehose" and path_kind == "action"
        if not (lambda_call or firehose):
            raise bad_request(
                "Integrations of type 'AWS_PROXY' currently only supports Lambda function and "
                "Firehose stream invocations.",
                rule=PROXY_TARGET,
            )
        if firehose:
            return [PROXY_FIREHOSE]
    return []


def default_connection_type(integration: Integration) -> bool:
    """R: INTERNET for HTTP and HTTP_PROXY when not given. True when it was filled in."""
    if integration.connection_type is None and integration.type in _HTTP_TYPES:
        integration.connection_type = "INTERNET"
        return True
    return False


def check_content_type(key: str, rule_id: str = BAD_CONTENT_TYPE) -> str:
    if re.fullmatch(_CONTENT_TYPE, key) is None:
        raise bad_request(
            f"Validation Result: warnings : [], errors : [Invalid content type specified: {key}]",
            rule=rule_id,
        )
    return key


def response_templates(value: Mapping[Any, object]) -> dict[str, str | None]:
    """An integration response's templates: content types checked, "" kept as null (R)."""
    checked: dict[str, str | None] = {}
    for key, template in value.items():
        text = None if template is None else str(template)
        checked[check_content_type(key_text(key))] = text or None
    return checked


def request_templates(value: Mapping[Any, object]) -> dict[str, str | None]:
    """An integration's request templates: content types checked (P), kept as given."""
    return {
        check_content_type(key_text(key), BAD_REQUEST_CONTENT_TYPE): (
            None if template is None else str(template)
        )
        for key, template in value.items()
    }


def text_map(value: Mapping[Any, object]) -> dict[str, str]:
    return {key_text(key): key_text(item) for key, item in value.items()}


__all__ = [
    "CONNECTION_TYPES",
    "CONTENT_HANDLINGS",
    "INTEGRATION_TYPES",
    "PASSTHROUGH_BEHAVIORS",
    "check_content_type",
    "check_enum",
    "check_integration",
    "default_connection_type",
    "request_templates",
    "response_templates",
    "text_map",
]
