"""Identifier generation: lowercase letters and digits, like API Gateway's ids."""

from __future__ import annotations

import random
import string

_ALPHABET = string.ascii_lowercase + string.digits

REST_API_ID_LENGTH = 10
DEPLOYMENT_ID_LENGTH = 6
RESOURCE_ID_LENGTH = 6


class IdGenerator:
    """Draws ids from one seeded ``random.Random`` and never hands out a live id twice.

    A seed makes a whole test run's ids reproducible; ``None`` seeds from the OS.
    """

    __slots__ = ("_live", "_random")

    def __init__(self, seed: int | None = None) -> None:
        self._random = random.Random(seed)
        self._live: set[str] = set()

    def new_id(self, length: int) -> str:
        while True:
            candidate = "".join(self._random.choices(_ALPHABET, k=length))
            if candidate not in self._live:
                self._live.add(candidate)
                return candidate

    def release(self, ident: str) -> None:
        """Forget a deleted object's id; only live ids are guarded against reuse."""
        self._live.discard(ident)
