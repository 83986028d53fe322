"""An OpenAPI document (Swagger 2.0 or OpenAPI 3.0, JSON or YAML) read into an ApiPlan: the
params of the operations ImportRestApi and PutRestApi make (spec aws-deployment-surface.md §3.7).

Nothing here changes state: openapi_import.py builds the plan through the operation handlers.
The reader checks what the handlers cannot know (references, extension formats) and collects
AWS's import warnings; a document it cannot read at all is ``Invalid OpenAPI input.`` (R).
"""

from __future__ import annotations

import functools
import importlib
import json
import re
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import urlsplit

from ..core.errors import bad_request
from ..core.evidence import rule
from ..errors import MockError


@functools.lru_cache(maxsize=1)
def yaml_module() -> Any:
    """PyYAML, or None: an optional extra (apigw_canary_mock[yaml]), imported on first use
    only, so that importing the mock does not pay for it (JSON documents never need it)."""
    try:
        return importlib.import_module("yaml")
    except ImportError:  # pragma: no cover  (PyYAML is in the test environment)
        return None


INVALID_INPUT = "Invalid OpenAPI input."
INVALID_INPUT_RULE = rule(
    "openapi-invalid-input",
    "R",
    "ImportRestApi / PutRestApi with a body that is not JSON or YAML (checked before the REST "
    "API look-up): 400 'Invalid OpenAPI input.'",
)
NOT_OPENAPI = rule(
    "openapi-not-a-document",
    "P",
    "a JSON or YAML body that is not an object with 'swagger: 2.x' or 'openapi: 3.x': 400 "
    "'Invalid OpenAPI input.'",
)
IMPORT_ERRORS = rule(
    "openapi-import-errors",
    "P",
    "a document the mock can read but not import (an unresolvable $ref, a bad extension "
    "value): 400 'Errors found during import:' then each error on a line starting with a tab",
)
REQUEST_PARAMETER_WARNING = rule(
    "openapi-request-parameter-warning",
    "R",
    "a non-string value in an integration's requestParameters is skipped with the warning "
    "'Invalid format for 'requestParameters'. Expected type string for property '<name>' of "
    "resource '<path>' and method '<METHOD>' but got '<value>''",
)
OTHER_MAP_WARNING = rule(
    "openapi-map-value-warning",
    "P",
    "the same warning (and skip) for a non-string value in requestTemplates, an integration "
    "response's responseParameters or responseTemplates",
)
BASE_PATH = rule(
    "openapi-base-path",
    "R",
    "parameters basepath=ignore (default) / prepend / split: the Swagger basePath or the path of "
    "the first OpenAPI server URL is ignored, prepended as resources, or prepended without its "
    "first segment",
)
AWS_REFERENCES = rule(
    "openapi-model-references",
    "P",
    "a model schema's '#/definitions/X' ('#/components/schemas/X') reference is stored as "
    "'https://apigateway.amazonaws.com/restapis/<id>/models/X', AWS's model URL",
)
IMPORT_SCOPE = rule(
    "openapi-import-scope",
    "P",
    "imported: info (title, description, version), paths (intermediate resources without "
    "methods; get/put/post/delete/patch/head/options and x-amazon-apigateway-any-method), "
    "parameters (path, query, header; $ref), request bodies and responses ($ref, models), "
    "security (x-amazon-apigateway-authorizer, awsSigv4, api_key), the x-amazon-apigateway "
    "extensions for integrations, binary media types, minimum compression size, API key "
    "source, policy, endpoint configuration, request validators, gateway responses and "
    "documentation; other members are ignored",
)

HTTP_VERBS = {
    "get": "GET",
    "put": "PUT",
    "post": "POST",
    "delete": "DELETE",
    "patch": "PATCH",
    "head": "HEAD",
    "options": "OPTIONS",
    "x-amazon-apigateway-any-method": "ANY",
}
BASE_PATH_MODES = ("ignore", "prepend", "split")
_STATUS_CODE = re.compile(r"[1-5]\d\d")


class MethodPlan:
    """One method of the document and everything hanging off it, as operation params.

    (Plain classes here: a dataclass costs ~0.4 ms of import time.)"""

    __slots__ = (
        "authorizer",
        "http_method",
        "integration",
        "integration_responses",
        "method",
        "path",
        "responses",
        "validator",
    )

    def __init__(self, path: str, http_method: str, method: dict[str, Any]) -> None:
        self.path = path
        self.http_method = http_method
        self.method = method  # PutMethod params without restApiId / resourceId / httpMethod
        self.authorizer: str | None = None  # a security scheme name
        self.validator: str | None = None  # a request validator name
        self.responses: list[dict[str, Any]] = []  # PutMethodResponse params
        self.integration: dict[str, Any] | None = None  # PutIntegration params
        self.integration_responses: list[dict[str, Any]] = []  # PutIntegrationResponse


class ApiPlan:
    """What the document defines, as operation params. ``settings``: CreateRestApi members;
    ``paths``: every resource path, parents first; ``models``: (name, schema with local
    references, description); ``model_ref_prefix``: ``#/definitions/`` or
    ``#/components/schemas/``."""

    __slots__ = (
        "authorizers",
        "documentation",
        "gateway_responses",
        "methods",
        "model_ref_prefix",
        "models",
        "paths",
        "settings",
        "validators",
        "warnings",
    )

    def __init__(
        self,
        *,
        settings: dict[str, Any],
        paths: list[str],
        methods: list[MethodPlan],
        models: list[tuple[str, Any, str | None]],
        authorizers: list[dict[str, Any]],
        validators: list[dict[str, Any]],
        gateway_responses: list[dict[str, Any]],
        documentation: Any | None,
        warnings: list[str],
        model_ref_prefix: str,
    ) -> None:
        self.settings = settings
        self.paths = paths
        self.methods = methods
        self.models = models
        self.authorizers = authorizers  # CreateAuthorizer params
        self.validators = validators  # CreateRequestValidator params
        self.gateway_responses = gateway_responses  # PutGatewayResponse params
        self.documentation = documentation
        self.warnings = warnings
        self.model_ref_prefix = model_ref_prefix

    def needed_operations(self) -> list[tuple[str, str]]:
        """(operation, what needs it): the handlers building this plan needs, in build order."""
        needs: list[tuple[str, str]] = [("CreateResource", "paths")] if self.paths else []
        if self.validators:
            needs.append(("CreateRequestValidator", "x-amazon-apigateway-request-validators"))
        if self.models:
            needs.append(("CreateModel", "models"))
        if self.authorizers:
            needs.append(("CreateAuthorizer", "x-amazon-apigateway-authorizer"))
        if self.methods:
            needs.append(("PutMethod", "operations"))
        if any(m.responses for m in self.methods):
            needs.append(("PutMethodResponse", "responses"))
        if any(m.integration is not None for m in self.methods):
            needs.append(("PutIntegration", "x-amazon-apigateway-integration"))
        if any(m.integration_responses for m in self.methods):
            needs.append(("PutIntegrationResponse", "x-amazon-apigateway-integration responses"))
        if self.gateway_responses:
            needs.append(("PutGatewayResponse", "x-amazon-apigateway-gateway-responses"))
        if self.documentation is not None:
            needs.append(("ImportDocumentationParts", "x-amazon-apigateway-documentation"))
        return needs


# -- loading ------------------------------------------------------------------------------------


def load(body: bytes) -> dict[str, Any]:
    """The document in ``body``, or ApiError ``Invalid OpenAPI input.``."""
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise bad_request(INVALID_INPUT, INVALID_INPUT_RULE) from None
    try:
        document = json.loads(text)
    except ValueError:
        document = _load_yaml(text)
    if not isinstance(document, dict) or not _is_openapi(document):
        raise bad_request(INVALID_INPUT, NOT_OPENAPI)
    return document


def _load_yaml(text: str) -> Any:
    yaml = yaml_module()
    if yaml is None:
        raise MockError(
            "apigw_canary_mock can not read this OpenAPI document: it is not JSON, and reading "
            "YAML needs PyYAML, which is not installed (pip install 'apigw_canary_mock[yaml]')"
        )
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        raise bad_request(INVALID_INPUT, INVALID_INPUT_RULE) from None


def _is_openapi(document: Mapping[str, Any]) -> bool:
    swagger, openapi = document.get("swagger"), document.get("openapi")
    return (isinstance(swagger, str) and swagger.startswith("2.")) or (
        isinstance(openapi, str) and openapi.startswith("3.")
    )


# -- reading --------------------------------------------------------------------------------------


class _Errors(Exception):
    """Errors found while reading; raised as one ApiError at the end."""


def read(document: dict[str, Any], parameters: Mapping[str, str]) -> ApiPlan:
    """The plan of ``document``; ``parameters`` are ImportRestApi's (basepath, endpoint...)."""
    reader = _Reader(document, parameters)
    plan = reader.plan()
    if reader.errors:
        raise bad_request(
            "Errors found during import:\n\t" + "\n\t".join(reader.errors), IMPORT_ERRORS
        )
    return plan


class _Reader:
    def __init__(self, document: dict[str, Any], parameters: Mapping[str, str]) -> None:
        self.document = document
        self.parameters = parameters
        self.oas3 = "openapi" in document
        self.errors: list[str] = []
        self.warnings: list[str] = []
        self.schemes: Mapping[str, Any] = _mapping(
            _mapping(document.get("components")).get("securitySchemes")
            if self.oas3
            else document.get("securityDefinitions")
        )

    # -- top level ----------------------------------------------------------------------------

    def plan(self) -> ApiPlan:
        document = self.document
        paths: dict[str, None] = {}
        methods: list[MethodPlan] = []
        base = self._base_path()
        for raw_path, item in _mapping(document.get("paths")).items():
            path = _join(base, str(raw_path))
            for parent in _ancestors(path):
                paths.setdefault(parent, None)
            item = self._deref(item)
            shared = _list(_mapping(item).get("parameters"))
            for key, operation in _mapping(item).items():
                verb = HTTP_VERBS.get(str(key).lower())
                if verb is not None:
                    methods.append(self._method(path, verb, self._deref(operation), shared))
        models_key = ("components", "schemas") if self.oas3 else ("definitions",)
        models_at: Any = document
        for key in models_key:
            models_at = _mapping(models_at).get(key)
        models = [
            (str(name), schema, _text(_mapping(schema).get("description")))
            for name, schema in _mapping(models_at).items()
        ]
        validators = _mapping(document.get("x-amazon-apigateway-request-validators"))
        gateway_responses = _mapping(document.get("x-amazon-apigateway-gateway-responses"))
        return ApiPlan(
            settings=self._settings(),
            paths=[p for p in paths if p != "/"],
            methods=methods,
            models=models,
            authorizers=self._authorizers(),
            validators=[
                {
                    "name": str(name),
                    "validateRequestBody": bool(_mapping(v).get("validateRequestBody")),
                    "validateRequestParameters": bool(_mapping(v).get("validateRequestParameters")),
                }
                for name, v in validators.items()
            ],
            gateway_responses=[
                {"responseType": str(kind), **_pick(v, GATEWAY_RESPONSE_MEMBERS)}
                for kind, v in gateway_responses.items()
            ],
            documentation=document.get("x-amazon-apigateway-documentation"),
            warnings=self.warnings,
            model_ref_prefix="#/components/schemas/" if self.oas3 else "#/definitions/",
        )

    def _settings(self) -> dict[str, Any]:
        document = self.document
        info = _mapping(document.get("info"))
        settings: dict[str, Any] = {"name": _text(info.get("title")) or ""}
        for member, value in (
            ("description", _text(info.get("description"))),
            ("version", _text(info.get("version"))),
            ("policy", _policy(document.get("x-amazon-apigateway-policy"))),
            ("apiKeySource", _upper(document.get("x-amazon-apigateway-api-key-source"))),
        ):
            if value is not None:
                settings[member] = value
        media = document.get("x-amazon-apigateway-binary-media-types")
        if isinstance(media, list):
            settings["binaryMediaTypes"] = [str(t) for t in media]
        size = document.get("x-amazon-apigateway-minimum-compression-size")
        if isinstance(size, int) and not isinstance(size, bool):
            settings["minimumCompressionSize"] = size
        endpoint = _mapping(document.get("x-amazon-apigateway-endpoint-configuration"))
        if isinstance(endpoint.get("disableExecuteApiEndpoint"), bool):
            settings["disableExecuteApiEndpoint"] = endpoint["disableExecuteApiEndpoint"]
        configuration: dict[str, Any] = {}
        types = self.parameters.get("endpointConfigurationTypes")
        if types:
            configuration["types"] = [t.strip().upper() for t in types.split(",") if t.strip()]
        if isinstance(endpoint.get("vpcEndpointIds"), list):
            configuration["vpcEndpointIds"] = [str(i) for i in endpoint["vpcEndpointIds"]]
        if configuration:
            settings["endpointConfiguration"] = configuration
        return settings

    def _base_path(self) -> str:
        mode = self.parameters.get("basepath", "ignore").lower()
        if mode not in BASE_PATH_MODES or mode == "ignore":
            return ""
        if self.oas3:
            servers = _list(self.document.get("servers"))
            server = _mapping(servers[0]) if servers else {}
            url = str(server.get("url", ""))
            for name, variable in _mapping(server.get("variables")).items():
                url = url.replace(f"{{{name}}}", str(_mapping(variable).get("default", "")))
            base = urlsplit(url).path
        else:
            base = str(self.document.get("basePath") or "")
        segments = [s for s in base.split("/") if s]
        if mode == "split":
            segments = segments[1:]
        return "/" + "/".join(segments) if segments else ""

    # -- one method ---------------------------------------------------------------------------

    def _method(self, path: str, verb: str, raw: Any, shared: list[Any]) -> MethodPlan:
        operation = _mapping(raw)
        method: dict[str, Any] = {"authorizationType": "NONE"}
        plan = MethodPlan(path, verb, method)
        if isinstance(operation.get("operationId"), str):
            method["operationName"] = operation["operationId"]
        parameters = self._parameters(shared + _list(operation.get("parameters")))
        request_parameters: dict[str, bool] = {}
        consumes = _list(operation.get("consumes") or self.document.get("consumes"))
        for parameter in parameters:
            where = parameter.get("in")
            name = parameter.get("name")
            if where == "body":
                self._request_model(method, parameter.get("schema"), consumes)
            elif where in ("path", "query", "header") and isinstance(name, str):
                location = "querystring" if where == "query" else where
                required = where == "path" or bool(parameter.get("required"))
                request_parameters[f"method.request.{location}.{name}"] = required
        if request_parameters:
            method["requestParameters"] = request_parameters
        body = self._deref(operation.get("requestBody")) if self.oas3 else None
        for content_type, media in _mapping(_mapping(body).get("content")).items():
            self._request_model(method, _mapping(media).get("schema"), [content_type])
        self._security(plan, operation)
        validator = operation.get(
            "x-amazon-apigateway-request-validator",
            self.document.get("x-amazon-apigateway-request-validator"),
        )
        if isinstance(validator, str):
            plan.validator = validator
        produces = _list(operation.get("produces") or self.document.get("produces"))
        for code, response in _mapping(operation.get("responses")).items():
            if _STATUS_CODE.fullmatch(str(code)):
                plan.responses.append(self._response(str(code), self._deref(response), produces))
        integration = operation.get("x-amazon-apigateway-integration")
        if isinstance(integration, Mapping):
            self._integration(plan, integration)
        return plan

    def _parameters(self, raw: list[Any]) -> list[Mapping[str, Any]]:
        found: dict[tuple[str, str], Mapping[str, Any]] = {}
        for parameter in raw:
            parameter = _mapping(self._deref(parameter))
            where, name = parameter.get("in"), parameter.get("name")
            if isinstance(where, str) and isinstance(name, str):
                found[(where, name)] = parameter  # an operation's own wins over its path's
        return list(found.values())

    def _request_model(self, method: dict[str, Any], schema: Any, types: list[Any]) -> None:
        model = self._model_name(schema)
        if model is not None:
            content_types = [str(t) for t in types] or ["application/json"]
            method.setdefault("requestModels", {}).update(dict.fromkeys(content_types, model))

    def _response(self, code: str, response: Any, produces: list[Any]) -> dict[str, Any]:
        response = _mapping(response)
        params: dict[str, Any] = {"statusCode": code}
        headers = _mapping(response.get("headers"))
        if headers:
            params["responseParameters"] = {f"method.response.header.{h}": False for h in headers}
        models: dict[str, str] = {}
        if self.oas3:
            for content_type, media in _mapping(response.get("content")).items():
                model = self._model_name(_mapping(media).get("schema"))
                if model is not None:
                    models[str(content_type)] = model
        else:
            model = self._model_name(response.get("schema"))
            if model is not None:
                for content_type in produces or ["application/json"]:
                    models[str(content_type)] = model
        if models:
            params["responseModels"] = models
        return params

    def _security(self, plan: MethodPlan, operation: Mapping[str, Any]) -> None:
        security = operation.get("security", self.document.get("security"))
        for requirement in _list(security):
            for name, scopes in _mapping(requirement).items():
                scheme = _mapping(self.schemes.get(name))
                if not scheme:
                    self.errors.append(f"Unable to find security definition for '{name}'")
                    continue
                authorizer = scheme.get("x-amazon-apigateway-authorizer")
                auth_type = str(scheme.get("x-amazon-apigateway-authtype", "")).lower()
                if isinstance(authorizer, Mapping):
                    kind = str(authorizer.get("type", "token")).upper()
                    cognito = kind == "COGNITO_USER_POOLS"
                    plan.method["authorizationType"] = "COGNITO_USER_POOLS" if cognito else "CUSTOM"
                    plan.authorizer = str(name)
                    if cognito and _list(scopes):
                        plan.method["authorizationScopes"] = [str(s) for s in _list(scopes)]
                elif auth_type == "awssigv4":
                    plan.method["authorizationType"] = "AWS_IAM"
                elif scheme.get("type") == "apiKey":
                    plan.method["apiKeyRequired"] = True

    def _integration(self, plan: MethodPlan, raw: Mapping[str, Any]) -> None:
        params: dict[str, Any] = {}
        kind = _upper(raw.get("type"))
        if kind is not None:
            params["type"] = kind
        for member, source in INTEGRATION_MEMBERS:
            value = raw.get(source)
            if value is not None:
                params[member] = value
        for member in ("passthroughBehavior", "contentHandling", "connectionType"):
            if isinstance(params.get(member), str):
                params[member] = params[member].upper()
        if isinstance(params.get("integrationHttpMethod"), str):
            params["integrationHttpMethod"] = params["integrationHttpMethod"].upper()
        if kind in ("HTTP", "HTTP_PROXY") and "connectionType" not in params:
            params["connectionType"] = "INTERNET"  # R: what PutIntegration answers for HTTP
        for member in ("requestParameters", "requestTemplates"):
            if member in params:
                kept = self._string_map(params[member], member, plan)
                if kept or not params[member]:
                    params[member] = kept
                else:
                    del params[member]  # every entry was skipped: as if it were absent
        plan.integration = params
        for pattern, response in _mapping(raw.get("responses")).items():
            response = _mapping(response)
            status = response.get("statusCode")
            if status is None:
                self.errors.append(
                    f"Integration response for '{pattern}' of resource '{plan.path}' and method "
                    f"'{plan.http_method}' has no statusCode"
                )
                continue
            mapped: dict[str, Any] = {"statusCode": str(status)}
            if pattern != "default":
                mapped["selectionPattern"] = str(pattern)
            for member in ("responseParameters", "responseTemplates"):
                if isinstance(response.get(member), Mapping):
                    mapped[member] = self._string_map(response[member], member, plan)
            if isinstance(response.get("contentHandling"), str):
                mapped["contentHandling"] = response["contentHandling"].upper()
            plan.integration_responses.append(mapped)

    def _string_map(self, value: Any, member: str, plan: MethodPlan) -> dict[str, Any]:
        """The string entries of a map; a warning per other entry (R: requestParameters)."""
        kept: dict[str, Any] = {}
        for key, item in _mapping(value).items():
            if isinstance(item, str) or (item is None and member.endswith("Templates")):
                kept[str(key)] = item
            else:
                self.warnings.append(
                    f"Invalid format for '{member}'. Expected type string for property "
                    f"'{key}' of resource '{plan.path}' and method '{plan.http_method}' but "
                    f"got '{_java(item)}'"
                )
        return kept

    def _authorizers(self) -> list[dict[str, Any]]:
        found = []
        for name, scheme in self.schemes.items():
            scheme = _mapping(scheme)
            raw = scheme.get("x-amazon-apigateway-authorizer")
            if not isinstance(raw, Mapping):
                continue
            params: dict[str, Any] = {"name": str(name), "type": _upper(raw.get("type")) or "TOKEN"}
            for member in AUTHORIZER_MEMBERS:
                if raw.get(member) is not None:
                    params[member] = raw[member]
            auth_type = scheme.get("x-amazon-apigateway-authtype")
            if isinstance(auth_type, str):
                params["authType"] = auth_type
            if (
                "identitySource" not in params
                and params["type"] == "TOKEN"
                and scheme.get("in") == "header"
                and isinstance(scheme.get("name"), str)
            ):
                params["identitySource"] = f"method.request.header.{scheme['name']}"
            found.append(params)
        return found

    # -- references ------------------------------------------------------------------------------

    def _deref(self, value: Any, depth: int = 0) -> Any:
        """``value``, or what its local ``$ref`` points to (an error when it points nowhere)."""
        if not isinstance(value, Mapping) or not isinstance(value.get("$ref"), str):
            return value
        ref = value["$ref"]
        target: Any = self.document
        if ref.startswith("#/") and depth < 20:
            for part in ref[2:].split("/"):
                part = part.replace("~1", "/").replace("~0", "~")
                target = target.get(part) if isinstance(target, Mapping) else None
            if target is not None:
                return self._deref(target, depth + 1)
        self.errors.append(f"Unable to resolve reference '{ref}'")
        return {}

    def _model_name(self, schema: Any) -> str | None:
        """The model a body or response schema names (a ``$ref`` to a definition)."""
        schema = _mapping(schema)
        ref = schema.get("$ref")
        if not isinstance(ref, str):
            return None  # an inline schema names no model (P: openapi-import-scope)
        prefix = "#/components/schemas/" if self.oas3 else "#/definitions/"
        if ref.startswith(prefix):
            name = ref[len(prefix) :]
            models_at = (
                _mapping(_mapping(self.document.get("components")).get("schemas"))
                if self.oas3
                else _mapping(self.document.get("definitions"))
            )
            if name in models_at:
                return name
        self.errors.append(f"Unable to resolve reference '{ref}'")
        return None


INTEGRATION_MEMBERS = (
    ("integrationHttpMethod", "httpMethod"),
    ("uri", "uri"),
    ("credentials", "credentials"),
    ("requestParameters", "requestParameters"),
    ("requestTemplates", "requestTemplates"),
    ("passthroughBehavior", "passthroughBehavior"),
    ("cacheNamespace", "cacheNamespace"),
    ("cacheKeyParameters", "cacheKeyParameters"),
    ("contentHandling", "contentHandling"),
    ("timeoutInMillis", "timeoutInMillis"),
    ("connectionType", "connectionType"),
    ("connectionId", "connectionId"),
    ("tlsConfig", "tlsConfig"),
)
AUTHORIZER_MEMBERS = (
    "authorizerUri",
    "authorizerCredentials",
    "identitySource",
    "identityValidationExpression",
    "authorizerResultTtlInSeconds",
    "providerARNs",
)
GATEWAY_RESPONSE_MEMBERS = ("statusCode", "responseParameters", "responseTemplates")


def model_schema(schema: Any, prefix: str, api_id: str) -> str:
    """A model's schema as CreateModel takes it: JSON text, model references as AWS URLs."""

    url = f"https://apigateway.amazonaws.com/restapis/{api_id}/models/"

    def rewrite(value: Any) -> Any:
        if isinstance(value, Mapping):
            return {
                key: (
                    url + item[len(prefix) :]
                    if key == "$ref" and isinstance(item, str) and item.startswith(prefix)
                    else rewrite(item)
                )
                for key, item in value.items()
            }
        if isinstance(value, list):
            return [rewrite(item) for item in value]
        return value

    return json.dumps(rewrite(schema), separators=(",", ":"), default=str)


# -- small readers ------------------------------------------------------------------------------


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _text(value: Any) -> str | None:
    """A scalar as text (YAML reads ``version: 1.0`` as a number); None for anything else."""
    if isinstance(value, bool) or value is None or isinstance(value, (Mapping, list)):
        return None
    return str(value)


def _upper(value: Any) -> str | None:
    return value.upper() if isinstance(value, str) else None


def _policy(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, (Mapping, list)):
        return json.dumps(value, separators=(",", ":"))
    return None


def _pick(value: Any, members: tuple[str, ...]) -> dict[str, Any]:
    value = _mapping(value)
    return {m: value[m] if m != "statusCode" else str(value[m]) for m in members if m in value}


def _java(value: Any) -> str:
    """A JSON value as AWS prints it in its warnings."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (Mapping, list)):
        return json.dumps(value, separators=(",", ":"))
    return str(value)


def _join(base: str, path: str) -> str:
    segments = [s for s in f"{base}/{path}".split("/") if s]
    return "/" + "/".join(segments)


def _ancestors(path: str) -> Iterator[str]:
    """``/a/b/c`` -> ``/``, ``/a``, ``/a/b``, ``/a/b/c``."""
    yield "/"
    segments = [s for s in path.split("/") if s]
    for end in range(1, len(segments) + 1):
        yield "/" + "/".join(segments[:end])


__all__ = ["ApiPlan", "MethodPlan", "load", "model_schema", "read"]
