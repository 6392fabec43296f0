"""The urgent path: overdue urgent records on home pages, and one reminder a period."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from infoshare.audit.models import AuditEvent
from infoshare.decisions.tests.factories import make_decision


def overdue_draft(author: Any, org: Any, **kwargs: Any) -> Any:
    fields = {"urgent_due_at": timezone.now() - dt.timedelta(hours=1)} | kwargs
    return make_decision(
        author=author, organisation=org, status="draft", finalised_at=None, urgent=True, **fields
    )


def test_overdue_urgent_drafts_show_for_the_author_and_their_manager(
    client: Any, practitioner: Any, manager: Any, home_org: Any
) -> None:
    decision = overdue_draft(practitioner, home_org)
    for user in (practitioner, manager):
        client.force_login(user)
        body = client.get(reverse("core:home")).content.decode()
        assert "Urgent records not completed" in body
        assert decision.reference in body


def test_urgent_drafts_not_yet_due_are_not_flagged(
    client: Any, practitioner: Any, home_org: Any
) -> None:
    overdue_draft(practitioner, home_org, urgent_due_at=timezone.now() + dt.timedelta(hours=3))
    client.force_login(practitioner)
    assert "Urgent records not completed" not in client.get(reverse("core:home")).content.decode()


def test_a_manager_elsewhere_does_not_see_them(
    client: Any, practitioner: Any, foreign_org_user: Any, home_org: Any
) -> None:
    overdue_draft(practitioner, home_org)
    client.force_login(foreign_org_user)
    assert "Urgent records not completed" not in client.get(reverse("core:home")).content.decode()


def test_send_reminders_emails_the_author_once_per_period(
    practitioner: Any, home_org: Any, django_capture_on_commit_callbacks: Any
) -> None:
    decision = overdue_draft(practitioner, home_org)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", stdout=StringIO())
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", stdout=StringIO())
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [practitioner.email]
    assert decision.reference in mail.outbox[0].subject
    decision.refresh_from_db()
    assert decision.reminded_at is not None
    assert AuditEvent.objects.filter(action="decisions.reminder_sent").count() == 1


def test_a_new_period_sends_another_reminder(
    practitioner: Any, home_org: Any, django_capture_on_commit_callbacks: Any
) -> None:
    overdue_draft(practitioner, home_org, reminded_at=timezone.now() - dt.timedelta(hours=25))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", stdout=StringIO())
    assert len(mail.outbox) == 1


def test_finalised_or_not_urgent_records_get_no_reminder(
    practitioner: Any, home_org: Any, django_capture_on_commit_callbacks: Any
) -> None:
    make_decision(
        author=practitioner,
        organisation=home_org,
        urgent=True,
        urgent_due_at=timezone.now() - dt.timedelta(hours=1),
    )
    make_decision(author=practitioner, organisation=home_org, status="draft", finalised_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", stdout=StringIO())
    assert mail.outbox == []


def test_the_reminder_links_to_the_record_by_its_full_address(
    settings: Any, practitioner: Any, home_org: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.SITE_URL = "https://infoshare.example.org/"
    decision = overdue_draft(practitioner, home_org)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", stdout=StringIO())
    path = reverse("decisions:resume", kwargs={"decision_id": decision.pk})
    assert f"https://infoshare.example.org{path}" in mail.outbox[0].body
