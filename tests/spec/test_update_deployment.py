"""Deployment surface §2.6 (GetDeployment, GetDeployments) and §3.8 UpdateDeployment."""

from __future__ import annotations

from typing import Any

import pytest

from .helpers import (
    DEPLOYMENT_NOT_FOUND,
    PATCH_OP_REPLACE_ONLY,
    STAGE,
    api_not_found,
    assert_datetime,
    body,
    create_canary_stage,
    deploy,
    get_stage,
    invalid_patch_path,
    patch,
    raises_api_error,
    status_of,
)


def update(client: Any, api: str, deployment_id: str, *operations: dict[str, str]) -> Any:
    return client.update_deployment(
        restApiId=api, deploymentId=deployment_id, patchOperations=list(operations)
    )


def get_deployment(client: Any, api: str, deployment_id: str) -> dict[str, Any]:
    return body(client.get_deployment(restApiId=api, deploymentId=deployment_id))


# --- §2.6 ----------------------------------------------------------------------------------


def test_get_deployment_has_created_date_and_id_only(client: Any, api: str) -> None:
    deployment_id = deploy(client, api)
    got = get_deployment(client, api, deployment_id)
    assert set(got) == {"createdDate", "id"}
    assert got["id"] == deployment_id
    assert_datetime(got["createdDate"])
    described = deploy(client, api, description="d")
    assert set(get_deployment(client, api, described)) == {"createdDate", "id", "description"}


def test_get_deployments_items_have_created_date_and_id(client: Any, api: str) -> None:
    first = deploy(client, api, stageName="s1")
    response = client.get_deployments(restApiId=api)
    assert status_of(response) == 200
    assert [set(item) for item in response["items"]] == [{"createdDate", "id"}]
    assert response["items"][0]["id"] == first


# --- §3.8 UpdateDeployment ------------------------------------------------------------------


def test_replace_description(client: Any, api: str) -> None:
    deployment_id = deploy(client, api, description="old")
    created = get_deployment(client, api, deployment_id)
    response = update(client, api, deployment_id, patch("replace", "/description", "new"))
    assert status_of(response) == 200
    assert body(response) == {**created, "description": "new"}
    assert get_deployment(client, api, deployment_id) == body(response)
    items = client.get_deployments(restApiId=api)["items"]
    assert items == [body(response)]


def test_replace_description_of_a_deployment_without_one(client: Any, api: str) -> None:
    deployment_id = deploy(client, api)
    answer = body(update(client, api, deployment_id, patch("replace", "/description", "set")))
    assert set(answer) == {"createdDate", "description", "id"}
    assert answer["description"] == "set"


def test_operations_apply_in_order(client: Any, api: str) -> None:
    deployment_id = deploy(client, api)
    answer = update(
        client,
        api,
        deployment_id,
        patch("replace", "/description", "first"),
        patch("replace", "/description", "second"),
    )
    assert answer["description"] == "second"


def test_replace_description_without_value_removes_it(client: Any, api: str) -> None:
    deployment_id = deploy(client, api, description="old")
    for operation in (patch("replace", "/description"), patch("replace", "/description", "")):
        answer = body(update(client, api, deployment_id, operation))
        assert "description" not in answer
        assert "description" not in get_deployment(client, api, deployment_id)


def test_empty_patch_changes_nothing(client: Any, api: str) -> None:
    deployment_id = deploy(client, api, description="kept")
    before = get_deployment(client, api, deployment_id)
    assert body(update(client, api, deployment_id)) == before
    assert body(client.update_deployment(restApiId=api, deploymentId=deployment_id)) == before


@pytest.mark.parametrize(
    "path", ["/name", "/id", "/createdDate", "/apiSummary", "/description/x", "/stageName", ""]
)
def test_other_paths_are_invalid(client: Any, api: str, path: str) -> None:
    deployment_id = deploy(client, api, description="kept")
    with raises_api_error(client, "BadRequestException", 400, invalid_patch_path(path)):
        update(client, api, deployment_id, patch("replace", path, "x"))
    assert get_deployment(client, api, deployment_id)["description"] == "kept"


@pytest.mark.parametrize("op", ["add", "remove", "copy", "move", "test"])
def test_only_replace_on_description(client: Any, api: str, op: str) -> None:
    deployment_id = deploy(client, api, description="kept")
    with raises_api_error(client, "BadRequestException", 400, PATCH_OP_REPLACE_ONLY):
        update(client, api, deployment_id, patch(op, "/description", "x", "/description"))
    assert get_deployment(client, api, deployment_id)["description"] == "kept"


def test_all_or_nothing(client: Any, api: str) -> None:
    deployment_id = deploy(client, api, description="kept")
    with raises_api_error(client, "BadRequestException", 400, invalid_patch_path("/bogus")):
        update(
            client,
            api,
            deployment_id,
            patch("replace", "/description", "changed"),
            patch("replace", "/bogus", "x"),
        )
    assert get_deployment(client, api, deployment_id)["description"] == "kept"


def test_unknown_deployment(client: Any, api: str) -> None:
    with raises_api_error(client, "NotFoundException", 404, DEPLOYMENT_NOT_FOUND):
        update(client, api, "zzzzzz", patch("replace", "/description", "x"))


def test_unknown_deployment_before_bad_path(client: Any, api: str) -> None:
    with raises_api_error(client, "NotFoundException", 404, DEPLOYMENT_NOT_FOUND):
        update(client, api, "zzzzzz", patch("replace", "/bogus", "x"))


def test_unknown_api(client: Any, api: str) -> None:
    with raises_api_error(client, "NotFoundException", 404, api_not_found("abcde12345")):
        update(client, "abcde12345", "zzzzzz", patch("replace", "/description", "x"))


def test_deployment_of_another_api_is_unknown(client: Any, api: str) -> None:
    deployment_id = deploy(client, api)
    other = client.create_rest_api(name="other")["id"]
    with raises_api_error(client, "NotFoundException", 404, DEPLOYMENT_NOT_FOUND):
        update(client, other, deployment_id, patch("replace", "/description", "x"))


def test_update_leaves_stages_and_canaries_alone(client: Any, api: str) -> None:
    base, canary_id = create_canary_stage(client, api)
    stage = get_stage(client, api)
    update(client, api, base, patch("replace", "/description", "base"))
    update(client, api, canary_id, patch("replace", "/description", "canary"))
    assert get_stage(client, api) == stage
    assert get_stage(client, api, STAGE)["canarySettings"]["deploymentId"] == canary_id
