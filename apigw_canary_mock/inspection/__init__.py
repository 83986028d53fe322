"""What a test can ask the live mock: the calls it answered, stage history, simulated
traffic, injected faults. Each topic is a mixin of ApiGatewayMock.

Internal: not part of the public API (its names may change in any release); the public
names are those of ``apigw_canary_mock`` itself.
"""

from apigw_canary_mock.inspection.calls import Call, CallList, CallTools
from apigw_canary_mock.inspection.checks import check_region
from apigw_canary_mock.inspection.faults import FaultTools
from apigw_canary_mock.inspection.history import HistoryTools, StageChange, StageHistory
from apigw_canary_mock.inspection.traffic import MAX_SIMULATED_REQUESTS, TrafficTools


class RolloutTools(FaultTools, HistoryTools, TrafficTools):
    """Every question a rollout test asks the live mock (mixed into ApiGatewayMock)."""


__all__ = [
    "MAX_SIMULATED_REQUESTS",
    "Call",
    "CallList",
    "CallTools",
    "FaultTools",
    "HistoryTools",
    "RolloutTools",
    "StageChange",
    "StageHistory",
    "TrafficTools",
    "check_region",
]
