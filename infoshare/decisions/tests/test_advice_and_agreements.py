"""Advice asked from a decision appears in the draft and is kept with the record; an
agreement in force is linked for information only."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from infoshare.advice.tests.factories import AdviceReplyFactory, AdviceRequestFactory
from infoshare.decisions import services
from infoshare.decisions.tests.factories import make_decision
from infoshare.decisions.tests.test_services import complete_draft


def test_advice_reply_shows_on_the_recommendation_and_is_kept_at_finalise(
    client: Any, practitioner: Any, advisor: Any, home_org: Any
) -> None:
    draft = complete_draft(practitioner, home_org)
    asked = AdviceRequestFactory(
        organisation=home_org, asked_by=practitioner, context_decision_id=draft.pk
    )
    AdviceReplyFactory(request=asked, author=advisor, body="Share with the school nurse only")
    client.force_login(practitioner)
    url = reverse("decisions:recommendation", kwargs={"decision_id": draft.pk})
    assert "Share with the school nurse only" in client.get(url).content.decode()
    final = services.finalise_decision(actor=practitioner, decision_id=draft.pk)
    assert final.advice_record[0]["replies"][0]["text"] == "Share with the school nurse only"
    detail = reverse("decisions:decision_detail", kwargs={"decision_id": final.pk})
    assert "Share with the school nurse only" in client.get(detail).content.decode()


def test_the_advice_button_carries_the_decision(
    client: Any, practitioner: Any, home_org: Any
) -> None:
    draft = complete_draft(practitioner, home_org)
    client.force_login(practitioner)
    url = reverse("decisions:question", kwargs={"decision_id": draft.pk, "key": "consent"})
    body = client.get(url).content.decode()
    assert 'name="action" value="ask_advice"' in body
    response = client.post(url, {"answer": "given", "action": "ask_advice"})
    assert response.url.startswith(f"{reverse('advice:request_new')}?decision={draft.pk}&")


def test_an_agreement_in_force_is_linked_for_information_only(
    client: Any, practitioner: Any, home_org: Any, other_org: Any
) -> None:
    from infoshare.agreements.models import Status
    from infoshare.agreements.tests.factories import AgreementPartyFactory, make_agreement

    decision = make_decision(
        author=practitioner, organisation=home_org, recipient_organisation=other_org
    )
    client.force_login(practitioner)
    detail = reverse("decisions:decision_detail", kwargs={"decision_id": decision.pk})
    assert "Sharing never depends on one" not in client.get(detail).content.decode()
    agreement = make_agreement(lead_organisation=home_org, status=Status.ACTIVE)
    for org in (home_org, other_org):
        AgreementPartyFactory(agreement=agreement, organisation=org)
    assert "Sharing never depends on one" in client.get(detail).content.decode()
