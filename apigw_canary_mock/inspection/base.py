"""What the inspection mixins need of the mock they are mixed into (ApiGatewayMock)."""

from __future__ import annotations

from apigw_canary_mock import wire
from apigw_canary_mock.core.errors import ApiError
from apigw_canary_mock.core.stage import Stage
from apigw_canary_mock.core.store import StateStore
from apigw_canary_mock.engine.session import Session
from apigw_canary_mock.inspection.checks import check_region, check_str


class Inspected:
    """The live mock as the inspection mixins see it: its session, state and account.

    Everything reads the state of the mock's latest activation (the same state the API calls
    changed), so a ramp, a promotion or a removal is visible at once, and stays readable after
    stop().
    """

    # Provided by ApiGatewayMock.
    @property
    def session(self) -> Session:
        raise NotImplementedError

    @property
    def state(self) -> StateStore:
        raise NotImplementedError

    @property
    def account_id(self) -> str:
        raise NotImplementedError

    @property
    def region(self) -> str:
        raise NotImplementedError

    @property
    def is_active(self) -> bool:
        raise NotImplementedError

    def _region(self, region: str | None) -> str:
        """``region`` checked, or the mock's own ``region`` when None."""
        return self.region if region is None else check_region(region)

    def _stage(self, rest_api_id: str, stage_name: str, region: str | None) -> Stage:
        """The stage as stored now; a missing API or stage raises what get_stage would."""
        check_str(rest_api_id, "rest_api_id")
        check_str(stage_name, "stage_name")
        region = self._region(region)
        store = self.state
        with store.transaction(writes=False):  # a file-backed state: its latest version
            try:
                # A stored Stage is never changed in place, so reading it unlocked is safe.
                return (
                    store.backend(self.account_id, region).rest_api(rest_api_id).stage(stage_name)
                )
            except ApiError as error:
                model = wire.operation_model("GetStage")
                raise wire.client_error("GetStage", wire.render_error(model, error)[1]) from None
