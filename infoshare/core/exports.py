"""Spreadsheet safety shared by every export (CSV and XLSX)."""

from __future__ import annotations

from typing import Any

#: First in every CSV, so that a spreadsheet opened straight from the download (Excel) reads
#: it as UTF-8 and names such as "Siôn Ó Dálaigh" keep their accents.
BOM = "\ufeff"

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
