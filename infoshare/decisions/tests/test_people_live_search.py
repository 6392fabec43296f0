"""The people page's search: sent by POST, never in the URL (names and dates of birth
would be kept in access logs and browser history). htmx posts the search as the
practitioner types and swaps in only the results and their count; without JavaScript the
Search button sends the form. A name of one character, or a date half typed, waits (204:
the page stays as it is) rather than searching or showing an error mid-word; a date whose
year is typed in full is finished, and its problem is shown. A GET never searches,
whatever its query string says."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from infoshare.audit.models import AuditEvent
from infoshare.decisions.audit import Action
from infoshare.decisions.tests.factories import make_person
from infoshare.decisions.tests.test_people_pages import back_link, error_summary, search

HTMX = {"HTTP_HX_REQUEST": "true"}
NO_DATE = {"dob_day": "", "dob_month": "", "dob_year": ""}
#: A search as an old bookmark (or a link) would carry it, from before it was a POST.
IN_THE_URL = {"q": "Oka", "dob_day": "14", "dob_month": "3", "dob_year": "2016"}


def people_url(decision: Any) -> str:
    return reverse("decisions:people", kwargs={"decision_id": decision.pk})


class _Attributes(HTMLParser):
    """The attributes of every element with an id and of every form, the search form's
    (the one htmx posts), and the fields inside the search form."""

    def __init__(self) -> None:
        super().__init__()
        self.by_id: dict[str, dict[str, str]] = {}
        self.forms: list[dict[str, str]] = []
        self.search_form: dict[str, str] = {}
        self.search_fields: dict[str, str] = {}
        self._in_search_form = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if "id" in found:
            self.by_id[found["id"]] = found
        if tag == "form":
            self.forms.append(found)
            if "hx-post" in found or "hx-get" in found:
                self.search_form = found
                self._in_search_form = True
        if tag == "input" and self._in_search_form:
            self.search_fields[found.get("name", "")] = found.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_search_form = False


def attributes(html: str) -> _Attributes:
    parser = _Attributes()
    parser.feed(html)
    return parser


def page_forms(html: str, decision: Any) -> list[dict[str, str]]:
    """The page's own forms (not the layout's, such as Sign out)."""
    return [
        form
        for form in attributes(html).forms
        if form.get("action", "").startswith(people_url(decision))
    ]


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
    def test_it_posts_the_search_as_the_practitioner_types(
        self, signed_in_practitioner: Any, draft: Any
    ) -> None:
        response = signed_in_practitioner.get(people_url(draft))
        page = attributes(response.content.decode())
        form = page.search_form
        assert form["method"] == "post"
        assert form["action"] == form["hx-post"] == people_url(draft)
        assert form["hx-trigger"] == "input changed delay:400ms"
        # Only the results (and their count) are swapped: the fields keep focus and caret.
        assert form["hx-select"] == form["hx-target"] == "#search-results"
        assert form["hx-select-oob"] == "#search-count:innerHTML"
        # The terms never reach the address bar, and no snapshot of the page (people's
        # names) is kept in htmx's history.
        assert "hx-get" not in form
        assert "hx-replace-url" not in form
        assert "hx-push-url" not in form
        assert form["hx-history"] == "false"
        assert page.by_id["search-count"]["role"] == "status"
        assert page.by_id["search-count"]["aria-live"] == "polite"
        assert "search-results" in page.by_id

    def test_it_carries_its_csrf_token_and_says_it_is_a_search(
        self, signed_in_practitioner: Any, draft: Any
    ) -> None:
        html = signed_in_practitioner.get(people_url(draft)).content.decode()
        fields = attributes(html).search_fields
        assert fields["csrfmiddlewaretoken"]
        assert fields["action"] == "search"
        assert {"q", "dob_day", "dob_month", "dob_year"} <= set(fields)

    def test_without_javascript_the_search_button_still_sends_the_form(
        self, signed_in_practitioner: Any, draft: Any, ava: Any
    ) -> None:
        html = signed_in_practitioner.get(people_url(draft)).content.decode()
        assert '<button type="submit" class="govuk-button govuk-button--secondary"' in html
        searched = search(signed_in_practitioner, draft, {"q": "Oka", **NO_DATE})
        # The results are the answer to the POST: no redirect, which would carry the terms.
        assert searched.status_code == 200
        html = searched.content.decode()
        assert "Ava Okafor" in region(html, "search-results")
        assert "1 possible match</h3>" in region(html, "search-count")
        # The form keeps what was typed.
        assert attributes(html).search_fields["q"] == "Oka"
        assert searches() == 1

    def test_a_change_from_check_answers_keeps_its_way_back_through_a_search(
        self, signed_in_practitioner: Any, draft: Any, ava: Any
    ) -> None:
        changing = f"{people_url(draft)}?return=check"
        html = signed_in_practitioner.get(changing).content.decode()
        assert attributes(html).search_form["action"] == changing
        searched = signed_in_practitioner.post(changing, {"action": "search", "q": "Oka"})
        html = searched.content.decode()
        assert "Ava Okafor" in region(html, "search-results")
        assert back_link(html) == reverse(
            "decisions:check_answers", kwargs={"decision_id": draft.pk}
        )
        assert {form["action"] for form in page_forms(html, draft)} == {changing}

    def test_the_add_button_of_a_result_adds_the_person_and_returns_to_the_page(
        self, signed_in_practitioner: Any, draft: Any, ava: Any
    ) -> None:
        html = search(signed_in_practitioner, draft, {"q": "Oka"}).content.decode()
        results = region(html, "search-results")
        assert re.search(rf'<form method="post" action="{people_url(draft)}">', results)
        assert f'name="person" value="{ava.pk}"' in results
        added = signed_in_practitioner.post(people_url(draft), {"action": "add", "person": ava.pk})
        assert added.status_code == 302
        assert added["Location"] == people_url(draft)
        assert list(draft.people.all()) == [ava]


class TestNeverFromTheUrl:
    """An old bookmark, a link or browser history with the terms in the query string."""

    def test_a_get_with_search_terms_shows_no_results_and_searches_nothing(
        self, signed_in_practitioner: Any, draft: Any, ava: Any
    ) -> None:
        response = signed_in_practitioner.get(people_url(draft), IN_THE_URL)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Ava Okafor" not in html
        assert region(html, "search-count").strip() == ""
        assert region(html, "search-results").strip() == ""
        assert "govuk-error-summary" not in html
        # Not even put back into the fields.
        assert 'value="Oka"' not in html
        assert searches() == 0

    @pytest.mark.parametrize(
        "headers",
        [HTMX, {**HTMX, "HTTP_HX_HISTORY_RESTORE_REQUEST": "true"}],
        ids=["htmx", "history restore"],
    )
    def test_nor_does_a_get_from_htmx(
        self, signed_in_practitioner: Any, draft: Any, ava: Any, headers: dict[str, str]
    ) -> None:
        response = signed_in_practitioner.get(people_url(draft), IN_THE_URL, **headers)
        assert response.status_code == 200
        assert "Ava Okafor" not in response.content.decode()
        assert searches() == 0

    def test_the_forms_of_such_a_page_do_not_post_to_its_query_string(
        self, signed_in_practitioner: Any, draft: Any
    ) -> None:
        response = signed_in_practitioner.get(people_url(draft), IN_THE_URL)
        html = response.content.decode()
        # Every form says where it goes (none is left to post to the current address).
        assert all(form.get("action") for form in attributes(html).forms)
        forms = page_forms(html, draft)
        assert len(forms) >= 2  # the search and Continue
        assert {form["action"] for form in forms} == {people_url(draft)}

    def test_a_post_that_is_not_a_search_searches_nothing(
        self, signed_in_practitioner: Any, draft: Any, ava: Any
    ) -> None:
        response = signed_in_practitioner.post(people_url(draft), {"q": "Oka"})
        assert response.status_code == 400
        assert "Ava Okafor" not in response.content.decode()
        assert searches() == 0


class TestCsrf:
    @pytest.fixture
    def strict_client(self, practitioner: Any) -> Client:
        client = Client(enforce_csrf_checks=True)
        client.force_login(practitioner)
        return client

    @pytest.mark.parametrize("headers", [{}, HTMX], ids=["button", "htmx"])
    def test_a_search_without_the_token_is_refused(
        self, strict_client: Any, draft: Any, ava: Any, headers: dict[str, str]
    ) -> None:
        response = strict_client.post(
            people_url(draft), {"action": "search", "q": "Oka"}, **headers
        )
        assert response.status_code == 403
        assert "Ava Okafor" not in response.content.decode()
        assert searches() == 0

    @pytest.mark.parametrize("headers", [{}, HTMX], ids=["button", "htmx"])
    def test_a_search_with_the_forms_token_is_answered(
        self, strict_client: Any, draft: Any, ava: Any, headers: dict[str, str]
    ) -> None:
        page = strict_client.get(people_url(draft)).content.decode()
        fields = attributes(page).search_fields  # what the form (and htmx) sends
        response = strict_client.post(people_url(draft), fields | {"q": "Oka"}, **headers)
        assert response.status_code == 200
        assert "Ava Okafor" in region(response.content.decode(), "search-results")
        assert searches() == 1


class TestLiveSearch:
    def test_a_live_search_returns_the_results_region_and_is_audited(
        self, signed_in_practitioner: Any, draft: Any, ava: Any
    ) -> None:
        response = search(signed_in_practitioner, draft, {"q": "Oka", **NO_DATE}, **HTMX)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Ava Okafor" in region(html, "search-results")
        assert 'value="add"' in region(html, "search-results")
        assert "1 possible match</h3>" in region(html, "search-count")
        assert searches() == 1

    def test_a_name_of_one_character_is_not_searched_for_as_it_is_typed(
        self, signed_in_practitioner: Any, draft: Any, ava: Any
    ) -> None:
        response = search(signed_in_practitioner, draft, {"q": " O ", **NO_DATE}, **HTMX)
        assert response.status_code == 204
        assert response.content == b""
        assert searches() == 0
        # The Search button (no htmx) searches for it, as before.
        pressed = search(signed_in_practitioner, draft, {"q": "O", **NO_DATE})
        assert "Ava Okafor" in region(pressed.content.decode(), "search-results")
        assert searches() == 1

    def test_one_character_and_a_date_of_birth_are_searched_for(
        self, signed_in_practitioner: Any, draft: Any, ava: Any
    ) -> None:
        data = {"q": "A", "dob_day": "1", "dob_month": "2", "dob_year": "2015"}
        response = search(signed_in_practitioner, draft, data, **HTMX)
        assert response.status_code == 200
        assert "0 possible matches</h3>" in region(response.content.decode(), "search-count")

    def test_a_half_typed_date_shows_no_error_until_search_is_pressed(
        self, signed_in_practitioner: Any, draft: Any, ava: Any
    ) -> None:
        data = {"q": "Oka", "dob_day": "1", "dob_month": "", "dob_year": ""}
        typing = search(signed_in_practitioner, draft, data, **HTMX)
        assert typing.status_code == 204
        assert searches() == 0
        pressed = search(signed_in_practitioner, draft, data)
        assert pressed.status_code == 400
        assert "govuk-error-summary" in pressed.content.decode()

    @pytest.mark.parametrize(
        ("day", "month", "year"),
        [("45", "13", "2015"), ("31", "2", "2015"), ("14", "", "2016"), ("14", "5", "20166")],
        ids=["not real", "no such day", "no month", "year too long"],
    )
    def test_a_date_finished_with_a_problem_says_so_and_clears_the_results(
        self,
        signed_in_practitioner: Any,
        draft: Any,
        home_org: Any,
        day: str,
        month: str,
        year: str,
    ) -> None:
        """Once the year is typed in full the date is finished: its problem is shown (in
        the status region, which is announced) rather than the results of the date before
        being left on the screen as if they were for this one."""
        make_person(
            organisation=home_org,
            given_name="Robin",
            family_name="Hale",
            date_of_birth=dt.date(2016, 5, 14),
        )
        found = {"q": "Robin", "dob_day": "14", "dob_month": "5", "dob_year": "2016"}
        before = search(signed_in_practitioner, draft, found, **HTMX)
        assert "1 possible match</h3>" in region(before.content.decode(), "search-count")
        assert searches() == 1

        data = {"q": "Robin", "dob_day": day, "dob_month": month, "dob_year": year}
        typing = search(signed_in_practitioner, draft, data, **HTMX)
        # 200, so that htmx swaps it in (it leaves the page as it is on a 204 or a 400).
        assert typing.status_code == 200
        html = typing.content.decode()
        assert region(html, "search-results").strip() == ""
        # The same message as the Search button's error summary gives.
        pressed = search(signed_in_practitioner, draft, data)
        assert pressed.status_code == 400
        summary = error_summary(pressed.content.decode())
        assert len(summary) == 1
        message = re.sub(r"<[^>]+>", "", summary[0])
        status = region(html, "search-count")
        assert re.sub(r"<[^>]+>", "", status).strip() == f"Error: {message}"
        assert 'class="govuk-error-message"' in status
        assert searches() == 1  # nothing searched for

    def test_a_year_not_yet_typed_in_full_still_waits(
        self, signed_in_practitioner: Any, draft: Any, ava: Any
    ) -> None:
        data = {"q": "Oka", "dob_day": "45", "dob_month": "13", "dob_year": "201"}
        typing = search(signed_in_practitioner, draft, data, **HTMX)
        assert typing.status_code == 204
        assert searches() == 0

    def test_clearing_the_name_clears_the_results_without_a_search(
        self, signed_in_practitioner: Any, draft: Any, ava: Any
    ) -> None:
        response = search(signed_in_practitioner, draft, {"q": "", **NO_DATE}, **HTMX)
        assert response.status_code == 200
        html = response.content.decode()
        assert region(html, "search-count").strip() == ""
        assert "Ava Okafor" not in region(html, "search-results")
        assert searches() == 0
