"""Review reminders are recorded only once sent: a mail server that refuses one message
leaves that agreement unmarked (to be tried again) and the others are still reminded.
Titles are one line, and a title stored before that rule still makes a valid subject."""

from __future__ import annotations

import datetime as dt
import json
import smtplib
from collections.abc import Sequence
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from infoshare.agreements import errors, reviews
from infoshare.agreements.models import Agreement, Status
from infoshare.agreements.tests.factories import make_agreement
from infoshare.audit.models import AuditEvent

TODAY = dt.date(2027, 1, 1)
SENT = "agreements.review_reminder_sent"


class RefusesBrokenBackend(EmailBackend):
    """The in-memory backend, except that the mail server refuses any message whose
    subject mentions "Broken" (as a server that is down would)."""

    def send_messages(self, messages: Sequence[EmailMessage]) -> int:
        if any("Broken" in message.subject for message in messages):
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


def _in_force(home_org: Any, title: str, owner: Any) -> Agreement:
    return make_agreement(
        lead_organisation=home_org,
        title=title,
        owner=owner,
        status=Status.ACTIVE,
        review_date=dt.date(2027, 2, 1),
    )


def test_a_reminder_that_cannot_be_sent_is_not_recorded_and_the_others_go(
    settings: Any, home_org: Any, senior_lead: Any
) -> None:
    settings.EMAIL_BACKEND = f"{__name__}.RefusesBrokenBackend"
    broken = _in_force(home_org, "Broken agreement", senior_lead)
    fine = _in_force(home_org, "Fine agreement", senior_lead)
    out = StringIO()

    with pytest.raises(CommandError, match="1 review reminder"):
        call_command("send_agreement_reminders", today=TODAY.isoformat(), stdout=out)

    assert "Queued review reminders for 2 agreement(s)" in out.getvalue()
    assert [message.subject for message in mail.outbox] == [
        "Agreement due for review: Fine agreement"
    ]
    broken.refresh_from_db()
    fine.refresh_from_db()
    assert broken.last_reminded_on is None
    assert fine.last_reminded_on == TODAY
    reminded = AuditEvent.objects.filter(action=SENT).values_list("object_id", flat=True)
    assert [str(pk) for pk in reminded] == [str(fine.pk)]
    # the next run tries the one that failed again, and not the one that went
    assert reviews.agreements_to_remind(today=TODAY + dt.timedelta(days=1)) == [broken.pk]


def test_a_failed_send_raises_and_records_nothing(
    settings: Any, home_org: Any, senior_lead: Any
) -> None:
    settings.EMAIL_BACKEND = f"{__name__}.RefusesBrokenBackend"
    broken = _in_force(home_org, "Broken agreement", senior_lead)
    with pytest.raises(smtplib.SMTPException):
        reviews.send_review_reminder(agreement_id=broken.pk, today=TODAY)
    broken.refresh_from_db()
    assert broken.last_reminded_on is None
    assert not AuditEvent.objects.filter(action=SENT).exists()


def test_a_title_stored_with_a_line_break_still_makes_a_one_line_subject(
    home_org: Any, senior_lead: Any
) -> None:
    legacy = _in_force(
        home_org, "Early help\r\nBcc: everyone@example.org\t\x85 sharing", senior_lead
    )
    assert reviews.send_review_reminder(agreement_id=legacy.pk, today=TODAY) is True
    (message,) = mail.outbox
    assert message.subject == (
        "Agreement due for review: Early help Bcc: everyone@example.org sharing"
    )
    assert message.to == [senior_lead.email]
    legacy.refresh_from_db()
    assert legacy.last_reminded_on == TODAY


@pytest.mark.parametrize("title", ["Early help\nsharing", "Early\rhelp", "Early\thelp", "A\x07B"])
def test_the_api_refuses_a_title_of_more_than_one_line(
    client: Any, senior_lead: Any, home_org: Any, title: str
) -> None:
    client.force_login(senior_lead)
    body = {
        "lead_organisation_id": home_org.pk,
        "title": title,
        "kind": "overarching_protocol",
        "purpose": "Systematic sharing",
    }
    response = client.post(
        reverse("api-1:agreement_create"), json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"title": errors.TITLE_ONE_LINE}
    assert not Agreement.objects.exists()


def test_the_form_refuses_a_title_of_more_than_one_line(
    client: Any, senior_lead: Any, home_org: Any
) -> None:
    client.force_login(senior_lead)
    response = client.post(
        reverse("agreements:agreement_create"),
        {
            "lead_organisation": home_org.pk,
            "title": "Early help\nsharing",
            "kind": "overarching_protocol",
            "purpose": "Systematic sharing",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert 'href="#id_title"' in html
    assert errors.TITLE_ONE_LINE in html
    assert not Agreement.objects.exists()
