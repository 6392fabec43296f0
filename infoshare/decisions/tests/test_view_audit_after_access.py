"""A view of a record is audited only once it is shown: a person who may see a record but
not amend or countersign it, asking for those pages, is refused (404) and the trail says
so (``audit.access_refused``) without claiming they viewed it; a PDF that could not be
made claims no download."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.urls import reverse

from infoshare.audit.models import AuditEvent
from infoshare.core.roles import Role
from infoshare.decisions import exports
from infoshare.decisions.models import SharingDecision
from infoshare.decisions.tests.factories import make_decision, make_person

VIEWED = "decisions.viewed_decision"
REFUSED = "audit.access_refused"


@pytest.fixture
def waiting(practitioner: Any, home_org: Any, other_org: Any) -> SharingDecision:
    """A final record of an organisation that asks for countersigning, not yet signed."""
    home_org.countersign_required = True
    home_org.save(update_fields=["countersign_required"])
    return make_decision(
        author=practitioner,
        organisation=home_org,
        recipient_organisation=other_org,
        external_recipient="",
        people=[make_person(organisation=home_org)],
    )


def page(name: str, decision: SharingDecision) -> str:
    return reverse(f"decisions:{name}", kwargs={"decision_id": decision.pk})


@pytest.fixture(autouse=True)
def fresh_limits() -> None:
    """Each person's count of refusals starts at nought (ids repeat between tests)."""
    cache.clear()


def actions(after: int = 0) -> list[str]:
    """The views and refusals in the trail after the event ``after``, in order (signing in
    is left out)."""
    events = AuditEvent.objects.filter(action__in=[VIEWED, REFUSED], id__gt=after).order_by("id")
    return list(events.values_list("action", flat=True))


def last_event_id() -> int:
    """The newest event so far (the trail is append-only: nothing is deleted, on
    PostgreSQL a trigger refuses it)."""
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def viewed() -> list[dict[str, Any]]:
    return list(
        AuditEvent.objects.filter(action=VIEWED).order_by("id").values_list("data", flat=True)
    )


@pytest.mark.parametrize("who", ["advisor", "receiving practitioner"])
def test_one_who_may_see_the_record_but_not_amend_it_is_refused_with_no_view(
    client: Any,
    make_member: Any,
    home_org: Any,
    other_org: Any,
    waiting: SharingDecision,
    who: str,
) -> None:
    if who == "advisor":
        client.force_login(make_member(Role.ADVISOR, home_org))
    else:
        client.force_login(make_member(Role.PRACTITIONER, other_org))
    assert client.get(page("decision_detail", waiting)).status_code == 200  # they may see it
    before = last_event_id()
    assert client.get(page("amend", waiting)).status_code == 404
    assert client.post(page("amend", waiting), {"reason": "Wrong date"}).status_code == 404
    assert actions(after=before) == [REFUSED, REFUSED]


def test_a_manager_of_the_receiving_organisation_may_not_countersign_nor_views_by_asking(
    client: Any, make_member: Any, other_org: Any, waiting: SharingDecision
) -> None:
    client.force_login(make_member(Role.MANAGER, other_org))
    assert client.get(page("decision_detail", waiting)).status_code == 200  # they may see it
    before = last_event_id()
    assert client.get(page("countersign", waiting)).status_code == 404
    assert client.post(page("countersign", waiting), {"comment": "Fine"}).status_code == 404
    assert actions(after=before) == [REFUSED, REFUSED]


def test_a_manager_may_not_countersign_their_own_record_nor_views_it_by_asking(
    client: Any, manager: Any, home_org: Any, other_org: Any
) -> None:
    home_org.countersign_required = True
    home_org.save(update_fields=["countersign_required"])
    own = make_decision(author=manager, organisation=home_org, recipient_organisation=other_org)
    client.force_login(manager)
    assert client.get(page("countersign", own)).status_code == 404
    assert actions() == [REFUSED]


def test_the_author_amending_and_a_manager_countersigning_are_views(
    client: Any, practitioner: Any, manager: Any, waiting: SharingDecision
) -> None:
    client.force_login(practitioner)
    assert client.get(page("amend", waiting)).status_code == 200
    client.force_login(manager)
    assert client.get(page("countersign", waiting)).status_code == 200
    events = AuditEvent.objects.filter(action=VIEWED).order_by("id")
    assert [(e.actor_id, e.object_id, e.organisation_id) for e in events] == [
        (practitioner.pk, str(waiting.pk), waiting.organisation_id),
        (manager.pk, str(waiting.pk), waiting.organisation_id),
    ]
    assert viewed() == [{"reference": waiting.reference, "version": 1, "via": "page"}] * 2
    assert REFUSED not in actions()


def test_a_pdf_that_could_not_be_made_is_not_a_view(
    client: Any, practitioner: Any, waiting: SharingDecision, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> bytes:
        raise RuntimeError("the PDF library failed")

    monkeypatch.setattr(exports, "decision_pdf", broken)
    client.raise_request_exception = False
    client.force_login(practitioner)
    assert client.get(page("decision_pdf", waiting)).status_code == 500
    assert viewed() == []


def test_a_pdf_made_is_a_view_by_pdf(
    client: Any, practitioner: Any, waiting: SharingDecision, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(exports, "decision_pdf", lambda *args, **kwargs: b"%PDF-1.7 made")
    client.force_login(practitioner)
    response = client.get(page("decision_pdf", waiting))
    assert response.status_code == 200
    assert response.content == b"%PDF-1.7 made"
    assert viewed() == [{"reference": waiting.reference, "version": 1, "via": "pdf"}]


def test_a_pdf_of_a_record_not_theirs_is_refused_with_no_view(
    client: Any, make_member: Any, home_org: Any, waiting: SharingDecision
) -> None:
    client.force_login(make_member(Role.PRACTITIONER, home_org))
    assert client.get(page("decision_pdf", waiting)).status_code == 404
    assert actions() == [REFUSED]
