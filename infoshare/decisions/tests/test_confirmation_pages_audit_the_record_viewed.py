"""The pages that ask a manager to confirm deleting someone else's work show the record
(its reference, its author, its purpose), so opening one is a view of that record and is
audited as the record's own page is: a `decisions.viewed_decision` event naming it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone

from infoshare.audit.models import AuditEvent
from infoshare.decisions import services
from infoshare.decisions.audit import Action
from infoshare.decisions.models import SharingDecision
from infoshare.decisions.tests.factories import make_decision, make_person
from infoshare.partnerships.models import Membership


def _last_event_id() -> int:
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def _views_since(after: int) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(id__gt=after, action=Action.VIEWED_DECISION))


def test_opening_the_confirmation_to_delete_a_colleagues_amendment_is_audited(
    client: Any, practitioner: Any, manager: Any, home_org: Any
) -> None:
    record = make_decision(
        author=practitioner, organisation=home_org, people=[make_person(organisation=home_org)]
    )
    services.amend_decision(actor=practitioner, decision_id=record.pk, reason="Correct the date")
    client.force_login(manager)
    after = _last_event_id()

    url = reverse("decisions:withdraw_amendment", kwargs={"decision_id": record.pk})
    response = client.get(url)

    assert response.status_code == 200
    [viewed] = _views_since(after)
    assert (viewed.actor_id, viewed.organisation_id) == (manager.pk, home_org.pk)
    assert (viewed.object_type, viewed.object_id) == ("decisions.SharingDecision", str(record.pk))
    assert viewed.data["reference"] == record.reference
    assert SharingDecision.objects.filter(previous=record).exists()  # a GET deletes nothing


def test_opening_the_confirmation_to_delete_a_leavers_draft_is_audited(
    client: Any, practitioner: Any, manager: Any, home_org: Any
) -> None:
    draft = make_decision(
        author=practitioner,
        organisation=home_org,
        status="draft",
        finalised_at=None,
        urgent=True,
        urgent_due_at=timezone.now() + dt.timedelta(hours=3),
    )
    Membership.objects.filter(person=practitioner).update(ends_on=timezone.localdate())
    client.force_login(manager)
    after = _last_event_id()

    url = reverse("decisions:delete_leavers_draft", kwargs={"decision_id": draft.pk})
    response = client.get(url)

    assert response.status_code == 200
    [viewed] = _views_since(after)
    assert (viewed.actor_id, viewed.organisation_id) == (manager.pk, home_org.pk)
    assert (viewed.object_type, viewed.object_id) == ("decisions.SharingDecision", str(draft.pk))
    assert viewed.data["reference"] == draft.reference
    assert SharingDecision.objects.filter(pk=draft.pk).exists()  # a GET deletes nothing
