"""Text for people, the same everywhere (the stage history, every command): tables, times, and
names printed safely.

A name or a variable in a state file is whatever a client sent (an API named
``"\\x1b[2J"`` or holding a newline is accepted, as AWS accepts it): ``printable`` escapes what
a terminal would act on, so a table or a summary can not be rewritten or cleared by its data.

Internal: not part of the public API (its names may change in any release); the public
names are those of ``apigw_canary_mock`` itself.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timezone

_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """``text`` with control and other unprintable characters (and backslashes) escaped as
    Python writes them in a string literal (``\\x1b``, ``\\n``, ``\\u202e``); other text,
    accented and non-Latin letters included, unchanged."""
    if text.isprintable() and "\\" not in text:
        return text
    return "".join(_escape(char) for char in text)


def _escape(char: str) -> str:
    if char in _ESCAPES:
        return _ESCAPES[char]
    if char.isprintable():
        return char
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def utc_time(epoch: int) -> str:
    """The one time format for people: ISO 8601, UTC (``2026-11-25T09:21:25Z``)."""
    return datetime.fromtimestamp(epoch, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def pairs(mapping: Mapping[str, str]) -> str:
    """``k=v, k2=v2``, or ``-`` when empty (not yet printable: a table cell or a line is)."""
    return ", ".join(f"{key}={value}" for key, value in mapping.items()) or "-"


def table(rows: Sequence[Sequence[str]], indent: str = "  ") -> list[str]:
    """Lines of a text table: ``rows[0]`` is the header, underlined; every cell printable."""
    cells = [[printable(cell) for cell in row] for row in rows]
    widths = [max(len(row[column]) for row in cells) for column in range(len(cells[0]))]
    lines = []
    for position, row in enumerate(cells):
        text = "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        lines.append(indent + text.rstrip())
        if position == 0:
            lines.append(indent + "  ".join("-" * width for width in widths))
    return lines
