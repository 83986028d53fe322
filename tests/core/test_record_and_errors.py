"""The plain data the rules are made of: slotted records and error answers."""

from __future__ import annotations

import pytest

from apigw_canary_mock.core.errors import ApiError, bad_request, conflict, not_found
from apigw_canary_mock.core.validators import RequestValidator


def test_records_compare_by_every_slot_and_only_with_their_own_kind() -> None:
    one = RequestValidator("v1", "body", True, False)
    assert one == RequestValidator("v1", "body", True, False)
    assert one != RequestValidator("v1", "body", True, True)
    assert one != ("v1", "body", True, False)
    assert one.__eq__(object()) is NotImplemented


def test_records_are_mutable_so_unhashable() -> None:
    with pytest.raises(TypeError):
        hash(RequestValidator("v1", "body"))


def test_a_record_repr_names_every_slot() -> None:
    assert repr(RequestValidator("v1", "b")) == (
        "RequestValidator(id='v1', name='b', validate_request_body=False, "
        "validate_request_parameters=False)"
    )


@pytest.mark.parametrize(
    ("make", "code", "status"),
    [
        (bad_request, "BadRequestException", 400),
        (not_found, "NotFoundException", 404),
        (conflict, "ConflictException", 409),
    ],
)
def test_error_answers_are_data(make: object, code: str, status: int) -> None:
    error = make("Invalid stage identifier specified", rule="some-rule")  # type: ignore[operator]
    assert (error.code, error.message, error.status, error.rule) == (
        code,
        "Invalid stage identifier specified",
        status,
        "some-rule",
    )
    assert str(error) == f"{code}: Invalid stage identifier specified"
    assert repr(error) == f"ApiError({code!r}, 'Invalid stage identifier specified', {status})"


def test_errors_are_equal_by_answer_not_by_rule() -> None:
    first = ApiError("BadRequestException", "x", 400, rule="a")
    assert first == ApiError("BadRequestException", "x", 400, rule="b")
    assert hash(first) == hash(ApiError("BadRequestException", "x", 400))
    assert first != ApiError("BadRequestException", "x ", 400)
    assert first != ApiError("ConflictException", "x", 409)
    assert first.__eq__("BadRequestException: x") is NotImplemented
