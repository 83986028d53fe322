"""Plain-text tables and UTC times: one way, for the stage history and the command line."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timezone


def utc_text(epoch: int, separator: str = "T") -> str:
    """``2026-11-25T10:00:00Z`` (``separator=" "``: ``2026-11-25 10:00:00``, no Z)."""
    moment = datetime.fromtimestamp(epoch, timezone.utc)
    if separator == "T":
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    return moment.strftime(f"%Y-%m-%d{separator}%H:%M:%S")


def render_table(rows: Sequence[Sequence[str]], indent: str = "") -> list[str]:
    """The rows (the first one the header) as aligned columns, a dashed line under the header;
    trailing spaces removed."""
    if not rows:
        return []
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for position, row in enumerate(rows):
        cells = "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        lines.append((indent + cells).rstrip())
        if position == 0:
            lines.append(indent + "  ".join("-" * width for width in widths))
    return lines
