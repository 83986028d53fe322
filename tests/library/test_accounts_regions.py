"""Regions and accounts: clients in two regions, and in two accounts of one mock (the
``accounts`` option), see separate APIs; the account comes from credentials the client already
holds, never from resolving any."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone
from typing import Any, NoReturn

import boto3
import botocore.session
import pytest
from botocore.credentials import DeferredRefreshableCredentials, RefreshableCredentials

from apigw_canary_mock import ApiGatewayMock, MockUsageError, mock_apigateway

REGION = "us-east-1"
MAIN = "123456789012"
OTHER = "210987654321"
OTHER_KEY = "AKIAOTHER"


def apigateway(region: str = REGION, key: str | None = None) -> Any:
    if key is None:
        return boto3.client("apigateway", region_name=region)
    return boto3.client(
        "apigateway", region_name=region, aws_access_key_id=key, aws_secret_access_key="x"
    )


def api_names(client: Any) -> list[str]:
    return [api["name"] for api in client.get_rest_apis()["items"]]


def never(*args: Any, **kwargs: Any) -> NoReturn:
    raise AssertionError("credentials were resolved or refreshed")


# -- regions ----------------------------------------------------------------------------------


def test_two_regions_see_separate_apis() -> None:
    with mock_apigateway() as apigw:
        east = apigateway("us-east-1")
        west = apigateway("eu-west-1")
        east_id = east.create_rest_api(name="east")["id"]
        west.create_rest_api(name="west")
        assert api_names(east) == ["east"]
        assert api_names(west) == ["west"]
        with pytest.raises(west.exceptions.NotFoundException) as caught:
            west.get_stages(restApiId=east_id)
        assert caught.value.response["Error"]["Message"] == (
            f"Invalid API identifier specified {MAIN}:{east_id}"
        )
        assert [api.name for api in apigw.backend("eu-west-1").rest_apis.values()] == ["west"]
        assert [api.name for api in apigw.backend("us-east-1").rest_apis.values()] == ["east"]


# -- accounts ---------------------------------------------------------------------------------


def test_two_accounts_in_one_mock() -> None:
    with mock_apigateway(account_id=MAIN, accounts={OTHER_KEY: OTHER}) as apigw:
        main = apigateway()
        other = apigateway(key=OTHER_KEY)
        main_id = main.create_rest_api(name="main")["id"]
        other_id = other.create_rest_api(name="other")["id"]
        assert api_names(main) == ["main"]
        assert api_names(other) == ["other"]
        # A key that is not mapped, and a session's own credentials, work the same way.
        assert api_names(apigateway(key="AKIAUNMAPPED")) == ["main"]
        session = boto3.Session(aws_access_key_id=OTHER_KEY, aws_secret_access_key="x")
        assert api_names(session.client("apigateway", region_name=REGION)) == ["other"]
        # Errors name the account the client acts in.
        with pytest.raises(other.exceptions.NotFoundException) as caught:
            other.get_stages(restApiId=main_id)
        assert caught.value.response["Error"]["Message"] == (
            f"Invalid API identifier specified {OTHER}:{main_id}"
        )
        with pytest.raises(main.exceptions.NotFoundException) as caught:
            main.get_rest_api(restApiId=other_id)
        assert caught.value.response["Error"]["Message"] == (
            f"Invalid API identifier specified {MAIN}:{other_id}"
        )
        # The live mock reads either account.
        assert list(apigw.backend(REGION, account_id=OTHER).rest_apis) == [other_id]
        assert list(apigw.backend(REGION).rest_apis) == [main_id]
        assert apigw.accounts == {OTHER_KEY: OTHER}


def test_accounts_and_regions_combine() -> None:
    with mock_apigateway(accounts={OTHER_KEY: OTHER}) as apigw:
        apigateway("eu-west-1", key=OTHER_KEY).create_rest_api(name="other-west")
        assert api_names(apigateway("eu-west-1")) == []
        assert api_names(apigateway("us-east-1", key=OTHER_KEY)) == []
        backend = apigw.backend("eu-west-1", account_id=OTHER)
        assert [api.name for api in backend.rest_apis.values()] == ["other-west"]


def test_without_the_option_every_client_acts_in_account_id() -> None:
    with mock_apigateway(account_id=MAIN):
        apigateway(key=OTHER_KEY).create_rest_api(name="shared")
        assert api_names(apigateway()) == ["shared"]


def test_expired_refreshable_credentials_are_read_without_refreshing() -> None:
    credentials = RefreshableCredentials(
        access_key=OTHER_KEY,
        secret_key="x",
        token=None,
        expiry_time=datetime.now(timezone.utc) - timedelta(hours=1),
        refresh_using=never,
        method="test",
    )
    session = botocore.session.Session()
    session._credentials = credentials
    with mock_apigateway(accounts={OTHER_KEY: OTHER}):
        client = session.create_client("apigateway", region_name=REGION)
        client.create_rest_api(name="other")
        assert api_names(apigateway(key=OTHER_KEY)) == ["other"]


def test_unresolved_credentials_act_in_account_id_without_resolving() -> None:
    session = botocore.session.Session()
    session._credentials = DeferredRefreshableCredentials(refresh_using=never, method="test")
    with mock_apigateway(accounts={OTHER_KEY: OTHER}):
        client = session.create_client("apigateway", region_name=REGION)
        client.create_rest_api(name="main")
        assert api_names(apigateway()) == ["main"]


def test_async_client_acts_in_its_account() -> None:
    aio_session = pytest.importorskip("aiobotocore.session")  # the [async] extra

    async def run() -> list[str]:
        session = aio_session.get_session()
        async with session.create_client(
            "apigateway", region_name=REGION, aws_access_key_id=OTHER_KEY, aws_secret_access_key="x"
        ) as client:
            await client.create_rest_api(name="async-other")
            with pytest.raises(client.exceptions.NotFoundException) as caught:
                await client.get_stages(restApiId="nope")
            return [str(caught.value.response["Error"]["Message"])]

    with mock_apigateway(accounts={OTHER_KEY: OTHER}):
        assert asyncio.run(run()) == [f"Invalid API identifier specified {OTHER}:nope"]
        assert api_names(apigateway(key=OTHER_KEY)) == ["async-other"]
        assert api_names(apigateway()) == []


@pytest.mark.apigateway_mock(accounts={OTHER_KEY: OTHER})
def test_accounts_through_the_marker(apigateway_mock: ApiGatewayMock) -> None:
    apigateway(key=OTHER_KEY).create_rest_api(name="marked")
    assert [api.name for api in apigateway_mock.backend(account_id=OTHER).rest_apis.values()] == [
        "marked"
    ]


def test_decorator_passes_accounts_on() -> None:
    @mock_apigateway(accounts={OTHER_KEY: OTHER})
    def run() -> list[str]:
        apigateway(key=OTHER_KEY).create_rest_api(name="decorated")
        return api_names(apigateway())

    assert run() == []


@pytest.mark.parametrize(
    ("accounts", "message"),
    [
        (
            ["AKIAOTHER"],
            "accounts must be a mapping of access key id to account id, like "
            "{'AKIAOTHER': '210987654321'}; got ['AKIAOTHER']",
        ),
        (
            {"": OTHER},
            "accounts: every key must be a non-empty access key id string; got ''",
        ),
        (
            {1: OTHER},
            "accounts: every key must be a non-empty access key id string; got 1",
        ),
        (
            {OTHER_KEY: "2109876543"},
            "accounts['AKIAOTHER']: account_id must be a string of 12 digits, "
            "like '123456789012'; got '2109876543'",
        ),
        (
            {OTHER_KEY: 210987654321},
            "accounts['AKIAOTHER']: account_id must be a string of 12 digits, "
            "like '123456789012'; got 210987654321",
        ),
    ],
)
def test_bad_accounts_are_rejected(accounts: Any, message: str) -> None:
    with pytest.raises(MockUsageError) as caught:
        mock_apigateway(accounts=accounts)
    assert str(caught.value) == message


def test_accounts_mapping_is_copied_and_read_only() -> None:
    given = {OTHER_KEY: OTHER}
    apigw = mock_apigateway(accounts=given)
    given["AKIALATER"] = MAIN
    assert dict(apigw.accounts) == {OTHER_KEY: OTHER}
    with pytest.raises(TypeError):
        apigw.accounts["AKIAX"] = MAIN  # type: ignore[index]
