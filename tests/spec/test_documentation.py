"""Deployment surface §3.13: documentation parts, versions, a stage's documentationVersion."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from .helpers import (
    DOC_IMPORT_BAD_BODY,
    DOC_PART_EXISTS_API,
    DOC_PART_NOT_FOUND,
    DOC_VERSION_EXISTS,
    DOC_VERSION_NOT_FOUND,
    SHORT_ID,
    STAGE,
    STAGE_DOC_VERSION_UNKNOWN,
    api_not_found,
    assert_datetime,
    body,
    create_stage,
    doc_patch_bad_path,
    doc_patch_unsupported_op,
    get_stage,
    invalid_setting_path,
    patch,
    raises_api_error,
    status_of,
)

UNKNOWN_API = "abcde12345"
PROPS = '{ "description": "Sample API description" }'


def create_part(client: Any, api: str, location: dict[str, str], properties: str = PROPS) -> Any:
    return client.create_documentation_part(restApiId=api, location=location, properties=properties)


def parts(client: Any, api: str, **filters: Any) -> list[dict[str, Any]]:
    return list(client.get_documentation_parts(restApiId=api, **filters)["items"])


# --- parts ---------------------------------------------------------------------------------------


def test_create_part(client: Any, api: str) -> None:
    response = create_part(client, api, {"type": "API"})
    assert status_of(response) == 201
    created = body(response)
    assert set(created) == {"id", "location", "properties"}
    assert SHORT_ID.match(created["id"])
    assert created["location"] == {"type": "API"}
    assert created["properties"] == PROPS


def test_get_part_and_parts(client: Any, api: str) -> None:
    created = body(create_part(client, api, {"type": "API"}))
    got = client.get_documentation_part(restApiId=api, documentationPartId=created["id"])
    assert status_of(got) == 200
    assert body(got) == created
    listed = client.get_documentation_parts(restApiId=api)
    assert body(listed) == {"items": [created]}


def test_location_keeps_only_the_fields_given(client: Any, api: str) -> None:
    method = body(create_part(client, api, {"type": "METHOD", "path": "/pets", "method": "GET"}))
    assert method["location"] == {"type": "METHOD", "path": "/pets", "method": "GET"}
    resource = body(create_part(client, api, {"type": "RESOURCE"}))
    assert resource["location"] == {"type": "RESOURCE"}
    header = {
        "type": "RESPONSE_HEADER",
        "path": "/",
        "method": "GET",
        "statusCode": "200",
        "name": "Content-Type",
    }
    assert body(create_part(client, api, header))["location"] == header


def test_update_part_properties(client: Any, api: str) -> None:
    part_id = create_part(client, api, {"type": "API"})["id"]
    new = '{ "description": "Updated Sample API description" }'
    response = client.update_documentation_part(
        restApiId=api,
        documentationPartId=part_id,
        patchOperations=[patch("replace", "/properties", new)],
    )
    assert status_of(response) == 200
    assert body(response) == {"id": part_id, "location": {"type": "API"}, "properties": new}
    got = client.get_documentation_part(restApiId=api, documentationPartId=part_id)
    assert body(got) == body(response)


@pytest.mark.parametrize("op", ["add", "remove", "copy", "move", "test"])
def test_update_part_with_another_op(client: Any, api: str, op: str) -> None:
    part_id = create_part(client, api, {"type": "API"})["id"]
    text = doc_patch_unsupported_op("/properties", op)
    with raises_api_error(client, "BadRequestException", 400, text):
        client.update_documentation_part(
            restApiId=api,
            documentationPartId=part_id,
            patchOperations=[patch(op, "/properties", PROPS, "/properties")],
        )


def test_update_part_other_path(client: Any, api: str) -> None:
    part_id = create_part(client, api, {"type": "API"})["id"]
    with raises_api_error(client, "BadRequestException", 400, doc_patch_bad_path("/invalidPath")):
        client.update_documentation_part(
            restApiId=api,
            documentationPartId=part_id,
            patchOperations=[patch("replace", "/invalidPath", PROPS)],
        )


def test_update_part_is_all_or_nothing(client: Any, api: str) -> None:
    created = body(create_part(client, api, {"type": "API"}))
    with raises_api_error(client, "BadRequestException", 400):
        client.update_documentation_part(
            restApiId=api,
            documentationPartId=created["id"],
            patchOperations=[
                patch("replace", "/properties", '{"changed": true}'),
                patch("add", "/properties", "{}"),
            ],
        )
    assert parts(client, api) == [created]


def test_update_and_get_of_unknown_part_or_api(client: Any, api: str) -> None:
    part_id = create_part(client, api, {"type": "API"})["id"]
    operations = [patch("replace", "/properties", PROPS)]
    for rest_api_id, ident in ((api, "unknown"), ("api_id", part_id)):
        with raises_api_error(client, "NotFoundException", 404, DOC_PART_NOT_FOUND):
            client.get_documentation_part(restApiId=rest_api_id, documentationPartId=ident)
        with raises_api_error(client, "NotFoundException", 404, DOC_PART_NOT_FOUND):
            client.update_documentation_part(
                restApiId=rest_api_id, documentationPartId=ident, patchOperations=operations
            )


def test_delete_part(client: Any, api: str) -> None:
    part_id = create_part(client, api, {"type": "API"})["id"]
    with raises_api_error(client, "NotFoundException", 404, api_not_found("api_id")):
        client.delete_documentation_part(restApiId="api_id", documentationPartId=part_id)
    response = client.delete_documentation_part(restApiId=api, documentationPartId=part_id)
    assert status_of(response) == 202
    assert body(response) == {}
    with raises_api_error(client, "NotFoundException", 404, DOC_PART_NOT_FOUND):
        client.delete_documentation_part(restApiId=api, documentationPartId=part_id)
    assert parts(client, api) == []


def test_create_and_list_on_unknown_api(client: Any) -> None:
    with raises_api_error(client, "NotFoundException", 404, api_not_found(UNKNOWN_API)):
        create_part(client, UNKNOWN_API, {"type": "API"})
    with raises_api_error(client, "NotFoundException", 404, api_not_found(UNKNOWN_API)):
        client.get_documentation_parts(restApiId=UNKNOWN_API)


DUPLICATES = {
    "api": ({"type": "API"}, {"type": "API"}, DOC_PART_EXISTS_API),
    "resource root by default": (
        {"type": "RESOURCE"},
        {"type": "RESOURCE", "path": "/"},
        "Documentation part already exists for the specified location: type 'RESOURCE', path '/'.",
    ),
    "method any by default": (
        {"type": "METHOD", "path": "/pets", "method": "*"},
        {"type": "METHOD", "path": "/pets"},
        "Documentation part already exists for the specified location: type 'METHOD', "
        "path '/pets'.",
    ),
}


@pytest.mark.parametrize("first, second, text", DUPLICATES.values(), ids=DUPLICATES.keys())
def test_a_second_part_at_the_same_location(
    client: Any, api: str, first: dict[str, str], second: dict[str, str], text: str
) -> None:
    created = body(create_part(client, api, first))
    with raises_api_error(client, "ConflictException", 409, text):
        create_part(client, api, second)
    assert parts(client, api) == [created]


def test_parts_at_different_locations(client: Any, api: str) -> None:
    for location in (
        {"type": "METHOD", "path": "/pets", "method": "GET"},
        {"type": "METHOD", "path": "/pets", "method": "POST"},
        {"type": "QUERY_PARAMETER", "path": "/pets", "method": "GET", "name": "page"},
        {"type": "QUERY_PARAMETER", "path": "/pets", "method": "GET", "name": "size"},
        {"type": "REQUEST_BODY", "path": "/pets", "method": "POST"},
    ):
        create_part(client, api, location)
    assert len(parts(client, api)) == 5


BAD_LOCATIONS = {
    "path on API": {"type": "API", "path": "/"},
    "method on RESOURCE": {"type": "RESOURCE", "method": "GET"},
    "name on METHOD": {"type": "METHOD", "name": "x"},
    "statusCode on METHOD": {"type": "METHOD", "statusCode": "200"},
    "path on MODEL": {"type": "MODEL", "name": "Pet", "path": "/"},
    "MODEL without name": {"type": "MODEL"},
    "AUTHORIZER without name": {"type": "AUTHORIZER"},
    "QUERY_PARAMETER without name": {"type": "QUERY_PARAMETER", "path": "/pets"},
}


@pytest.mark.parametrize("location", BAD_LOCATIONS.values(), ids=BAD_LOCATIONS.keys())
def test_location_fields_the_type_does_not_take(
    client: Any, api: str, location: dict[str, str]
) -> None:
    with raises_api_error(client, "BadRequestException", 400):
        create_part(client, api, location)
    assert parts(client, api) == []


@pytest.mark.parametrize("properties", ["", "not json", "[1, 2]", '"text"', "{"])
def test_properties_must_be_a_json_object(client: Any, api: str, properties: str) -> None:
    with raises_api_error(client, "BadRequestException", 400):
        create_part(client, api, {"type": "API"}, properties)
    part_id = create_part(client, api, {"type": "API"})["id"]
    with raises_api_error(client, "BadRequestException", 400):
        client.update_documentation_part(
            restApiId=api,
            documentationPartId=part_id,
            patchOperations=[patch("replace", "/properties", properties)],
        )


def test_get_parts_filters(client: Any, api: str) -> None:
    api_part = body(create_part(client, api, {"type": "API"}))
    pets = body(create_part(client, api, {"type": "RESOURCE", "path": "/pets"}))
    root = body(create_part(client, api, {"type": "RESOURCE"}))
    model = body(create_part(client, api, {"type": "MODEL", "name": "PetModel"}))
    assert parts(client, api, type="RESOURCE") == [pets, root]
    assert parts(client, api, path="/pets") == [pets]
    assert parts(client, api, path="/") == [root]
    assert parts(client, api, nameQuery="Pet") == [model]
    assert parts(client, api, locationStatus="DOCUMENTED") == [api_part, pets, root, model]
    assert parts(client, api, locationStatus="UNDOCUMENTED") == []


def test_get_parts_pages(client: Any, api: str) -> None:
    created = [body(create_part(client, api, {"type": "MODEL", "name": f"M{i}"})) for i in range(5)]
    first = client.get_documentation_parts(restApiId=api, limit=2)
    assert first["items"] == created[:2]
    second = client.get_documentation_parts(restApiId=api, limit=2, position=first["position"])
    assert second["items"] == created[2:4]
    last = client.get_documentation_parts(restApiId=api, limit=2, position=second["position"])
    assert last["items"] == created[4:]
    assert "position" not in last


# --- versions ------------------------------------------------------------------------------------


def test_create_version(client: Any, api: str) -> None:
    create_part(client, api, {"type": "API"}, json.dumps({"foo": "bar"}))
    response = client.create_documentation_version(restApiId=api, documentationVersion="v123")
    assert status_of(response) == 201
    created = body(response)
    assert set(created) == {"createdDate", "version"}
    assert created["version"] == "v123"
    assert_datetime(created["createdDate"])
    described = client.create_documentation_version(
        restApiId=api, documentationVersion="v2", description="second"
    )
    assert body(described)["description"] == "second"


def test_create_version_twice(client: Any, api: str) -> None:
    client.create_documentation_version(restApiId=api, documentationVersion="v1")
    with raises_api_error(client, "ConflictException", 409, DOC_VERSION_EXISTS):
        client.create_documentation_version(restApiId=api, documentationVersion="v1")


def test_update_and_get_version(client: Any, api: str) -> None:
    created = body(client.create_documentation_version(restApiId=api, documentationVersion="v"))
    response = client.update_documentation_version(
        restApiId=api,
        documentationVersion="v",
        patchOperations=[patch("replace", "/description", "doc version new")],
    )
    assert status_of(response) == 200
    assert body(response) == {**created, "description": "doc version new"}
    got = client.get_documentation_version(restApiId=api, documentationVersion="v")
    assert body(got) == body(response)


def test_update_version_other_path(client: Any, api: str) -> None:
    client.create_documentation_version(restApiId=api, documentationVersion="v")
    text = doc_patch_bad_path("/version", "[/description]")
    with raises_api_error(client, "BadRequestException", 400, text):
        client.update_documentation_version(
            restApiId=api,
            documentationVersion="v",
            patchOperations=[patch("replace", "/version", "w")],
        )


def test_unknown_version(client: Any, api: str) -> None:
    with raises_api_error(client, "NotFoundException", 404, DOC_VERSION_NOT_FOUND):
        client.get_documentation_version(restApiId=api, documentationVersion="nope")
    with raises_api_error(client, "NotFoundException", 404, DOC_VERSION_NOT_FOUND):
        client.update_documentation_version(
            restApiId=api,
            documentationVersion="nope",
            patchOperations=[patch("replace", "/description", "x")],
        )
    with raises_api_error(client, "NotFoundException", 404, DOC_VERSION_NOT_FOUND):
        client.delete_documentation_version(restApiId=api, documentationVersion="nope")
    with raises_api_error(client, "NotFoundException", 404, api_not_found(UNKNOWN_API)):
        client.get_documentation_version(restApiId=UNKNOWN_API, documentationVersion="nope")


def test_get_versions_in_creation_order_and_pages(client: Any, api: str) -> None:
    for name in ("v2", "v10", "v1"):
        client.create_documentation_version(restApiId=api, documentationVersion=name)
    items = client.get_documentation_versions(restApiId=api)["items"]
    assert [item["version"] for item in items] == ["v2", "v10", "v1"]
    page = client.get_documentation_versions(restApiId=api, limit=2)
    assert [item["version"] for item in page["items"]] == ["v2", "v10"]
    rest = client.get_documentation_versions(restApiId=api, position=page["position"])
    assert [item["version"] for item in rest["items"]] == ["v1"]


def test_delete_version(client: Any, api: str) -> None:
    client.create_documentation_version(restApiId=api, documentationVersion="v")
    response = client.delete_documentation_version(restApiId=api, documentationVersion="v")
    assert status_of(response) == 202
    assert body(response) == {}
    assert client.get_documentation_versions(restApiId=api)["items"] == []


def test_delete_version_a_stage_uses(client: Any, api: str) -> None:
    client.create_documentation_version(restApiId=api, documentationVersion="v")
    create_stage(client, api, documentationVersion="v")
    with raises_api_error(client, "BadRequestException", 400):
        client.delete_documentation_version(restApiId=api, documentationVersion="v")
    assert get_stage(client, api)["documentationVersion"] == "v"
    client.delete_stage(restApiId=api, stageName=STAGE)
    client.delete_documentation_version(restApiId=api, documentationVersion="v")


# --- a stage's documentationVersion --------------------------------------------------------------


def test_create_stage_with_unknown_documentation_version(client: Any, api: str) -> None:
    with raises_api_error(client, "BadRequestException", 400, STAGE_DOC_VERSION_UNKNOWN):
        create_stage(client, api, documentationVersion="v1")
    assert client.get_stages(restApiId=api)["item"] == []


def test_create_stage_with_a_documentation_version(client: Any, api: str) -> None:
    client.create_documentation_version(restApiId=api, documentationVersion="v1")
    assert create_stage(client, api, documentationVersion="v1")["documentationVersion"] == "v1"


def test_update_stage_cannot_change_documentation_version(client: Any, api: str) -> None:
    client.create_documentation_version(restApiId=api, documentationVersion="v1")
    create_stage(client, api, documentationVersion="v1")
    for path in ("/documentationVersion", "/documentation_version"):
        with raises_api_error(client, "BadRequestException", 400, invalid_setting_path(path)):
            client.update_stage(
                restApiId=api, stageName=STAGE, patchOperations=[patch("replace", path, "v2")]
            )


def test_create_version_for_a_stage(client: Any, api: str, apigateway_mock: Any) -> None:
    create_stage(client, api)
    client.create_documentation_version(restApiId=api, documentationVersion="v1", stageName=STAGE)
    assert get_stage(client, api)["documentationVersion"] == "v1"
    history = apigateway_mock.stage_history(api, STAGE)
    assert history.operations() == ["CreateStage", "CreateDocumentationVersion"]


def test_create_version_for_an_unknown_stage(client: Any, api: str) -> None:
    with raises_api_error(client, "NotFoundException", 404):
        client.create_documentation_version(
            restApiId=api, documentationVersion="v1", stageName="missing"
        )
    assert client.get_documentation_versions(restApiId=api)["items"] == []


# --- ImportDocumentationParts ------------------------------------------------------------------

OAS = {
    "openapi": "3.0.1",
    "info": {"title": "docs", "version": "1"},
    "paths": {},
    "x-amazon-apigateway-documentation": {
        "version": "1",
        "documentationParts": [
            {"location": {"type": "API"}, "properties": {"description": "API description"}},
            {
                "location": {"type": "METHOD", "path": "/", "method": "GET"},
                "properties": {"description": "Method description."},
            },
            {
                "location": {"type": "RESPONSE", "path": "/", "method": "GET", "statusCode": "200"},
                "properties": {"description": "200 response"},
            },
        ],
    },
}


def import_parts(client: Any, api: str, document: Any, **kwargs: Any) -> Any:
    raw = document if isinstance(document, (bytes, str, io.IOBase)) else json.dumps(document)
    return client.import_documentation_parts(restApiId=api, body=raw, **kwargs)


def test_import_parts(client: Any, api: str) -> None:
    response = import_parts(client, api, OAS)
    assert status_of(response) == 200
    assert set(body(response)) == {"ids"}
    listed = parts(client, api)
    assert [part["id"] for part in listed] == response["ids"]
    assert [part["location"] for part in listed] == [
        {"type": "API"},
        {"type": "METHOD", "path": "/", "method": "GET"},
        {"type": "RESPONSE", "path": "/", "method": "GET", "statusCode": "200"},
    ]
    assert json.loads(listed[0]["properties"]) == {"description": "API description"}


def test_import_merge_keeps_other_parts_and_ids(client: Any, api: str) -> None:
    kept = body(create_part(client, api, {"type": "MODEL", "name": "Pet"}))
    existing = body(create_part(client, api, {"type": "API"}))
    ids = import_parts(client, api, OAS, mode="merge")["ids"]
    assert ids[0] == existing["id"]
    listed = parts(client, api)
    assert listed[0] == kept
    assert json.loads(listed[1]["properties"]) == {"description": "API description"}
    assert len(listed) == 4


def test_import_overwrite_drops_the_other_parts(client: Any, api: str) -> None:
    create_part(client, api, {"type": "MODEL", "name": "Pet"})
    ids = import_parts(client, api, OAS, mode="overwrite")["ids"]
    assert [part["id"] for part in parts(client, api)] == ids


def test_import_body_as_text_or_file(client: Any, api: str) -> None:
    import_parts(client, api, json.dumps(OAS))
    other = client.create_rest_api(name="other")["id"]
    import_parts(client, other, io.BytesIO(json.dumps(OAS).encode()))
    assert len(parts(client, api)) == len(parts(client, other)) == 3


def test_import_without_the_extension(client: Any, api: str) -> None:
    response = import_parts(client, api, {"swagger": "2.0", "info": {}, "paths": {}})
    assert response["ids"] == []


@pytest.mark.parametrize(
    "document",
    [b"not json", b"[]", b'{"a": 1}', b"openapi: 3.0.1\ninfo: {}\n", b"", b"\xff\xfe"],
    ids=["not json", "a list", "not openapi", "yaml", "empty", "not utf-8"],
)
def test_import_bad_body(client: Any, api: str, document: bytes) -> None:
    with raises_api_error(client, "BadRequestException", 400, DOC_IMPORT_BAD_BODY):
        import_parts(client, api, document)


def test_import_skips_bad_parts_with_warnings(client: Any, api: str) -> None:
    document = json.loads(json.dumps(OAS))
    document["x-amazon-apigateway-documentation"]["documentationParts"].append(
        {"location": {"type": "MODEL"}, "properties": {}}
    )
    response = import_parts(client, api, document)
    assert len(response["ids"]) == 3
    assert len(response["warnings"]) == 1
    assert "name is required" in response["warnings"][0]
    assert len(parts(client, api)) == 3


def test_import_fails_on_warnings_when_asked(client: Any, api: str) -> None:
    document = json.loads(json.dumps(OAS))
    document["x-amazon-apigateway-documentation"]["documentationParts"].append(
        {"location": {"type": "API"}, "properties": {}}
    )
    with raises_api_error(client, "BadRequestException", 400):
        import_parts(client, api, document, failOnWarnings=True)
    assert parts(client, api) == []


def test_import_on_unknown_api(client: Any) -> None:
    with raises_api_error(client, "NotFoundException", 404, api_not_found(UNKNOWN_API)):
        import_parts(client, UNKNOWN_API, OAS)
