"""Injected faults, as a test asks for them: the next N matching calls fail with an AWS error."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from apigw_canary_mock.engine import Fault, is_emulated, make_fault, unemulated
from apigw_canary_mock.errors import MockUsageError
from apigw_canary_mock.inspection.calls import CallTools, check_parameter_names, did_you_mean
from apigw_canary_mock.inspection.checks import check_region


class FaultTools(CallTools):
    """Faults a test injects (their messages list the calls made, hence CallTools)."""

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
        untouched. ``status`` defaults from a table of known codes (``engine.ERROR_STATUS``)
        and is required for others; ``message`` defaults to the usual AWS text.
        """
        session = self.session  # "never started" first
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
        if not is_emulated(operation):
            error = unemulated(operation)
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
        with session.store.lock:
            session.faults.append(fault)
        return fault

    def pending_faults(self) -> list[Fault]:
        """The injected faults not yet used up, in injection order."""
        session = self.session
        with session.store.lock:
            return [fault for fault in session.faults if fault.pending]

    def clear_faults(self) -> None:
        """Forget every injected fault, used up or not."""
        session = self.session
        with session.store.lock:
            session.faults.clear()

    def assert_all_faults_consumed(self) -> None:
        """AssertionError listing the faults not used up (and the calls made), if any."""
        pending = self.pending_faults()
        if pending:
            lines = "\n".join(f"  - {fault.describe()}" for fault in pending)
            raise AssertionError(
                f"{len(pending)} injected fault(s) not consumed:\n{lines}\n"
                f"Calls made:\n{self.calls.describe()}"
            )
