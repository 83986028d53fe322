"""All-or-nothing for every input (issue 10, item 4).

Lone surrogates, numbers no double holds or no ``str()`` writes, a 4,301-digit integer string
and negative zero, in string members, map keys, patch paths and values: each gets the AWS
error or a clear ParamValidationError, and the state is exactly as it was. Nothing is stored
that breaks a later call, and no raw UnicodeError / OverflowError / ValueError escapes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError, ParamValidationError

from apigw_canary_mock import ApiGatewayMock, mock_apigateway

SURROGATE = "orders\ud800"
DIGITS_4301 = "9" * 4301


@pytest.fixture(params=[True, False], ids=["validating", "parameter_validation=False"])
def setup(request: pytest.FixtureRequest) -> Iterator[tuple[ApiGatewayMock, Any, str]]:
    with mock_apigateway() as apigw:
        config = Config(parameter_validation=request.param, retries={"total_max_attempts": 1})
        client = boto3.client("apigateway", region_name="us-east-1", config=config)
        api_id = apigw.create_deployable_api()
        client.create_deployment(restApiId=api_id, stageName="prod", variables={"v": "1"})
        yield apigw, client, api_id


def snapshot(client: Any, api_id: str) -> Any:
    def clean(answer: dict[str, Any]) -> dict[str, Any]:
        answer.pop("ResponseMetadata", None)
        return answer

    return (
        clean(client.get_rest_apis()),
        clean(client.get_stages(restApiId=api_id)),
        clean(client.get_deployments(restApiId=api_id)),
    )


def patch(path: str, value: str) -> list[dict[str, str]]:
    return [{"op": "replace", "path": path, "value": value}]


CALLS: dict[str, Callable[[Any, str], Any]] = {
    "name": lambda c, a: c.create_rest_api(name=SURROGATE),
    "description": lambda c, a: c.create_deployment(restApiId=a, description=SURROGATE),
    "tag key": lambda c, a: c.create_rest_api(name="x", tags={SURROGATE: "v"}),
    "variable value": lambda c, a: c.create_deployment(
        restApiId=a, stageName="prod", variables={"v": SURROGATE}
    ),
    "uri member": lambda c, a: c.get_stage(restApiId=a, stageName=SURROGATE),
    "patch value": lambda c, a: c.update_stage(
        restApiId=a, stageName="prod", patchOperations=patch("/variables/v", SURROGATE)
    ),
    "patch path": lambda c, a: c.update_stage(
        restApiId=a, stageName="prod", patchOperations=patch(f"/variables/{SURROGATE}", "x")
    ),
    "percent 10**400": lambda c, a: c.create_deployment(
        restApiId=a, stageName="prod", canarySettings={"percentTraffic": 10**400}
    ),
    "percent sNaN": lambda c, a: c.create_deployment(
        restApiId=a, stageName="prod", canarySettings={"percentTraffic": Decimal("sNaN")}
    ),
    "4301 digits as burstLimit": lambda c, a: c.update_stage(
        restApiId=a,
        stageName="prod",
        patchOperations=patch("/*/*/throttling/burstLimit", DIGITS_4301),
    ),
    "4301 digits as percentTraffic": lambda c, a: c.update_stage(
        restApiId=a,
        stageName="prod",
        patchOperations=patch("/canarySettings/percentTraffic", DIGITS_4301),
    ),
    "4301 digits as position": lambda c, a: c.get_deployments(restApiId=a, position=DIGITS_4301),
}


@pytest.mark.parametrize("case", CALLS)
def test_refused_cleanly_and_nothing_changes(
    setup: tuple[ApiGatewayMock, Any, str], case: str
) -> None:
    apigw, client, api_id = setup
    before = snapshot(client, api_id)
    history = len(apigw.stage_history(api_id, "prod"))
    with pytest.raises((ParamValidationError, ClientError)) as caught:
        CALLS[case](client, api_id)
    if isinstance(caught.value, ClientError):
        assert caught.value.response["Error"]["Code"] == "BadRequestException"
    else:
        assert "apigw_canary_mock policy unsendable-value" in str(caught.value)
    assert snapshot(client, api_id) == before
    assert len(apigw.stage_history(api_id, "prod")) == history
    # And every later call still works.
    client.update_stage(
        restApiId=api_id, stageName="prod", patchOperations=patch("/variables/v", "2")
    )
    assert client.get_stage(restApiId=api_id, stageName="prod")["variables"] == {"v": "2"}


@pytest.mark.parametrize("value", [-0.0, Decimal("-0"), "-0.0", "-0"])
def test_negative_zero_is_read_as_zero(setup: tuple[ApiGatewayMock, Any, str], value: Any) -> None:
    _, client, api_id = setup
    if isinstance(value, str):
        client.update_stage(
            restApiId=api_id,
            stageName="prod",
            patchOperations=patch("/canarySettings/percentTraffic", value),
        )
    else:
        client.create_deployment(
            restApiId=api_id, stageName="prod", canarySettings={"percentTraffic": value}
        )
    percent = client.get_stage(restApiId=api_id, stageName="prod")["canarySettings"][
        "percentTraffic"
    ]
    assert percent == 0.0
    assert str(percent) == "0.0"  # not "-0.0"
