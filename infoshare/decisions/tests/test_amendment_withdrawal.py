"""Someone else's amendment in progress never stops a record being corrected for good.

A security assessor found that an amendment started by a manager who then left could be
neither finished nor deleted by anyone, so the record could never be amended again (the
right to rectification). Now starting a new amendment withdraws a leaver's, and a
manager of the organisation can delete a colleague's, both audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from infoshare.audit.models import AuditEvent
from infoshare.core.roles import Role
from infoshare.decisions import services
from infoshare.decisions.audit import Action
from infoshare.decisions.models import SharingDecision, Status
from infoshare.decisions.tests.factories import make_decision, make_person
from infoshare.partnerships.models import Membership


@pytest.fixture
def record(practitioner: Any, home_org: Any, other_org: Any) -> SharingDecision:
    return make_decision(
        author=practitioner,
        organisation=home_org,
        recipient_organisation=other_org,
        external_recipient="",
        people=[make_person(organisation=home_org)],
    )


def page(name: str, decision: Any) -> str:
    return reverse(f"decisions:{name}", kwargs={"decision_id": decision.pk})


def last_event_id() -> int:
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def withdrawn_since(after: int) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(id__gt=after, action=Action.AMENDMENT_WITHDRAWN))


def test_a_leavers_amendment_is_withdrawn_when_the_author_amends_the_record(
    client: Any, practitioner: Any, make_member: Any, home_org: Any, record: Any
) -> None:
    leaver = make_member(Role.MANAGER, home_org)
    services.amend_decision(actor=leaver, decision_id=record.pk, reason="Correct the date")
    abandoned = SharingDecision.objects.get(previous=record)
    Membership.objects.filter(person=leaver).update(ends_on=timezone.localdate())
    after = last_event_id()

    client.force_login(practitioner)
    body = client.get(page("amend", record)).content.decode()
    assert "already in progress" not in body
    response = client.post(page("amend", record), {"reason": "Wrong recipient recorded"})
    [amendment] = SharingDecision.objects.filter(previous=record)
    assert response.url == page("finalise", amendment)
    assert amendment.pk != abandoned.pk
    assert (amendment.author_id, amendment.amendment_reason) == (
        practitioner.pk,
        "Wrong recipient recorded",
    )
    [event] = withdrawn_since(after)
    assert event.actor_id == practitioner.pk
    assert event.data["why"] == "author_left"
    assert (event.data["author_id"], event.data["reason"]) == (leaver.pk, "Correct the date")


def test_a_leavers_amendment_does_not_block_the_api(
    client: Any, practitioner: Any, make_member: Any, home_org: Any, record: Any
) -> None:
    from infoshare.decisions.tests.test_api_decisions import Api

    leaver = make_member(Role.PRACTITIONER, home_org)
    record.author = leaver
    record.save(update_fields=["author"])
    services.amend_decision(actor=leaver, decision_id=record.pk, reason="Correct the date")
    Membership.objects.filter(person=leaver).update(ends_on=timezone.localdate())
    manager = make_member(Role.MANAGER, home_org)
    response = Api(client, manager).call(
        "post", "decision_amend", {"reason": "Wrong recipient"}, decision_id=record.pk
    )
    assert response.status_code == 201, response.content
    assert SharingDecision.objects.get(previous=record).author_id == manager.pk


def test_a_colleagues_amendment_in_progress_still_blocks(
    client: Any, practitioner: Any, manager: Any, record: Any
) -> None:
    services.amend_decision(actor=manager, decision_id=record.pk, reason="Correct the date")
    client.force_login(practitioner)
    response = client.post(page("amend", record), {"reason": "Mine"})
    assert response.status_code == 400
    assert SharingDecision.objects.filter(previous=record).count() == 1


def test_a_manager_deletes_a_colleagues_amendment_after_confirming(
    client: Any,
    practitioner: Any,
    manager: Any,
    record: Any,
    mailoutbox: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    services.amend_decision(actor=practitioner, decision_id=record.pk, reason="Correct the date")
    client.force_login(manager)
    body = client.get(page("amend", record)).content.decode()
    assert f'href="{page("withdraw_amendment", record)}"' in body

    confirm = client.get(page("withdraw_amendment", record))
    text = confirm.content.decode()
    assert confirm.status_code == 200
    assert "Correct the date" in text
    assert f"Delete {practitioner}'s amendment" in text
    assert SharingDecision.objects.filter(previous=record).exists()  # a GET deletes nothing

    assert " at " in text  # times as elsewhere: "27 November 2026 at 8:55pm"
    assert "p.m." not in text
    after = last_event_id()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page("withdraw_amendment", record))
    assert response.url == page("amend", record)
    # The author is told, by whom, and where the record is; nothing about the people.
    [email] = mailoutbox
    assert email.to == [practitioner.email]
    assert email.subject == f"Your amendment of {record.label} was deleted"
    assert str(manager) in email.body
    assert page("decision_detail", record) in email.body
    assert not SharingDecision.objects.filter(previous=record).exists()
    record.refresh_from_db()
    assert record.status == Status.FINAL
    [event] = withdrawn_since(after)
    assert (event.actor_id, event.data["why"]) == (manager.pk, "withdrawn_by_manager")
    followed = client.get(response.url).content.decode()
    assert f"{practitioner}&#x27;s amendment of {record.label} deleted" in followed
    assert "Start the amendment" in followed

    # Sent again (a second press): nothing left to delete, said plainly.
    again = client.post(page("withdraw_amendment", record), follow=True)
    assert "Nobody else&#x27;s amendment of this record is in progress" in again.content.decode()


def test_only_a_manager_of_the_organisation_deletes_someone_elses_amendment(
    client: Any, practitioner: Any, manager: Any, make_member: Any, other_org: Any, record: Any
) -> None:
    services.amend_decision(actor=manager, decision_id=record.pk, reason="Correct the date")
    client.force_login(practitioner)
    assert client.post(page("withdraw_amendment", record)).status_code == 403
    elsewhere = make_member(Role.MANAGER, other_org)
    client.force_login(elsewhere)
    assert client.get(page("withdraw_amendment", record)).status_code == 404
    assert client.post(page("withdraw_amendment", record)).status_code == 404
    # Their own amendment a manager deletes as any draft of theirs, not here.
    client.force_login(manager)
    assert client.get(page("withdraw_amendment", record)).url == page("amend", record)
    assert SharingDecision.objects.filter(previous=record).count() == 1
