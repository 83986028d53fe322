"""Identifier generation: lowercase letters and digits, like API Gateway's ids."""

from __future__ import annotations

import os
import random
import string
from collections.abc import Iterable

from .evidence import rule

_ALPHABET = string.ascii_lowercase + string.digits

ID_FORMAT = rule(
    "id-format",
    "P",
    "ids are random lowercase letters and digits (AWS's format): REST APIs 10 characters, "
    "deployments and resources 6; seed= makes them reproducible; a live id is never reused",
)

REST_API_ID_LENGTH = 10
DEPLOYMENT_ID_LENGTH = 6
RESOURCE_ID_LENGTH = 6


# Generators without a seed all draw from this one, seeded from the OS once: seeding a Mersenne
# Twister from the OS costs more than a whole call (~16-40 µs), and every mock has a generator.
# A forked child reseeds it, or it would hand out its parent's next ids.
_unseeded = random.Random()
os.register_at_fork(after_in_child=_unseeded.seed)


class IdGenerator:
    """Draws ids from one seeded ``random.Random`` and never hands out a live id twice.

    A seed makes a whole test run's ids reproducible; ``None`` draws from the process's OS-seeded
    generator.

    ``drawn`` counts the characters drawn so far: with the seed, it is the whole state of
    the sequence, which ``resume`` restores. So processes sharing a state file continue one
    sequence (apigw_canary_mock.persistence stores the seed and ``drawn``), and the ids a
    seeded run hands out do not depend on how its calls were spread over processes.
    """

    __slots__ = ("_drawn", "_live", "_random", "seed")

    def __init__(self, seed: int | None = None) -> None:
        self.seed = seed
        self._random = _unseeded if seed is None else random.Random(seed)
        self._drawn = 0
        self._live: set[str] = set()

    @property
    def drawn(self) -> int:
        return self._drawn

    def new_id(self, length: int) -> str:
        while True:
            candidate = "".join(self._random.choices(_ALPHABET, k=length))
            self._drawn += length
            if candidate not in self._live:
                self._live.add(candidate)
                return candidate

    def release(self, ident: str) -> None:
        """Forget a deleted object's id; only live ids are guarded against reuse."""
        self._live.discard(ident)

    def claim(self, ident: str) -> None:
        """Guard an id drawn elsewhere (by another process sharing a state file)."""
        self._live.add(ident)

    def claim_all(self, idents: Iterable[str]) -> None:
        self._live.update(idents)

    def resume(self, drawn: int) -> None:
        """Continue the seed's sequence right after its first ``drawn`` characters."""
        if self.seed is None:
            raise ValueError("an IdGenerator seeded from the OS can not resume a sequence")
        if drawn < self._drawn:
            self._random = random.Random(self.seed)
            self._drawn = 0
        # Each character is one draw of choices(), so k characters at once or in pieces
        # leave the generator in the same state.
        if drawn > self._drawn:
            self._random.choices(_ALPHABET, k=drawn - self._drawn)
            self._drawn = drawn
