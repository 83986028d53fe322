"""Paging of GetRestApis, GetDeployments, GetResources: position, limit and boto3 paginators."""

from __future__ import annotations

from typing import Any

import pytest


def _deploy(client: Any, api: str, count: int) -> list[str]:
    return [
        str(client.create_deployment(restApiId=api, description=f"d{n}")["id"])
        for n in range(count)
    ]


def test_limit_and_position_walk_deployments_in_creation_order(client: Any, api: str) -> None:
    created = _deploy(client, api, 7)
    seen: list[str] = []
    kwargs: dict[str, Any] = {"restApiId": api, "limit": 3}
    pages = 0
    while True:
        page = client.get_deployments(**kwargs)
        pages += 1
        assert len(page["items"]) <= 3
        seen += [item["id"] for item in page["items"]]
        if "position" not in page:
            break
        kwargs["position"] = page["position"]
    assert (seen, pages) == (created, 3)


def test_no_position_key_on_the_last_page(client: Any, api: str) -> None:
    _deploy(client, api, 2)
    page = client.get_deployments(restApiId=api, limit=5)
    assert len(page["items"]) == 2
    assert "position" not in page


@pytest.mark.parametrize("page_size", [1, 2, 25])
def test_boto3_paginator_over_deployments(client: Any, api: str, page_size: int) -> None:
    created = _deploy(client, api, 5)
    paginator = client.get_paginator("get_deployments")
    pages = list(paginator.paginate(restApiId=api, PaginationConfig={"PageSize": page_size}))
    assert [item["id"] for page in pages for item in page["items"]] == created
    assert len(pages) == -(-5 // page_size)


def test_boto3_paginator_over_rest_apis(client: Any) -> None:
    names = [f"api-{n}" for n in range(6)]
    ids = [client.create_rest_api(name=name)["id"] for name in names]
    paginator = client.get_paginator("get_rest_apis")
    result = paginator.paginate(PaginationConfig={"PageSize": 4}).build_full_result()
    assert [item["id"] for item in result["items"]] == ids
    assert [item["name"] for item in result["items"]] == names


def test_boto3_paginator_over_resources(client: Any, api: str) -> None:
    root = client.get_resources(restApiId=api)["items"][0]["id"]
    parts = [f"p{n}" for n in range(4)]
    for part in parts:
        client.create_resource(restApiId=api, parentId=root, pathPart=part)
    paginator = client.get_paginator("get_resources")
    paths = [
        item["path"]
        for page in paginator.paginate(restApiId=api, PaginationConfig={"PageSize": 2})
        for item in page["items"]
    ]
    assert paths == ["/"] + [f"/{part}" for part in parts]


def test_max_items_stops_the_paginator_with_a_resume_token(client: Any, api: str) -> None:
    created = _deploy(client, api, 5)
    paginator = client.get_paginator("get_deployments")
    first = paginator.paginate(
        restApiId=api, PaginationConfig={"PageSize": 2, "MaxItems": 3}
    ).build_full_result()
    assert [item["id"] for item in first["items"]] == created[:3]
    rest = paginator.paginate(
        restApiId=api, PaginationConfig={"PageSize": 2, "StartingToken": first["NextToken"]}
    ).build_full_result()
    assert [item["id"] for item in rest["items"]] == created[3:]


def test_a_bad_position_is_a_bad_request(client: Any, api: str) -> None:
    with pytest.raises(client.exceptions.BadRequestException) as caught:
        client.get_deployments(restApiId=api, position="not-a-token")
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
