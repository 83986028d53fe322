"""Simulated canary traffic (spec 8): the pure rules, then the live mock's route/simulate."""

from __future__ import annotations

import time

import boto3
import pytest
from botocore.exceptions import ClientError

from apigw_canary_mock import ApiGatewayMock, mock_apigateway
from apigw_canary_mock.core.routing import (
    RouteDecision,
    point_for_request_id,
    point_for_seed,
    route,
    route_at,
    simulate_traffic,
)
from apigw_canary_mock.core.stage import CanarySettings, Stage


def make_stage(
    percent: float | None = None,
    *,
    overrides: dict[str, str] | None = None,
    use_stage_cache: bool = False,
    cache: bool = False,
    canary_deployment: str = "canary1",
) -> Stage:
    canary = None
    if percent is not None:
        canary = CanarySettings(canary_deployment, percent, use_stage_cache, dict(overrides or {}))
    return Stage(
        name="prod",
        deployment_id="stable",
        created_date=0,
        last_updated_date=0,
        variables={"color": "blue", "region": "eu"},
        cache_cluster_enabled=cache,
        canary=canary,
    )


# -- one request ------------------------------------------------------------------------


def test_no_canary_routes_every_request_to_the_stage() -> None:
    decision = route(make_stage(), request_id="r-1")
    assert decision == RouteDecision("stable", False, {"color": "blue", "region": "eu"}, False)
    assert decision.is_canary_request == "false"


def test_canary_request_sees_overrides_merged_on_top() -> None:
    stage = make_stage(100.0, overrides={"color": "green", "flag": "on"})
    decision = route(stage, seed=1)
    assert decision.deployment_id == "canary1"
    assert decision.is_canary
    assert decision.is_canary_request == "true"
    # Overridden keys take the canary value, others stay, override-only keys appear.
    assert dict(decision.variables) == {"color": "green", "region": "eu", "flag": "on"}


def test_stage_request_does_not_see_overrides() -> None:
    decision = route(make_stage(0.0, overrides={"color": "green"}), seed=1)
    assert not decision.is_canary
    assert dict(decision.variables) == {"color": "blue", "region": "eu"}


def test_decision_variables_are_read_only_and_detached_from_the_stage() -> None:
    stage = make_stage()
    decision = route(stage, seed=0)
    stage.variables["color"] = "red"
    assert decision.variables["color"] == "blue"
    with pytest.raises(TypeError):
        decision.variables["color"] = "x"  # type: ignore[index]


@pytest.mark.parametrize(
    ("cache", "use_stage_cache", "canary", "expected"),
    [
        (False, False, False, False),
        (False, True, True, False),
        (True, False, False, True),  # stage requests use the cache
        (True, False, True, False),  # canary requests only with useStageCache (spec 8, D)
        (True, True, True, True),
    ],
)
def test_stage_cache_use(cache: bool, use_stage_cache: bool, canary: bool, expected: bool) -> None:
    stage = make_stage(50.0, cache=cache, use_stage_cache=use_stage_cache)
    decision = route_at(stage, 10.0 if canary else 90.0)
    assert decision.is_canary is canary
    assert decision.uses_stage_cache is expected


@pytest.mark.parametrize(("point", "canary"), [(0.0, True), (24.999, True), (25.0, False)])
def test_point_below_percent_is_a_canary_request(point: float, canary: bool) -> None:
    assert route_at(make_stage(25.0), point).is_canary is canary


def test_zero_and_hundred_percent_are_exact() -> None:
    assert not any(route(make_stage(0.0), request_id=str(i)).is_canary for i in range(2000))
    assert all(route(make_stage(100.0), request_id=str(i)).is_canary for i in range(2000))


def test_same_request_id_or_seed_same_decision() -> None:
    stage = make_stage(50.0)
    assert point_for_request_id("abc") == point_for_request_id("abc")
    assert {route(stage, request_id="abc") == route(stage, request_id="abc") for _ in range(5)} == {
        True
    }
    assert point_for_seed(7) == point_for_seed(7)
    assert 0.0 <= point_for_request_id("") < 100.0


def test_request_id_points_are_pinned() -> None:
    # Stable across processes and Python versions (a hash of the id, not hash()).
    assert round(point_for_request_id("request-1"), 6) == round(
        point_for_request_id("request-1"), 6
    )
    share = sum(route(make_stage(30.0), request_id=f"req-{i}").is_canary for i in range(20000))
    assert abs(share / 200 - 30.0) < 1.5


def test_request_id_and_seed_together_is_an_error() -> None:
    with pytest.raises(ValueError, match="not both"):
        route(make_stage(), request_id="a", seed=1)


def test_route_without_id_or_seed_still_answers() -> None:
    assert route(make_stage(100.0)).is_canary


# -- many requests ----------------------------------------------------------------------


@pytest.mark.parametrize("percent", [0.0, 0.5, 10.0, 25.0, 33.3, 50.0, 75.0, 99.5, 100.0])
def test_split_over_100000_requests_is_within_half_a_point(percent: float) -> None:
    split = simulate_traffic(make_stage(percent), 100_000, seed=0)
    assert split.requests == 100_000
    assert abs(split.canary_share - percent) <= 0.5
    assert split.canary_requests + split.stage_requests == 100_000
    assert sum(split.counts.values()) == 100_000


def test_split_at_zero_and_hundred_is_exact() -> None:
    assert simulate_traffic(make_stage(0.0), 100_000).counts == {"stable": 100_000}
    full = simulate_traffic(make_stage(100.0), 100_000)
    assert full.counts == {"canary1": 100_000}
    assert full.canary_share == 100.0


def test_split_is_deterministic_for_a_seed() -> None:
    stage = make_stage(25.0)
    assert simulate_traffic(stage, 5000, seed=3) == simulate_traffic(stage, 5000, seed=3)
    assert simulate_traffic(stage, 5000, seed=3) != simulate_traffic(stage, 5000, seed=4)


def test_split_without_canary() -> None:
    split = simulate_traffic(make_stage(), 10)
    assert split.counts == {"stable": 10}
    assert split.canary_deployment_id is None
    assert split.canary_share == 0.0


def test_split_with_canary_on_the_stage_deployment_has_one_key() -> None:
    split = simulate_traffic(make_stage(50.0, canary_deployment="stable"), 1000)
    assert split.counts == {"stable": 1000}
    assert 0 < split.canary_requests < 1000


def test_split_of_no_requests() -> None:
    split = simulate_traffic(make_stage(50.0), 0)
    assert split.counts == {}
    assert split.canary_share == 0.0


@pytest.mark.parametrize("bad", [-1, 1.5, True, "10"])
def test_split_rejects_bad_request_counts(bad: object) -> None:
    with pytest.raises(ValueError, match="non-negative int"):
        simulate_traffic(make_stage(), bad)  # type: ignore[arg-type]


def test_100000_requests_take_well_under_a_second() -> None:
    stage = make_stage(37.0)
    started = time.perf_counter()
    simulate_traffic(stage, 100_000, seed=1)
    assert time.perf_counter() - started < 0.5


# -- the live mock ----------------------------------------------------------------------


def _canary_stage(apigw: ApiGatewayMock, client: object, percent: float) -> tuple[str, str, str]:
    api_id = apigw.create_deployable_api()
    stable = client.create_deployment(  # type: ignore[attr-defined]
        restApiId=api_id, stageName="prod", variables={"color": "blue"}
    )["id"]
    canary = client.create_deployment(  # type: ignore[attr-defined]
        restApiId=api_id,
        stageName="prod",
        canarySettings={"percentTraffic": percent, "stageVariableOverrides": {"color": "green"}},
    )["id"]
    return api_id, stable, canary


def _ramp(client: object, api_id: str, percent: str) -> None:
    client.update_stage(  # type: ignore[attr-defined]
        restApiId=api_id,
        stageName="prod",
        patchOperations=[
            {"op": "replace", "path": "/canarySettings/percentTraffic", "value": percent}
        ],
    )


@pytest.mark.parametrize("percent", [0.0, 10.0, 25.0, 50.0, 100.0])
def test_live_split_follows_percent_traffic(percent: float) -> None:
    with mock_apigateway() as apigw:
        client = boto3.client("apigateway", region_name="us-east-1")
        api_id, stable, canary = _canary_stage(apigw, client, percent)
        split = apigw.simulate_traffic(api_id, "prod", 100_000, seed=42)
    assert split.stage_deployment_id == stable
    assert split.canary_deployment_id == canary
    assert abs(split.canary_share - percent) <= 0.5
    if percent in (0.0, 100.0):
        assert split.canary_share == percent
        assert split.counts == {(canary if percent else stable): 100_000}


def test_live_routing_sees_ramp_promotion_and_removal_at_once() -> None:
    with mock_apigateway() as apigw:
        client = boto3.client("apigateway", region_name="us-east-1")
        api_id, stable, canary = _canary_stage(apigw, client, 10.0)
        assert abs(apigw.simulate_traffic(api_id, "prod").canary_share - 10.0) < 1.5
        _ramp(client, api_id, "100")
        decision = apigw.route(api_id, "prod", request_id="r1")
        assert (decision.deployment_id, decision.is_canary) == (canary, True)
        assert dict(decision.variables) == {"color": "green"}
        client.update_stage(
            restApiId=api_id,
            stageName="prod",
            patchOperations=[
                {"op": "copy", "from": "/canarySettings/deploymentId", "path": "/deploymentId"},
                {"op": "remove", "path": "/canarySettings"},
            ],
        )
        decision = apigw.route(api_id, "prod", request_id="r1")
        assert (decision.deployment_id, decision.is_canary) == (canary, False)
        assert dict(decision.variables) == {"color": "blue"}
        assert apigw.simulate_traffic(api_id, "prod", 1000).counts == {canary: 1000}
        assert stable != canary


def test_live_route_is_deterministic_and_checks_the_stage() -> None:
    with mock_apigateway() as apigw:
        client = boto3.client("apigateway", region_name="us-east-1")
        api_id, _, _ = _canary_stage(apigw, client, 50.0)
        first = [apigw.route(api_id, "prod", request_id=f"id-{i}") for i in range(50)]
        again = [apigw.route(api_id, "prod", request_id=f"id-{i}") for i in range(50)]
        assert first == again
        assert apigw.route(api_id, "prod", seed=5) == apigw.route(api_id, "prod", seed=5)
        assert {d.is_canary for d in first} == {True, False}
        with pytest.raises(ClientError) as caught:
            apigw.route(api_id, "nope")
        assert caught.value.response["Error"] == {
            "Code": "NotFoundException",
            "Message": "Invalid stage identifier specified",
        }
        with pytest.raises(ClientError, match="Invalid API identifier"):
            apigw.simulate_traffic("missing", "prod")
        # Routing makes no calls.
        assert apigw.calls.operations() == ["CreateDeployment", "CreateDeployment"]


def test_live_simulation_of_100000_requests_is_fast() -> None:
    with mock_apigateway() as apigw:
        client = boto3.client("apigateway", region_name="us-east-1")
        api_id, _, _ = _canary_stage(apigw, client, 25.0)
        started = time.perf_counter()
        apigw.simulate_traffic(api_id, "prod", 100_000)
        assert time.perf_counter() - started < 0.5


def _ids_of_a_run(seed: int) -> list[str]:
    with mock_apigateway(seed=seed) as apigw:
        client = boto3.client("apigateway", region_name="us-east-1")
        api_id = apigw.create_deployable_api()
        first = client.create_deployment(restApiId=api_id, stageName="prod")["id"]
        second = client.create_deployment(restApiId=api_id)["id"]
        resource = client.create_resource(
            restApiId=api_id,
            parentId=client.get_resources(restApiId=api_id)["items"][0]["id"],
            pathPart="x",
        )["id"]
        return [api_id, first, second, resource]


def test_a_seed_gives_the_same_ids_every_run() -> None:
    assert _ids_of_a_run(123) == _ids_of_a_run(123)
    assert _ids_of_a_run(123) != _ids_of_a_run(124)
