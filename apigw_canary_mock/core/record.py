"""A plain slotted record: equality and repr over its ``__slots__``.

The definition's many small classes (methods, responses, models...) are records of this kind
rather than dataclasses: a dataclass costs ~0.5 ms of import time each, and the package's
import time is budgeted.
"""

from __future__ import annotations

from typing import ClassVar


class Record:
    __slots__ = ()
    __hash__: ClassVar[None] = None  # type: ignore[assignment]  # mutable: unhashable

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        names: tuple[str, ...] = self.__slots__
        return all(getattr(self, name) == getattr(other, name) for name in names)

    def __repr__(self) -> str:
        names: tuple[str, ...] = self.__slots__
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in names)
        return f"{type(self).__name__}({fields})"
