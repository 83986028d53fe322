"""GetExport: a stage's REST API as an OpenAPI document, Swagger 2.0 or OpenAPI 3.0.1 (§3.7).

The document is made from what the read operations answer (GetRestApi, GetResources with
methods, and GetModels / GetAuthorizers / GetGatewayResponses when the mock emulates them),
called by name through the operations table: whatever those answers hold is exported, and
nothing else. They read the API as the stage's deployment serves it (``RestApi.as_deployed``:
the deployment's snapshot of the definition, the API's own members live), through a Backend
view (``Backend.viewing``): nothing stored is copied or changed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from typing import Any

from ..core.errors import bad_request
from ..core.evidence import rule
from ..core.store import Backend
from .openapi_document import yaml_module
from .result import OperationHandler, Result, optional_text, string_map, text

EXPORT_SHAPE = rule(
    "get-export-answer",
    "R",
    "GetExport answers 200: the document as bytes, contentType 'application/octet-stream', "
    "contentDisposition 'attachment; filename=\"<swagger|oas30>_<version>.json\"'; Swagger has "
    "host <id>.execute-api.<region>.amazonaws.com, basePath /<stage>, schemes [https]; OpenAPI "
    "3.0.1 has the server https://<id>.execute-api.<region>.amazonaws.com/{basePath} with "
    "basePath's default the stage",
)
EXPORT_EXTENSIONS = rule(
    "get-export-extensions",
    "R",
    "parameters extensions=apigateway adds x-amazon-apigateway-integration (type and "
    "passthroughBehavior in lower case, responses by selection pattern, 'default' for the "
    "default one)",
)
EXPORT_POLICY = rule(
    "get-export-policy",
    "P",
    "GetExport: info.version is the API's version, else the stage deployment's creation time "
    "(ISO 8601, UTC); the definition exported (paths, methods, integrations, responses, models, "
    "authorizers, gateway responses) is the stage's deployment's snapshot (not its canary's), "
    "the live definition when that deployment has none (a state file from before snapshots); "
    "the API's own members (title, description, version, binary media types) are the live "
    "API's; extensions=integrations adds the integrations only, extensions=authorizers the "
    "authorizers only, apigateway both and x-amazon-apigateway-binary-media-types; paths sorted; "
    "JSON indented by 2; accepts application/yaml gives YAML (needs PyYAML) named .yaml",
)
EXPORT_GATEWAY_RESPONSES = rule(
    "get-export-gateway-responses",
    "P",
    "GetExport with extensions=apigateway adds x-amazon-apigateway-gateway-responses: the "
    "customised gateway responses only (defaultResponse false), each with statusCode (when it "
    "has one), responseParameters (when not empty) and responseTemplates (always: an import "
    "without them would make the default template)",
)
EXPORT_TYPE = rule(
    "get-export-type",
    "P",
    "GetExport of an exportType other than swagger or oas30: 400 'Invalid export type "
    "specified: <type>. Must be one of: [swagger, oas30]'",
)

EXPORT_TYPES = ("swagger", "oas30")
_VERBS = {"ANY": "x-amazon-apigateway-any-method"}
Call = Callable[..., dict[str, Any]]


def handlers(table: Mapping[str, OperationHandler]) -> dict[str, OperationHandler]:
    def get_export(backend: Backend, params: dict[str, Any]) -> Result:
        api_id = text(params, "restApiId")
        api = backend.rest_api(api_id)
        stage = api.stage(text(params, "stageName"))
        export_type = text(params, "exportType")
        if export_type not in EXPORT_TYPES:
            raise bad_request(
                f"Invalid export type specified: {export_type}. Must be one of: [swagger, oas30]",
                EXPORT_TYPE,
            )
        options = string_map(params, "parameters") or {}
        extensions = {e.strip().lower() for e in options.get("extensions", "").split(",")}
        deployment = api.deployments.get(stage.deployment_id)
        # What the stage serves: its deployment's definition.
        source = backend if deployment is None else backend.viewing(api.as_deployed(deployment))

        def call(operation: str, **call_params: Any) -> dict[str, Any]:
            return table[operation](source, {"restApiId": api_id, **call_params}).body

        created = deployment.created_date if deployment is not None else stage.created_date
        version = api.version or datetime.fromtimestamp(created, timezone.utc).strftime(
            "%Y-%m-%dT%H:%M:%SZ"
        )
        exporter = _Exporter(table, call, export_type == "oas30", extensions)
        exported = exporter.document(version, stage.name, backend.region)
        yaml_wanted = (optional_text(params, "accepts") or "").lower() == "application/yaml"
        yaml = yaml_module() if yaml_wanted else None
        if yaml is not None:
            content = yaml.safe_dump(exported, sort_keys=False).encode("utf-8")
            suffix = "yaml"
        else:
            content = json.dumps(exported, indent=2).encode("utf-8")
            suffix = "json"
        backend.journal.note(EXPORT_POLICY)
        if "x-amazon-apigateway-gateway-responses" in exported:
            backend.journal.note(EXPORT_GATEWAY_RESPONSES)
        return Result(
            {
                "contentType": "application/octet-stream",
                "contentDisposition": f'attachment; filename="{export_type}_{version}.{suffix}"',
                "body": content,
            }
        )

    return {"GetExport": get_export}


class _Exporter:
    def __init__(
        self,
        table: Mapping[str, OperationHandler],
        call: Call,
        oas3: bool,
        extensions: set[str],
    ) -> None:
        self.table = table
        self.call = call
        self.oas3 = oas3
        self.integrations = bool(extensions & {"apigateway", "integrations"})
        self.authorizer_extensions = bool(extensions & {"apigateway", "authorizers"})
        self.apigateway = "apigateway" in extensions
        self.model_prefix = "#/components/schemas/" if oas3 else "#/definitions/"
        self.schemes: dict[str, Any] = {}
        self.authorizers = {a["id"]: a for a in self._all("GetAuthorizers")}

    def document(self, version: str, stage: str, region: str) -> dict[str, Any]:
        api = self.call("GetRestApi")
        info: dict[str, Any] = {"version": version, "title": api["name"]}
        if "description" in api:
            info["description"] = api["description"]
        host = f"{api['id']}.execute-api.{region}.amazonaws.com"
        paths = self._paths()
        models = {m["name"]: self._schema(m) for m in self._all("GetModels")}
        exported: dict[str, Any]
        if self.oas3:
            exported = {
                "openapi": "3.0.1",
                "info": info,
                "servers": [
                    {
                        "url": f"https://{host}/{{basePath}}",
                        "variables": {"basePath": {"default": stage}},
                    }
                ],
                "paths": paths,
            }
            components = {
                key: value
                for key, value in (("schemas", models), ("securitySchemes", self.schemes))
                if value
            }
            if components:
                exported["components"] = components
        else:
            exported = {
                "swagger": "2.0",
                "info": info,
                "host": host,
                "basePath": f"/{stage}",
                "schemes": ["https"],
                "paths": paths,
            }
            if self.schemes:
                exported["securityDefinitions"] = self.schemes
            if models:
                exported["definitions"] = models
        if self.apigateway and api.get("binaryMediaTypes"):
            exported["x-amazon-apigateway-binary-media-types"] = api["binaryMediaTypes"]
        if self.apigateway:
            responses = self._gateway_responses()
            if responses:
                exported["x-amazon-apigateway-gateway-responses"] = responses
        return exported

    def _gateway_responses(self) -> dict[str, Any]:
        """The customised gateway responses, by type, as the extension writes them."""
        if "GetGatewayResponses" not in self.table:
            return {}
        exported: dict[str, Any] = {}
        # One answer holds every type (the collection is not paged).
        for response in self.call("GetGatewayResponses")["items"]:
            if response.get("defaultResponse", True):
                continue
            entry: dict[str, Any] = {}
            if "statusCode" in response:
                entry["statusCode"] = response["statusCode"]
            if response.get("responseParameters"):
                entry["responseParameters"] = response["responseParameters"]
            entry["responseTemplates"] = response.get("responseTemplates", {})
            exported[str(response["responseType"])] = entry
        return exported

    def _all(self, operation: str, **params: Any) -> list[dict[str, Any]]:
        if operation not in self.table:
            return []
        items: list[dict[str, Any]] = []
        position: str | None = None
        while True:
            extra = {} if position is None else {"position": position}
            page = self.call(operation, limit=500, **params, **extra)
            items.extend(page.get("items", ()))
            position = page.get("position")
            if position is None:
                return items

    def _schema(self, model: Mapping[str, Any]) -> Any:
        try:
            schema = json.loads(model.get("schema") or "{}")
        except ValueError:
            return {}
        marker = "/models/"

        def rewrite(value: Any) -> Any:
            if isinstance(value, dict):
                return {
                    key: (
                        self.model_prefix + item.rsplit(marker, 1)[1]
                        if key == "$ref" and isinstance(item, str) and marker in item
                        else rewrite(item)
                    )
                    for key, item in value.items()
                }
            if isinstance(value, list):
                return [rewrite(item) for item in value]
            return value

        return rewrite(schema)

    # -- paths ----------------------------------------------------------------------------------

    def _paths(self) -> dict[str, Any]:
        paths: dict[str, Any] = {}
        resources = self._all("GetResources", embed=["methods"])
        for resource in sorted(resources, key=lambda r: str(r.get("path"))):
            methods = resource.get("resourceMethods") or {}
            if not methods:
                continue
            item: dict[str, Any] = {}
            for verb in sorted(methods):
                item[_VERBS.get(verb, verb.lower())] = self._operation(methods[verb])
            paths[str(resource["path"])] = item
        return paths

    def _operation(self, method: Mapping[str, Any]) -> dict[str, Any]:
        operation: dict[str, Any] = {}
        if method.get("operationName"):
            operation["operationId"] = method["operationName"]
        parameters = []
        for name, required in (method.get("requestParameters") or {}).items():
            parts = str(name).split(".", 3)
            if len(parts) != 4:
                continue
            where = {"querystring": "query"}.get(parts[2], parts[2])
            parameter: dict[str, Any] = {"name": parts[3], "in": where}
            parameter["required"] = True if where == "path" else bool(required)
            if self.oas3:
                parameter["schema"] = {"type": "string"}
            else:
                parameter["type"] = "string"
            parameters.append(parameter)
        models = method.get("requestModels") or {}
        if models and not self.oas3:
            operation["consumes"] = list(models)
            name = next(iter(models.values()))
            parameters.append(
                {
                    "in": "body",
                    "name": name,
                    "required": True,
                    "schema": {"$ref": self.model_prefix + name},
                }
            )
        if parameters:
            operation["parameters"] = parameters
        if models and self.oas3:
            operation["requestBody"] = {
                "content": {
                    content_type: {"schema": {"$ref": self.model_prefix + model}}
                    for content_type, model in models.items()
                },
                "required": True,
            }
        operation["responses"] = self._responses(method.get("methodResponses") or {})
        security = self._security(method)
        if security:
            operation["security"] = security
        integration = method.get("methodIntegration")
        if self.integrations and isinstance(integration, Mapping):
            operation["x-amazon-apigateway-integration"] = _integration(integration)
        return operation

    def _responses(self, responses: Mapping[str, Any]) -> dict[str, Any]:
        exported: dict[str, Any] = {}
        for code in sorted(responses):
            response = responses[code]
            entry: dict[str, Any] = {"description": f"{code} response"}
            models = response.get("responseModels") or {}
            if models:
                if self.oas3:
                    entry["content"] = {
                        t: {"schema": {"$ref": self.model_prefix + m}} for t, m in models.items()
                    }
                else:
                    entry["schema"] = {"$ref": self.model_prefix + next(iter(models.values()))}
            headers = {
                str(name).rsplit(".", 1)[-1]: (
                    {"schema": {"type": "string"}} if self.oas3 else {"type": "string"}
                )
                for name in (response.get("responseParameters") or {})
                if str(name).startswith("method.response.header.")
            }
            if headers:
                entry["headers"] = headers
            exported[code] = entry
        return exported

    def _security(self, method: Mapping[str, Any]) -> list[dict[str, list[str]]]:
        security: list[dict[str, list[str]]] = []
        kind = method.get("authorizationType")
        if kind == "AWS_IAM":
            self.schemes["sigv4"] = {
                **_api_key_scheme("Authorization"),
                "x-amazon-apigateway-authtype": "awsSigv4",
            }
            security.append({"sigv4": []})
        elif kind in ("CUSTOM", "COGNITO_USER_POOLS"):
            authorizer = self.authorizers.get(method.get("authorizerId"))
            if authorizer is not None:
                name = str(authorizer["name"])
                self.schemes[name] = self._authorizer_scheme(authorizer)
                security.append({name: list(method.get("authorizationScopes") or [])})
        if method.get("apiKeyRequired"):
            self.schemes["api_key"] = _api_key_scheme("x-api-key")
            security.append({"api_key": []})
        return security

    def _authorizer_scheme(self, authorizer: Mapping[str, Any]) -> dict[str, Any]:
        source = str(authorizer.get("identitySource") or "")
        header = source.rsplit(".", 1)[-1] if source.startswith("method.request.header.") else ""
        kind = str(authorizer.get("type", "TOKEN"))
        scheme = _api_key_scheme(header or "Unused")
        scheme["x-amazon-apigateway-authtype"] = authorizer.get(
            "authType", "cognito_user_pools" if kind == "COGNITO_USER_POOLS" else "custom"
        )
        if self.authorizer_extensions:
            extension: dict[str, Any] = {"type": kind.lower()}
            for member in (
                "authorizerUri",
                "authorizerCredentials",
                "identitySource",
                "identityValidationExpression",
                "authorizerResultTtlInSeconds",
                "providerARNs",
            ):
                if authorizer.get(member) is not None:
                    extension[member] = authorizer[member]
            scheme["x-amazon-apigateway-authorizer"] = extension
        return scheme


def _api_key_scheme(header: str) -> dict[str, Any]:
    return {"type": "apiKey", "name": header, "in": "header"}


def _integration(integration: Mapping[str, Any]) -> dict[str, Any]:
    exported: dict[str, Any] = {"type": str(integration.get("type", "")).lower()}
    for member, name in (
        ("httpMethod", "httpMethod"),
        ("uri", "uri"),
        ("credentials", "credentials"),
        ("connectionType", "connectionType"),
        ("connectionId", "connectionId"),
        ("requestParameters", "requestParameters"),
        ("requestTemplates", "requestTemplates"),
        ("contentHandling", "contentHandling"),
        ("cacheNamespace", "cacheNamespace"),
        ("cacheKeyParameters", "cacheKeyParameters"),
    ):
        value = integration.get(member)
        if value not in (None, [], {}):
            exported[name] = value
    responses = {}
    for code, response in sorted((integration.get("integrationResponses") or {}).items()):
        entry: dict[str, Any] = {"statusCode": code}
        for member in ("responseParameters", "responseTemplates", "contentHandling"):
            if response.get(member) is not None:
                entry[member] = response[member]
        responses[response.get("selectionPattern") or "default"] = entry
    if responses:
        exported["responses"] = responses
    exported["passthroughBehavior"] = str(integration.get("passthroughBehavior", "")).lower()
    if integration.get("timeoutInMillis", 29000) != 29000:
        exported["timeoutInMillis"] = integration["timeoutInMillis"]
    return exported
