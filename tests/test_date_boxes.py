"""Date boxes are text boxes (core.dates.DateInput): a typed date comes back as typed,
even with an error, and a saved one in the form the hints give (27/03/2026)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse

from infoshare.core.dates import DateInput


def test_a_date_typed_into_a_filter_is_shown_back_as_typed(client: Any, practitioner: Any) -> None:
    client.force_login(practitioner)
    page = client.get(reverse("decisions:my_decisions"), {"date_from": "27/11/2026"})
    assert page.status_code == 200
    assert 'name="date_from" type="text" value="27/11/2026"' in page.content.decode()


def test_a_wrong_date_keeps_what_was_typed_with_its_error(client: Any, practitioner: Any) -> None:
    client.force_login(practitioner)
    page = client.get(reverse("decisions:my_decisions"), {"date_from": "31/2/2026"})
    assert page.status_code == 400
    body = page.content.decode()
    assert 'name="date_from" type="text" value="31/2/2026"' in body
    assert "There is a problem" in body


def test_a_saved_date_is_shown_as_the_hints_write_one() -> None:
    assert DateInput().format_value(dt.date(2027, 3, 31)) == "31/03/2027"
