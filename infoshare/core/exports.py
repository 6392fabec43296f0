"""Spreadsheet safety shared by every export (CSV and XLSX)."""

from __future__ import annotations

from typing import Any

#: A cell starting with one of these is run as a formula by spreadsheet programs
#: (OWASP "CSV injection"); such cells are prefixed with a single quote.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """The value for a spreadsheet cell: empty for None, formula characters neutralised."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
