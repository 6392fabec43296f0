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

#: The example a date box's hint and its error message give, unless the date has its own
#: (a review date, in the future): the same one in both (GOV.UK: the message's example is
#: the hint's).
EXAMPLE = "27/3/2026"


def date_hint(example: str = EXAMPLE) -> str:
    """A date's hint: "For example, 27/3/2026"."""
    return f"For example, {example}"


def not_a_real_date(name: str, example: str = EXAMPLE) -> str:
    """The one message, on every page, for a date that cannot be read or does not exist
    (31/2/2026), in GOV.UK's date input words, "[Whatever it is] must be a real date", with
    the hint's example: "Review date must be a real date, for example 31/3/2027". ``name``
    is the field's label, so that two dates on one page (from and to) are told apart in
    the error summary."""
    return f"{name} must be a real date, for example {example}"


class DateInput(forms.DateInput):
    """A text box for a date: a saved date as 27/03/2026; what was typed, as typed."""

    input_type = "text"

    def __init__(self) -> None:
        super().__init__(format=SHOWN_FORMAT, attrs={"autocomplete": "off"})
