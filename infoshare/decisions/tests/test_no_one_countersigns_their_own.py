"""Nobody countersigns their own record: a manager who wrote a record, in an organisation
whose policy asks for countersigning, is refused through the API, and the record stays
waiting for a colleague's countersignature."""

from __future__ import annotations

from typing import Any

from infoshare.audit.models import AuditEvent
from infoshare.core.roles import Role
from infoshare.decisions.audit import Action
from infoshare.decisions.tests.factories import make_decision
from infoshare.decisions.tests.test_api_decisions import Api


def test_a_manager_cannot_countersign_a_record_they_wrote(
    client: Any, make_member: Any, home_org: Any
) -> None:
    home_org.countersign_required = True
    home_org.save()
    manager = make_member(Role.MANAGER, home_org)
    own = make_decision(author=manager, organisation=home_org)

    response = Api(client, manager).call(
        "post", "decision_countersign", {"comment": "Looks right"}, decision_id=own.pk
    )

    assert response.status_code == 400, response.content
    assert response.json()["error"]["code"] == "countersign_not_allowed"
    own.refresh_from_db()
    assert (own.countersigned_by_id, own.countersigned_at) == (None, None)
    assert not AuditEvent.objects.filter(action=Action.COUNTERSIGNED).exists()


def test_a_colleague_who_manages_there_may_countersign_it(
    client: Any, make_member: Any, home_org: Any
) -> None:
    """The same record and route, another manager: served, so the refusal above is about
    whose record it is."""
    home_org.countersign_required = True
    home_org.save()
    author = make_member(Role.MANAGER, home_org)
    colleague = make_member(Role.MANAGER, home_org)
    record = make_decision(author=author, organisation=home_org)

    response = Api(client, colleague).call(
        "post", "decision_countersign", {}, decision_id=record.pk
    )

    assert response.status_code == 200, response.content
    record.refresh_from_db()
    assert record.countersigned_by_id == colleague.pk
