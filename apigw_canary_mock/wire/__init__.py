"""The service model: validate input, shape answers and errors exactly like botocore would."""

from apigw_canary_mock.wire.convert import TimestampParser
from apigw_canary_mock.wire.dispatch import dispatch, is_emulated, unemulated
from apigw_canary_mock.wire.model import SERVICE_NAME, client_error, operation_model, service_model
from apigw_canary_mock.wire.response import (
    DEFAULT_TIMESTAMP_PARSER,
    ResultLike,
    fast_timestamp_parser,
    parse_answer,
    render_error,
    render_success,
)
from apigw_canary_mock.wire.validation import validate_params, validate_unchecked_params

__all__ = [
    "DEFAULT_TIMESTAMP_PARSER",
    "SERVICE_NAME",
    "ResultLike",
    "TimestampParser",
    "client_error",
    "dispatch",
    "fast_timestamp_parser",
    "is_emulated",
    "operation_model",
    "parse_answer",
    "render_error",
    "render_success",
    "service_model",
    "unemulated",
    "validate_params",
    "validate_unchecked_params",
]
