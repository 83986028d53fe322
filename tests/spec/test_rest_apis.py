"""aws-deployment-surface.md §2.1 CreateRestApi, §2.2 GetRestApi / GetRestApis / DeleteRestApi,
§3.6 UpdateRestApi."""

from __future__ import annotations

from typing import Any

import pytest

from .helpers import (
    ACCOUNT_ID,
    ADD_REMOVE_REPLACE,
    COMPRESSION_SIZE_INVALID,
    DESCRIPTION_EMPTY,
    ENDPOINT_TYPES_EMPTY,
    ENDPOINT_TYPES_INVALID,
    ENDPOINT_TYPES_SEVERAL,
    IP_ADDRESS_TYPE_INVALID,
    ONLY_REPLACE,
    PRIVATE_ONLY_DUALSTACK,
    REST_API_ONLY_NAME_KEYS,
    api_not_found,
    assert_datetime,
    body,
    invalid_patch_path,
    raises_api_error,
    status_of,
)

# -- §2.1 CreateRestApi ------------------------------------------------------------------------


def test_create_with_only_a_name(client: Any) -> None:
    created = client.create_rest_api(name="only-name")
    assert status_of(created) == 201
    got = body(created)
    assert set(got) == REST_API_ONLY_NAME_KEYS
    assert got["apiKeySource"] == "HEADER"
    assert got["disableExecuteApiEndpoint"] is False
    assert got["endpointConfiguration"] == {"ipAddressType": "ipv4", "types": ["EDGE"]}
    assert_datetime(got["createdDate"])


def test_create_with_version(client: Any) -> None:
    assert body(client.create_rest_api(name="x", version="v1"))["version"] == "v1"


def test_empty_binary_media_types_are_not_kept(client: Any) -> None:
    created = body(client.create_rest_api(name="x", binaryMediaTypes=[]))
    assert "binaryMediaTypes" not in created
    assert "binaryMediaTypes" not in body(client.get_rest_api(restApiId=created["id"]))


def test_binary_media_types(client: Any) -> None:
    created = body(client.create_rest_api(name="x", binaryMediaTypes=["image/png"]))
    assert created["binaryMediaTypes"] == ["image/png"]


@pytest.mark.parametrize("size", [-1, 10_485_761])
def test_minimum_compression_size_out_of_range(client: Any, size: int) -> None:
    with raises_api_error(client, "BadRequestException", 400, COMPRESSION_SIZE_INVALID):
        client.create_rest_api(name="x", minimumCompressionSize=size)
    assert client.get_rest_apis()["items"] == []


@pytest.mark.parametrize("size", [0, 10_485_760])
def test_minimum_compression_size_bounds_accepted(client: Any, size: int) -> None:
    created = body(client.create_rest_api(name="x", minimumCompressionSize=size))
    assert created["minimumCompressionSize"] == size


def test_tags_in_create_get_and_list(client: Any) -> None:
    tags = {"MY_TAG1": "MY_VALUE1"}
    created = body(client.create_rest_api(name="x", tags=tags))
    assert created["tags"] == tags
    assert body(client.get_rest_api(restApiId=created["id"]))["tags"] == tags
    assert client.get_rest_apis()["items"][0]["tags"] == tags


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"description": ""}, DESCRIPTION_EMPTY),
        ({"endpointConfiguration": {"types": []}}, ENDPOINT_TYPES_EMPTY),
        ({"endpointConfiguration": {"types": ["EDGE", "REGIONAL"]}}, ENDPOINT_TYPES_SEVERAL),
        (
            {"endpointConfiguration": {"types": ["PRIVATE"], "ipAddressType": "ipv4"}},
            PRIVATE_ONLY_DUALSTACK,
        ),
        # check order (R): the description before the compression size and the PRIVATE rule
        ({"description": "", "minimumCompressionSize": -1}, DESCRIPTION_EMPTY),
        (
            {
                "description": "",
                "endpointConfiguration": {"types": ["PRIVATE"], "ipAddressType": "ipv4"},
            },
            DESCRIPTION_EMPTY,
        ),
        # P (create-rest-api-check-order): compression before the endpoint rules
        (
            {"minimumCompressionSize": -1, "endpointConfiguration": {"types": []}},
            COMPRESSION_SIZE_INVALID,
        ),
    ],
)
def test_create_rejects(client: Any, kwargs: dict[str, Any], message: str) -> None:
    with raises_api_error(client, "BadRequestException", 400, message):
        client.create_rest_api(name="x", **kwargs)
    assert client.get_rest_apis()["items"] == []


@pytest.mark.parametrize(
    ("configuration", "expected"),
    [
        ({"types": ["EDGE"]}, {"ipAddressType": "ipv4", "types": ["EDGE"]}),
        ({"types": ["REGIONAL"]}, {"ipAddressType": "ipv4", "types": ["REGIONAL"]}),
        ({"types": ["PRIVATE"]}, {"ipAddressType": "dualstack", "types": ["PRIVATE"]}),
        (
            {"types": ["EDGE"], "ipAddressType": "dualstack"},
            {"ipAddressType": "dualstack", "types": ["EDGE"]},
        ),
        (
            {"types": ["REGIONAL"], "ipAddressType": "ipv4"},
            {"ipAddressType": "ipv4", "types": ["REGIONAL"]},
        ),
    ],
)
def test_endpoint_defaults(
    client: Any, configuration: dict[str, Any], expected: dict[str, Any]
) -> None:
    created = body(client.create_rest_api(name="x", endpointConfiguration=configuration))
    assert created["endpointConfiguration"] == expected


def test_clone_from_is_refused_loudly(client: Any) -> None:
    """P (create-rest-api-clone-from)."""
    source = client.create_rest_api(name="source")["id"]
    with raises_api_error(
        client, "BadRequestException", 400, "cloneFrom is not supported by apigw_canary_mock"
    ):
        client.create_rest_api(name="x", cloneFrom=source)
    assert len(client.get_rest_apis()["items"]) == 1


# -- §2.2 GetRestApi, GetRestApis, DeleteRestApi -----------------------------------------------


def test_get_rest_api_always_has_tags(client: Any) -> None:
    created = body(client.create_rest_api(name="x"))
    got = body(client.get_rest_api(restApiId=created["id"]))
    assert got == {**created, "tags": {}}


def test_get_rest_apis_items_have_tags_only_when_set(client: Any) -> None:
    plain = body(client.create_rest_api(name="plain"))
    tagged = body(client.create_rest_api(name="tagged", tags={"k": "v"}))
    items = client.get_rest_apis()["items"]
    assert items == [plain, tagged]
    assert "tags" not in items[0]


def test_rest_api_ids_are_case_sensitive(client: Any) -> None:
    api_id = client.create_rest_api(name="x")["id"]
    with raises_api_error(client, "NotFoundException", 404, api_not_found(api_id.upper())):
        client.get_rest_api(restApiId=api_id.upper())
    assert f"{ACCOUNT_ID}:" in api_not_found(api_id)


def test_delete_rest_api(client: Any) -> None:
    api_id = client.create_rest_api(name="x")["id"]
    deleted = client.delete_rest_api(restApiId=api_id)
    assert status_of(deleted) == 202
    assert body(deleted) == {}
    assert client.get_rest_apis()["items"] == []
    with raises_api_error(client, "NotFoundException", 404, api_not_found(api_id)):
        client.delete_rest_api(restApiId=api_id)


# -- §3.6 UpdateRestApi -------------------------------------------------------------------------


def patch_api(client: Any, api_id: str, *operations: dict[str, str]) -> dict[str, Any]:
    response = client.update_rest_api(restApiId=api_id, patchOperations=list(operations))
    assert status_of(response) == 200
    return body(response)


def op(operation: str, path: str, value: str | None = None) -> dict[str, str]:
    raw = {"op": operation, "path": path}
    if value is not None:
        raw["value"] = value
    return raw


@pytest.fixture
def rest_api(client: Any) -> str:
    return str(client.create_rest_api(name="update-me", description="d")["id"])


def test_update_answers_the_whole_api_with_tags(client: Any, rest_api: str) -> None:
    updated = patch_api(client, rest_api, op("add", "/binaryMediaTypes/image~1png"))
    assert updated["tags"] == {}
    assert updated["binaryMediaTypes"] == ["image/png"]
    assert updated == body(client.get_rest_api(restApiId=rest_api))


def test_binary_media_types_add_replace_remove(client: Any, rest_api: str) -> None:
    patch_api(client, rest_api, op("add", "/binaryMediaTypes/image~1png"))
    patch_api(client, rest_api, op("add", "/binaryMediaTypes/image~1jpg"))
    replaced = patch_api(
        client, rest_api, op("replace", "/binaryMediaTypes/image~1png", "image/gif")
    )
    assert replaced["binaryMediaTypes"] == ["image/jpg", "image/gif"]  # appended at the end
    removed = patch_api(
        client,
        rest_api,
        op("remove", "/binaryMediaTypes/image~1gif"),
        op("remove", "/description"),
    )
    assert removed["binaryMediaTypes"] == ["image/jpg"]
    assert "description" not in removed


def test_add_dash_appends_a_literal_dash(client: Any, rest_api: str) -> None:
    updated = patch_api(client, rest_api, op("add", "/binaryMediaTypes/-", "image/png"))
    assert updated["binaryMediaTypes"] == ["-"]


@pytest.mark.parametrize("operation", ["add", "replace", "remove"])
def test_binary_media_types_without_an_element(client: Any, rest_api: str, operation: str) -> None:
    with raises_api_error(
        client, "BadRequestException", 400, invalid_patch_path("/binaryMediaTypes")
    ):
        patch_api(client, rest_api, op(operation, "/binaryMediaTypes", "image/png"))


def test_minimum_compression_size(client: Any, rest_api: str) -> None:
    path = "/minimumCompressionSize"
    assert patch_api(client, rest_api, op("replace", path, "10"))["minimumCompressionSize"] == 10
    assert patch_api(client, rest_api, op("replace", path, "0"))["minimumCompressionSize"] == 0
    assert "minimumCompressionSize" not in patch_api(client, rest_api, op("replace", path, ""))


@pytest.mark.parametrize("value", ["-1", "test"])
def test_minimum_compression_size_invalid(client: Any, rest_api: str, value: str) -> None:
    with raises_api_error(client, "BadRequestException", 400, COMPRESSION_SIZE_INVALID):
        patch_api(client, rest_api, op("replace", "/minimumCompressionSize", value))


def test_minimum_compression_size_only_replace(client: Any, rest_api: str) -> None:
    with raises_api_error(client, "BadRequestException", 400, ONLY_REPLACE):
        patch_api(client, rest_api, op("add", "/minimumCompressionSize", "10"))


def test_endpoint_type_chain_ends_private_and_dualstack(client: Any, rest_api: str) -> None:
    path = "/endpointConfiguration/types/0"
    updated = patch_api(
        client,
        rest_api,
        op("replace", path, "REGIONAL"),
        op("replace", path, "PRIVATE"),
    )
    assert updated["endpointConfiguration"] == {"ipAddressType": "dualstack", "types": ["PRIVATE"]}


def test_endpoint_type_by_its_current_name(client: Any, rest_api: str) -> None:
    """D (update-rest-api-endpoint-type-by-name): /endpointConfiguration/types/EDGE."""
    updated = patch_api(
        client, rest_api, op("replace", "/endpointConfiguration/types/EDGE", "REGIONAL")
    )
    assert updated["endpointConfiguration"]["types"] == ["REGIONAL"]


def test_ipv4_on_a_private_api(client: Any) -> None:
    api_id = client.create_rest_api(name="p", endpointConfiguration={"types": ["PRIVATE"]})["id"]
    with raises_api_error(client, "BadRequestException", 400, PRIVATE_ONLY_DUALSTACK):
        patch_api(client, api_id, op("replace", "/endpointConfiguration/ipAddressType", "ipv4"))


def test_ip_address_type_values(client: Any, rest_api: str) -> None:
    """Patch values skip the validation layer: the semantic text."""
    path = "/endpointConfiguration/ipAddressType"
    with raises_api_error(client, "BadRequestException", 400, IP_ADDRESS_TYPE_INVALID):
        patch_api(client, rest_api, op("replace", path, "wrong"))
    assert patch_api(client, rest_api, op("replace", path, "dualstack"))[
        "endpointConfiguration"
    ] == {"ipAddressType": "dualstack", "types": ["EDGE"]}


def test_wrong_endpoint_type(client: Any, rest_api: str) -> None:
    with raises_api_error(client, "BadRequestException", 400, ENDPOINT_TYPES_INVALID):
        patch_api(client, rest_api, op("replace", "/endpointConfiguration/types/0", "wrong"))


def test_remove_ip_address_type(client: Any, rest_api: str) -> None:
    with raises_api_error(client, "BadRequestException", 400, ONLY_REPLACE):
        patch_api(client, rest_api, op("remove", "/endpointConfiguration/ipAddressType"))


def test_remove_endpoint_type(client: Any, rest_api: str) -> None:
    with raises_api_error(client, "BadRequestException", 400, ADD_REMOVE_REPLACE):
        patch_api(client, rest_api, op("remove", "/endpointConfiguration/types/0"))


def test_unknown_api(client: Any) -> None:
    with raises_api_error(client, "NotFoundException", 404, api_not_found("api_id")):
        patch_api(client, "api_id", op("replace", "/name", "x"))


def test_replace_fields(client: Any, rest_api: str) -> None:
    updated = patch_api(
        client,
        rest_api,
        op("replace", "/name", "renamed"),
        op("replace", "/description", "new"),
        op("replace", "/version", "2"),
        op("replace", "/apiKeySource", "AUTHORIZER"),
        op("replace", "/disableExecuteApiEndpoint", "true"),
        op("replace", "/policy", '{"Version": "2012-10-17"}'),
    )
    assert updated["name"] == "renamed"
    assert updated["description"] == "new"
    assert updated["version"] == "2"
    assert updated["apiKeySource"] == "AUTHORIZER"
    assert updated["disableExecuteApiEndpoint"] is True
    assert updated["policy"] == '{"Version": "2012-10-17"}'


@pytest.mark.parametrize("path", ["/id", "/rootResourceId", "/tags/x", "/createdDate", "/name/x"])
def test_unknown_path(client: Any, rest_api: str, path: str) -> None:
    with raises_api_error(client, "BadRequestException", 400, invalid_patch_path(path)):
        patch_api(client, rest_api, op("replace", path, "x"))


def test_all_or_nothing(client: Any, rest_api: str) -> None:
    before = body(client.get_rest_api(restApiId=rest_api))
    with raises_api_error(client, "BadRequestException", 400, COMPRESSION_SIZE_INVALID):
        patch_api(
            client,
            rest_api,
            op("replace", "/name", "changed"),
            op("add", "/binaryMediaTypes/image~1png"),
            op("replace", "/minimumCompressionSize", "-1"),
        )
    assert body(client.get_rest_api(restApiId=rest_api)) == before


def test_the_api_in_get_rest_apis_follows(client: Any, rest_api: str) -> None:
    patch_api(client, rest_api, op("replace", "/name", "renamed"))
    assert [item["name"] for item in client.get_rest_apis()["items"]] == ["renamed"]


def test_vpc_endpoint_ids(client: Any) -> None:
    """D (kept and shown) / P (update-rest-api-vpc-endpoint-ids)."""
    created = body(
        client.create_rest_api(
            name="p", endpointConfiguration={"types": ["PRIVATE"], "vpcEndpointIds": ["vpce-1"]}
        )
    )
    assert created["endpointConfiguration"] == {
        "ipAddressType": "dualstack",
        "types": ["PRIVATE"],
        "vpcEndpointIds": ["vpce-1"],
    }
    path = "/endpointConfiguration/vpcEndpointIds"
    added = patch_api(client, created["id"], op("add", path, "vpce-2"))
    assert added["endpointConfiguration"]["vpcEndpointIds"] == ["vpce-1", "vpce-2"]
    removed = patch_api(
        client, created["id"], op("remove", path, "vpce-1"), op("remove", path, "vpce-2")
    )
    assert "vpcEndpointIds" not in removed["endpointConfiguration"]


@pytest.mark.parametrize(
    ("operation", "path", "message"),
    [
        (
            "move",
            "/description",
            "Invalid patch operation specified. Must be one of: [add, remove, replace]",
        ),
        ("remove", "/name", "Invalid patch operation specified. Must be one of: [replace]"),
        (
            "copy",
            "/binaryMediaTypes/a",
            "Invalid patch operation specified. Must be one of: [add, remove, replace]",
        ),
        ("add", "/endpointConfiguration/types/0", ADD_REMOVE_REPLACE),
    ],
)
def test_an_op_the_path_does_not_support(
    client: Any, rest_api: str, operation: str, path: str, message: str
) -> None:
    """P (update-rest-api-unsupported-op), in the recorded texts' style."""
    with raises_api_error(client, "BadRequestException", 400, message):
        patch_api(client, rest_api, op(operation, path, "x"))


def test_an_empty_name_is_refused(client: Any, rest_api: str) -> None:
    with raises_api_error(
        client, "BadRequestException", 400, "The REST API name must not be empty"
    ):
        patch_api(client, rest_api, op("replace", "/name", ""))
