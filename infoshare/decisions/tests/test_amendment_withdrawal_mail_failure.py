"""A manager who deletes a colleague's amendment sees it deleted even when the email to
its author cannot be sent: the deletion has committed, so the mail server being down is
logged, not shown as an error page for a change that was made."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.test import override_settings
from django.urls import reverse

from infoshare.audit.models import AuditEvent
from infoshare.decisions import services
from infoshare.decisions.audit import Action
from infoshare.decisions.models import SharingDecision, Status
from infoshare.decisions.tests.factories import make_decision, make_person


class RefusingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        raise ConnectionRefusedError(111, "Connection refused")


def page(name: str, decision: Any) -> str:
    return reverse(f"decisions:{name}", kwargs={"decision_id": decision.pk})


# Transactional: the email is sent when the service's transaction commits, inside the
# request, as in production.
@pytest.mark.django_db(transaction=True)
def test_the_amendment_is_withdrawn_and_the_manager_told_so_when_the_email_fails(
    client: Any, practitioner: Any, manager: Any, home_org: Any, other_org: Any, caplog: Any
) -> None:
    record = make_decision(
        author=practitioner,
        organisation=home_org,
        recipient_organisation=other_org,
        external_recipient="",
        people=[make_person(organisation=home_org)],
    )
    services.amend_decision(actor=practitioner, decision_id=record.pk, reason="Correct the date")
    client.force_login(manager)

    with override_settings(EMAIL_BACKEND=f"{__name__}.RefusingBackend"):
        response = client.post(page("withdraw_amendment", record))

    assert response.status_code == 302
    assert response.url == page("amend", record)
    assert not SharingDecision.objects.filter(previous=record, status=Status.DRAFT).exists()
    event = AuditEvent.objects.get(action=Action.AMENDMENT_WITHDRAWN)
    assert (event.actor_id, event.data["why"]) == (manager.pk, "withdrawn_by_manager")
    assert "ConnectionRefusedError" in caplog.text or "Connection refused" in caplog.text
    followed = client.get(response.url).content.decode()
    assert f"{practitioner}&#x27;s amendment of {record.label} deleted" in followed
