"""The call log: what the engine keeps of every answered call, cheaply.

One ``CallRecord`` (a tuple) per answer, appended under the store's lock: the operation, a copy
of the params, the HTTP answer as wire renders it (``wire.answer_record``: status, headers,
body bytes -- not the parsed dict the client got: that one is the caller's to change, and a
list answer holds a dict per item, which kept alive for every call would cost memory and
garbage-collector time on every later call), the operation model and timestamp parser to parse
it with, the status, the time, region, account, whether it was an injected fault, and the ids
of the rules (core.evidence) the answer rests on. apigw_canary_mock.inspection turns records
into ``Call`` objects when a test reads them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple


class CallRecord(NamedTuple):
    operation: str
    params: dict[str, Any]
    answer: Any  # wire.AnswerRecord
    operation_model: Any
    timestamp_parser: Any
    status: int
    time: int
    region: str
    account_id: str
    injected: bool
    evidence: tuple[str, ...]


def copy_params(params: Mapping[str, Any]) -> dict[str, Any]:
    """A copy the caller can't change afterwards, cheaply: two levels of containers.

    Covers the apigateway inputs (flat members, maps such as ``variables``, the
    ``patchOperations`` list of small dicts, ``canarySettings``) without a deepcopy.
    """
    copied = dict(params)
    for name, value in copied.items():
        if isinstance(value, dict):
            copied[name] = {k: dict(v) if isinstance(v, dict) else v for k, v in value.items()}
        elif isinstance(value, list):
            copied[name] = [dict(v) if isinstance(v, dict) else v for v in value]
    return copied
