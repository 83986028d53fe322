"""Whether a call's params match what a test expects (subset match, used by faults and calls)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def params_match(actual: Mapping[str, Any], expected: Mapping[str, Any]) -> bool:
    """Whether ``expected`` is a subset of ``actual``; nested maps match as subsets too.

    Lists and other values compare with ``==`` (so ``unittest.mock.ANY`` works anywhere).
    """
    for name, want in expected.items():
        if name not in actual:
            return False
        have = actual[name]
        if isinstance(want, Mapping) and isinstance(have, Mapping):
            if not params_match(have, want):
                return False
        elif have != want:
            return False
    return True
