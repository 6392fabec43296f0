"""Countersigning, from the reader's side (nobody countersigns their own record): the
"You can countersign" filter opens exactly what the home page's "Records to countersign"
panel lists, and the confirmation after finalising says truly who will countersign the
record, or that nobody can."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from infoshare.core.roles import Role
from infoshare.decisions.tests.factories import make_decision
from infoshare.decisions.tests.test_api_decisions import Api
from infoshare.partnerships.models import Membership
from infoshare.partnerships.tests.factories import MembershipFactory

YOURS = {"countersigned": "yours"}


@pytest.fixture
def countersigning(home_org: Any) -> Any:
    home_org.countersign_required = True
    home_org.save(update_fields=["countersign_required"])
    return home_org


def confirmation(client: Any, decision: Any) -> str:
    url = reverse("decisions:confirmation", kwargs={"decision_id": decision.pk})
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_you_can_countersign_leaves_out_the_managers_own_records_on_both_lists(
    client: Any, manager: Any, practitioner: Any, countersigning: Any
) -> None:
    theirs = make_decision(author=practitioner, organisation=countersigning)
    own = make_decision(author=manager, organisation=countersigning, status="superseded")
    amended_own = make_decision(
        author=manager,
        organisation=countersigning,
        reference=own.reference,
        version=2,
        previous=own,
        amendment_reason="Wrong date",
    )
    client.force_login(manager)
    for name in ("decisions:team_decisions", "decisions:organisation_decisions"):
        body = client.get(reverse(name), YOURS).content.decode()
        assert theirs.label in body
        assert own.label not in body
        assert amended_own.label not in body
        waiting = client.get(reverse(name), {"countersigned": "waiting"}).content.decode()
        assert amended_own.label in waiting  # still waiting: for another manager


def test_the_filter_is_offered_to_managers_only_and_not_on_their_own_list(
    client: Any, manager: Any, advisor: Any, countersigning: Any
) -> None:
    option = '<option value="yours">You can countersign</option>'
    client.force_login(manager)
    assert option in client.get(reverse("decisions:team_decisions")).content.decode()
    mine = client.get(reverse("decisions:my_decisions"), YOURS)
    assert mine.status_code == 400
    assert option not in mine.content.decode()
    client.force_login(advisor)
    listed = client.get(reverse("decisions:organisation_decisions"), YOURS)
    assert listed.status_code == 400
    assert "Select a countersignature option from the list" in listed.content.decode()


def test_the_api_keeps_its_documented_countersigned_values(
    client: Any, manager: Any, countersigning: Any
) -> None:
    response = Api(client, manager).call("get", "decision_list", {"scope": "team", **YOURS})
    assert response.status_code == 400
    assert "countersigned" in response.json()["error"]["fields"]


# --- The confirmation after finalising -------------------------------------------------


def test_a_practitioners_confirmation_says_a_manager_will_countersign(
    client: Any, practitioner: Any, manager: Any, countersigning: Any
) -> None:
    record = make_decision(author=practitioner, organisation=countersigning)
    client.force_login(practitioner)
    body = confirmation(client, record)
    assert "A manager in Home Council will need to countersign the record." in body
    assert "Your manager" not in body


def test_a_managers_confirmation_says_another_manager_will_countersign(
    client: Any, manager: Any, make_member: Any, countersigning: Any
) -> None:
    make_member(Role.MANAGER, countersigning)
    record = make_decision(author=manager, organisation=countersigning)
    client.force_login(manager)
    body = confirmation(client, record)
    assert "Another manager in Home Council will need to countersign the record." in body


def test_the_only_managers_confirmation_says_nobody_else_can_countersign(
    client: Any, manager: Any, make_member: Any, countersigning: Any, other_org: Any
) -> None:
    # A manager elsewhere, or one whose role has ended, countersigns nothing here.
    MembershipFactory(organisation=other_org, role=Role.MANAGER)
    ended = make_member(Role.MANAGER, countersigning)
    Membership.objects.filter(person=ended).update(ends_on=timezone.localdate())
    record = make_decision(author=manager, organisation=countersigning)
    client.force_login(manager)
    body = confirmation(client, record)
    assert "will need to countersign" not in body
    assert "there is no other manager there who can countersign this one" in body
    assert "nobody countersigns their own record" in body


def test_a_practitioner_with_no_manager_is_told_nobody_can_countersign_yet(
    client: Any, practitioner: Any, countersigning: Any
) -> None:
    record = make_decision(author=practitioner, organisation=countersigning)
    client.force_login(practitioner)
    body = confirmation(client, record)
    assert "there is no manager there who can countersign this one." in body


def test_nothing_is_said_of_countersigning_where_it_is_not_asked_for(
    client: Any, practitioner: Any, manager: Any, home_org: Any
) -> None:
    record = make_decision(author=practitioner, organisation=home_org)
    client.force_login(practitioner)
    assert "countersign" not in confirmation(client, record)


def test_saying_who_countersigns_costs_one_query(
    client: Any, practitioner: Any, manager: Any, home_org: Any
) -> None:
    record = make_decision(author=practitioner, organisation=home_org)
    client.force_login(practitioner)
    confirmation(client, record)  # warm caches
    counts = []
    for asked in (False, True):
        home_org.countersign_required = asked
        home_org.save(update_fields=["countersign_required"])
        with CaptureQueriesContext(connection) as queries:
            confirmation(client, record)
        counts.append(len(queries))
    assert counts[1] == counts[0] + 1
