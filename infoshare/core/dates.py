"""One date box for every form: the browser's date picker where it has one, and typed
dates accepted in the ways people write them ("27/3/2026", "27 3 2026", "2026-03-27")."""

from __future__ import annotations

from django import forms

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d %m %Y", "%d-%m-%Y"]


class DateInput(forms.DateInput):
    """Shows the date as the browser's date control expects it (ISO)."""

    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")
