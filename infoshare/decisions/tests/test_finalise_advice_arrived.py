"""Advice that arrives while the finalise summary is open is never sealed into the record
unseen: the summary's ``reviewed`` revision stands for the advice it showed too, so a
reply (or a question) that arrived since sends the practitioner back to the summary, with
the advice shown, instead of to "Decision recorded" (docs/architecture.md: nothing is
finalised that its author did not see)."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.urls import reverse

from infoshare.advice import services as advice_services
from infoshare.decisions import services
from infoshare.decisions.models import SharingDecision, Status
from infoshare.decisions.selectors.advice import advice_shown_to
from infoshare.decisions.services.records import (
    ADVICE_ARRIVED_MESSAGE,
    DRAFT_CHANGED_MESSAGE,
    AdviceArrived,
    DraftChanged,
    reviewed_revision,
)
from infoshare.decisions.tests.test_services import complete_draft

REPLY = "DO NOT SHARE: the father is the subject of a police investigation."


def _finalise_url(draft: Any) -> str:
    return reverse("decisions:finalise", kwargs={"decision_id": draft.pk})


def _shown_revision(client: Any, draft: Any) -> tuple[str, str]:
    page = client.get(_finalise_url(draft)).content.decode()
    found = re.search(r'name="reviewed" value="(\d+)"', page)
    assert found is not None
    return found.group(1), page


def _advice_section(text: str) -> str:
    """The part of the summary the "New advice has arrived" link leads to."""
    return text.split('id="record-advice"')[1].split("govuk-warning-text")[0]


@pytest.fixture
def asked(practitioner: Any, home_org: Any, advisor: Any) -> tuple[SharingDecision, Any]:
    """A complete draft of the practitioner's, with a question asked from it."""
    draft = complete_draft(practitioner, home_org)
    question = advice_services.ask_for_advice(
        actor=practitioner,
        question="Should I share the plan with the health visitor?",
        context_decision_id=draft.pk,
    )
    return draft, question


def test_a_reply_that_arrived_after_the_summary_was_shown_is_read_before_finalising(
    client: Any, practitioner: Any, advisor: Any, asked: tuple[SharingDecision, Any]
) -> None:
    draft, question = asked
    client.force_login(practitioner)
    reviewed, page = _shown_revision(client, draft)
    assert "No reply yet." in page
    advice_services.reply_to_advice(actor=advisor, request_id=question.pk, body=REPLY)

    response = client.post(_finalise_url(draft), {"reviewed": reviewed})

    assert response.status_code == 409
    text = html.unescape(response.content.decode())
    summary = text.split('class="govuk-error-summary"')[1].split("</ul>")[0]
    assert f'<a href="#record-advice">{ADVICE_ARRIVED_MESSAGE}</a>' in summary
    assert DRAFT_CHANGED_MESSAGE not in text
    # The reply is on the page, where the message leads.
    assert REPLY in _advice_section(text)
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert draft.advice_record == []

    # Read now, the page's new revision finalises it, with the reply kept.
    again = re.search(r'name="reviewed" value="(\d+)"', text)
    assert again is not None
    assert again.group(1) != reviewed
    response = client.post(_finalise_url(draft), {"reviewed": again.group(1)})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.FINAL
    assert [reply["text"] for reply in draft.advice_record[0]["replies"]] == [REPLY]


def test_a_question_asked_from_another_tab_meanwhile_is_read_before_finalising(
    client: Any, practitioner: Any, home_org: Any, advisor: Any
) -> None:
    draft = complete_draft(practitioner, home_org)
    client.force_login(practitioner)
    reviewed, _page = _shown_revision(client, draft)
    advice_services.ask_for_advice(
        actor=practitioner, question="Is consent enough here?", context_decision_id=draft.pk
    )

    response = client.post(_finalise_url(draft), {"reviewed": reviewed})

    assert response.status_code == 409
    text = html.unescape(response.content.decode())
    assert ADVICE_ARRIVED_MESSAGE in text
    assert "Is consent enough here?" in _advice_section(text)
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_a_changed_draft_is_still_said_to_be_changed(
    client: Any, practitioner: Any, advisor: Any, asked: tuple[SharingDecision, Any]
) -> None:
    """The draft changed as well as its advice: the change to the draft is what is said,
    as before (the whole summary is to be checked again)."""
    draft, question = asked
    client.force_login(practitioner)
    reviewed, _page = _shown_revision(client, draft)
    advice_services.reply_to_advice(actor=advisor, request_id=question.pk, body=REPLY)
    services.update_draft(
        actor=practitioner, decision_id=draft.pk, changes={"purpose": "Support at home"}
    )

    response = client.post(_finalise_url(draft), {"reviewed": reviewed})

    assert response.status_code == 409
    text = html.unescape(response.content.decode())
    assert f'<a href="#record-summary">{DRAFT_CHANGED_MESSAGE}</a>' in text
    assert ADVICE_ARRIVED_MESSAGE not in text


def test_the_service_refuses_a_revision_that_did_not_show_the_advice(
    practitioner: Any, advisor: Any, asked: tuple[SharingDecision, Any]
) -> None:
    draft, question = asked
    shown = reviewed_revision(draft, advice_shown_to(practitioner, draft))
    advice_services.reply_to_advice(actor=advisor, request_id=question.pk, body=REPLY)

    with pytest.raises(AdviceArrived) as refused:
        services.finalise_decision(actor=practitioner, decision_id=draft.pk, reviewed=shown)
    assert refused.value.status == 409
    assert isinstance(refused.value, DraftChanged)  # the pages show both the same way

    current = reviewed_revision(draft, advice_shown_to(practitioner, draft))
    final = services.finalise_decision(actor=practitioner, decision_id=draft.pk, reviewed=current)
    assert [reply["text"] for reply in final.advice_record[0]["replies"]] == [REPLY]
