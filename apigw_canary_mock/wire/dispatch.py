"""Run one emulated operation and render its answer: the single path every call takes."""

from __future__ import annotations

from typing import Any

from apigw_canary_mock import operations
from apigw_canary_mock.calls import copy_params
from apigw_canary_mock.core.clock import now
from apigw_canary_mock.core.errors import ApiError
from apigw_canary_mock.core.store import StateStore
from apigw_canary_mock.errors import MockError, UnemulatedOperationError
from apigw_canary_mock.faults import take_fault
from apigw_canary_mock.wire.aws_validation import check as aws_validation_error
from apigw_canary_mock.wire.convert import TimestampParser
from apigw_canary_mock.wire.response import (
    DEFAULT_TIMESTAMP_PARSER,
    answer_record,
    render_error,
    render_success,
)


def is_emulated(operation: str) -> bool:
    return operation in operations.OPERATIONS


def unemulated(operation: str) -> UnemulatedOperationError:
    """The error for a call of ``operation``, which the mock does not emulate."""
    return UnemulatedOperationError(operation, operations.OPERATIONS)


def dispatch(
    store: StateStore,
    account_id: str,
    region: str,
    operation_model: Any,
    params: dict[str, Any],
    timestamp_parser: TimestampParser = DEFAULT_TIMESTAMP_PARSER,
    *,
    from_client: bool = True,
) -> tuple[Any, dict[str, Any]]:
    """``(http_response, parsed)`` for ``params`` (already validated) sent to the emulator.

    A call ``from_client`` (the default) may be answered by an injected fault and is
    recorded in ``store.calls``; the mock's own helpers pass ``from_client=False``. Stage
    changes of a successful call are committed to ``store.history`` under its name and params.
    """
    operation = operation_model.name
    handler = operations.OPERATIONS.get(operation)
    if handler is None:
        raise unemulated(operation)
    with store.transaction(operation not in operations.READ_ONLY_OPERATIONS):
        if from_client and store.faults:
            fault = take_fault(store.faults, operation, region, params)
            if fault is not None:
                # Before the operation runs: the state is untouched, no history entry.
                answer = render_error(operation_model, fault)
                store.calls.append(
                    (
                        operation,
                        copy_params(params),
                        answer_record(answer[0]),
                        operation_model,
                        timestamp_parser,
                        fault.status,
                        now(),
                        region,
                        account_id,
                        True,
                    )
                )
                return answer
        backend = store.backend(account_id, region)
        journal = backend.journal
        journal.clear()
        try:
            # AWS's validation layer answers first: before any look-up or semantic check.
            if (invalid := aws_validation_error(operation_model, params)) is not None:
                raise invalid
            result = handler(backend, params)
            # Rendered under the lock: the converters copy the body out of the live state.
            answer = render_success(operation_model, result, timestamp_parser)
            status = result.status
        except ApiError as error:
            answer = render_error(operation_model, error)
            status = error.status
        except MockError:
            raise
        except Exception as error:
            # Fail closed with a clear message instead of a raw KeyError/TypeError.
            raise MockError(
                f"apigw_canary_mock failed while emulating {operation}: "
                f"{type(error).__name__}: {error} (a bug in apigw_canary_mock; please report it)"
            ) from error
        writes = journal.stage_writes
        if writes or from_client:
            recorded = copy_params(params)
            time = now()
            if writes and status < 300:
                store.history.commit(account_id, region, operation, recorded, writes, time)
            if from_client:
                # A tuple now, a Call when someone reads it (calls.materialize).
                store.calls.append(
                    (
                        operation,
                        recorded,
                        answer_record(answer[0]),
                        operation_model,
                        timestamp_parser,
                        status,
                        time,
                        region,
                        account_id,
                        False,
                    )
                )
        return answer
