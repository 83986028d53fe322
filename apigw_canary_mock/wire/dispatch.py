"""Run one emulated operation and render its answer: the single path every call takes."""

from __future__ import annotations

from typing import Any

from apigw_canary_mock import operations
from apigw_canary_mock.core.errors import ApiError
from apigw_canary_mock.core.store import StateStore
from apigw_canary_mock.errors import MockError, UnemulatedOperationError
from apigw_canary_mock.wire.convert import TimestampParser
from apigw_canary_mock.wire.response import DEFAULT_TIMESTAMP_PARSER, render_error, render_success


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
) -> tuple[Any, dict[str, Any]]:
    """``(http_response, parsed)`` for ``params`` (already validated) sent to the emulator."""
    operation = operation_model.name
    handler = operations.OPERATIONS.get(operation)
    if handler is None:
        raise unemulated(operation)
    with store.lock:
        try:
            result = handler(store.backend(account_id, region), params)
            # Rendered under the lock: the converters copy the body out of the live state.
            return render_success(operation_model, result, timestamp_parser)
        except ApiError as error:
            return render_error(operation_model, error)
        except MockError:
            raise
        except Exception as error:
            # Fail closed with a clear message instead of a raw KeyError/TypeError.
            raise MockError(
                f"apigw_canary_mock failed while emulating {operation}: "
                f"{type(error).__name__}: {error} (a bug in apigw_canary_mock; please report it)"
            ) from error
