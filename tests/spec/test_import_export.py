"""aws-deployment-surface.md §3.7: ImportRestApi, PutRestApi, GetExport.

The documents here have no ``responses``, ``definitions`` or authorizers unless the operations
those need are emulated (another branch adds them): until then such a document fails closed,
which is tested too.
"""

from __future__ import annotations

import io
import json
import re
from datetime import datetime, timezone
from typing import Any

import pytest
import time_machine
from botocore.response import StreamingBody

from apigw_canary_mock import MockError
from apigw_canary_mock.operations import openapi_document

from .helpers import (
    EXPORT_CONTENT_TYPE,
    INVALID_OPENAPI_INPUT,
    REQUEST_PARAMETER_WARNING,
    STAGE_NOT_FOUND,
    api_not_found,
    body,
    export_disposition,
    raises_api_error,
    raises_mock_error,
    status_of,
)

QUERY_TYPE = "method.request.querystring.type"


def swagger(**extra: Any) -> dict[str, Any]:
    """A Swagger 2.0 pet store: /pets (GET over HTTP), /pets/{petId} (GET, OPTIONS mocks)."""
    document: dict[str, Any] = {
        "swagger": "2.0",
        "info": {"title": "PetStore", "description": "pets", "version": "1.0"},
        "basePath": "/base-url/part",
        "x-amazon-apigateway-binary-media-types": ["image/png"],
        "paths": {
            "/pets": {
                "get": {
                    "operationId": "ListPets",
                    "parameters": [{"name": "type", "in": "query", "type": "string"}],
                    "x-amazon-apigateway-integration": {
                        "type": "http",
                        "httpMethod": "GET",
                        "uri": "http://petstore.example.com/petstore/pets",
                        "passthroughBehavior": "when_no_match",
                        "requestParameters": {"integration.request.querystring.type": QUERY_TYPE},
                    },
                }
            },
            "/pets/{petId}": {
                "parameters": [{"name": "petId", "in": "path", "required": True, "type": "string"}],
                "get": {
                    "x-amazon-apigateway-integration": {
                        "type": "mock",
                        "requestTemplates": {"application/json": '{"statusCode": 200}'},
                    }
                },
                "options": {"x-amazon-apigateway-integration": {"type": "mock"}},
            },
        },
    }
    document.update(extra)
    return document


def oas30(server: str = "https://{host}/{basePath}") -> dict[str, Any]:
    document = swagger()
    del document["swagger"], document["basePath"]
    document["openapi"] = "3.0.1"
    document["servers"] = [
        {
            "url": server,
            "variables": {
                "host": {"default": "x.example.com"},
                "basePath": {"default": "base-url/part"},
            },
        }
    ]
    return document


def encode(document: dict[str, Any]) -> bytes:
    return json.dumps(document).encode()


def resources(client: Any, api_id: str) -> dict[str, dict[str, Any]]:
    return {r["path"]: r for r in client.get_resources(restApiId=api_id, limit=500)["items"]}


def methods(client: Any, api_id: str) -> dict[str, dict[str, Any]]:
    found = client.get_resources(restApiId=api_id, embed=["methods"], limit=500)["items"]
    return {r["path"]: r.get("resourceMethods", {}) for r in found}


# -- ImportRestApi --------------------------------------------------------------------------


def test_import_swagger(client: Any) -> None:
    imported = client.import_rest_api(body=encode(swagger()))
    assert status_of(imported) == 201
    got = body(imported)
    assert (got["name"], got["description"], got["version"]) == ("PetStore", "pets", "1.0")
    assert got["binaryMediaTypes"] == ["image/png"]
    assert "tags" not in got
    assert "warnings" not in got
    found = resources(client, got["id"])
    assert set(found) == {"/", "/pets", "/pets/{petId}"}
    assert found["/pets/{petId}"]["resourceMethods"] == {"GET": {}, "OPTIONS": {}}
    assert "resourceMethods" not in found["/"]
    pets = methods(client, got["id"])["/pets"]["GET"]
    assert pets["operationName"] == "ListPets"
    assert pets["requestParameters"] == {"method.request.querystring.type": False}
    integration = pets["methodIntegration"]
    assert integration["type"] == "HTTP"
    assert integration["connectionType"] == "INTERNET"
    assert integration["cacheNamespace"] == found["/pets"]["id"]
    assert integration["passthroughBehavior"] == "WHEN_NO_MATCH"
    pet = methods(client, got["id"])["/pets/{petId}"]["GET"]
    assert pet["requestParameters"] == {"method.request.path.petId": True}
    assert "connectionType" not in pet["methodIntegration"]


def test_intermediate_resources_have_no_methods(client: Any) -> None:
    document = swagger(
        paths={"/a/b/c": {"get": {"x-amazon-apigateway-integration": {"type": "mock"}}}}
    )
    api_id = client.import_rest_api(body=encode(document))["id"]
    found = resources(client, api_id)
    assert set(found) == {"/", "/a", "/a/b", "/a/b/c"}
    assert [p for p, r in found.items() if "resourceMethods" in r] == ["/a/b/c"]
    assert found["/a/b"]["parentId"] == found["/a"]["id"]


@pytest.mark.parametrize("kind", ["oas30-json", "oas30-yaml", "swagger-yaml"])
def test_import_openapi_3_and_yaml(client: Any, kind: str) -> None:
    yaml = pytest.importorskip("yaml")
    document = oas30() if kind.startswith("oas30") else swagger()
    raw = yaml.safe_dump(document).encode() if kind.endswith("yaml") else encode(document)
    api_id = client.import_rest_api(body=raw)["id"]
    assert set(resources(client, api_id)) == {"/", "/pets", "/pets/{petId}"}


def test_the_body_as_text_or_a_file(client: Any) -> None:
    as_text = client.import_rest_api(body=json.dumps(swagger()))
    stream = io.BytesIO(encode(swagger()))
    as_file = client.import_rest_api(body=stream)
    assert body(as_text)["name"] == body(as_file)["name"] == "PetStore"


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        ("ignore", {"/", "/pets", "/pets/{petId}"}),
        (
            "prepend",
            {
                "/",
                "/base-url",
                "/base-url/part",
                "/base-url/part/pets",
                "/base-url/part/pets/{petId}",
            },
        ),
        ("split", {"/", "/part", "/part/pets", "/part/pets/{petId}"}),
    ],
)
@pytest.mark.parametrize("flavour", ["swagger", "oas30"])
def test_base_path_modes(client: Any, mode: str, expected: set[str], flavour: str) -> None:
    document = swagger() if flavour == "swagger" else oas30()
    imported = client.import_rest_api(body=encode(document), parameters={"basepath": mode})
    assert set(resources(client, imported["id"])) == expected


def test_a_non_string_request_parameter_is_a_warning(client: Any) -> None:
    document = swagger(
        paths={
            "/test": {
                "get": {
                    "x-amazon-apigateway-integration": {
                        "type": "mock",
                        "requestParameters": {"integration.request.header.nothing": True},
                    }
                }
            }
        }
    )
    imported = body(
        client.import_rest_api(body=encode(document), parameters={"basepath": "prepend"})
    )
    assert imported["warnings"] == [REQUEST_PARAMETER_WARNING]
    integration = methods(client, imported["id"])["/base-url/part/test"]["GET"]["methodIntegration"]
    assert "requestParameters" not in integration
    # P (openapi-fail-on-warnings): refused, nothing created.
    with raises_api_error(
        client,
        "BadRequestException",
        400,
        f"Warnings found during import:\n\t{REQUEST_PARAMETER_WARNING}",
    ):
        client.import_rest_api(
            body=encode(document), parameters={"basepath": "prepend"}, failOnWarnings=True
        )
    assert len(client.get_rest_apis()["items"]) == 1


@pytest.mark.parametrize(
    "raw", [b"{bad json", b"not: [valid yaml", b"", b"\xff\xfe", b"[1, 2]", b'{"info": {}}']
)
def test_an_unreadable_body(client: Any, raw: bytes) -> None:
    with raises_api_error(client, "BadRequestException", 400, INVALID_OPENAPI_INPUT):
        client.import_rest_api(body=raw)
    with raises_api_error(client, "BadRequestException", 400, INVALID_OPENAPI_INPUT):
        client.put_rest_api(restApiId="unknown123", body=raw)  # before the API look-up (R)
    assert client.get_rest_apis()["items"] == []


def test_a_failing_import_creates_nothing(client: Any) -> None:
    document = swagger(
        paths={
            "/ok": {"get": {"x-amazon-apigateway-integration": {"type": "mock"}}},
            "/bad": {"get": {"x-amazon-apigateway-integration": {"type": "bogus"}}},
        }
    )
    with raises_api_error(client, "BadRequestException", 400) as raised:
        client.import_rest_api(body=encode(document))
    assert raised.message.startswith("Errors found during import:\n\t")
    assert client.get_rest_apis()["items"] == []


def test_yaml_without_pyyaml_is_a_clear_error(client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(openapi_document, "yaml_module", lambda: None)
    with raises_mock_error(client, MockError) as caught:
        client.import_rest_api(body=b"swagger: '2.0'\ninfo: {title: x}\n")
    assert caught.name == "MockError"
    assert re.search(r"PyYAML.*apigw_canary_mock\[yaml\]", caught.message)
    assert client.get_rest_apis()["items"] == []


# -- PutRestApi -------------------------------------------------------------------------------


def test_put_rest_api_merge(client: Any) -> None:
    api = body(client.create_rest_api(name="old", binaryMediaTypes=["image/heif"]))
    client.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="kept")
    document = swagger(**{"x-amazon-apigateway-binary-media-types": ["image/png", "image/jpg"]})
    put = client.put_rest_api(restApiId=api["id"], body=encode(document), mode="merge")
    assert status_of(put) == 200
    got = body(put)
    assert got["binaryMediaTypes"] == ["image/heif", "image/png", "image/jpg"]
    assert (got["name"], got["version"], got["tags"]) == ("PetStore", "1.0", {})
    assert set(resources(client, api["id"])) == {"/", "/kept", "/pets", "/pets/{petId}"}


def test_put_rest_api_merge_is_the_default_and_replaces_a_method(client: Any) -> None:
    api_id = client.import_rest_api(body=encode(swagger()))["id"]
    document = swagger(
        paths={"/pets": {"get": {"x-amazon-apigateway-integration": {"type": "mock"}}}}
    )
    client.put_rest_api(restApiId=api_id, body=encode(document))
    found = methods(client, api_id)
    assert found["/pets"]["GET"]["methodIntegration"]["type"] == "MOCK"
    assert "operationName" not in found["/pets"]["GET"]
    assert set(found["/pets/{petId}"]) == {"GET", "OPTIONS"}


def test_put_rest_api_overwrite(client: Any) -> None:
    api = body(client.create_rest_api(name="old", binaryMediaTypes=["image/heif"]))
    client.put_method(
        restApiId=api["id"],
        resourceId=api["rootResourceId"],
        httpMethod="GET",
        authorizationType="NONE",
    )
    client.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="gone")
    document = swagger(**{"x-amazon-apigateway-binary-media-types": ["image/png", "image/jpg"]})
    got = body(client.put_rest_api(restApiId=api["id"], body=encode(document), mode="overwrite"))
    assert got["binaryMediaTypes"] == ["image/png", "image/jpg"]
    assert got["rootResourceId"] == api["rootResourceId"]
    found = resources(client, api["id"])
    assert set(found) == {"/", "/pets", "/pets/{petId}"}
    assert found["/"]["id"] == api["rootResourceId"]
    assert "resourceMethods" not in found["/"]


def test_put_rest_api_of_an_unknown_api(client: Any) -> None:
    with raises_api_error(client, "NotFoundException", 404, api_not_found("unknown123")):
        client.put_rest_api(restApiId="unknown123", body=encode(swagger()))


@pytest.mark.parametrize("mode", ["merge", "overwrite"])
def test_a_failing_put_leaves_the_api_as_it_was(client: Any, mode: str) -> None:
    api_id = client.import_rest_api(body=encode(swagger()))["id"]
    before = (body(client.get_rest_api(restApiId=api_id)), methods(client, api_id))
    document = swagger(
        paths={
            "/new": {"get": {"x-amazon-apigateway-integration": {"type": "mock"}}},
            "/bad": {
                "get": {
                    "x-amazon-apigateway-integration": {
                        "type": "http",
                        "httpMethod": "GET",
                    }
                }
            },
        },
        info={"title": "renamed", "version": "9"},
    )
    with raises_api_error(client, "BadRequestException", 400):
        client.put_rest_api(restApiId=api_id, body=encode(document), mode=mode)
    assert (body(client.get_rest_api(restApiId=api_id)), methods(client, api_id)) == before


# -- GetExport --------------------------------------------------------------------------------


@pytest.fixture
def exported_api(client: Any) -> str:
    api_id = str(client.import_rest_api(body=encode(swagger()))["id"])
    client.create_deployment(restApiId=api_id, stageName="prod")
    return api_id


def read_export(response: dict[str, Any]) -> dict[str, Any]:
    assert isinstance(response["body"], StreamingBody)
    document: dict[str, Any] = json.loads(response["body"].read())
    return document


def test_export_swagger(client: Any, exported_api: str) -> None:
    response = client.get_export(restApiId=exported_api, stageName="prod", exportType="swagger")
    assert status_of(response) == 200
    assert list(body(response)) == ["contentType", "contentDisposition", "body"]
    assert response["contentType"] == EXPORT_CONTENT_TYPE
    assert response["contentDisposition"] == export_disposition("swagger", "1.0")
    document = read_export(response)
    assert document["swagger"] == "2.0"
    assert document["info"]["title"] == "PetStore"
    assert document["host"] == f"{exported_api}.execute-api.us-east-1.amazonaws.com"
    assert document["basePath"] == "/prod"
    assert document["schemes"] == ["https"]
    assert set(document["paths"]) == {"/pets", "/pets/{petId}"}
    assert set(document["paths"]["/pets/{petId}"]) == {"get", "options"}
    assert "x-amazon-apigateway-integration" not in document["paths"]["/pets"]["get"]


def test_export_oas30_with_apigateway_extensions(client: Any, exported_api: str) -> None:
    response = client.get_export(
        restApiId=exported_api,
        stageName="prod",
        exportType="oas30",
        parameters={"extensions": "apigateway"},
    )
    assert response["contentDisposition"] == export_disposition("oas30", "1.0")
    document = read_export(response)
    assert document["openapi"] == "3.0.1"
    assert document["servers"] == [
        {
            "url": f"https://{exported_api}.execute-api.us-east-1.amazonaws.com/{{basePath}}",
            "variables": {"basePath": {"default": "prod"}},
        }
    ]
    integration = document["paths"]["/pets"]["get"]["x-amazon-apigateway-integration"]
    assert integration["type"] == "http"
    assert integration["httpMethod"] == "GET"
    assert integration["uri"] == "http://petstore.example.com/petstore/pets"
    assert integration["passthroughBehavior"] == "when_no_match"
    assert document["x-amazon-apigateway-binary-media-types"] == ["image/png"]


def test_export_then_import_round_trips(client: Any, exported_api: str) -> None:
    for export_type in ("swagger", "oas30"):
        response = client.get_export(
            restApiId=exported_api,
            stageName="prod",
            exportType=export_type,
            parameters={"extensions": "apigateway"},
        )
        copy_id = client.import_rest_api(body=response["body"].read())["id"]
        original, copied = methods(client, exported_api), methods(client, copy_id)
        assert set(original) == set(copied)
        for path, verbs in original.items():
            assert set(verbs) == set(copied[path])
            for verb, method in verbs.items():
                mine, theirs = dict(method), dict(copied[path][verb])
                for one in (mine, theirs):
                    one.get("methodIntegration", {}).pop("cacheNamespace", None)
                assert mine == theirs, (path, verb)


def test_export_version_defaults_to_the_deployment_date(client: Any) -> None:
    document = swagger()
    del document["info"]["version"]
    api_id = client.import_rest_api(body=encode(document))["id"]
    with time_machine.travel(datetime(2024, 5, 1, 9, 30, tzinfo=timezone.utc), tick=False):
        client.create_deployment(restApiId=api_id, stageName="prod")
    response = client.get_export(restApiId=api_id, stageName="prod", exportType="oas30")
    assert response["contentDisposition"] == export_disposition("oas30", "2024-05-01T09:30:00Z")
    assert read_export(response)["info"]["version"] == "2024-05-01T09:30:00Z"


def test_export_of_an_unknown_stage(client: Any, exported_api: str) -> None:
    with raises_api_error(client, "NotFoundException", 404, STAGE_NOT_FOUND):
        client.get_export(restApiId=exported_api, stageName="nope", exportType="swagger")


def test_export_of_an_unknown_type(client: Any, exported_api: str) -> None:
    with raises_api_error(
        client,
        "BadRequestException",
        400,
        "Invalid export type specified: postman. Must be one of: [swagger, oas30]",
    ):
        client.get_export(restApiId=exported_api, stageName="prod", exportType="postman")


def test_export_as_yaml(client: Any, exported_api: str) -> None:
    yaml = pytest.importorskip("yaml")
    response = client.get_export(
        restApiId=exported_api, stageName="prod", exportType="swagger", accepts="application/yaml"
    )
    assert response["contentDisposition"] == 'attachment; filename="swagger_1.0.yaml"'
    assert yaml.safe_load(response["body"].read())["swagger"] == "2.0"


def test_the_export_body_reads_in_chunks(client: Any, exported_api: str) -> None:
    response = client.get_export(restApiId=exported_api, stageName="prod", exportType="swagger")
    whole = b"".join(response["body"].iter_chunks(chunk_size=100))
    assert json.loads(whole)["swagger"] == "2.0"


# -- with responses, models, an authorizer and a request validator ------------------------------


def full_swagger(**extra: Any) -> dict[str, Any]:
    """The pet store with responses, models, an (unused) authorizer and a request validator."""
    document = swagger(**extra)
    get = document["paths"]["/pets"]["get"]
    get["responses"] = {
        "200": {
            "description": "ok",
            "schema": {"$ref": "#/definitions/Pets"},
            "headers": {"x-next": {"type": "string"}},
        },
        "404": {"description": "none"},
    }
    get["x-amazon-apigateway-request-validator"] = "params"
    get["x-amazon-apigateway-integration"]["responses"] = {
        "default": {"statusCode": "200", "responseTemplates": {"application/json": "{}"}}
    }
    document["definitions"] = {
        "Pet": {"type": "object", "properties": {"id": {"type": "integer"}}},
        "Pets": {"type": "array", "items": {"$ref": "#/definitions/Pet"}},
    }
    document["securityDefinitions"] = {
        "unused-authorizer": {
            "type": "apiKey",
            "name": "Authorization",
            "in": "header",
            "x-amazon-apigateway-authtype": "custom",
            "x-amazon-apigateway-authorizer": {
                "type": "token",
                "authorizerUri": "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
                "arn:aws:lambda:us-east-1:123456789012:function:auth/invocations",
                "authorizerResultTtlInSeconds": 300,
            },
        }
    }
    document["x-amazon-apigateway-request-validators"] = {
        "params": {"validateRequestBody": False, "validateRequestParameters": True}
    }
    return document


def test_import_everything_a_document_defines(client: Any) -> None:
    api_id = client.import_rest_api(body=encode(full_swagger()))["id"]
    # Only the document's models: no default Empty / Error (R).
    assert {m["name"] for m in client.get_models(restApiId=api_id)["items"]} == {"Pet", "Pets"}
    (authorizer,) = client.get_authorizers(restApiId=api_id)["items"]
    assert (authorizer["name"], authorizer["type"]) == ("unused-authorizer", "TOKEN")
    assert authorizer["identitySource"] == "method.request.header.Authorization"
    (validator,) = client.get_request_validators(restApiId=api_id)["items"]
    pets_id = resources(client, api_id)["/pets"]["id"]
    method = methods(client, api_id)["/pets"]["GET"]
    assert method["requestValidatorId"] == validator["id"]
    ok = client.get_method_response(
        restApiId=api_id, resourceId=pets_id, httpMethod="GET", statusCode="200"
    )
    assert ok["responseModels"] == {"application/json": "Pets"}
    assert ok["responseParameters"] == {"method.response.header.x-next": False}
    integration_ok = client.get_integration_response(
        restApiId=api_id, resourceId=pets_id, httpMethod="GET", statusCode="200"
    )
    assert integration_ok["responseTemplates"] == {"application/json": "{}"}
    assert "selectionPattern" not in integration_ok
    # A response code without an integration response mapping (R).
    with raises_api_error(
        client, "NotFoundException", 404, "Invalid Response status code specified"
    ):
        client.get_integration_response(
            restApiId=api_id, resourceId=pets_id, httpMethod="GET", statusCode="404"
        )


def test_overwrite_replaces_the_models(client: Any) -> None:
    api_id = client.import_rest_api(body=encode(full_swagger()))["id"]
    client.put_rest_api(restApiId=api_id, body=encode(swagger()), mode="overwrite")
    assert client.get_models(restApiId=api_id)["items"] == []


def test_export_and_reimport_keep_responses_and_models(client: Any) -> None:
    api_id = client.import_rest_api(body=encode(full_swagger()))["id"]
    client.create_deployment(restApiId=api_id, stageName="prod")
    exported = client.get_export(
        restApiId=api_id,
        stageName="prod",
        exportType="swagger",
        parameters={"extensions": "apigateway"},
    )
    document = json.loads(exported["body"].read())
    assert document["definitions"]["Pets"]["items"] == {"$ref": "#/definitions/Pet"}
    responses = document["paths"]["/pets"]["get"]["responses"]
    assert set(responses) == {"200", "404"}
    assert responses["200"]["schema"] == {"$ref": "#/definitions/Pets"}
    integration = document["paths"]["/pets"]["get"]["x-amazon-apigateway-integration"]
    assert integration["responses"]["default"]["statusCode"] == "200"


# -- x-amazon-apigateway-gateway-responses ---------------------------------------------------------

GATEWAY_RESPONSES = {
    # statusCode as an integer: the documents AWS's examples show take it as a string; a
    # number reads as its text.
    "DEFAULT_4XX": {"statusCode": 488, "responseTemplates": {"application/json": '{"m": 1}'}},
    "INVALID_API_KEY": {
        "statusCode": "456",
        "responseParameters": {"gatewayresponse.header.api-key": "method.request.header.api-key"},
        "responseTemplates": {"application/json": '{"message": "Bad api-key" }'},
    },
}


def customised(client: Any, api_id: str) -> dict[str, dict[str, Any]]:
    return {
        item["responseType"]: item
        for item in client.get_gateway_responses(restApiId=api_id)["items"]
        if not item["defaultResponse"]
    }


def test_import_creates_the_gateway_responses(client: Any) -> None:
    document = swagger(**{"x-amazon-apigateway-gateway-responses": GATEWAY_RESPONSES})
    api_id = client.import_rest_api(body=encode(document))["id"]
    assert customised(client, api_id) == {
        "DEFAULT_4XX": {
            "responseType": "DEFAULT_4XX",
            "statusCode": "488",
            "responseParameters": {},
            "responseTemplates": {"application/json": '{"m": 1}'},
            "defaultResponse": False,
        },
        "INVALID_API_KEY": {
            "responseType": "INVALID_API_KEY",
            "statusCode": "456",
            "responseParameters": {
                "gatewayresponse.header.api-key": "method.request.header.api-key"
            },
            "responseTemplates": {"application/json": '{"message": "Bad api-key" }'},
            "defaultResponse": False,
        },
    }
    # A 4xx type not customised takes DEFAULT_4XX's (R for DEFAULT_5XX, D for DEFAULT_4XX).
    throttled = client.get_gateway_response(restApiId=api_id, responseType="THROTTLED")
    assert (throttled["statusCode"], throttled["defaultResponse"]) == ("488", True)


@pytest.mark.parametrize(
    ("responses", "message"),
    [
        (
            {"BOGUS": {"statusCode": "400"}},
            "Errors found during import:\n\tUnable to put gateway response 'BOGUS': Invalid "
            "responseType specified: BOGUS. Must be one of: [REQUEST_TOO_LARGE, ",
        ),
        (
            {"THROTTLED": {"statusCode": "42"}},
            "Errors found during import:\n\tUnable to put gateway response 'THROTTLED': Invalid "
            "status code specified: 42",
        ),
    ],
)
def test_a_bad_gateway_response_fails_the_import(
    client: Any, responses: dict[str, Any], message: str
) -> None:
    """P (openapi-build-errors, enum-fallback, gateway-response-status-value): the document
    skips the validation layer, so the handler checks what it would have."""
    document = swagger(**{"x-amazon-apigateway-gateway-responses": responses})
    with raises_api_error(client, "BadRequestException", 400) as raised:
        client.import_rest_api(body=encode(document))
    assert raised.response["Error"]["Message"].startswith(message)
    assert client.get_rest_apis()["items"] == []


def test_put_rest_api_merge_and_overwrite_of_gateway_responses(client: Any) -> None:
    api_id = client.create_rest_api(name="old")["id"]
    client.put_gateway_response(restApiId=api_id, responseType="THROTTLED", statusCode="499")
    document = swagger(**{"x-amazon-apigateway-gateway-responses": GATEWAY_RESPONSES})
    client.put_rest_api(restApiId=api_id, body=encode(document), mode="merge")
    assert set(customised(client, api_id)) == {"THROTTLED", "DEFAULT_4XX", "INVALID_API_KEY"}
    client.put_rest_api(restApiId=api_id, body=encode(swagger()), mode="overwrite")
    assert customised(client, api_id) == {}


def test_export_writes_the_customised_gateway_responses_and_reimports_them(client: Any) -> None:
    """P (get-export-gateway-responses)."""
    document = swagger(**{"x-amazon-apigateway-gateway-responses": GATEWAY_RESPONSES})
    api_id = client.import_rest_api(body=encode(document))["id"]
    client.put_gateway_response(restApiId=api_id, responseType="THROTTLED", responseTemplates={})
    client.create_deployment(restApiId=api_id, stageName="prod")
    plain = client.get_export(restApiId=api_id, stageName="prod", exportType="oas30")
    assert "x-amazon-apigateway-gateway-responses" not in read_export(plain)
    for export_type in ("swagger", "oas30"):
        response = client.get_export(
            restApiId=api_id,
            stageName="prod",
            exportType=export_type,
            parameters={"extensions": "apigateway"},
        )
        exported = json.loads(response["body"].read())
        assert exported["x-amazon-apigateway-gateway-responses"] == {
            "DEFAULT_4XX": {
                "statusCode": "488",
                "responseTemplates": {"application/json": '{"m": 1}'},
            },
            "INVALID_API_KEY": GATEWAY_RESPONSES["INVALID_API_KEY"],
            "THROTTLED": {"statusCode": "429", "responseTemplates": {}},
        }
        copy_id = client.import_rest_api(body=json.dumps(exported).encode())["id"]
        assert customised(client, copy_id) == customised(client, api_id)


# -- a stage exports its deployment, not the live API ------------------------------------------

PET_SCHEMA = {"type": "object", "properties": {"id": {"type": "integer"}}}
NEW_PET_SCHEMA = {"type": "object", "properties": {"name": {"type": "string"}}}


def export_of(client: Any, api_id: str, stage: str) -> dict[str, Any]:
    response = client.get_export(
        restApiId=api_id,
        stageName=stage,
        exportType="swagger",
        parameters={"extensions": "apigateway"},
    )
    return read_export(response)


def deployable_full_api(client: Any) -> str:
    document = full_swagger(**{"x-amazon-apigateway-gateway-responses": GATEWAY_RESPONSES})
    return str(client.import_rest_api(body=encode(document))["id"])


def change_the_live_api(client: Any, api_id: str) -> None:
    """A method with its integration added, a model's schema changed, a gateway response
    updated and one added, a resource deleted, and the description changed."""
    found = resources(client, api_id)
    pets = found["/pets"]["id"]
    client.put_method(
        restApiId=api_id, resourceId=pets, httpMethod="POST", authorizationType="NONE"
    )
    client.put_integration(restApiId=api_id, resourceId=pets, httpMethod="POST", type="MOCK")
    client.update_model(
        restApiId=api_id,
        modelName="Pet",
        patchOperations=[{"op": "replace", "path": "/schema", "value": json.dumps(NEW_PET_SCHEMA)}],
    )
    client.put_gateway_response(restApiId=api_id, responseType="DEFAULT_4XX", statusCode="477")
    client.put_gateway_response(restApiId=api_id, responseType="THROTTLED", statusCode="499")
    client.delete_resource(restApiId=api_id, resourceId=found["/pets/{petId}"]["id"])
    client.update_rest_api(
        restApiId=api_id,
        patchOperations=[{"op": "replace", "path": "/description", "value": "live pets"}],
    )


def test_export_shows_the_deployed_definition_not_the_live_one(client: Any) -> None:
    """R (deployment-snapshot) and P (get-export-policy): the definition is the stage's
    deployment's; API-level members (here the description) are the live API's."""
    api_id = deployable_full_api(client)
    client.create_deployment(restApiId=api_id, stageName="prod")
    deployed = export_of(client, api_id, "prod")
    change_the_live_api(client, api_id)
    exported = export_of(client, api_id, "prod")
    assert set(exported["paths"]) == {"/pets", "/pets/{petId}"}
    assert set(exported["paths"]["/pets"]) == {"get"}
    assert exported["definitions"]["Pet"] == PET_SCHEMA
    assert exported["x-amazon-apigateway-gateway-responses"] == {
        "DEFAULT_4XX": {"statusCode": "488", "responseTemplates": {"application/json": '{"m": 1}'}},
        "INVALID_API_KEY": GATEWAY_RESPONSES["INVALID_API_KEY"],
    }
    assert exported["info"]["description"] == "live pets"
    assert {**exported, "info": deployed["info"]} == deployed


def test_a_new_deployment_of_the_stage_exports_the_new_definition(client: Any) -> None:
    api_id = deployable_full_api(client)
    client.create_deployment(restApiId=api_id, stageName="prod")
    change_the_live_api(client, api_id)
    client.create_deployment(restApiId=api_id, stageName="prod")
    # A change after the new deployment does not show either.
    pets = resources(client, api_id)["/pets"]["id"]
    client.delete_method(restApiId=api_id, resourceId=pets, httpMethod="POST")
    exported = export_of(client, api_id, "prod")
    assert set(exported["paths"]) == {"/pets"}
    assert set(exported["paths"]["/pets"]) == {"get", "post"}
    assert exported["paths"]["/pets"]["post"]["x-amazon-apigateway-integration"]["type"] == "mock"
    assert exported["definitions"]["Pet"] == NEW_PET_SCHEMA
    responses = exported["x-amazon-apigateway-gateway-responses"]
    assert (responses["DEFAULT_4XX"]["statusCode"], responses["THROTTLED"]["statusCode"]) == (
        "477",
        "499",
    )


def test_two_stages_on_two_deployments_export_differently(client: Any) -> None:
    api_id = deployable_full_api(client)
    first = client.create_deployment(restApiId=api_id, stageName="old")["id"]
    change_the_live_api(client, api_id)
    old = export_of(client, api_id, "old")
    assert set(old["paths"]) == {"/pets", "/pets/{petId}"}
    client.create_deployment(restApiId=api_id, stageName="new")
    assert export_of(client, api_id, "old") == old
    new = export_of(client, api_id, "new")
    assert set(new["paths"]["/pets"]) == {"get", "post"}
    assert new["definitions"]["Pet"] != old["definitions"]["Pet"]
    # The stage moved to the later deployment exports it; moved back, the first again.
    client.update_stage(
        restApiId=api_id,
        stageName="old",
        patchOperations=[
            {"op": "replace", "path": "/deploymentId", "value": new_id(client, api_id)}
        ],
    )
    assert export_of(client, api_id, "old") == {**new, "basePath": "/old"}
    client.update_stage(
        restApiId=api_id,
        stageName="old",
        patchOperations=[{"op": "replace", "path": "/deploymentId", "value": first}],
    )
    assert export_of(client, api_id, "old") == old


def new_id(client: Any, api_id: str) -> str:
    return str(client.get_stage(restApiId=api_id, stageName="new")["deploymentId"])


def test_a_canary_stage_exports_its_own_deployment_not_the_canary(client: Any) -> None:
    """P (get-export-policy): the stage's deploymentId, not canarySettings.deploymentId."""
    api_id = deployable_full_api(client)
    client.create_deployment(restApiId=api_id, stageName="prod")
    deployed = export_of(client, api_id, "prod")
    change_the_live_api(client, api_id)
    client.create_deployment(
        restApiId=api_id, stageName="prod", canarySettings={"percentTraffic": 10.0}
    )
    assert client.get_stage(restApiId=api_id, stageName="prod")["canarySettings"]
    assert export_of(client, api_id, "prod")["paths"] == deployed["paths"]
