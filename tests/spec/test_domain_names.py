"""Deployment surface §3.14: custom domain names and base path mappings."""

from __future__ import annotations

import re
from typing import Any

import boto3
import pytest

from .helpers import (
    DOMAIN_EXISTS,
    DOMAIN_NOT_FOUND,
    MAPPING_EXISTS,
    MAPPING_IN_USE,
    MAPPING_NOT_FOUND,
    MAPPING_REST_API_INVALID,
    MAPPING_STAGE_INVALID,
    NO_BASE_PATH,
    PATCH_OP_REPLACE_ONLY,
    STAGE,
    body,
    create_stage,
    invalid_patch_path,
    patch,
    raises_api_error,
    status_of,
)

DOMAIN = "api.example.com"
CERT = "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555"
REGIONAL_CERT = "arn:aws:acm:us-east-1:123456789012:certificate/regional"
DISTRIBUTION = re.compile(r"^d[a-z0-9]{13}\.cloudfront\.net$")
REGIONAL = re.compile(r"^d-[a-z0-9]{10}\.execute-api\.us-east-1\.amazonaws\.com$")


def create_domain(client: Any, name: str = DOMAIN, **kwargs: Any) -> dict[str, Any]:
    if "endpointConfiguration" not in kwargs and "regionalCertificateArn" not in kwargs:
        kwargs.setdefault("certificateArn", CERT)
    return body(client.create_domain_name(domainName=name, **kwargs))


def create_regional(client: Any, name: str = DOMAIN, **kwargs: Any) -> dict[str, Any]:
    return create_domain(
        client,
        name,
        endpointConfiguration={"types": ["REGIONAL"]},
        regionalCertificateArn=REGIONAL_CERT,
        **kwargs,
    )


def map_api(client: Any, api: str, domain: str = DOMAIN, **kwargs: Any) -> Any:
    return client.create_base_path_mapping(domainName=domain, restApiId=api, **kwargs)


def update_domain(client: Any, *operations: dict[str, str], name: str = DOMAIN) -> Any:
    return client.update_domain_name(domainName=name, patchOperations=list(operations))


def update_mapping(client: Any, base_path: str, *operations: dict[str, str]) -> Any:
    return client.update_base_path_mapping(
        domainName=DOMAIN, basePath=base_path, patchOperations=list(operations)
    )


# --- CreateDomainName, GetDomainName(s) ----------------------------------------------------------


def test_create_edge_domain_name(client: Any) -> None:
    response = client.create_domain_name(domainName=DOMAIN, certificateArn=CERT)
    assert status_of(response) == 201
    created = body(response)
    assert set(created) == {
        "domainName",
        "certificateArn",
        "distributionDomainName",
        "distributionHostedZoneId",
        "domainNameStatus",
        "endpointConfiguration",
        "securityPolicy",
    }
    assert created["domainName"] == DOMAIN
    assert created["certificateArn"] == CERT
    assert DISTRIBUTION.match(created["distributionDomainName"])
    assert created["distributionHostedZoneId"] == "Z2FDTNDATAQYW2"
    assert created["domainNameStatus"] == "AVAILABLE"
    assert created["endpointConfiguration"] == {"types": ["EDGE"], "ipAddressType": "ipv4"}
    assert created["securityPolicy"] == "TLS_1_2"


def test_create_regional_domain_name(client: Any) -> None:
    created = create_regional(client)
    assert set(created) == {
        "domainName",
        "regionalDomainName",
        "regionalCertificateArn",
        "domainNameStatus",
        "endpointConfiguration",
        "securityPolicy",
    }
    assert REGIONAL.match(created["regionalDomainName"])
    assert created["endpointConfiguration"] == {"types": ["REGIONAL"], "ipAddressType": "ipv4"}


def test_create_with_optional_members(client: Any) -> None:
    created = create_domain(
        client,
        endpointConfiguration={"types": ["REGIONAL"], "ipAddressType": "dualstack"},
        regionalCertificateArn=REGIONAL_CERT,
        regionalCertificateName="regional",
        securityPolicy="TLS_1_0",
        tags={"team": "a"},
        mutualTlsAuthentication={"truststoreUri": "s3://bucket/key", "truststoreVersion": "1"},
    )
    assert created["endpointConfiguration"]["ipAddressType"] == "dualstack"
    assert created["regionalCertificateName"] == "regional"
    assert created["securityPolicy"] == "TLS_1_0"
    assert created["tags"] == {"team": "a"}
    assert created["mutualTlsAuthentication"] == {
        "truststoreUri": "s3://bucket/key",
        "truststoreVersion": "1",
    }


def test_get_domain_name_and_names(client: Any) -> None:
    first = create_domain(client)
    second = create_regional(client, "b.example.com")
    got = client.get_domain_name(domainName=DOMAIN)
    assert status_of(got) == 200
    assert body(got) == first
    assert client.get_domain_names()["items"] == [first, second]
    page = client.get_domain_names(limit=1)
    assert page["items"] == [first]
    assert client.get_domain_names(position=page["position"])["items"] == [second]


def test_other_accounts_share_no_domain_name(client: Any) -> None:
    create_domain(client)
    assert client.get_domain_names(resourceOwner="OTHER_ACCOUNTS")["items"] == []
    assert len(client.get_domain_names(resourceOwner="SELF")["items"]) == 1


def test_domain_names_are_per_region(client: Any) -> None:
    create_domain(client)
    other = boto3.client("apigateway", region_name="eu-west-1")
    assert other.get_domain_names()["items"] == []
    with raises_api_error(other, "NotFoundException", 404, DOMAIN_NOT_FOUND):
        other.get_domain_name(domainName=DOMAIN)


def test_create_twice(client: Any) -> None:
    create_domain(client)
    with raises_api_error(client, "ConflictException", 409, DOMAIN_EXISTS):
        create_domain(client)


@pytest.mark.parametrize("name", ["", "localhost", "a b.com", "-a.example.com", "a..com"])
def test_create_with_a_bad_name(client: Any, name: str) -> None:
    with raises_api_error(client, "BadRequestException", 400):
        create_domain(client, name)
    assert client.get_domain_names()["items"] == []


def test_wildcard_domain_name(client: Any) -> None:
    assert create_domain(client, "*.example.com")["domainName"] == "*.example.com"


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"endpointConfiguration": {"types": ["REGIONAL"]}},
        {"endpointConfiguration": {"types": ["REGIONAL"]}, "certificateArn": CERT},
        {"endpointConfiguration": {"types": ["PRIVATE"]}, "certificateArn": CERT},
        {"endpointConfiguration": {"types": ["EDGE", "REGIONAL"]}, "certificateArn": CERT},
        {"endpointConfiguration": {"types": []}, "certificateArn": CERT},
    ],
    ids=["no certificate", "regional without its certificate", "regional with an edge one",
         "private", "two types", "no type"],
)  # fmt: skip
def test_create_refused(client: Any, kwargs: dict[str, Any]) -> None:
    with raises_api_error(client, "BadRequestException", 400):
        client.create_domain_name(domainName=DOMAIN, **kwargs)
    assert client.get_domain_names()["items"] == []


def test_domain_name_id_names_no_public_domain(client: Any) -> None:
    create_domain(client)
    with raises_api_error(client, "NotFoundException", 404, DOMAIN_NOT_FOUND):
        client.get_domain_name(domainName=DOMAIN, domainNameId="abc")


UNKNOWN_DOMAIN_CALLS = {
    "get": lambda c: c.get_domain_name(domainName="nope.example.com"),
    "update": lambda c: update_domain(c, patch("replace", "/securityPolicy", "TLS_1_2"),
                                      name="nope.example.com"),
    "delete": lambda c: c.delete_domain_name(domainName="nope.example.com"),
    "create mapping": lambda c: c.create_base_path_mapping(
        domainName="nope.example.com", restApiId="abcde12345"),
    "get mapping": lambda c: c.get_base_path_mapping(domainName="nope.example.com",
                                                      basePath=NO_BASE_PATH),
    "get mappings": lambda c: c.get_base_path_mappings(domainName="nope.example.com"),
    "update mapping": lambda c: c.update_base_path_mapping(
        domainName="nope.example.com", basePath=NO_BASE_PATH, patchOperations=[]),
    "delete mapping": lambda c: c.delete_base_path_mapping(domainName="nope.example.com",
                                                            basePath=NO_BASE_PATH),
}  # fmt: skip


@pytest.mark.parametrize("call", UNKNOWN_DOMAIN_CALLS.values(), ids=UNKNOWN_DOMAIN_CALLS.keys())
def test_unknown_domain_name(client: Any, call: Any) -> None:
    with raises_api_error(client, "NotFoundException", 404, DOMAIN_NOT_FOUND):
        call(client)


# --- UpdateDomainName, DeleteDomainName ----------------------------------------------------------


def test_update_domain_name(client: Any) -> None:
    created = create_domain(client)
    new_cert = CERT.replace("1111", "9999")
    response = update_domain(
        client,
        patch("replace", "/certificateArn", new_cert),
        patch("replace", "/securityPolicy", "TLS_1_0"),
        patch("replace", "/certificateName", "named"),
    )
    assert status_of(response) == 200
    expected = {
        **created,
        "certificateArn": new_cert,
        "securityPolicy": "TLS_1_0",
        "certificateName": "named",
    }
    assert body(response) == expected
    assert body(client.get_domain_name(domainName=DOMAIN)) == expected


def test_update_endpoint_type_needs_its_certificate(client: Any) -> None:
    created = create_domain(client)
    text = "A certificate is required for an REGIONAL domain name: specify regionalCertificateArn"
    with raises_api_error(client, "BadRequestException", 400, text):
        update_domain(client, patch("replace", "/endpointConfiguration/types/0", "REGIONAL"))
    assert body(client.get_domain_name(domainName=DOMAIN)) == created
    moved = body(
        update_domain(
            client,
            patch("replace", "/regionalCertificateArn", REGIONAL_CERT),
            patch("replace", "/endpointConfiguration/types/0", "REGIONAL"),
        )
    )
    assert moved["endpointConfiguration"]["types"] == ["REGIONAL"]
    assert REGIONAL.match(moved["regionalDomainName"])
    assert "distributionDomainName" not in moved


@pytest.mark.parametrize("path", ["/domainName", "/tags/a", "/endpointConfiguration", ""])
def test_update_domain_other_path(client: Any, path: str) -> None:
    create_domain(client)
    with raises_api_error(client, "BadRequestException", 400, invalid_patch_path(path)):
        update_domain(client, patch("replace", path, "x"))


def test_update_domain_other_op(client: Any) -> None:
    created = create_domain(client)
    with raises_api_error(client, "BadRequestException", 400, PATCH_OP_REPLACE_ONLY):
        update_domain(
            client,
            patch("replace", "/securityPolicy", "TLS_1_0"),
            patch("add", "/certificateName", "x"),
        )
    assert body(client.get_domain_name(domainName=DOMAIN)) == created


def test_delete_domain_name(client: Any, api: str) -> None:
    create_stage(client, api)
    create_domain(client)
    map_api(client, api, stage=STAGE)
    response = client.delete_domain_name(domainName=DOMAIN)
    assert status_of(response) == 202
    assert body(response) == {}
    with raises_api_error(client, "NotFoundException", 404, DOMAIN_NOT_FOUND):
        client.get_domain_name(domainName=DOMAIN)
    create_domain(client)
    assert client.get_base_path_mappings(domainName=DOMAIN)["items"] == []
    # The mapping went with the domain name: the stage and the API can go.
    client.delete_stage(restApiId=api, stageName=STAGE)


def test_domain_name_tags(client: Any) -> None:
    create_domain(client, tags={"a": "1"})
    arn = f"arn:aws:apigateway:us-east-1::/domainnames/{DOMAIN}"
    assert client.get_tags(resourceArn=arn)["tags"] == {"a": "1"}
    client.tag_resource(resourceArn=arn, tags={"b": "2"})
    client.untag_resource(resourceArn=arn, tagKeys=["a"])
    assert client.get_domain_name(domainName=DOMAIN)["tags"] == {"b": "2"}
    assert client.get_tags(resourceArn=arn)["tags"] == {"b": "2"}


# --- base path mappings --------------------------------------------------------------------------


def test_create_base_path_mapping(client: Any, api: str) -> None:
    create_stage(client, api)
    create_domain(client)
    response = map_api(client, api, basePath="v1", stage=STAGE)
    assert status_of(response) == 201
    assert body(response) == {"basePath": "v1", "restApiId": api, "stage": STAGE}
    got = client.get_base_path_mapping(domainName=DOMAIN, basePath="v1")
    assert status_of(got) == 200
    assert body(got) == body(response)


@pytest.mark.parametrize("given", [{}, {"basePath": ""}, {"basePath": NO_BASE_PATH}])
def test_empty_base_path_is_none(client: Any, api: str, given: dict[str, str]) -> None:
    create_domain(client)
    assert body(map_api(client, api, **given)) == {"basePath": NO_BASE_PATH, "restApiId": api}
    got = client.get_base_path_mapping(domainName=DOMAIN, basePath=NO_BASE_PATH)
    assert body(got) == {"basePath": NO_BASE_PATH, "restApiId": api}
    with raises_api_error(client, "ConflictException", 409, MAPPING_EXISTS):
        map_api(client, api)
    with raises_api_error(client, "NotFoundException", 404, MAPPING_NOT_FOUND):
        client.get_base_path_mapping(domainName=DOMAIN, basePath="")


def test_stage_none_is_no_stage(client: Any, api: str) -> None:
    create_domain(client)
    assert "stage" not in body(map_api(client, api, basePath="v1", stage=NO_BASE_PATH))


def test_create_mapping_checks(client: Any, api: str) -> None:
    create_domain(client)
    with raises_api_error(client, "BadRequestException", 400, MAPPING_REST_API_INVALID):
        map_api(client, "abcde12345", stage="missing")
    with raises_api_error(client, "BadRequestException", 400, MAPPING_STAGE_INVALID):
        map_api(client, api, stage="missing")
    map_api(client, api, basePath="v1")
    with raises_api_error(client, "ConflictException", 409, MAPPING_EXISTS):
        map_api(client, api, basePath="v1")
    assert len(client.get_base_path_mappings(domainName=DOMAIN)["items"]) == 1


@pytest.mark.parametrize("base_path", ["/v1", "v1/", "a//b", "a b", "v1?x"])
def test_bad_base_path(client: Any, api: str, base_path: str) -> None:
    create_domain(client)
    with raises_api_error(client, "BadRequestException", 400):
        map_api(client, api, basePath=base_path)


def test_multi_level_base_path(client: Any, api: str) -> None:
    create_domain(client)
    assert map_api(client, api, basePath="v1/orders")["basePath"] == "v1/orders"
    assert client.get_base_path_mapping(domainName=DOMAIN, basePath="v1/orders")["restApiId"] == api


def test_get_base_path_mappings(client: Any, api: str) -> None:
    create_domain(client)
    created = [body(map_api(client, api, basePath=name)) for name in ("v2", "v1", "a")]
    assert client.get_base_path_mappings(domainName=DOMAIN)["items"] == created
    page = client.get_base_path_mappings(domainName=DOMAIN, limit=2)
    assert page["items"] == created[:2]
    rest = client.get_base_path_mappings(domainName=DOMAIN, position=page["position"])
    assert rest["items"] == created[2:]


def test_update_base_path(client: Any, api: str) -> None:
    create_domain(client)
    map_api(client, api, basePath="v1")
    map_api(client, api, basePath="z")
    response = update_mapping(client, "v1", patch("replace", "/basePath", "v2"))
    assert status_of(response) == 200
    assert body(response) == {"basePath": "v2", "restApiId": api}
    with raises_api_error(client, "NotFoundException", 404, MAPPING_NOT_FOUND):
        client.get_base_path_mapping(domainName=DOMAIN, basePath="v1")
    items = client.get_base_path_mappings(domainName=DOMAIN)["items"]
    assert [item["basePath"] for item in items] == ["v2", "z"]
    with raises_api_error(client, "ConflictException", 409, MAPPING_EXISTS):
        update_mapping(client, "v2", patch("replace", "/basePath", "z"))
    assert body(update_mapping(client, "v2", patch("replace", "/basePath", "")))["basePath"] == (
        NO_BASE_PATH
    )


def test_update_target(client: Any, api: str) -> None:
    other = client.create_rest_api(name="other")["id"]
    create_stage(client, api)
    create_domain(client)
    map_api(client, api, basePath="v1", stage=STAGE)
    with raises_api_error(client, "BadRequestException", 400, MAPPING_STAGE_INVALID):
        update_mapping(client, "v1", patch("replace", "/restapiId", other))
    with raises_api_error(client, "BadRequestException", 400, MAPPING_REST_API_INVALID):
        update_mapping(client, "v1", patch("replace", "/restapiId", "abcde12345"))
    with raises_api_error(client, "BadRequestException", 400, MAPPING_STAGE_INVALID):
        update_mapping(client, "v1", patch("replace", "/stage", "missing"))
    moved = update_mapping(
        client, "v1", patch("replace", "/restapiId", other), patch("replace", "/stage", "")
    )
    assert body(moved) == {"basePath": "v1", "restApiId": other}


def test_update_mapping_other_path_or_op(client: Any, api: str) -> None:
    create_domain(client)
    map_api(client, api, basePath="v1")
    with raises_api_error(client, "BadRequestException", 400, invalid_patch_path("/restApiId")):
        update_mapping(client, "v1", patch("replace", "/restApiId", api))
    with raises_api_error(client, "BadRequestException", 400, PATCH_OP_REPLACE_ONLY):
        update_mapping(client, "v1", patch("remove", "/stage"))
    with raises_api_error(client, "NotFoundException", 404, MAPPING_NOT_FOUND):
        update_mapping(client, "v9", patch("replace", "/stage", STAGE))


def test_delete_base_path_mapping(client: Any, api: str) -> None:
    create_domain(client)
    map_api(client, api)
    response = client.delete_base_path_mapping(domainName=DOMAIN, basePath=NO_BASE_PATH)
    assert status_of(response) == 202
    assert body(response) == {}
    with raises_api_error(client, "NotFoundException", 404, MAPPING_NOT_FOUND):
        client.delete_base_path_mapping(domainName=DOMAIN, basePath=NO_BASE_PATH)


# --- what a mapping holds on to ------------------------------------------------------------------


def test_delete_stage_used_by_a_mapping(client: Any, api: str) -> None:
    create_stage(client, api)
    create_domain(client)
    map_api(client, api, basePath="v1", stage=STAGE)
    with raises_api_error(client, "BadRequestException", 400, MAPPING_IN_USE):
        client.delete_stage(restApiId=api, stageName=STAGE)
    assert client.get_stage(restApiId=api, stageName=STAGE)["stageName"] == STAGE
    client.delete_base_path_mapping(domainName=DOMAIN, basePath="v1")
    assert status_of(client.delete_stage(restApiId=api, stageName=STAGE)) == 202


def test_delete_stage_of_a_mapped_api_without_mapped_stage(client: Any, api: str) -> None:
    create_stage(client, api)
    create_domain(client)
    map_api(client, api)
    assert status_of(client.delete_stage(restApiId=api, stageName=STAGE)) == 202


def test_delete_rest_api_used_by_a_mapping(client: Any, api: str) -> None:
    create_domain(client)
    map_api(client, api)
    with raises_api_error(client, "BadRequestException", 400, MAPPING_IN_USE):
        client.delete_rest_api(restApiId=api)
    assert client.get_rest_api(restApiId=api)["id"] == api
    client.delete_domain_name(domainName=DOMAIN)
    assert status_of(client.delete_rest_api(restApiId=api)) == 202
