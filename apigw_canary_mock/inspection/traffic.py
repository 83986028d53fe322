"""Simulated traffic (spec 8): how API Gateway would route requests to a stage right now."""

from __future__ import annotations

from apigw_canary_mock.core import routing
from apigw_canary_mock.core.routing import RouteDecision, TrafficSplit
from apigw_canary_mock.errors import MockUsageError
from apigw_canary_mock.inspection.base import Inspected
from apigw_canary_mock.inspection.checks import check_seed, check_str

#: The most requests one simulate_traffic() call routes (about 3 s); more is surely a mistake.
MAX_SIMULATED_REQUESTS = 100_000_000


class TrafficTools(Inspected):
    """Simulated traffic (mixed into ApiGatewayMock)."""

    def route(
        self,
        rest_api_id: str,
        stage_name: str,
        *,
        request_id: str | None = None,
        seed: int | None = None,
        region: str | None = None,
    ) -> RouteDecision:
        """How API Gateway would serve one request to the stage right now.

        Deterministic for a given ``request_id`` (hashed) or ``seed``; with neither, random.
        A missing API or stage raises what ``client.get_stage`` would.
        """
        if request_id is not None and seed is not None:
            raise MockUsageError("route(): give request_id or seed, not both")
        if request_id is not None:
            check_str(request_id, "route(): request_id")
        if seed is not None:
            check_seed(seed, "route(): seed")
        return routing.route(
            self._stage(rest_api_id, stage_name, region), request_id=request_id, seed=seed
        )

    def simulate_traffic(
        self,
        rest_api_id: str,
        stage_name: str,
        requests: int = 10_000,
        *,
        seed: int = 0,
        region: str | None = None,
    ) -> TrafficSplit:
        """Route ``requests`` requests to the stage as it is now; the same seed, the same split.

        ``split.counts`` maps deployment id to requests served; ``split.canary_share`` is the
        canary's share in percent. 0 % and 100 % are exact.
        """
        if (
            isinstance(requests, bool)
            or not isinstance(requests, int)
            or not 0 <= requests <= MAX_SIMULATED_REQUESTS
        ):
            raise MockUsageError(
                "simulate_traffic(): requests must be an int from 0 to "
                f"{MAX_SIMULATED_REQUESTS:_}; got {requests!r}"
            )
        check_seed(seed, "simulate_traffic(): seed")
        return routing.simulate_traffic(
            self._stage(rest_api_id, stage_name, region), requests, seed=seed
        )
