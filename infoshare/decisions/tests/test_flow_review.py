"""Defects an exploratory walk through the decision flow found, each pinned by a test:
a recipient chosen twice over, change links from the finalise summary, date errors."""

from __future__ import annotations

from typing import Any

import pytest

from infoshare.decisions.tests.factories import CONSENT_ANSWERS, answer_questions
from infoshare.decisions.tests.test_flow import question, record_sharing_details, url


def test_an_organisation_chosen_and_another_typed_is_an_error_not_a_silent_choice(
    signed_in_practitioner: Any, draft: Any, other_org: Any
) -> None:
    response = signed_in_practitioner.post(
        url("recipient", draft),
        {
            "direction": "sharing_out",
            "recipient_organisation_id": other_org.pk,
            "external_recipient": "Some Charity Ltd",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "not both" in body
    assert 'href="#id_external_recipient"' in body
    assert "Some Charity Ltd" in body  # what was typed is kept
    draft.refresh_from_db()
    assert draft.recipient_organisation_id is None
    assert draft.external_recipient == ""


def test_changing_the_purpose_from_the_finalise_summary_returns_there(
    signed_in_practitioner: Any, draft: Any
) -> None:
    signed_in_practitioner.post(url("purpose", draft), {"purpose": "Support"})
    body = signed_in_practitioner.get(url("finalise", draft)).content.decode()
    change = f"{url('purpose', draft)}?return=finalise"
    assert f'href="{change}"' in body
    response = signed_in_practitioner.post(change, {"purpose": "Support at school"})
    # Questions are still unanswered, so the flow asks the first of them on the way back:
    # the risk of harm, asked first as in the flow.
    assert response.url.startswith(question(draft, "risk_of_significant_harm"))
    for key, value in CONSENT_ANSWERS.items():
        signed_in_practitioner.post(question(draft, key), {"answer": value})
    response = signed_in_practitioner.post(change, {"purpose": "Support at school, today"})
    assert response.url == url("finalise", draft)


def test_a_changed_key_question_goes_back_by_the_recommendation_and_outcome(
    signed_in_practitioner: Any, draft: Any
) -> None:
    client = signed_in_practitioner
    for key, value in CONSENT_ANSWERS.items():
        client.post(question(draft, key), {"answer": value})
    client.post(url("outcome", draft), {"outcome": "shared", "reasons": "Consent given"})
    record_sharing_details(client, draft)
    change = f"{question(draft, 'consent')}?return=finalise"
    assert f'href="{change}"' in client.get(url("finalise", draft)).content.decode()
    # Consent refused: the public interest question comes next, then the answers again.
    response = client.post(change, {"answer": "refused"})
    assert response.url == f"{question(draft, 'public_interest')}?return=finalise"
    response = client.post(response.url, {"answer": "yes"})
    # Questions the change makes necessary are asked on the way.
    while "/question/" in response.url:
        response = client.post(response.url, {"answer": "yes"})
    assert response.url == f"{url('check_answers', draft)}?return=finalise"
    check = client.get(response.url).content.decode()
    assert f'href="{url("recommendation", draft)}?return=finalise"' in check
    shown = client.get(f"{url('recommendation', draft)}?return=finalise").content.decode()
    assert "Public interest" in shown
    assert f'href="{url("outcome", draft)}?return=finalise"' in shown
    response = client.post(
        f"{url('outcome', draft)}?return=finalise",
        {"outcome": "shared", "reasons": "Risk outweighs the refusal"},
    )
    # The lawful bases chose consent, now refused: they are chosen again on the way back.
    bases = f"{url('bases', draft)}?return=finalise"
    assert response.url == bases
    response = client.post(bases, {"gateway": "public_interest", "article6": ["art6_1_e"]})
    assert response.url == url("finalise", draft)


@pytest.mark.parametrize(
    ("day", "month", "year", "message", "box"),
    [
        ("1", "1", "1900", "The date you shared it must be 1 January 2000 or later", "day"),
        ("1", "1", "99999", "Year must include 4 numbers", "year"),
        ("123", "1", "2026", "The date you shared it must be a real date", "day"),
    ],
)
def test_a_wrong_date_of_sharing_gets_one_message_linked_to_the_date(
    signed_in_practitioner: Any,
    draft: Any,
    day: str,
    month: str,
    year: str,
    message: str,
    box: str,
) -> None:
    """Linked to the box that is wrong (the day box for the date as a whole)."""
    answer_questions(draft, outcome="shared")
    response = signed_in_practitioner.post(
        url("sharing", draft),
        {
            "method": "secure_email",
            "shared_on_day": day,
            "shared_on_month": month,
            "shared_on_year": year,
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    summary = body[body.index("govuk-error-summary__list") :].split("</ul>")[0]
    assert summary.count("<li>") == 1
    assert message in summary
    assert f'href="#id_shared_on_{box}"' in summary
    assert "Ensure this value" not in body
    draft.refresh_from_db()
    assert draft.shared_on is None
