"""The flow's follow-up questions sit under the option they depend on, as GOV.UK's
conditionally revealed questions: "Why was the person not told?" under "No" and "Describe
how you shared it" under "Another way". An error on one shows it with its option chosen,
and the error summary links to its box; what a box under an option not chosen holds,
right or wrong, is not part of the answer."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from infoshare.decisions.models import SharingDecision
from infoshare.decisions.tests.factories import answer_questions

pytestmark = pytest.mark.django_db

DATE = {"shared_on_day": "1", "shared_on_month": "1", "shared_on_year": "2026"}


def url(name: str, decision: Any) -> str:
    return reverse(f"decisions:{name}", kwargs={"decision_id": decision.pk})


def summary_of(html: str) -> list[str]:
    found = re.search(r'govuk-error-summary__list">(.*?)</ul>', html, re.DOTALL)
    return re.findall(r"<li>(.*?)</li>", found.group(1), re.DOTALL) if found else []


def radio(html: str, value: str) -> str:
    found = re.search(rf'<input class="govuk-radios__input"[^>]*value="{value}"[^>]*>', html)
    assert found, html
    return found.group(0)


def between(html: str, start: str, end: str) -> str:
    return html[html.index(start) : html.index(end, html.index(start))]


@pytest.fixture
def shared(draft: SharingDecision) -> SharingDecision:
    return answer_questions(draft, outcome="shared")


def test_why_not_told_is_revealed_under_no(signed_in_practitioner: Any, shared: Any) -> None:
    html = signed_in_practitioner.get(url("told", shared)).content.decode()
    assert 'data-aria-controls="conditional-id_person_told-1"' in radio(html, "no")
    assert "data-aria-controls" not in radio(html, "yes")
    # Straight after the item of "No": its conditional block, holding the question.
    after_no = html[html.index(radio(html, "no")) :]
    block = between(
        after_no,
        '<div class="govuk-radios__conditional govuk-radios__conditional--hidden"'
        ' id="conditional-id_person_told-1">',
        "</fieldset>",
    )
    assert after_no.index("</div>") < after_no.index(block)
    assert 'govuk-radios__item"' not in after_no[: after_no.index(block)]
    assert '<label class="govuk-label govuk-label--s" for="id_reason_not_told">' in block
    assert "Why was the person not told?" in block
    assert 'name="reason_not_told"' in block
    assert "If not, why not?" not in html
    assert 'data-module="govuk-radios"' in html


def test_a_missing_reason_shows_no_chosen_and_the_summary_links_to_the_box(
    signed_in_practitioner: Any, shared: Any
) -> None:
    response = signed_in_practitioner.post(url("told", shared), {"person_told": "no"})
    html = response.content.decode()
    assert response.status_code == 400
    assert summary_of(html) == [
        '<a href="#id_reason_not_told">Enter why the person was not told</a>'
    ]
    assert " checked" in radio(html, "no")
    assert " checked" not in radio(html, "yes")
    assert '<div class="govuk-radios__conditional" id="conditional-id_person_told-1">' in html
    block = html[html.index('id="conditional-id_person_told-1"') :]
    assert 'id="id_reason_not_told-error"' in block.split("</fieldset>")[0]


def test_a_saved_reason_opens_with_no_chosen_and_the_box_shown(
    signed_in_practitioner: Any, shared: Any
) -> None:
    said = {"person_told": "no", "reason_not_told": "It would increase the risk."}
    assert signed_in_practitioner.post(url("told", shared), said).status_code == 302
    html = signed_in_practitioner.get(url("told", shared)).content.decode()
    assert " checked" in radio(html, "no")
    assert '<div class="govuk-radios__conditional" id="conditional-id_person_told-1">' in html
    assert "It would increase the risk." in html


def test_a_reason_left_in_the_box_under_no_is_not_kept_when_yes_is_chosen(
    signed_in_practitioner: Any, shared: Any
) -> None:
    # Even one the box would refuse: its error would be hidden under "No".
    sent = {"person_told": "yes", "reason_not_told": "Typed\x00 then changed my mind"}
    assert signed_in_practitioner.post(url("told", shared), sent).status_code == 302
    shared.refresh_from_db()
    assert (shared.person_told, shared.reason_not_told) == ("yes", "")


def test_how_it_was_shared_is_revealed_under_another_way(
    signed_in_practitioner: Any, shared: Any
) -> None:
    html = signed_in_practitioner.get(url("sharing", shared)).content.decode()
    other = radio(html, "other")
    assert 'data-aria-controls="conditional-id_method-5"' in other
    assert sum("data-aria-controls" in radio(html, v) for v in ("phone", "letter", "portal")) == 0
    block = between(html, 'id="conditional-id_method-5"', "</fieldset>")
    assert html.index(other) < html.index(block)
    assert '<label class="govuk-label govuk-label--s" for="id_method_detail">' in block
    assert "Describe how you shared it" in block
    assert "If another way" not in html

    response = signed_in_practitioner.post(url("sharing", shared), {"method": "other"} | DATE)
    html = response.content.decode()
    assert response.status_code == 400
    assert summary_of(html)[0].startswith('<a href="#id_method_detail">')
    assert " checked" in radio(html, "other")
    assert '<div class="govuk-radios__conditional" id="conditional-id_method-5">' in html


def test_a_description_the_box_would_refuse_is_ignored_for_another_method(
    signed_in_practitioner: Any, shared: Any
) -> None:
    sent = {"method": "phone", "method_detail": "Handed\x00 over"} | DATE
    assert signed_in_practitioner.post(url("sharing", shared), sent).status_code == 302
    shared.refresh_from_db()
    assert (shared.method, shared.method_detail) == ("phone", "")
