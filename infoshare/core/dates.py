"""One date box for every form: a text box, with dates accepted in the ways people write
them ("27/3/2026", "27 3 2026", "2026-03-27") and shown back as typed.

Not the browser's date control (``type="date"``): GOV.UK advises against it (it differs
from browser to browser and is hard to use with assistive technology), and it cannot show
a date typed another way, so a typed filter or a date with an error came back empty."""

from __future__ import annotations

from django import forms

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d %m %Y", "%d-%m-%Y"]


#: How a saved date is shown in the box, and the example every hint gives.
SHOWN_FORMAT = "%d/%m/%Y"


class DateInput(forms.DateInput):
    """A text box for a date: a saved date as 27/03/2026; what was typed, as typed."""

    input_type = "text"

    def __init__(self) -> None:
        super().__init__(format=SHOWN_FORMAT, attrs={"autocomplete": "off"})
