"""An urgent record's reminder is recorded as sent (``reminded_at`` and the
``decisions.reminder_sent`` event) only once the mail server has taken it.

An operations review found that with the mail server down the reminder was marked and
audited as sent, then lost for a whole period. Now a failure records nothing, is logged as
a warning naming only the record, does not stop the other reminders, and the next hourly
run sends it. Two runs at the same time send it once."""

from __future__ import annotations

import datetime as dt
import smtplib
import threading
from collections.abc import Callable, Sequence
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections
from django.test import override_settings
from django.utils import timezone

from infoshare.audit.models import AuditEvent
from infoshare.decisions.models import SharingDecision
from infoshare.decisions.services import reminders
from infoshare.decisions.services.reminders import ReminderNotSent, send_urgent_reminder
from infoshare.decisions.tests.factories import make_decision

SENT = "decisions.reminder_sent"
BACKEND = f"{__name__}.RefusingBackend"


class RefusingBackend(EmailBackend):
    """The in-memory backend, except that the mail server refuses every message to an
    address in ``refused`` (all of them while it is None: a server that is down)."""

    refused: set[str] | None = None

    def send_messages(self, messages: Sequence[EmailMessage]) -> int:
        for message in messages:
            if self.refused is None:
                raise ConnectionRefusedError(111, "Connection refused")
            if self.refused & set(message.to):
                # smtplib's own error quotes the addresses: the log must not.
                raise smtplib.SMTPRecipientsRefused(dict.fromkeys(message.to, (550, b"no")))
        return super().send_messages(messages)


class SlowBackend(EmailBackend):
    """The in-memory backend, running ``while_sending`` (once) as it hands a message over."""

    while_sending: Callable[[], None] | None = None

    def send_messages(self, messages: Sequence[EmailMessage]) -> int:
        action, SlowBackend.while_sending = SlowBackend.while_sending, None
        if action is not None:
            action()
        return super().send_messages(messages)


@pytest.fixture(autouse=True)
def _server_down() -> Any:
    RefusingBackend.refused = None
    yield
    RefusingBackend.refused = None


def overdue_draft(author: Any, org: Any) -> SharingDecision:
    return make_decision(
        author=author,
        organisation=org,
        status="draft",
        finalised_at=None,
        urgent=True,
        urgent_due_at=timezone.now() - dt.timedelta(hours=1),
    )


def sent_events() -> list[str]:
    return [
        str(pk) for pk in AuditEvent.objects.filter(action=SENT).values_list("object_id", flat=True)
    ]


def test_a_reminder_the_mail_server_refuses_stays_due_and_the_next_run_sends_it(
    practitioner: Any, home_org: Any, caplog: Any
) -> None:
    draft = overdue_draft(practitioner, home_org)

    with override_settings(EMAIL_BACKEND=BACKEND), pytest.raises(CommandError, match="1 urgent"):
        call_command("send_reminders", stdout=StringIO())

    draft.refresh_from_db()
    assert draft.reminded_at is None
    assert sent_events() == []
    assert mail.outbox == []
    assert list(reminders.reminders_due().values_list("pk", flat=True)) == [draft.pk]
    [warning] = [r for r in caplog.records if r.name == reminders.__name__]
    assert warning.levelname == "WARNING"
    assert f"decision record {draft.pk} was not sent (ConnectionRefusedError)" in warning.message

    # The mail server is back: the next hourly run sends it, and records it once.
    out = StringIO()
    call_command("send_reminders", stdout=out)
    assert "Queued 1 reminder(s)" in out.getvalue()
    assert [message.to for message in mail.outbox] == [[practitioner.email]]
    draft.refresh_from_db()
    assert draft.reminded_at is not None
    assert sent_events() == [str(draft.pk)]
    call_command("send_reminders", stdout=StringIO())
    assert len(mail.outbox) == 1


def test_one_refused_reminder_does_not_stop_the_others_and_logs_no_address(
    practitioner: Any, make_member: Any, home_org: Any, caplog: Any
) -> None:
    from infoshare.core.roles import Role

    colleague = make_member(Role.PRACTITIONER, home_org)
    refused = overdue_draft(practitioner, home_org)
    fine = overdue_draft(colleague, home_org)
    RefusingBackend.refused = {practitioner.email}

    with override_settings(EMAIL_BACKEND=BACKEND), pytest.raises(CommandError, match="1 urgent"):
        call_command("send_reminders", stdout=StringIO())

    assert [message.to for message in mail.outbox] == [[colleague.email]]
    refused.refresh_from_db()
    fine.refresh_from_db()
    assert refused.reminded_at is None
    assert fine.reminded_at is not None
    assert sent_events() == [str(fine.pk)]
    assert f"decision record {refused.pk} was not sent (SMTPRecipientsRefused)" in caplog.text
    assert practitioner.email not in caplog.text


def test_the_service_raises_without_the_mail_errors_text(practitioner: Any, home_org: Any) -> None:
    draft = overdue_draft(practitioner, home_org)
    RefusingBackend.refused = {practitioner.email}
    with override_settings(EMAIL_BACKEND=BACKEND), pytest.raises(ReminderNotSent) as raised:
        send_urgent_reminder(decision_id=draft.pk)
    assert practitioner.email not in str(raised.value)
    assert raised.value.__suppress_context__  # the task's stored traceback omits it too
    draft.refresh_from_db()
    assert draft.reminded_at is None


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks between connections: PostgreSQL"
)
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_the_same_time_send_one_reminder(practitioner: Any, home_org: Any) -> None:
    """While the first run is handing the email to the mail server, a second run for the
    same record waits for the row, then finds it reminded and sends nothing."""
    draft = overdue_draft(practitioner, home_org)
    second: dict[str, Any] = {}

    def run_again() -> None:
        try:
            second["result"] = send_urgent_reminder(decision_id=draft.pk)
        finally:
            connections.close_all()

    def while_sending() -> None:
        second["thread"] = threading.Thread(target=run_again)
        second["thread"].start()
        second["thread"].join(timeout=1)
        second["waited"] = second["thread"].is_alive()

    SlowBackend.while_sending = while_sending
    try:
        with override_settings(EMAIL_BACKEND=f"{__name__}.SlowBackend"):
            assert send_urgent_reminder(decision_id=draft.pk) is True
    finally:
        SlowBackend.while_sending = None
    second["thread"].join(timeout=30)
    assert second["waited"] is True  # it was held by the first run's lock
    assert second["result"] is False
    assert len(mail.outbox) == 1
    assert sent_events() == [str(draft.pk)]
