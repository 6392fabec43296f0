"""Someone who wrote an earlier version of a record keeps seeing the record's later final
versions, even when a colleague amended it; a colleague's amendment still in progress is
that colleague's work, not a record, and is "not found" to them (page and API) until it is
finalised."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from infoshare.decisions import services
from infoshare.decisions.models import SharingDecision, Status
from infoshare.decisions.tests.factories import make_decision, make_person
from infoshare.decisions.tests.test_api_decisions import Api


def test_the_author_of_a_superseded_version_sees_final_amendments_not_drafts(
    client: Any, practitioner: Any, manager: Any, home_org: Any
) -> None:
    first = make_decision(
        author=practitioner, organisation=home_org, people=[make_person(organisation=home_org)]
    )
    # A manager corrects the practitioner's record: the first version is superseded.
    second, _ = services.amend_decision(actor=manager, decision_id=first.pk, reason="Wrong date")
    services.finalise_decision(actor=manager, decision_id=second.pk)
    first.refresh_from_db()
    assert first.status == Status.SUPERSEDED
    # The manager starts correcting it again: a draft of the third version.
    third, _ = services.amend_decision(actor=manager, decision_id=second.pk, reason="Wrong name")
    assert third.status == Status.DRAFT

    api = Api(client, practitioner)
    client.force_login(practitioner)

    def page(decision: SharingDecision) -> int:
        url = reverse("decisions:decision_detail", kwargs={"decision_id": decision.pk})
        return int(client.get(url).status_code)

    def read(decision: SharingDecision) -> int:
        return int(api.call("get", "decision_read", decision_id=decision.pk).status_code)

    assert (page(second), read(second)) == (200, 200)
    assert (page(third), read(third)) == (404, 404)

    services.finalise_decision(actor=manager, decision_id=third.pk)

    assert (page(third), read(third)) == (200, 200)
