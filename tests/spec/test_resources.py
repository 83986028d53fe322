"""deployment-surface §2.3 CreateResource / GetResources, §3.5 Get/Update/DeleteResource."""

from __future__ import annotations

from typing import Any

import pytest

from .helpers import (
    CYCLICAL,
    DELETE_ROOT,
    GREEDY_CHILD,
    PROXY_SIBLING,
    RESOURCE_NOT_FOUND,
    ROOT_PARENT_ID,
    ROOT_PATH_PART,
    SHORT_ID,
    body,
    new_api,
    op,
    patch_op_unsupported,
    patch_path_not_listed,
    raises_api_error,
    resource_name_taken,
    status_of,
)


def create(client: Any, api: str, parent: str, path_part: str) -> dict[str, Any]:
    return body(client.create_resource(restApiId=api, parentId=parent, pathPart=path_part))


def resources_by_path(client: Any, api: str) -> dict[str, dict[str, Any]]:
    return {item["path"]: item for item in client.get_resources(restApiId=api)["items"]}


# --- §2.3 ----------------------------------------------------------------------------------


def test_root_item_and_created_resource_shapes(client: Any) -> None:
    api, root = new_api(client)
    assert resources_by_path(client, api)["/"] == {"id": root, "path": "/"}
    response = client.create_resource(restApiId=api, parentId=root, pathPart="pets")
    assert status_of(response) == 201
    assert body(response) == {
        "id": response["id"],
        "parentId": root,
        "path": "/pets",
        "pathPart": "pets",
    }
    assert SHORT_ID.match(response["id"])


def test_resource_methods_are_empty_objects_and_absent_without_methods(client: Any) -> None:
    api, root = new_api(client)
    pets = create(client, api, root, "pets")["id"]
    for verb in ("GET", "OPTIONS"):
        client.put_method(restApiId=api, resourceId=pets, httpMethod=verb, authorizationType="NONE")
    listed = resources_by_path(client, api)
    assert listed["/pets"]["resourceMethods"] == {"GET": {}, "OPTIONS": {}}
    assert "resourceMethods" not in listed["/"]


def test_unknown_parent(client: Any) -> None:
    api, _ = new_api(client)
    with raises_api_error(client, "NotFoundException", 404, RESOURCE_NOT_FOUND):
        client.create_resource(restApiId=api, parentId="nope00", pathPart="x")


def test_variable_sibling_of_a_proxy_is_refused(client: Any) -> None:
    api, root = new_api(client)
    create(client, api, root, "{proxy+}")
    with raises_api_error(client, "BadRequestException", 400, PROXY_SIBLING):
        client.create_resource(restApiId=api, parentId=root, pathPart="{dynamic}")
    assert set(resources_by_path(client, api)) == {"/", "/{proxy+}"}


@pytest.mark.parametrize("path_part", ["static", "{var}"])
def test_no_child_under_a_greedy_resource(client: Any, path_part: str) -> None:
    api, root = new_api(client)
    proxy = create(client, api, root, "{proxy+}")["id"]
    with raises_api_error(client, "BadRequestException", 400, GREEDY_CHILD):
        client.create_resource(restApiId=api, parentId=proxy, pathPart=path_part)


def test_allowed_greedy_placements(client: Any) -> None:
    api, root = new_api(client)
    static = create(client, api, root, "static")["id"]
    assert create(client, api, static, "{child+}")["path"] == "/static/{child+}"
    child = create(client, api, root, "{child}")["id"]
    assert create(client, api, child, "{proxy+}")["path"] == "/{child}/{proxy+}"
    other = create(client, api, root, "other")["id"]
    create(client, api, other, "static")
    assert create(client, api, other, "{proxy+}")["path"] == "/other/{proxy+}"


def test_duplicate_path_part_conflicts(client: Any) -> None:
    api, root = new_api(client)
    create(client, api, root, "pets")
    with raises_api_error(client, "ConflictException", 409, resource_name_taken("pets")):
        client.create_resource(restApiId=api, parentId=root, pathPart="pets")


# --- §3.5 ----------------------------------------------------------------------------------


def test_get_resource_has_the_get_resources_item_shape(client: Any) -> None:
    api, root = new_api(client)
    pets = create(client, api, root, "pets")["id"]
    client.put_method(restApiId=api, resourceId=pets, httpMethod="GET", authorizationType="NONE")
    response = client.get_resource(restApiId=api, resourceId=pets)
    assert status_of(response) == 200
    assert body(response) == resources_by_path(client, api)["/pets"]
    embedded = client.get_resource(restApiId=api, resourceId=pets, embed=["methods"])
    assert embedded["resourceMethods"]["GET"]["authorizationType"] == "NONE"


def test_replace_path_part_recomputes_the_subtree(client: Any) -> None:
    api, root = new_api(client)
    pets = create(client, api, root, "pets")["id"]
    pet = create(client, api, pets, "{petId}")["id"]
    toys = create(client, api, pet, "toys")["id"]
    response = client.update_resource(
        restApiId=api, resourceId=pets, patchOperations=[op("replace", "/pathPart", "dogs")]
    )
    assert status_of(response) == 200
    assert body(response) == {"id": pets, "parentId": root, "path": "/dogs", "pathPart": "dogs"}
    assert client.get_resource(restApiId=api, resourceId=pet)["path"] == "/dogs/{petId}"
    assert client.get_resource(restApiId=api, resourceId=toys)["path"] == "/dogs/{petId}/toys"
    # The old name is free again, the new one is taken.
    create(client, api, root, "pets")
    with raises_api_error(client, "ConflictException", 409, resource_name_taken("dogs")):
        client.create_resource(restApiId=api, parentId=root, pathPart="dogs")


def test_replace_parent_id_moves_the_resource(client: Any) -> None:
    api, root = new_api(client)
    a = create(client, api, root, "a")["id"]
    b = create(client, api, a, "b")["id"]
    c = create(client, api, b, "c")["id"]
    moved = client.update_resource(
        restApiId=api, resourceId=b, patchOperations=[op("replace", "/parentId", root)]
    )
    assert body(moved) == {"id": b, "parentId": root, "path": "/b", "pathPart": "b"}
    assert client.get_resource(restApiId=api, resourceId=c)["path"] == "/b/c"
    # Renamed and moved in one request.
    both = client.update_resource(
        restApiId=api,
        resourceId=c,
        patchOperations=[op("replace", "/parentId", a), op("replace", "/pathPart", "d")],
    )
    assert body(both) == {"id": c, "parentId": a, "path": "/a/d", "pathPart": "d"}


def test_unknown_resource_or_new_parent(client: Any) -> None:
    api, root = new_api(client)
    pets = create(client, api, root, "pets")["id"]
    with raises_api_error(client, "NotFoundException", 404, RESOURCE_NOT_FOUND):
        client.update_resource(
            restApiId=api, resourceId="nope00", patchOperations=[op("replace", "/pathPart", "x")]
        )
    with raises_api_error(client, "NotFoundException", 404, RESOURCE_NOT_FOUND):
        client.update_resource(
            restApiId=api, resourceId=pets, patchOperations=[op("replace", "/parentId", "nope00")]
        )


def test_patch_paths_and_ops(client: Any) -> None:
    api, root = new_api(client)
    pets = create(client, api, root, "pets")["id"]
    listed = patch_path_not_listed("/invalid", "replace", "[/parentId, /pathPart]")
    with raises_api_error(client, "BadRequestException", 400, listed):
        client.update_resource(
            restApiId=api, resourceId=pets, patchOperations=[op("replace", "/invalid", "x")]
        )
    for name in ("remove", "add"):
        with raises_api_error(
            client, "BadRequestException", 400, patch_op_unsupported("/pathPart", name)
        ):
            client.update_resource(
                restApiId=api, resourceId=pets, patchOperations=[op(name, "/pathPart", "x")]
            )


def test_moving_under_a_descendant_is_cyclical(client: Any) -> None:
    api, root = new_api(client)
    a = create(client, api, root, "a")["id"]
    b = create(client, api, a, "b")["id"]
    for target in (b, a):
        with raises_api_error(client, "BadRequestException", 400, CYCLICAL):
            client.update_resource(
                restApiId=api, resourceId=a, patchOperations=[op("replace", "/parentId", target)]
            )
    assert client.get_resource(restApiId=api, resourceId=b)["path"] == "/a/b"


def test_name_clash_at_the_new_place(client: Any) -> None:
    api, root = new_api(client)
    create(client, api, root, "pets")
    other = create(client, api, root, "other")["id"]
    pets_below = create(client, api, other, "pets")["id"]
    with raises_api_error(client, "ConflictException", 409, resource_name_taken("pets")):
        client.update_resource(
            restApiId=api, resourceId=pets_below, patchOperations=[op("replace", "/parentId", root)]
        )
    with raises_api_error(client, "ConflictException", 409, resource_name_taken("pets")):
        client.update_resource(
            restApiId=api, resourceId=other, patchOperations=[op("replace", "/pathPart", "pets")]
        )
    assert client.get_resource(restApiId=api, resourceId=pets_below)["path"] == "/other/pets"


def test_root_cannot_be_renamed_moved_or_deleted(client: Any) -> None:
    api, root = new_api(client)
    child = create(client, api, root, "child")["id"]
    with raises_api_error(client, "BadRequestException", 400, ROOT_PATH_PART):
        client.update_resource(
            restApiId=api, resourceId=root, patchOperations=[op("replace", "/pathPart", "x")]
        )
    with raises_api_error(client, "BadRequestException", 400, ROOT_PARENT_ID):
        client.update_resource(
            restApiId=api, resourceId=root, patchOperations=[op("replace", "/parentId", child)]
        )
    with raises_api_error(client, "BadRequestException", 400, DELETE_ROOT):
        client.delete_resource(restApiId=api, resourceId=root)


def test_delete_resource_deletes_the_subtree(client: Any) -> None:
    api, root = new_api(client)
    pets = create(client, api, root, "pets")["id"]
    pet = create(client, api, pets, "{petId}")["id"]
    client.put_method(restApiId=api, resourceId=pet, httpMethod="GET", authorizationType="NONE")
    keep = create(client, api, root, "keep")["id"]
    response = client.delete_resource(restApiId=api, resourceId=pets)
    assert status_of(response) == 202
    assert body(response) == {}
    assert set(resources_by_path(client, api)) == {"/", "/keep"}
    for gone in (pets, pet):
        with raises_api_error(client, "NotFoundException", 404, RESOURCE_NOT_FOUND):
            client.get_resource(restApiId=api, resourceId=gone)
    with raises_api_error(client, "NotFoundException", 404, RESOURCE_NOT_FOUND):
        client.delete_resource(restApiId=api, resourceId=pets)
    assert client.get_resource(restApiId=api, resourceId=keep)["path"] == "/keep"
    create(client, api, root, "pets")  # the name is free again


@pytest.mark.parametrize(
    ("method", "params"),
    [
        ("get_resource", {"resourceId": "r"}),
        ("update_resource", {"resourceId": "r", "patchOperations": []}),
        ("delete_resource", {"resourceId": "r"}),
        ("create_resource", {"parentId": "r", "pathPart": "x"}),
    ],
)
def test_unknown_api_answers_as_an_unknown_resource(
    client: Any, method: str, params: dict[str, Any]
) -> None:
    with raises_api_error(client, "NotFoundException", 404, RESOURCE_NOT_FOUND):
        getattr(client, method)(restApiId="nope123456", **params)
