"""The "Who is the information about?" and "Add a person" pages: back links, the error
summary, the search results and GOV.UK wording of every message."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.template import Context, Template
from django.urls import reverse

from infoshare.decisions import errors
from infoshare.decisions.forms import PersonForm
from infoshare.decisions.tests.factories import answer_questions, make_person


def url(name: str, decision: Any) -> str:
    return reverse(f"decisions:{name}", kwargs={"decision_id": decision.pk})


def search(client: Any, decision: Any, terms: dict[str, str], **extra: Any) -> Any:
    """The people page's search, as its form sends it: by POST (never in the URL)."""
    return client.post(url("people", decision), {"action": "search", **terms}, **extra)


def back_link(html: str) -> str | None:
    found = re.search(r'<a href="([^"]*)" class="govuk-back-link">', html)
    return found.group(1) if found else None


def error_summary(html: str) -> list[str]:
    """Each item of the error summary, as written (with its link, if any)."""
    found = re.search(r'govuk-error-summary__list">(.*?)</ul>', html, re.DOTALL)
    return re.findall(r"<li>(.*?)</li>", found.group(1), re.DOTALL) if found else []


class TestBackLinks:
    def test_the_people_page_leads_back_to_the_home_page(
        self, signed_in_practitioner: Any, draft: Any
    ) -> None:
        response = signed_in_practitioner.get(url("people", draft))
        assert back_link(response.content.decode()) == reverse("core:home")

    def test_the_people_page_changed_from_check_answers_leads_back_there(
        self, signed_in_practitioner: Any, draft: Any
    ) -> None:
        response = signed_in_practitioner.get(url("people", draft), {"return": "check"})
        assert back_link(response.content.decode()) == url("check_answers", draft)

    def test_the_people_page_keeps_its_back_link_after_a_search_or_an_error(
        self, signed_in_practitioner: Any, draft: Any
    ) -> None:
        searched = search(signed_in_practitioner, draft, {"q": "Sam"})
        assert back_link(searched.content.decode()) == reverse("core:home")
        refused = signed_in_practitioner.post(url("people", draft), {"action": "continue"})
        assert refused.status_code == 400
        assert back_link(refused.content.decode()) == reverse("core:home")

    def test_adding_a_person_leads_back_to_the_people_page(
        self, signed_in_practitioner: Any, draft: Any
    ) -> None:
        response = signed_in_practitioner.get(url("person_new", draft))
        assert back_link(response.content.decode()) == url("people", draft)
        refused = signed_in_practitioner.post(url("person_new", draft), {})
        assert refused.status_code == 400
        assert back_link(refused.content.decode()) == url("people", draft)


class TestPossibleDuplicate:
    def test_the_warning_appears_once_linked_to_the_confirmation(
        self, signed_in_practitioner: Any, draft: Any, home_org: Any
    ) -> None:
        make_person(
            organisation=home_org,
            given_name="Jamie",
            family_name="Smith",
            date_of_birth=dt.date(2015, 4, 1),
        )
        data = {
            "given_name": "Jamie",
            "family_name": "Smyth",
            "dob_day": "1",
            "dob_month": "4",
            "dob_year": "2015",
            "role_in_case": "child",
        }
        response = signed_in_practitioner.post(url("person_new", draft), data)
        assert response.status_code == 400
        html = response.content.decode()
        items = error_summary(html)
        assert items == [f'<a href="#id_confirm_different">{errors.DUPLICATE_PERSON_MESSAGE}</a>']
        assert html.count(errors.DUPLICATE_PERSON_MESSAGE) == 2  # the summary and the field
        assert 'id="id_confirm_different"' in html

    def test_a_duplicate_nhs_number_is_linked_to_its_field_once(
        self, signed_in_practitioner: Any, draft: Any, home_org: Any
    ) -> None:
        make_person(organisation=home_org, nhs_number="9434765919")
        data = {
            "given_name": "Robin",
            "family_name": "Oak",
            "nhs_number": "943 476 5919",
            "role_in_case": "child",
        }
        response = signed_in_practitioner.post(url("person_new", draft), data)
        assert response.status_code == 400
        items = error_summary(response.content.decode())
        assert len(items) == 1
        assert items[0].startswith('<a href="#id_nhs_number">A person with this NHS number')


class TestSearchResults:
    def test_a_person_with_no_reference_shows_not_recorded(
        self, signed_in_practitioner: Any, draft: Any, home_org: Any
    ) -> None:
        make_person(
            organisation=home_org, given_name="Jamie", family_name="Smith", local_reference=""
        )
        make_person(
            organisation=home_org, given_name="Jamie", family_name="Smithe", local_reference="P-1"
        )
        response = search(signed_in_practitioner, draft, {"q": "Jamie Smith"})
        html = response.content.decode()
        cells = re.findall(r'<td class="govuk-table__cell">([^<]*)</td>', html)
        assert "None" not in cells
        assert "Not recorded" in cells
        assert "P-1" in cells


SEARCH_MESSAGES = [
    ("x" * 5000, "Search terms must be 200 characters or fewer"),
    ("Sam\x00Lee", "Search terms must not contain control characters"),
]


class TestMessages:
    @pytest.mark.parametrize(("query", "message"), SEARCH_MESSAGES)
    def test_bad_search_terms_get_gov_uk_messages(
        self, signed_in_practitioner: Any, draft: Any, query: str, message: str
    ) -> None:
        response = search(signed_in_practitioner, draft, {"q": query})
        assert response.status_code == 400
        html = response.content.decode()
        assert f'<a href="#id_q">{message}</a>' in html
        assert "Ensure this value" not in html
        assert "Null characters" not in html

    @pytest.mark.parametrize(
        ("field", "value", "message"),
        [
            ("dob_day", "123", "Date of birth must be a real date, for example 27 3 2015"),
            ("dob_year", "20155", "Year must include 4 numbers"),
            ("dob_month", "1\x00", "Date of birth must be a real date, for example 27 3 2015"),
            # Too large to make a date of (was a 500), and digits that are not ASCII.
            ("dob_day", "9" * 20, "Date of birth must be a real date, for example 27 3 2015"),
            ("dob_month", "²", "Date of birth must be a real date, for example 27 3 2015"),
        ],
    )
    def test_a_bad_date_of_birth_in_the_search_gets_one_gov_uk_message(
        self, signed_in_practitioner: Any, draft: Any, field: str, value: str, message: str
    ) -> None:
        query = {"q": "Sam", "dob_day": "1", "dob_month": "2", "dob_year": "2015"}
        response = search(signed_in_practitioner, draft, query | {field: value})
        assert response.status_code == 400
        html = response.content.decode()
        # Linked to the box that is wrong (GOV.UK date input).
        assert error_summary(html) == [f'<a href="#id_{field}">{message}</a>']
        assert "Ensure this value" not in html
        assert "Null characters" not in html

    @pytest.mark.parametrize(
        ("field", "value", "message"),
        [
            ("given_name", "Sam\x00", "Given name must not contain control characters"),
            ("family_name", "Lee\x00", "Family name must not contain control characters"),
            (
                "local_reference",
                "P\x001",
                "Local reference must not contain control characters",
            ),
            ("nhs_number", "943\x00", "NHS number must not contain control characters"),
            ("dob_day", "1\x00", "Date of birth must be a real date, for example 27 3 2015"),
            ("dob_day", "123", "Date of birth must be a real date, for example 27 3 2015"),
            ("dob_year", "20155", "Year must include 4 numbers"),
            ("dob_day", "9" * 20, "Date of birth must be a real date, for example 27 3 2015"),
            ("dob_year", "٢٠١٥", "Date of birth must be a real date, for example 27 3 2015"),
        ],
    )
    def test_bad_person_details_get_gov_uk_messages(
        self, signed_in_practitioner: Any, draft: Any, field: str, value: str, message: str
    ) -> None:
        data = {
            "given_name": "Sam",
            "family_name": "Lee",
            "dob_day": "1",
            "dob_month": "2",
            "dob_year": "2015",
            "role_in_case": "child",
        }
        response = signed_in_practitioner.post(url("person_new", draft), data | {field: value})
        assert response.status_code == 400
        html = response.content.decode()
        # A date's message is linked to the box that is wrong (GOV.UK date input).
        assert error_summary(html) == [f'<a href="#id_{field}">{message}</a>']
        assert "Ensure this value" not in html
        assert "Null characters" not in html
        assert draft.people.count() == 0

    def test_a_date_of_birth_in_the_future_is_linked_to_the_date(
        self, signed_in_practitioner: Any, draft: Any
    ) -> None:
        data = {
            "given_name": "Sam",
            "family_name": "Lee",
            "dob_day": "1",
            "dob_month": "2",
            "dob_year": "2999",
            "role_in_case": "child",
        }
        response = signed_in_practitioner.post(url("person_new", draft), data)
        assert response.status_code == 400
        html = response.content.decode()
        message = "Date of birth must be today or in the past"
        assert error_summary(html) == [f'<a href="#id_dob_day">{message}</a>']
        assert 'id="id_dob_day-error"' in html


def hint_and_message_examples(html: str, prefix: str) -> tuple[str, str]:
    """The example the date's hint gives, and the one its error message gives."""
    hint = re.search(
        rf'id="id_{prefix}_day-hint" class="govuk-hint">For example, ([^<]*)</div>', html
    )
    message = re.search(
        rf'id="id_{prefix}_day-error" class="govuk-error-message">'
        r'<span class="govuk-visually-hidden">Error:</span> [^<]*, for example ([^<]*)</p>',
        html,
    )
    assert hint is not None
    assert message is not None
    return hint.group(1), message.group(1)


class TestDateExamples:
    """GOV.UK date input: the error message's example is the one the hint shows, so the two
    never disagree. A date of birth gives a past example."""

    def test_adding_a_person_gives_the_date_of_birth_hints_example(
        self, signed_in_practitioner: Any, draft: Any
    ) -> None:
        data = {"given_name": "Sam", "family_name": "Lee", "role_in_case": "child"}
        data |= {"dob_day": "31", "dob_month": "2", "dob_year": "2015"}
        response = signed_in_practitioner.post(url("person_new", draft), data)
        assert response.status_code == 400
        html = response.content.decode()
        assert hint_and_message_examples(html, "dob") == ("27 3 2015", "27 3 2015")

    def test_the_search_gives_the_date_of_birth_hints_example(
        self, signed_in_practitioner: Any, draft: Any
    ) -> None:
        query = {"q": "Sam", "dob_day": "31", "dob_month": "2", "dob_year": "2015"}
        response = search(signed_in_practitioner, draft, query)
        assert response.status_code == 400
        html = response.content.decode()
        assert hint_and_message_examples(html, "dob") == ("27 3 2015", "27 3 2015")

    def test_the_date_shared_gives_its_hints_example(
        self, signed_in_practitioner: Any, draft: Any
    ) -> None:
        answer_questions(draft, outcome="shared")
        data = {"method": "phone", "shared_on_day": "30", "shared_on_month": "2"}
        response = signed_in_practitioner.post(
            url("sharing", draft), data | {"shared_on_year": "2026"}
        )
        assert response.status_code == 400
        html = response.content.decode()
        assert hint_and_message_examples(html, "shared_on") == ("27 3 2024", "27 3 2024")

    def test_a_pages_own_hint_must_give_the_messages_example(self) -> None:
        page = Template(
            '{% load decision_tags %}{% date_input form "dob" legend="Born" hint=hint %}'
        )
        form = PersonForm()
        agrees = page.render(Context({"form": form, "hint": "For example, 27 3 2015"}))
        assert "For example, 27 3 2015" in agrees
        with pytest.raises(ValueError, match="27 3 2015"):
            page.render(Context({"form": form, "hint": "For example, 27 3 2024"}))


def test_continuing_with_no_one_added_says_how_and_links_to_the_search_box(
    signed_in_practitioner: Any, draft: Any
) -> None:
    """The error links to a field that takes focus (the search box), not to a heading
    (a review found focus lost to the page), and says how to add someone."""
    refused = signed_in_practitioner.post(url("people", draft), {"action": "continue"})
    html = refused.content.decode()
    assert refused.status_code == 400
    [item] = error_summary(html)
    assert item == (
        '<a href="#id_q">Add the person or people the information is about: search for '
        "them, or add a person who is not recorded yet</a>"
    )
    assert 'id="id_q"' in html
