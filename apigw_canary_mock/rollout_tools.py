"""The live mock's rollout-testing tools: simulated traffic, stage history, calls, faults.

``RolloutTools`` is a mixin of ApiGatewayMock. Everything reads the state of the mock's
latest activation (the same state the API calls changed), so a ramp, a promotion or a
removal is visible at once, and stays readable after stop().
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from apigw_canary_mock import wire
from apigw_canary_mock.calls import CallList, check_parameter_names, did_you_mean, materialize
from apigw_canary_mock.core.errors import ApiError
from apigw_canary_mock.core.history import StageHistory
from apigw_canary_mock.core.stage import Stage
from apigw_canary_mock.core.store import StateStore
from apigw_canary_mock.errors import MockUsageError
from apigw_canary_mock.faults import Fault, make_fault
from apigw_canary_mock.operations.result import Result
from apigw_canary_mock.operations.shapes import stage_body

if TYPE_CHECKING:  # core.routing is imported on first use: it is not needed to answer calls
    from apigw_canary_mock.core.routing import RouteDecision, TrafficSplit

__all__ = ["MAX_SIMULATED_REQUESTS", "RolloutTools", "check_region"]

_REGION = "us-east-1"

#: The most requests one simulate_traffic() call routes (about 3 s); more is surely a mistake.
MAX_SIMULATED_REQUESTS = 100_000_000

# What botocore accepts as a region name (botocore.utils.validate_region_name).
_REGION_NAME = re.compile(r"[a-zA-Z0-9](?:[a-zA-Z0-9\-]{0,61}[a-zA-Z0-9])?")


def check_region(region: object, what: str = "region") -> str:
    """``region`` if it is a region name a client could have; else a MockUsageError."""
    if not isinstance(region, str) or not _REGION_NAME.fullmatch(region):
        raise MockUsageError(
            f"{what} must be an AWS region name such as {_REGION!r} (letters, digits and "
            f"hyphens, as botocore accepts); got {region!r}"
        )
    return region


def _check_str(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise MockUsageError(f"{what} must be a string; got {value!r}")
    return value


def _check_seed(seed: object, what: str = "seed") -> None:
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise MockUsageError(f"{what} must be an int; got {seed!r}")


class RolloutTools:
    """Questions a rollout test asks the live mock (mixed into ApiGatewayMock)."""

    # Provided by ApiGatewayMock.
    @property
    def state(self) -> StateStore:
        raise NotImplementedError

    @property
    def account_id(self) -> str:
        raise NotImplementedError

    @property
    def is_active(self) -> bool:
        raise NotImplementedError

    # -- simulated traffic (spec 8) -----------------------------------------------------

    def route(
        self,
        rest_api_id: str,
        stage_name: str,
        *,
        request_id: str | None = None,
        seed: int | None = None,
        region: str = _REGION,
    ) -> RouteDecision:
        """How API Gateway would serve one request to the stage right now.

        Deterministic for a given ``request_id`` (hashed) or ``seed``; with neither, random.
        A missing API or stage raises what ``client.get_stage`` would.
        """
        if request_id is not None and seed is not None:
            raise MockUsageError("route(): give request_id or seed, not both")
        if request_id is not None:
            _check_str(request_id, "route(): request_id")
        if seed is not None:
            _check_seed(seed, "route(): seed")
        from apigw_canary_mock.core import routing

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
        region: str = _REGION,
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
        _check_seed(seed, "simulate_traffic(): seed")
        from apigw_canary_mock.core import routing

        return routing.simulate_traffic(
            self._stage(rest_api_id, stage_name, region), requests, seed=seed
        )

    def _stage(self, rest_api_id: str, stage_name: str, region: str) -> Stage:
        _check_str(rest_api_id, "rest_api_id")
        _check_str(stage_name, "stage_name")
        check_region(region)
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

    # -- history ------------------------------------------------------------------------

    def stage_history(
        self, rest_api_id: str, stage_name: str, region: str = _REGION
    ) -> StageHistory:
        """Every change of the stage, oldest first: time, operation, params, stage after.

        Each entry's ``stage`` is what GetStage answered right after the change (None after
        a delete). ``str(history)`` is a table, one row per change. A stage that has no
        change recorded and does not exist raises what ``client.get_stage`` would (so a
        misspelt name fails the test instead of giving an empty history).
        """
        _check_str(rest_api_id, "rest_api_id")
        _check_str(stage_name, "stage_name")
        check_region(region)
        store = self.state
        with store.lock:
            records = store.history.records(self.account_id, region, rest_api_id, stage_name)
        if not records:
            self._stage(rest_api_id, stage_name, region)  # raises NotFoundException if absent
        return StageHistory.from_records(rest_api_id, stage_name, records, _get_stage_answer)

    # -- calls --------------------------------------------------------------------------

    @property
    def calls(self) -> CallList:
        """Every call clients made to this mock (a snapshot), oldest first.

        One entry per attempt: a call retried after an injected fault appears per attempt.
        The mock's own helpers (``get_stage``, ``create_deployable_api``...) are not recorded.
        """
        store = self.state
        with store.lock:
            return CallList(materialize(store.calls))

    def reset_calls(self) -> None:
        """Forget the calls recorded so far (for example after a test's setup)."""
        store = self.state
        with store.lock:
            store.calls.clear()

    def call_count(self, operation: str) -> int:
        return self.calls.call_count_of(operation)

    def assert_called(self, operation: str) -> None:
        self.calls.assert_called(operation)

    def assert_called_once(self, operation: str) -> None:
        self.calls.assert_called_once(operation)

    def assert_not_called(self, operation: str) -> None:
        self.calls.assert_not_called(operation)

    def assert_called_with(self, operation: str, /, **params: Any) -> None:
        """The LAST call of ``operation`` had (at least) these params (maps match as subsets)."""
        self.calls.assert_called_with(operation, **params)

    def assert_any_call(self, operation: str, /, **params: Any) -> None:
        """Some call of ``operation`` had (at least) these params (maps match as subsets)."""
        self.calls.assert_any_call(operation, **params)

    # -- faults -------------------------------------------------------------------------

    def inject_fault(
        self,
        operation: str,
        code: str,
        *,
        times: int = 1,
        message: str | None = None,
        status: int | None = None,
        match: Mapping[str, Any] | None = None,
        region: str | None = None,
    ) -> Fault:
        """Make the next ``times`` calls of ``operation`` (matching ``match``) fail with ``code``.

        The error is rendered exactly like the emulator's own (``client.exceptions.<code>``
        for API Gateway's modelled errors, a ClientError otherwise) and the state is left
        untouched. ``status`` defaults from a table of known codes (``faults.ERROR_STATUS``)
        and is required for others; ``message`` defaults to the usual AWS text.
        """
        store = self.state  # "never started" first
        if not self.is_active:
            # Its state is readable still, but it answers no call: the fault could never
            # fire (and the next start() begins with no faults).
            raise MockUsageError(
                f"inject_fault on {self!r}, which is stopped: it answers no calls, so the "
                "fault could never be used; inject faults while the mock is active"
            )
        if not isinstance(operation, str):
            raise MockUsageError(
                "inject_fault: the operation must be a string such as 'UpdateStage'; "
                f"got {operation!r}"
            )
        if not wire.is_emulated(operation):
            error = wire.unemulated(operation)
            raise type(error)(
                operation, error.emulated, did_you_mean(operation, error.emulated)
            ) from None
        if region is not None:
            check_region(region, "inject_fault: region")
        if isinstance(match, Mapping):
            check_parameter_names(operation, match, "inject_fault: match")
        try:
            fault = make_fault(
                operation,
                code,
                times=times,
                message=message,
                status=status,
                match=match,
                region=region,
            )
        except ValueError as error:
            raise MockUsageError(f"inject_fault: {error}") from None
        with store.lock:
            store.faults.append(fault)
        return fault

    def pending_faults(self) -> list[Fault]:
        """The injected faults not yet used up, in injection order."""
        store = self.state
        with store.lock:
            return [fault for fault in store.faults if fault.pending]

    def clear_faults(self) -> None:
        store = self.state
        with store.lock:
            store.faults.clear()

    def assert_all_faults_consumed(self) -> None:
        pending = self.pending_faults()
        if pending:
            lines = "\n".join(f"  - {fault.describe()}" for fault in pending)
            raise AssertionError(
                f"{len(pending)} injected fault(s) not consumed:\n{lines}\n"
                f"Calls made:\n{self.calls.describe()}"
            )


def _get_stage_answer(stage: Stage) -> dict[str, Any]:
    """What ``client.get_stage`` answers for ``stage``, without ResponseMetadata."""
    parsed = wire.render_success(wire.operation_model("GetStage"), Result(stage_body(stage)))[1]
    del parsed["ResponseMetadata"]
    return parsed
