"""The service model: validate input, shape answers and errors exactly like botocore would.

Internal: not part of the public API (its names may change in any release); the public
names are those of ``apigw_canary_mock`` itself.
"""

from apigw_canary_mock.wire.convert import TimestampParser
from apigw_canary_mock.wire.model import SERVICE_NAME, client_error, operation_model, service_model
from apigw_canary_mock.wire.response import (
    DEFAULT_TIMESTAMP_PARSER,
    fast_timestamp_parser,
    parse_answer,
    render_error,
    render_success,
)
from apigw_canary_mock.wire.sendable import check_sendable
from apigw_canary_mock.wire.validation import validate_params, validate_unchecked_params

__all__ = [
    "DEFAULT_TIMESTAMP_PARSER",
    "SERVICE_NAME",
    "TimestampParser",
    "check_sendable",
    "client_error",
    "fast_timestamp_parser",
    "operation_model",
    "parse_answer",
    "render_error",
    "render_success",
    "service_model",
    "validate_params",
    "validate_unchecked_params",
]
