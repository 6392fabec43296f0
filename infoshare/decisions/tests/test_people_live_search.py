"""The people page's live search: htmx asks for the same page as the practitioner types
and swaps in only the results and their count; without JavaScript the Search button
sends the form. A name of one character, or a date half typed, waits (204: the page
stays as it is) rather than searching or showing an error mid-word."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.urls import reverse

from infoshare.audit.models import AuditEvent
from infoshare.decisions.audit import Action
from infoshare.decisions.tests.factories import make_person

HTMX = {"HTTP_HX_REQUEST": "true"}
NO_DATE = {"dob_day": "", "dob_month": "", "dob_year": ""}


def people_url(decision: Any) -> str:
    return reverse("decisions:people", kwargs={"decision_id": decision.pk})


class _Attributes(HTMLParser):
    """The attributes of every element with an id, and of the search (GET) form."""

    def __init__(self) -> None:
        super().__init__()
        self.by_id: dict[str, dict[str, str]] = {}
        self.search_form: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if "id" in found:
            self.by_id[found["id"]] = found
        if tag == "form" and found.get("method") == "get":
            self.search_form = found


def attributes(html: str) -> _Attributes:
    parser = _Attributes()
    parser.feed(html)
    return parser


def region(html: str, element_id: str) -> str:
    """The inside of the <div> with this id (the regions hold no nested <div>)."""
    found = re.search(rf'<div id="{element_id}"[^>]*>(.*?)</div>', html, re.DOTALL)
    assert found, f"no #{element_id} on the page"
    return found.group(1)


def searches() -> int:
    return AuditEvent.objects.filter(action=Action.SEARCHED_PEOPLE).count()


@pytest.fixture
def ava(home_org: Any) -> Any:
    return make_person(organisation=home_org, given_name="Ava", family_name="Okafor")


class TestTheSearchForm:
    def test_it_asks_for_the_results_as_the_practitioner_types(
        self, signed_in_practitioner: Any, draft: Any
    ) -> None:
        response = signed_in_practitioner.get(people_url(draft))
        page = attributes(response.content.decode())
        form = page.search_form
        assert form["hx-get"] == people_url(draft)
        assert form["hx-trigger"] == "input changed delay:400ms"
        # Only the results (and their count) are swapped: the fields keep focus and caret.
        assert form["hx-select"] == form["hx-target"] == "#search-results"
        assert form["hx-select-oob"] == "#search-count:innerHTML"
        assert form["hx-replace-url"] == "true"
        # Searches for people's names stay out of htmx's history snapshots.
        assert form["hx-history"] == "false"
        assert page.by_id["search-count"]["role"] == "status"
        assert page.by_id["search-count"]["aria-live"] == "polite"
        assert "search-results" in page.by_id

    def test_without_javascript_the_search_button_still_sends_the_form(
        self, signed_in_practitioner: Any, draft: Any, ava: Any
    ) -> None:
        html = signed_in_practitioner.get(people_url(draft)).content.decode()
        assert '<button type="submit" class="govuk-button govuk-button--secondary"' in html
        searched = signed_in_practitioner.get(people_url(draft), {"q": "Oka", **NO_DATE})
        assert searched.status_code == 200
        assert "Ava Okafor" in region(searched.content.decode(), "search-results")


class TestLiveSearch:
    def test_a_live_search_returns_the_results_region_and_is_audited(
        self, signed_in_practitioner: Any, draft: Any, ava: Any
    ) -> None:
        response = signed_in_practitioner.get(people_url(draft), {"q": "Oka", **NO_DATE}, **HTMX)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Ava Okafor" in region(html, "search-results")
        assert 'value="add"' in region(html, "search-results")
        assert "1 possible match</h3>" in region(html, "search-count")
        assert searches() == 1

    def test_a_name_of_one_character_is_not_searched_for_as_it_is_typed(
        self, signed_in_practitioner: Any, draft: Any, ava: Any
    ) -> None:
        response = signed_in_practitioner.get(people_url(draft), {"q": " O ", **NO_DATE}, **HTMX)
        assert response.status_code == 204
        assert response.content == b""
        assert searches() == 0
        # The Search button (no htmx) searches for it, as before.
        pressed = signed_in_practitioner.get(people_url(draft), {"q": "O", **NO_DATE})
        assert "Ava Okafor" in region(pressed.content.decode(), "search-results")
        assert searches() == 1

    def test_one_character_and_a_date_of_birth_are_searched_for(
        self, signed_in_practitioner: Any, draft: Any, ava: Any
    ) -> None:
        data = {"q": "A", "dob_day": "1", "dob_month": "2", "dob_year": "2015"}
        response = signed_in_practitioner.get(people_url(draft), data, **HTMX)
        assert response.status_code == 200
        assert "0 possible matches</h3>" in region(response.content.decode(), "search-count")

    def test_a_half_typed_date_shows_no_error_until_search_is_pressed(
        self, signed_in_practitioner: Any, draft: Any, ava: Any
    ) -> None:
        data = {"q": "Oka", "dob_day": "1", "dob_month": "", "dob_year": ""}
        typing = signed_in_practitioner.get(people_url(draft), data, **HTMX)
        assert typing.status_code == 204
        assert searches() == 0
        pressed = signed_in_practitioner.get(people_url(draft), data)
        assert pressed.status_code == 400
        assert "govuk-error-summary" in pressed.content.decode()

    def test_clearing_the_name_clears_the_results_without_a_search(
        self, signed_in_practitioner: Any, draft: Any, ava: Any
    ) -> None:
        response = signed_in_practitioner.get(people_url(draft), {"q": "", **NO_DATE}, **HTMX)
        assert response.status_code == 200
        html = response.content.decode()
        assert region(html, "search-count").strip() == ""
        assert "Ava Okafor" not in region(html, "search-results")
        assert searches() == 0

    def test_going_back_to_a_page_of_results_shows_the_whole_page(
        self, signed_in_practitioner: Any, draft: Any, ava: Any
    ) -> None:
        """htmx's history restore (a page not in its cache) asks with HX-Request too."""
        restore = {**HTMX, "HTTP_HX_HISTORY_RESTORE_REQUEST": "true"}
        response = signed_in_practitioner.get(people_url(draft), {"q": "O", **NO_DATE}, **restore)
        assert response.status_code == 200
        assert "Ava Okafor" in region(response.content.decode(), "search-results")
