"""Findings of a front-line tester in the decision flow, each pinned through the pages (and
the API, for the reference filter):

1. the date of sharing is never guessed (it was prefilled with today's date);
2. "What did you decide?" says what the guidance recommended, and asks why the decision
   differs under each outcome that departs from it (a GOV.UK conditional question);
3. the error summary of "Add a person" lists the problems in the order of the page;
4. date boxes take month names and say "Year must include 4 numbers" (GOV.UK date input);
5. the lists' Reference filter takes a reference however it is commonly typed."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.urls import reverse

from infoshare.accounts.services import create_api_token
from infoshare.decisions.models import SharingDecision
from infoshare.decisions.tests.factories import CONSENT_ANSWERS, answer_questions, make_decision

pytestmark = pytest.mark.django_db

#: Consent refused and no public interest: the guidance recommends not sharing.
DO_NOT_SHARE = CONSENT_ANSWERS | {"consent": "refused", "public_interest": "no"}
DIFFERS = "why does your decision differ from the recommendation?"
REASON_MISSING = "Enter why your decision differs from the recommendation"


def url(name: str, decision: Any) -> str:
    return reverse(f"decisions:{name}", kwargs={"decision_id": decision.pk})


def summary_of(html: str) -> list[str]:
    """Each item of the error summary, with its link."""
    found = re.search(r'govuk-error-summary__list">(.*?)</ul>', html, re.DOTALL)
    return re.findall(r"<li>(.*?)</li>", found.group(1), re.DOTALL) if found else []


def box_value(html: str, name: str) -> str:
    found = re.search(rf'<input [^>]*name="{name}"[^>]*>', html)
    assert found, name
    value = re.search(r'value="([^"]*)"', found.group(0))
    return value.group(1) if value else ""


def radio(html: str, value: str) -> str:
    found = re.search(rf'<input class="govuk-radios__input"[^>]*value="{value}"[^>]*>', html)
    assert found, value
    return found.group(0)


def reveal_under(html: str, value: str) -> str:
    """The conditional block straight after the radio of ``value`` (empty when none)."""
    after = html[html.index(radio(html, value)) + len(radio(html, value)) :]
    item_end = after.index("</div>") + len("</div>")
    rest = after[item_end:].lstrip()
    if not rest.startswith('<div class="govuk-radios__conditional'):
        return ""
    return rest[: rest.index("</textarea>")]


def textarea_names(html: str) -> list[str]:
    return re.findall(r'<textarea [^>]*name="([^"]+)"', html)


def saved(decision: Any) -> SharingDecision:
    return SharingDecision.objects.get(pk=decision.pk)


# 1. The date of sharing is never guessed.


@pytest.fixture
def shared(draft: SharingDecision) -> SharingDecision:
    return answer_questions(draft, outcome="shared")


def test_the_date_of_sharing_is_empty_until_the_practitioner_gives_it(
    signed_in_practitioner: Any, shared: Any
) -> None:
    html = signed_in_practitioner.get(url("sharing", shared)).content.decode()
    for part in ("day", "month", "year"):
        assert box_value(html, f"shared_on_{part}") == "", part
    assert "For example, 27 3 2024" in html
    # Still required: left empty, it is asked for, and nothing is saved.
    response = signed_in_practitioner.post(url("sharing", shared), {"method": "phone"})
    assert response.status_code == 400
    assert summary_of(response.content.decode()) == [
        '<a href="#id_shared_on_day">Enter the date you shared it</a>'
    ]
    assert saved(shared).shared_on is None


def test_the_date_of_sharing_given_is_shown_back(signed_in_practitioner: Any, shared: Any) -> None:
    SharingDecision.objects.filter(pk=shared.pk).update(shared_on=dt.date(2026, 1, 5))
    html = signed_in_practitioner.get(url("sharing", shared)).content.decode()
    assert [box_value(html, f"shared_on_{part}") for part in ("day", "month", "year")] == [
        "5",
        "1",
        "2026",
    ]


# 2. The recommendation, and why the decision differs from it, on "What did you decide?".


def test_the_outcome_page_says_what_the_guidance_recommended(
    signed_in_practitioner: Any, draft: Any
) -> None:
    answer_questions(draft, dict(CONSENT_ANSWERS))
    html = signed_in_practitioner.get(url("outcome", draft)).content.decode()
    # The question's hint, which the radios' fieldset is described by.
    assert (
        '<div id="id_outcome-hint" class="govuk-hint">'
        "The guidance recommended: Share. Basis: Consent.</div>"
    ) in html
    assert 'aria-describedby="id_outcome-hint"' in html
    answer_questions(draft, DO_NOT_SHARE)
    html = signed_in_practitioner.get(url("outcome", draft)).content.decode()
    assert "The guidance recommended: Do not share.</div>" in html


def test_why_it_differs_is_asked_under_not_shared_when_sharing_is_recommended(
    signed_in_practitioner: Any, draft: Any
) -> None:
    answer_questions(draft, dict(CONSENT_ANSWERS))
    html = signed_in_practitioner.get(url("outcome", draft)).content.decode()
    assert textarea_names(html) == [
        "departure_reason_not_shared",
        "reasons",
        "advice_elsewhere_said",
    ]
    block = reveal_under(html, "not_shared")
    assert 'id="conditional-id_outcome-2"' in block
    assert f"If not shared: {DIFFERS}" in block
    assert 'name="departure_reason_not_shared"' in block
    assert 'data-aria-controls="conditional-id_outcome-2"' in radio(html, "not_shared")
    for value in ("shared", "shared_in_part"):
        assert reveal_under(html, value) == ""
        assert "data-aria-controls" not in radio(html, value)


def test_why_it_differs_is_asked_under_each_way_of_sharing_when_not_sharing_is_recommended(
    signed_in_practitioner: Any, draft: Any
) -> None:
    answer_questions(draft, DO_NOT_SHARE)
    html = signed_in_practitioner.get(url("outcome", draft)).content.decode()
    assert textarea_names(html) == [
        "departure_reason_shared",
        "departure_reason_shared_in_part",
        "reasons",
        "advice_elsewhere_said",
    ]
    # Without JavaScript both boxes show: each label says which option it is for.
    assert f"If shared: {DIFFERS}" in reveal_under(html, "shared")
    assert f"If shared in part: {DIFFERS}" in reveal_under(html, "shared_in_part")
    assert reveal_under(html, "not_shared") == ""


def test_departing_without_a_reason_is_an_error_on_the_chosen_options_box(
    signed_in_practitioner: Any, draft: Any
) -> None:
    answer_questions(draft, DO_NOT_SHARE)
    response = signed_in_practitioner.post(url("outcome", draft), {"outcome": "shared_in_part"})
    assert response.status_code == 400
    html = response.content.decode()
    # In the order of the page: the box under the option, then the reasons below it.
    assert summary_of(html) == [
        f'<a href="#id_departure_reason_shared_in_part">{REASON_MISSING}</a>',
        '<a href="#id_reasons">Enter your reasons for this decision</a>',
    ]
    assert " checked" in radio(html, "shared_in_part")
    assert '<div class="govuk-radios__conditional" id="conditional-id_outcome-1">' in html
    assert saved(draft).outcome == ""


def test_the_reason_under_the_chosen_option_is_saved_and_the_others_are_not(
    signed_in_practitioner: Any, draft: Any
) -> None:
    answer_questions(draft, DO_NOT_SHARE)
    sent = {
        "outcome": "shared_in_part",
        "reasons": "The school needs to know",
        "departure_reason_shared": "Typed under Shared, then changed my mind",
        "departure_reason_shared_in_part": "The risk grew overnight",
    }
    assert signed_in_practitioner.post(url("outcome", draft), sent).status_code == 302
    record = saved(draft)
    assert (record.outcome, record.departure_reason) == (
        "shared_in_part",
        sent["departure_reason_shared_in_part"],
    )
    assert record.set_aside_details == {}


def test_a_reason_typed_under_an_option_not_chosen_is_not_part_of_the_answer(
    signed_in_practitioner: Any, draft: Any
) -> None:
    answer_questions(draft, dict(CONSENT_ANSWERS))
    page = signed_in_practitioner.get(url("outcome", draft)).content.decode()
    [box] = [name for name in textarea_names(page) if name.startswith("departure_reason")]
    sent = {"outcome": "shared", "reasons": "Consent given", box: "Typed, then shared after all"}
    assert signed_in_practitioner.post(url("outcome", draft), sent).status_code == 302
    record = saved(draft)
    assert record.departure_reason == ""
    # Not kept out of sight either, to come back on the record later.
    assert "departure_reason" not in record.set_aside_details
    html = signed_in_practitioner.get(url("outcome", draft)).content.decode()
    assert "Typed, then shared after all" not in html


def test_a_services_problem_with_the_reason_links_to_the_chosen_options_box(
    signed_in_practitioner: Any, draft: Any
) -> None:
    answer_questions(draft, dict(CONSENT_ANSWERS))
    sent = {
        "outcome": "not_shared",
        "reasons": "Not now",
        "departure_reason_not_shared": "<b>Moved</b>",
    }
    response = signed_in_practitioner.post(url("outcome", draft), sent)
    assert response.status_code == 400
    assert summary_of(response.content.decode()) == [
        '<a href="#id_departure_reason_not_shared">'
        "The reason your decision differs must be plain text without HTML tags</a>"
    ]
    assert saved(draft).outcome == ""


# 3. "Add a person": the error summary in the order of the page.


def test_add_a_person_lists_its_problems_in_the_order_of_the_page(
    signed_in_practitioner: Any, draft: Any
) -> None:
    data = {
        "given_name": "Sam3",  # the service's check
        "family_name": "Lee",
        "dob_day": "31",  # the form's check
        "dob_month": "2",
        "dob_year": "2015",
        "nhs_number": "123",  # the service's check
        "role_in_case": "child",
    }
    response = signed_in_practitioner.post(url("person_new", draft), data)
    assert response.status_code == 400
    summary = summary_of(response.content.decode())
    assert re.findall(r'href="#([^"]+)"', "".join(summary)) == [
        "id_given_name",
        "id_dob_day",
        "id_nhs_number",
    ]
    assert "Given name must only include letters" in summary[0]
    assert "Date of birth must be a real date" in summary[1]
    assert draft.people.count() == 0


# 4. Date boxes: month names, and a year of 4 numbers.


@pytest.mark.parametrize(
    ("month", "number"),
    [("November", 11), ("nov", 11), ("NOV", 11), ("Nov.", 11), ("sept", 9), ("march", 3)],
)
def test_a_month_may_be_typed_as_its_name(
    signed_in_practitioner: Any, shared: Any, month: str, number: int
) -> None:
    sent = {
        "method": "phone",
        "shared_on_day": "1",
        "shared_on_month": month,
        "shared_on_year": "2025",
    }
    response = signed_in_practitioner.post(url("sharing", shared), sent)
    assert response.status_code == 302, summary_of(response.content.decode())
    assert saved(shared).shared_on == dt.date(2025, number, 1)


def test_a_date_of_birth_may_have_its_month_as_a_name(
    signed_in_practitioner: Any, draft: Any
) -> None:
    data = {
        "given_name": "Sam",
        "family_name": "Lee",
        "dob_day": "27",
        "dob_month": "March",
        "dob_year": "2015",
        "role_in_case": "child",
    }
    response = signed_in_practitioner.post(url("person_new", draft), data)
    assert response.status_code == 302
    assert [person.date_of_birth for person in draft.people.all()] == [dt.date(2015, 3, 27)]


@pytest.mark.parametrize("year", ["26", "202", "20266"])
def test_a_year_not_of_4_numbers_is_said_so_on_the_year_box(
    signed_in_practitioner: Any, shared: Any, year: str
) -> None:
    sent = {"method": "phone", "shared_on_day": "1", "shared_on_month": "3"}
    response = signed_in_practitioner.post(url("sharing", shared), sent | {"shared_on_year": year})
    assert response.status_code == 400
    html = response.content.decode()
    assert summary_of(html) == ['<a href="#id_shared_on_year">Year must include 4 numbers</a>']
    marked = re.findall(r'<input [^>]*id="id_shared_on_(\w+)"[^>]*govuk-input--error', html)
    marked += re.findall(r'<input [^>]*govuk-input--error[^>]*id="id_shared_on_(\w+)"', html)
    assert marked == ["year"]
    assert box_value(html, "shared_on_year") == year  # as typed


@pytest.mark.parametrize(
    ("day", "month", "year", "box", "message"),
    [
        ("1", "Novembre", "2025", "month", "The date you shared it must be a real date"),
        ("1", "13", "2025", "month", "The date you shared it must be a real date"),
        ("31", "feb", "2025", "day", "The date you shared it must be a real date"),
        ("1", "", "2025", "month", "The date you shared it must include a month"),
        ("1", "1", "2999", "day", "The date you shared it must be today or in the past"),
    ],
)
def test_other_wrong_dates_keep_their_gov_uk_messages(
    signed_in_practitioner: Any,
    shared: Any,
    day: str,
    month: str,
    year: str,
    box: str,
    message: str,
) -> None:
    sent = {
        "method": "phone",
        "shared_on_day": day,
        "shared_on_month": month,
        "shared_on_year": year,
    }
    response = signed_in_practitioner.post(url("sharing", shared), sent)
    assert response.status_code == 400
    [item] = summary_of(response.content.decode())
    assert item.startswith(f'<a href="#id_shared_on_{box}">{message}')


# 5. The Reference filter takes a reference however it is commonly typed.

TYPED = ["ISD 2026 000015", "ISD-2026-15", "isd 2026 15", "Isd-2026-0015 (version 1)"]
MALFORMED = "Enter a reference in the correct format, like ISD-2026-000123"


@pytest.mark.parametrize("typed", TYPED)
def test_the_list_finds_a_reference_typed_with_spaces_or_without_its_zeros(
    client: Any, advisor: Any, practitioner: Any, home_org: Any, typed: str
) -> None:
    wanted = make_decision(author=practitioner, organisation=home_org, reference="ISD-2026-000015")
    other = make_decision(author=practitioner, organisation=home_org, reference="ISD-2026-000150")
    client.force_login(advisor)
    response = client.get(reverse("decisions:organisation_decisions"), {"reference": typed})
    assert response.status_code == 200
    body = response.content.decode()
    assert wanted.reference in body
    assert other.reference not in body


@pytest.mark.parametrize("typed", TYPED)
def test_the_api_finds_a_reference_typed_with_spaces_or_without_its_zeros(
    client: Any, practitioner: Any, home_org: Any, typed: str
) -> None:
    wanted = make_decision(author=practitioner, organisation=home_org, reference="ISD-2026-000015")
    make_decision(author=practitioner, organisation=home_org, reference="ISD-2026-000150")
    _, secret = create_api_token(actor=practitioner, name="test")
    response = client.get(
        reverse("api-1:decision_list"),
        {"reference": typed},
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert response.status_code == 200, response.content
    assert [item["id"] for item in response.json()["items"]] == [wanted.pk]


@pytest.mark.parametrize("typed", ["15", "000015", "2026-15", "ISD-26-15", "ISD 15", "ISD2026015"])
def test_what_is_not_a_reference_is_still_refused_with_an_example(
    client: Any, advisor: Any, typed: str
) -> None:
    client.force_login(advisor)
    response = client.get(reverse("decisions:organisation_decisions"), {"reference": typed})
    assert response.status_code == 400
    assert MALFORMED in response.content.decode()
