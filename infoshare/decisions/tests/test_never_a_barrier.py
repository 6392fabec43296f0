"""No agreement, no problem (product principle 2; the fact sheet: "the lack of an
information sharing protocol must never be a reason for not sharing"). A decision between
two organisations records normally whatever the state of any agreement between them."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from infoshare.decisions import services
from infoshare.decisions.models import Status
from infoshare.decisions.tests.test_services import complete_draft

BARRIER_WORDS = ("no agreement", "without an agreement", "agreement is required", "cannot share")


def _agreement_between(home_org: Any, other_org: Any, state: str) -> None:
    from infoshare.agreements.models import Status as AgreementStatus
    from infoshare.agreements.tests.factories import AgreementPartyFactory, make_agreement

    if state == "none":
        return
    status = {"expired": AgreementStatus.EXPIRED, "withdrawn": AgreementStatus.WITHDRAWN}[state]
    agreement = make_agreement(lead_organisation=home_org, status=status)
    for org in (home_org, other_org):
        AgreementPartyFactory(agreement=agreement, organisation=org)


@pytest.mark.parametrize("state", ["none", "expired", "withdrawn"])
def test_a_decision_records_normally_whatever_the_agreement_state(
    client: Any, practitioner: Any, home_org: Any, other_org: Any, state: str
) -> None:
    _agreement_between(home_org, other_org, state)
    draft = complete_draft(
        practitioner, home_org, external_recipient="", recipient_organisation_id=other_org.pk
    )

    final = services.finalise_decision(actor=practitioner, decision_id=draft.pk)

    assert final.status == Status.FINAL
    assert final.recommendation == "share"
    assert final.recipient_organisation_id == other_org.pk
    client.force_login(practitioner)
    detail = reverse("decisions:decision_detail", kwargs={"decision_id": final.pk})
    page = client.get(detail).content.decode()
    assert not any(words in page.lower() for words in BARRIER_WORDS)
    assert "Sharing never depends on one" not in page  # no agreement in force to mention
