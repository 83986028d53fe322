"""Deployment surface §3.9: TagResource, UntagResource, GetTags on REST APIs and stages."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import boto3
import pytest
import time_machine

from .helpers import (
    INVALID_ARN,
    RESOURCE_NOT_FOUND,
    STAGE,
    body,
    create_stage,
    get_stage,
    invalid_tag_key,
    invalid_tag_value,
    raises_api_error,
    rest_api_arn,
    stage_arn,
    status_of,
    too_many_tags,
)

T0 = datetime(2024, 3, 1, 12, 0, 0, tzinfo=timezone.utc)


def tags_of(client: Any, arn: str) -> dict[str, str] | None:
    """GetTags' ``tags`` member; None when the answer has none."""
    response = client.get_tags(resourceArn=arn)
    assert status_of(response) == 200
    return response.get("tags")


def rest_api_item(client: Any, rest_api_id: str) -> dict[str, Any]:
    items = client.get_rest_apis()["items"]
    return next(item for item in items if item["id"] == rest_api_id)


# --- REST APIs ---------------------------------------------------------------------------------


def test_tags_given_at_create_rest_api_show_in_get_tags(client: Any) -> None:
    rest_api_id = client.create_rest_api(name="t", tags={"team": "a"})["id"]
    assert tags_of(client, rest_api_arn(rest_api_id)) == {"team": "a"}


def test_tag_resource_on_a_rest_api(client: Any, api: str) -> None:
    response = client.tag_resource(resourceArn=rest_api_arn(api), tags={"team": "a", "env": "x"})
    assert status_of(response) == 204
    assert body(response) == {}
    assert tags_of(client, rest_api_arn(api)) == {"team": "a", "env": "x"}
    assert client.get_rest_api(restApiId=api)["tags"] == {"team": "a", "env": "x"}
    assert rest_api_item(client, api)["tags"] == {"team": "a", "env": "x"}


def test_tag_resource_overwrites_and_adds(client: Any) -> None:
    rest_api_id = client.create_rest_api(name="t", tags={"team": "a", "keep": "k"})["id"]
    client.tag_resource(resourceArn=rest_api_arn(rest_api_id), tags={"team": "b", "new": "n"})
    assert tags_of(client, rest_api_arn(rest_api_id)) == {"team": "b", "keep": "k", "new": "n"}


def test_untag_resource_on_a_rest_api(client: Any) -> None:
    rest_api_id = client.create_rest_api(name="t", tags={"team": "a", "env": "x"})["id"]
    response = client.untag_resource(resourceArn=rest_api_arn(rest_api_id), tagKeys=["team"])
    assert status_of(response) == 204
    assert body(response) == {}
    assert tags_of(client, rest_api_arn(rest_api_id)) == {"env": "x"}


def test_untagging_every_tag_leaves_no_tags_member(client: Any) -> None:
    rest_api_id = client.create_rest_api(name="t", tags={"team": "a"})["id"]
    client.untag_resource(resourceArn=rest_api_arn(rest_api_id), tagKeys=["team"])
    assert tags_of(client, rest_api_arn(rest_api_id)) is None
    assert "tags" not in rest_api_item(client, rest_api_id)  # R: only when tags were set


def test_get_tags_without_tags_has_no_tags_member(client: Any, api: str) -> None:
    response = client.get_tags(resourceArn=rest_api_arn(api))
    assert body(response) == {}


def test_untag_of_an_absent_key_is_ignored(client: Any) -> None:
    rest_api_id = client.create_rest_api(name="t", tags={"team": "a"})["id"]
    response = client.untag_resource(resourceArn=rest_api_arn(rest_api_id), tagKeys=["nope"])
    assert status_of(response) == 204
    assert tags_of(client, rest_api_arn(rest_api_id)) == {"team": "a"}


def test_get_tags_ignores_paging(client: Any) -> None:
    rest_api_id = client.create_rest_api(name="t", tags={"a": "1", "b": "2"})["id"]
    response = client.get_tags(resourceArn=rest_api_arn(rest_api_id), limit=1, position="x")
    assert response["tags"] == {"a": "1", "b": "2"}


# --- stages --------------------------------------------------------------------------------------


def test_tags_given_at_create_stage_show_in_get_tags(client: Any, api: str) -> None:
    create_stage(client, api, tags={"team": "a"})
    assert tags_of(client, stage_arn(api)) == {"team": "a"}


def test_tag_resource_on_a_stage_shows_in_get_stage(client: Any, api: str) -> None:
    create_stage(client, api)
    assert "tags" not in get_stage(client, api)
    client.tag_resource(resourceArn=stage_arn(api), tags={"team": "a"})
    assert get_stage(client, api)["tags"] == {"team": "a"}
    assert client.get_stages(restApiId=api)["item"][0]["tags"] == {"team": "a"}
    assert tags_of(client, stage_arn(api)) == {"team": "a"}


def test_untagging_a_stage_removes_the_tags_key(client: Any, api: str) -> None:
    create_stage(client, api, tags={"team": "a"})
    client.untag_resource(resourceArn=stage_arn(api), tagKeys=["team"])
    assert "tags" not in get_stage(client, api)
    assert tags_of(client, stage_arn(api)) is None


def test_stage_and_api_tags_are_apart(client: Any, api: str) -> None:
    create_stage(client, api)
    client.tag_resource(resourceArn=stage_arn(api), tags={"on": "stage"})
    client.tag_resource(resourceArn=rest_api_arn(api), tags={"on": "api"})
    assert tags_of(client, stage_arn(api)) == {"on": "stage"}
    assert tags_of(client, rest_api_arn(api)) == {"on": "api"}
    assert get_stage(client, api)["tags"] == {"on": "stage"}


def test_a_stage_tag_change_is_a_stage_change(client: Any, api: str, apigateway_mock: Any) -> None:
    with time_machine.travel(T0, tick=False):
        create_stage(client, api)
    with time_machine.travel(T0 + timedelta(minutes=1), tick=False):
        client.tag_resource(resourceArn=stage_arn(api), tags={"team": "a"})
    with time_machine.travel(T0 + timedelta(minutes=2), tick=False):
        client.untag_resource(resourceArn=stage_arn(api), tagKeys=["team"])
    stage = get_stage(client, api)
    assert stage["createdDate"] == T0
    assert stage["lastUpdatedDate"] == T0 + timedelta(minutes=2)
    history = apigateway_mock.stage_history(api, STAGE)
    assert history.operations() == ["CreateStage", "TagResource", "UntagResource"]
    assert history[1].stage["tags"] == {"team": "a"}
    assert history[1].params == {"resourceArn": stage_arn(api), "tags": {"team": "a"}}
    assert "tags" not in history[2].stage
    assert "TagResource" in str(history)


def test_a_tag_request_changing_nothing_writes_nothing(
    client: Any, api: str, apigateway_mock: Any
) -> None:
    with time_machine.travel(T0, tick=False):
        create_stage(client, api, tags={"team": "a"})
    with time_machine.travel(T0 + timedelta(minutes=1), tick=False):
        client.tag_resource(resourceArn=stage_arn(api), tags={"team": "a"})
        client.tag_resource(resourceArn=stage_arn(api), tags={})
        client.untag_resource(resourceArn=stage_arn(api), tagKeys=["absent"])
    assert get_stage(client, api)["lastUpdatedDate"] == T0
    assert apigateway_mock.stage_history(api, STAGE).operations() == ["CreateStage"]


# --- unknown and malformed targets -------------------------------------------------------------

UNKNOWN_TARGETS = {
    "unknown api": lambda api: rest_api_arn("abcde12345"),
    "stage of unknown api": lambda api: stage_arn("abcde12345"),
    "unknown stage": lambda api: stage_arn(api, "missing"),
    "api key (not emulated)": lambda api: "arn:aws:apigateway:us-east-1::/apikeys/abc",
    "resource (not taggable)": lambda api: f"{rest_api_arn(api)}/resources/abc123",
    "empty path segment": lambda api: f"arn:aws:apigateway:us-east-1::/restapis//{api}",
    "stage path without a name": lambda api: f"{rest_api_arn(api)}/stages/",
    "domain name that does not exist": lambda api: (
        "arn:aws:apigateway:us-east-1::/domainnames/api.example.com"
    ),
}


@pytest.mark.parametrize("arn_of", UNKNOWN_TARGETS.values(), ids=UNKNOWN_TARGETS.keys())
def test_unknown_target_is_not_found(client: Any, api: str, arn_of: Any) -> None:
    create_stage(client, api)
    arn = arn_of(api)
    with raises_api_error(client, "NotFoundException", 404, RESOURCE_NOT_FOUND):
        client.get_tags(resourceArn=arn)
    with raises_api_error(client, "NotFoundException", 404, RESOURCE_NOT_FOUND):
        client.tag_resource(resourceArn=arn, tags={"a": "b"})
    with raises_api_error(client, "NotFoundException", 404, RESOURCE_NOT_FOUND):
        client.untag_resource(resourceArn=arn, tagKeys=["a"])


MALFORMED = {
    "empty": "",
    "not an arn": "restapis/abc",
    "another service": "arn:aws:lambda:us-east-1:123456789012:function:f",
    "account given": "arn:aws:apigateway:us-east-1:123456789012:/restapis/{api}",
    "no leading slash": "arn:aws:apigateway:us-east-1::restapis/{api}",
    "no region": "arn:aws:apigateway:::/restapis/{api}",
    "bad partition": "arn:amazon:apigateway:us-east-1::/restapis/{api}",
    "partition with an empty word": "arn:aws-:apigateway:us-east-1::/restapis/{api}",
    "upper-case region": "arn:aws:apigateway:US-EAST-1::/restapis/{api}",
}


@pytest.mark.parametrize("arn", MALFORMED.values(), ids=MALFORMED.keys())
def test_malformed_arn_is_a_bad_request(client: Any, api: str, arn: str) -> None:
    arn = arn.format(api=api)
    with raises_api_error(client, "BadRequestException", 400, INVALID_ARN):
        client.get_tags(resourceArn=arn)
    with raises_api_error(client, "BadRequestException", 400, INVALID_ARN):
        client.tag_resource(resourceArn=arn, tags={"a": "b"})
    with raises_api_error(client, "BadRequestException", 400, INVALID_ARN):
        client.untag_resource(resourceArn=arn, tagKeys=["a"])


@pytest.mark.parametrize("partition", ["aws-cn", "aws-us-gov"])
def test_other_partitions_are_arns_too(client: Any, api: str, partition: str) -> None:
    arn = f"arn:{partition}:apigateway:us-east-1::/restapis/{api}"
    client.tag_resource(resourceArn=arn, tags={"a": partition})
    assert tags_of(client, rest_api_arn(api)) == {"a": partition}


def test_arn_of_another_region_is_not_found(client: Any, api: str) -> None:
    other = boto3.client("apigateway", region_name="eu-west-1")
    eu_api = other.create_rest_api(name="eu")["id"]
    for arn in (rest_api_arn(api, region="eu-west-1"), rest_api_arn(eu_api, region="eu-west-1")):
        with raises_api_error(client, "NotFoundException", 404, RESOURCE_NOT_FOUND):
            client.tag_resource(resourceArn=arn, tags={"a": "b"})
    other.tag_resource(resourceArn=rest_api_arn(eu_api, region="eu-west-1"), tags={"a": "b"})
    assert tags_of(other, rest_api_arn(eu_api, region="eu-west-1")) == {"a": "b"}
    assert tags_of(client, rest_api_arn(api)) is None


# --- tag limits ----------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["", "aws:reserved", "AWS:reserved", "k" * 129])
def test_bad_tag_key(client: Any, api: str, key: str) -> None:
    with raises_api_error(client, "BadRequestException", 400, invalid_tag_key(key)):
        client.tag_resource(resourceArn=rest_api_arn(api), tags={"ok": "1", key: "v"})
    assert tags_of(client, rest_api_arn(api)) is None


def test_tag_key_and_value_at_their_limits(client: Any, api: str) -> None:
    tags = {"k" * 128: "v" * 256, "empty": ""}
    client.tag_resource(resourceArn=rest_api_arn(api), tags=tags)
    assert tags_of(client, rest_api_arn(api)) == tags


def test_bad_tag_value(client: Any, api: str) -> None:
    with raises_api_error(client, "BadRequestException", 400, invalid_tag_value("k")):
        client.tag_resource(resourceArn=rest_api_arn(api), tags={"k": "v" * 257})


def test_at_most_fifty_tags(client: Any, api: str) -> None:
    client.tag_resource(resourceArn=rest_api_arn(api), tags={f"k{i}": "v" for i in range(49)})
    client.tag_resource(resourceArn=rest_api_arn(api), tags={"k0": "changed", "k49": "v"})
    with raises_api_error(client, "BadRequestException", 400, too_many_tags(51)):
        client.tag_resource(resourceArn=rest_api_arn(api), tags={"k50": "v"})
    assert len(tags_of(client, rest_api_arn(api)) or {}) == 50


def test_tag_limits_at_create(client: Any, api: str) -> None:
    with raises_api_error(client, "BadRequestException", 400, invalid_tag_key("aws:x")):
        client.create_rest_api(name="t", tags={"aws:x": "1"})
    with raises_api_error(client, "BadRequestException", 400, invalid_tag_key("aws:x")):
        create_stage(client, api, tags={"aws:x": "1"})
    assert client.get_stages(restApiId=api)["item"] == []
