"""The engine: one call in, one answer out (see engine.dispatch).

Internal: not part of the public API (its names may change in any release); the public
names are those of ``apigw_canary_mock`` itself.
"""

from apigw_canary_mock.engine.dispatch import Answer, answer, is_emulated, unemulated
from apigw_canary_mock.engine.faults import ERROR_STATUS, Fault, make_fault
from apigw_canary_mock.engine.records import CallRecord, copy_params
from apigw_canary_mock.engine.session import Session

__all__ = [
    "ERROR_STATUS",
    "Answer",
    "CallRecord",
    "Fault",
    "Session",
    "answer",
    "copy_params",
    "is_emulated",
    "make_fault",
    "unemulated",
]
