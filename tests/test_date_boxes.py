"""Date boxes are text boxes (core.dates.DateInput): a typed date comes back as typed,
even with an error, and a saved one in the form the hints give (27/03/2026)."""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any

import pytest
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


def _summary(response: Any) -> list[tuple[str, str]]:
    """The error summary's links: (the box's id, the message)."""
    page = html.unescape(response.content.decode())
    summary = page[page.index("govuk-error-summary__list") :]
    summary = summary[: summary.index("</ul>")]
    return re.findall(r'<a href="#([^"]+)">([^<]*)</a>', summary)


#: A year not in 4 figures, or with a leading 0 (which ``%Y`` read as the year 26), in
#: each way a date box reads a date.
SHORT_YEARS = ["1/12/0026", "1 12 0026", "1-12-0026", "0026-12-01", "1/12/26", "1/1/0001"]

#: Where a filter's dates are typed: the page, its two boxes' labels, who may see it.
FILTER_PAGES = [
    pytest.param(
        "decisions:my_decisions", ("Finalised from", "Finalised to"), "advisor", id="decisions"
    ),
    pytest.param("audit:event_list", ("From date", "To date"), "auditor", id="audit"),
]


@pytest.mark.parametrize(("page", "labels", "who"), FILTER_PAGES)
@pytest.mark.parametrize("typed", SHORT_YEARS)
def test_a_filters_year_must_have_4_numbers(
    client: Any, request: Any, page: str, labels: tuple[str, str], who: str, typed: str
) -> None:
    """GOV.UK's date input words, "[Whatever it is] must include a year", each message
    naming its box (two identical "Year must include 4 numbers" could not be told
    apart), in the error summary linked to the box, rather than the list filtered from
    the year 26."""
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse(page), {"date_from": typed, "date_to": typed})
    assert response.status_code == 400
    assert _summary(response) == [
        ("id_date_from", f"{labels[0]} must include a year with 4 numbers"),
        ("id_date_to", f"{labels[1]} must include a year with 4 numbers"),
    ]
    body = response.content.decode()
    assert f'name="date_from" type="text" value="{typed}"' in body


@pytest.mark.parametrize(("page", "labels", "who"), FILTER_PAGES)
def test_a_filters_date_before_2000_is_a_typing_mistake(
    client: Any, request: Any, page: str, labels: tuple[str, str], who: str
) -> None:
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse(page), {"date_from": "1/1/1026", "date_to": "31/12/1999"})
    assert response.status_code == 400
    assert _summary(response) == [
        ("id_date_from", f"{labels[0]} must be 1 January 2000 or later"),
        ("id_date_to", f"{labels[1]} must be 1 January 2000 or later"),
    ]


@pytest.mark.parametrize(("page", "labels", "who"), FILTER_PAGES)
def test_a_filters_years_in_full_are_taken(
    client: Any, request: Any, page: str, labels: tuple[str, str], who: str
) -> None:
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse(page), {"date_from": "1/1/2000", "date_to": "31/12/2099"})
    assert response.status_code == 200
    assert "There is a problem" not in response.content.decode()


def test_the_api_lists_refuse_the_same_dates_as_their_pages(client: Any, practitioner: Any) -> None:
    """The API's list is checked by the pages' own filter form: the same rule, the same
    words."""
    from infoshare.decisions.tests.test_api_decisions import Api

    api = Api(client, practitioner)
    response = api.call(
        "get", "decision_list", {"date_from": "0026-12-01", "date_to": "1999-12-31"}
    )
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert fields["date_from"] == "Finalised from must include a year with 4 numbers"
    assert fields["date_to"] == "Finalised to must be 1 January 2000 or later"


def test_a_date_box_without_a_label_says_year_as_govuk_does() -> None:
    """A box with no label to name (none on a page today) keeps GOV.UK's own words."""
    from django import forms

    from infoshare.core.dates import YEAR_DIGITS, DateField

    with pytest.raises(forms.ValidationError) as refused:
        DateField(required=False).clean("1/12/26")
    assert refused.value.messages == [YEAR_DIGITS]
