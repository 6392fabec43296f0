"""Reviews: reminders to owners, agreements marked under review or expired, with time
moved forward. The command enqueues tasks (run at once by the test backend)."""

from __future__ import annotations

import datetime as dt
from unittest import mock

from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from infoshare.agreements import reviews
from infoshare.agreements.models import Agreement, Status
from infoshare.audit.models import AuditEvent


def _set(agreement: Agreement, **values: object) -> None:
    Agreement.objects.filter(pk=agreement.pk).update(**values)
    agreement.refresh_from_db()


def test_the_owner_is_reminded_60_days_before_the_review_and_only_once(active, senior_lead):
    _set(active, review_date=dt.date(2027, 3, 1))
    assert reviews.agreements_to_remind(today=dt.date(2026, 12, 30)) == []

    today = dt.date(2027, 1, 1)  # 59 days before
    call_command("send_agreement_reminders", today=today.isoformat(), stdout=mock.Mock())
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [senior_lead.email]
    assert "due for review" in message.subject
    assert reverse("agreements:agreement_detail", args=[active.pk]) in message.body
    active.refresh_from_db()
    assert active.last_reminded_on == today

    # running again the same day (or within the week) sends nothing more
    call_command("send_agreement_reminders", today=today.isoformat(), stdout=mock.Mock())
    call_command("send_agreement_reminders", today="2027-01-05", stdout=mock.Mock())
    assert len(mail.outbox) == 1
    assert AuditEvent.objects.filter(action="agreements.review_reminder_sent").count() == 1

    # a week later, a second reminder
    call_command("send_agreement_reminders", today="2027-01-08", stdout=mock.Mock())
    assert len(mail.outbox) == 2


def test_a_passed_review_date_puts_the_agreement_under_review(active, senior_lead) -> None:
    _set(active, review_date=dt.date(2027, 3, 1))
    call_command("send_agreement_reminders", today="2027-03-01", stdout=mock.Mock())
    active.refresh_from_db()
    assert active.status == Status.ACTIVE  # due today, not yet passed

    call_command("send_agreement_reminders", today="2027-03-02", stdout=mock.Mock())
    active.refresh_from_db()
    assert active.status == Status.UNDER_REVIEW
    assert len(mail.outbox) == 1  # reminded yesterday: the weekly reminder says overdue
    call_command("send_agreement_reminders", today="2027-03-08", stdout=mock.Mock())
    assert "overdue" in mail.outbox[-1].subject
    event = AuditEvent.objects.get(action="agreements.marked_under_review")
    assert event.actor_id is None


def test_a_passed_end_date_expires_the_agreement_once(active) -> None:
    _set(active, end_date=dt.date(2027, 6, 30), review_date=dt.date(2028, 1, 1))
    assert reviews.mark_expired_agreements(today=dt.date(2027, 6, 30)) == {
        "expired": 0,
        "under_review": 0,
    }
    assert reviews.mark_expired_agreements(today=dt.date(2027, 7, 1)) == {
        "expired": 1,
        "under_review": 0,
    }
    assert reviews.mark_expired_agreements(today=dt.date(2027, 7, 2))["expired"] == 0
    active.refresh_from_db()
    assert active.status == Status.EXPIRED
    assert AuditEvent.objects.filter(action="agreements.marked_expired").count() == 1


def test_drafts_and_withdrawn_agreements_are_left_alone(draft, active, senior_lead) -> None:
    from infoshare.agreements import services

    _set(draft, review_date=dt.date(2020, 1, 1), end_date=dt.date(2020, 6, 1))
    services.withdraw_agreement(actor=senior_lead, agreement_id=active.pk, reason="Ended")
    _set(active, review_date=dt.date(2020, 1, 1))
    assert reviews.mark_expired_agreements(today=dt.date(2027, 1, 1)) == {
        "expired": 0,
        "under_review": 0,
    }
    assert reviews.agreements_to_remind(today=dt.date(2027, 1, 1)) == []


def test_the_command_uses_the_real_date_when_time_moves_forward(active) -> None:
    _set(active, review_date=dt.date(2027, 3, 1))
    moved = dt.datetime(2027, 3, 5, 9, 0, tzinfo=dt.UTC)
    with mock.patch("django.utils.timezone.now", return_value=moved):
        call_command("send_agreement_reminders", stdout=mock.Mock())
    active.refresh_from_db()
    assert active.status == Status.UNDER_REVIEW
    assert active.last_reminded_on == dt.date(2027, 3, 5)


def test_a_bad_date_for_the_command_is_explained() -> None:
    import pytest
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--today must be a date"):
        call_command("send_agreement_reminders", today="31/02/2027", stdout=mock.Mock())


def test_reviews_due_appear_on_the_owners_home_page(client, active, senior_lead, practitioner):
    from django.utils import timezone

    today = timezone.localdate()
    client.force_login(senior_lead)
    _set(active, review_date=today + dt.timedelta(days=61))
    html = client.get(reverse("core:home")).content.decode()
    assert "Agreements due for review" not in html

    due = today + dt.timedelta(days=60)
    _set(active, review_date=due)
    html = client.get(reverse("core:home")).content.decode()
    assert "Agreements due for review" in html
    assert f"Review due {due.day} {due:%B %Y}" in html

    overdue = today - dt.timedelta(days=3)
    _set(active, review_date=overdue, status=Status.UNDER_REVIEW)
    html = client.get(reverse("core:home")).content.decode()
    assert f"Review overdue since {overdue.day} {overdue:%B %Y}" in html

    client.force_login(practitioner)  # not the owner
    html = client.get(reverse("core:home")).content.decode()
    assert "Agreements due for review" not in html


def test_agreements_awaiting_my_signature_appear_on_my_home_page(
    client, draft, senior_lead, other_signatory
) -> None:
    from infoshare.agreements import services

    services.submit_for_signature(actor=senior_lead, agreement_id=draft.pk)
    client.force_login(other_signatory)
    html = client.get(reverse("core:home")).content.decode()
    assert "Agreements awaiting your signature" in html
    assert "Sign for Other School" in html
