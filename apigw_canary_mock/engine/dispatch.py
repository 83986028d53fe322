"""One call in, one answer out: the single path every emulated call takes.

``answer`` runs one operation inside one store transaction: an injected fault (if one matches)
answers first and leaves the state untouched; otherwise the operation runs on the caller's
Backend, its journal's stage writes go to the stage history on success, and the answer is
rendered (wire) and recorded in the session's call log with the evidence it rests on.
"""

from __future__ import annotations

from typing import Any

from apigw_canary_mock import operations
from apigw_canary_mock.core.clock import now
from apigw_canary_mock.core.errors import ApiError
from apigw_canary_mock.engine.faults import take_fault
from apigw_canary_mock.engine.records import CallRecord, copy_params
from apigw_canary_mock.engine.session import Session
from apigw_canary_mock.errors import MockError, UnemulatedOperationError
from apigw_canary_mock.wire.aws_validation import check as aws_validation_error
from apigw_canary_mock.wire.convert import TimestampParser
from apigw_canary_mock.wire.response import (
    DEFAULT_TIMESTAMP_PARSER,
    answer_record,
    render_error,
    render_success,
)

Answer = tuple[Any, dict[str, Any]]


def is_emulated(operation: str) -> bool:
    return operation in operations.OPERATIONS


def unemulated(operation: str) -> UnemulatedOperationError:
    """The error for a call of ``operation``, which the mock does not emulate."""
    return UnemulatedOperationError(operation, operations.OPERATIONS)


def answer(
    session: Session,
    account_id: str,
    region: str,
    operation_model: Any,
    params: dict[str, Any],
    timestamp_parser: TimestampParser = DEFAULT_TIMESTAMP_PARSER,
    *,
    from_client: bool = True,
) -> Answer:
    """``(http_response, parsed)`` for ``params`` (already validated) sent to the emulator.

    A call ``from_client`` (the default) may be answered by an injected fault and is recorded
    in ``session.calls``; the mock's own helpers pass ``from_client=False``.
    """
    operation = operation_model.name
    handler = operations.OPERATIONS.get(operation)
    if handler is None:
        raise unemulated(operation)
    store = session.store
    with store.transaction(operation not in operations.READ_ONLY_OPERATIONS):
        if from_client and session.faults:
            fault = take_fault(session.faults, operation, region, params)
            if fault is not None:
                # Before the operation runs: the state is untouched, no history entry.
                error = fault.error()
                reply = render_error(operation_model, error)
                session.calls.append(
                    # tuple.__new__: NamedTuple's own __new__ is a Python call.
                    tuple.__new__(
                        CallRecord,
                        (
                            operation,
                            copy_params(params),
                            answer_record(reply[0]),
                            operation_model,
                            timestamp_parser,
                            error.status,
                            now(),
                            region,
                            account_id,
                            True,
                            (error.rule,) if error.rule else (),
                        ),
                    )
                )
                return reply
        backend = store.backend(account_id, region)
        journal = backend.journal
        journal.clear()
        try:
            # AWS's validation layer answers first: before any look-up or semantic check.
            if (invalid := aws_validation_error(operation_model, params)) is not None:
                raise invalid
            result = handler(backend, params)
            # Rendered under the lock: the converters copy the body out of the live state.
            reply = render_success(operation_model, result, timestamp_parser)
            status = result.status
            evidence = tuple(journal.evidence)
        except ApiError as error:
            reply = render_error(operation_model, error)
            status = error.status
            evidence = (*journal.evidence, error.rule) if error.rule else tuple(journal.evidence)
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
                session.calls.append(
                    # tuple.__new__: NamedTuple's own __new__ is a Python call.
                    tuple.__new__(
                        CallRecord,
                        (
                            operation,
                            recorded,
                            answer_record(reply[0]),
                            operation_model,
                            timestamp_parser,
                            status,
                            time,
                            region,
                            account_id,
                            False,
                            evidence,
                        ),
                    )
                )
        return reply
