"""Errors the emulated service answers with, as plain data."""

from __future__ import annotations


class ApiError(Exception):
    """An error answer of API Gateway: its code, message and HTTP status.

    The rules raise it; only the wire layer turns it into what botocore raises. ``rule``: the
    id of the rule (core.evidence) that gives this answer, when one is declared.
    """

    def __init__(self, code: str, message: str, status: int, rule: str | None = None) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.status = status
        self.rule = rule

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ApiError):
            return NotImplemented
        return (self.code, self.message, self.status) == (other.code, other.message, other.status)

    def __hash__(self) -> int:
        return hash((self.code, self.message, self.status))

    def __repr__(self) -> str:
        return f"ApiError({self.code!r}, {self.message!r}, {self.status})"


def bad_request(message: str, rule: str | None = None) -> ApiError:
    return ApiError("BadRequestException", message, 400, rule)


def not_found(message: str, rule: str | None = None) -> ApiError:
    return ApiError("NotFoundException", message, 404, rule)


def conflict(message: str, rule: str | None = None) -> ApiError:
    return ApiError("ConflictException", message, 409, rule)
