"""Whole numbers typed into URLs and forms (page numbers, ids), read safely."""

from __future__ import annotations

from typing import Any

#: The largest id a database column holds (a signed 64-bit integer).
MAX_ID = 2**63 - 1


def parse_id(raw: Any, maximum: int = MAX_ID) -> int | None:
    """``raw`` as a whole number from 1 to ``maximum``, or None.

    Only the digits 0-9 count: ``str.isdigit`` is also true of characters such as "²",
    which ``int`` refuses, and ``int`` reads other scripts' digits, which no link of ours
    holds."""
    if not isinstance(raw, str) or not (raw.isascii() and raw.isdigit()) or len(raw) > 19:
        return None
    number = int(raw)
    return number if 0 < number <= maximum else None
