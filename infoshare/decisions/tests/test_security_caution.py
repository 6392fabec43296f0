"""A "No" to "Are you sharing appropriately and securely?" leaves sharing recommended (the
guidance's rules) but the recommendation page and the record say what to put right first,
from the guidance's checklist."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from infoshare.decisions import engine
from infoshare.decisions.tests.factories import CONSENT_ANSWERS, answer_questions, make_decision

QUESTION = engine.get_edition("hmg-2008").question("appropriate_and_secure").text
CHECKLIST = engine.get_edition("hmg-2008").checklist


def recommendation_page(client: Any, draft: Any) -> str:
    url = reverse("decisions:recommendation", kwargs={"decision_id": draft.pk})
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_no_gets_a_warning_with_the_checklist_and_a_way_to_change_the_answer(
    signed_in_practitioner: Any, draft: Any
) -> None:
    answer_questions(draft, {"appropriate_and_secure": "no"})
    body = recommendation_page(signed_in_practitioner, draft)
    assert "You can share the information" in body  # the rules are kept
    warning = body[body.index('class="govuk-warning-text"') :]
    assert f"You answered “No” to “{QUESTION}”" in warning
    assert "Before you share" in warning
    for item in CHECKLIST:
        assert item in warning
    question = reverse(
        "decisions:question", kwargs={"decision_id": draft.pk, "key": "appropriate_and_secure"}
    )
    assert f'href="{question}">change your answer' in body


def test_a_yes_gets_the_checklist_without_a_warning(
    signed_in_practitioner: Any, draft: Any
) -> None:
    answer_questions(draft, {"appropriate_and_secure": "yes"})
    body = recommendation_page(signed_in_practitioner, draft)
    assert "govuk-warning-text" not in body
    assert "Share appropriately and securely" in body
    assert CHECKLIST[0] in body


def test_the_record_page_shows_the_caution_for_a_record_answered_no(
    client: Any, practitioner: Any, home_org: Any
) -> None:
    answered_no = make_decision(
        author=practitioner,
        organisation=home_org,
        answers=CONSENT_ANSWERS | {"appropriate_and_secure": "no"},
    )
    answered_yes = make_decision(author=practitioner, organisation=home_org)
    client.force_login(practitioner)
    url = reverse("decisions:decision_detail", kwargs={"decision_id": answered_no.pk})
    body = client.get(url).content.decode()
    warning = body[body.index('class="govuk-warning-text"') :]
    assert f"The answer recorded to “{QUESTION}” was “No”" in warning
    for item in CHECKLIST:
        assert item in warning
    url = reverse("decisions:decision_detail", kwargs={"decision_id": answered_yes.pk})
    assert "govuk-warning-text" not in client.get(url).content.decode()
