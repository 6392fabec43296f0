"""A question sent from a page opened while the decision was a draft, once the draft has
been finalised (in another tab): a final record never changes, so the question would not
be kept with it (domain spec section 6 keeps the advice sought while the record was made).
The asker is told so, with what they typed kept, and asks anyway only by sending it again;
a question asked about one's own final record says on its pages that it is not kept."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.urls import reverse

from infoshare.advice import errors
from infoshare.advice import services as advice_services
from infoshare.advice.models import AdviceRequest
from infoshare.core.errors import DomainError
from infoshare.decisions import services
from infoshare.decisions.models import Status
from infoshare.decisions.tests.test_services import complete_draft

NEW = reverse("advice:request_new")
QUESTION = "Is consent enough here?"
NOT_KEPT = "Your decision is already finalised, so this question"


def _form_fields(page: str) -> dict[str, str]:
    """The hidden fields of the new-question form, as the browser sends them."""
    [form] = [form for form in page.split("<form") if "Send your question" in form]
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))


def _send(client: Any, page: str) -> Any:
    data = _form_fields(page) | {
        "question": QUESTION,
        "name_person": "no",
        "addressed_to": "organisation",
    }
    return client.post(NEW, data)


def test_a_question_from_a_tab_opened_before_finalising_is_not_sent_unsaid(
    client: Any, practitioner: Any, home_org: Any, advisor: Any
) -> None:
    draft = complete_draft(practitioner, home_org)
    client.force_login(practitioner)
    page = client.get(NEW, {"decision": draft.pk, "return": "outcome"}).content.decode()
    assert _form_fields(page)["for_draft"] == "yes"
    assert NOT_KEPT not in page
    services.finalise_decision(actor=practitioner, decision_id=draft.pk)  # the other tab

    refused = _send(client, page)

    assert refused.status_code == 400
    text = html.unescape(refused.content.decode())
    assert errors.DECISION_FINALISED in text.split('class="govuk-error-summary"')[1]
    assert f">{QUESTION}</textarea>" in text  # what they typed is kept
    assert NOT_KEPT in text
    assert not AdviceRequest.objects.exists()

    # Sent again, knowing: asked on its own, linked to the record for the way back.
    again = _send(client, text)
    assert again.status_code == 302
    asked = AdviceRequest.objects.get()
    assert asked.context_decision_id == draft.pk
    sent = client.get(again.url).content.decode()
    assert NOT_KEPT in html.unescape(sent)
    record = reverse("decisions:decision_detail", kwargs={"decision_id": draft.pk})
    assert f'href="{record}"' in sent
    draft.refresh_from_db()
    assert draft.status == Status.FINAL
    assert draft.advice_record == []


def test_a_question_from_the_draft_while_it_is_one_is_sent_and_kept(
    client: Any, practitioner: Any, home_org: Any, advisor: Any
) -> None:
    draft = complete_draft(practitioner, home_org)
    client.force_login(practitioner)
    page = client.get(NEW, {"decision": draft.pk}).content.decode()

    response = _send(client, page)

    assert response.status_code == 302
    assert NOT_KEPT not in html.unescape(client.get(response.url).content.decode())
    final = services.finalise_decision(actor=practitioner, decision_id=draft.pk)
    assert [item["question"] for item in final.advice_record] == [QUESTION]


def test_the_service_asks_nothing_for_a_draft_finalised_meanwhile(
    practitioner: Any, home_org: Any, advisor: Any
) -> None:
    draft = complete_draft(practitioner, home_org)
    services.finalise_decision(actor=practitioner, decision_id=draft.pk)
    with pytest.raises(DomainError) as refused:
        advice_services.ask_for_advice(
            actor=practitioner, question=QUESTION, context_decision_id=draft.pk, for_draft=True
        )
    assert refused.value.code == errors.Code.DECISION_FINALISED
    assert not AdviceRequest.objects.exists()
    # Without ``for_draft`` (the API, a page opened from the record) it is asked.
    advice_services.ask_for_advice(
        actor=practitioner, question=QUESTION, context_decision_id=draft.pk
    )
    assert AdviceRequest.objects.count() == 1
