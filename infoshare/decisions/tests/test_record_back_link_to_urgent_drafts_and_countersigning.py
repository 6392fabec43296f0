"""A record's Back link returns to the page it was opened from: the manager's list of
their team's urgent drafts, and the page countersigning a record ("Read the full record"),
while the record still waits to be countersigned. Only pages of this service that the
allow-list names: anything else goes home."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from infoshare.core.roles import Role
from infoshare.decisions.models import SharingDecision, Status
from infoshare.decisions.tests.factories import make_decision, make_person

HOME = reverse("core:home")


def detail(decision: Any) -> str:
    return reverse("decisions:decision_detail", kwargs={"decision_id": decision.pk})


def countersign(decision: Any) -> str:
    return reverse("decisions:countersign", kwargs={"decision_id": decision.pk})


def read_from_countersigning(decision: Any) -> str:
    """The record's address in the countersign page's "Read the full record" link."""
    return f"{detail(decision)}?from=countersign"


def back_link(client: Any, page: str, came_from: str) -> str:
    response = client.get(page, HTTP_REFERER=f"http://testserver{came_from}")
    assert response.status_code == 200
    found = re.search(r'<a href="([^"]*)" class="govuk-back-link">', response.content.decode())
    assert found is not None
    return found.group(1).replace("&amp;", "&")


@pytest.fixture
def waiting(practitioner: Any, home_org: Any) -> SharingDecision:
    """A final record of an organisation that asks its managers to countersign."""
    home_org.countersign_required = True
    home_org.save(update_fields=["countersign_required"])
    return make_decision(author=practitioner, organisation=home_org)


def test_a_colleagues_urgent_draft_leads_back_to_the_teams_urgent_drafts(
    client: Any, manager: Any, practitioner: Any, home_org: Any
) -> None:
    draft = make_decision(
        author=practitioner,
        organisation=home_org,
        status=Status.DRAFT,
        finalised_at=None,
        urgent=True,
        urgent_due_at=timezone.now(),
    )
    client.force_login(manager)
    urgent = reverse("decisions:team_urgent_drafts")
    # The page links to the record the Back link then returns from.
    assert f'href="{detail(draft)}"' in client.get(urgent).content.decode()
    assert back_link(client, detail(draft), urgent) == urgent
    assert back_link(client, detail(draft), f"{urgent}?page=2") == f"{urgent}?page=2"


def test_read_the_full_record_leads_back_to_countersigning(
    client: Any, manager: Any, waiting: Any
) -> None:
    client.force_login(manager)
    page = client.get(countersign(waiting)).content.decode()
    assert f'href="{read_from_countersigning(waiting)}">Read the full record' in page
    assert back_link(
        client, read_from_countersigning(waiting), countersign(waiting)
    ) == countersign(waiting)


def test_once_countersigned_the_record_no_longer_leads_back_to_countersigning(
    client: Any, manager: Any, waiting: Any
) -> None:
    """After countersigning, the manager is sent on to the record, still "from" the
    countersign page, which would now only send them back to the record."""
    client.force_login(manager)
    response = client.post(
        countersign(waiting),
        {"comment": ""},
        HTTP_REFERER=f"http://testserver{countersign(waiting)}",
        follow=True,
    )
    assert response.redirect_chain[-1][0] == detail(waiting)
    SharingDecision.objects.get(pk=waiting.pk, countersigned_by=manager)
    assert back_link(client, read_from_countersigning(waiting), countersign(waiting)) == HOME
    assert back_link(client, detail(waiting), countersign(waiting)) == HOME


def test_countersigning_a_record_of_another_organisation_is_not_a_way_back(
    client: Any, manager: Any, other_org: Any, waiting: Any
) -> None:
    """The allow-list reads only the records of organisations the person manages: a
    Referer naming another's cannot tell them whether it waits to be countersigned."""
    elsewhere = make_decision(organisation=other_org, recipient_organisation=None)
    client.force_login(manager)
    assert back_link(client, read_from_countersigning(waiting), countersign(elsewhere)) == HOME


def test_a_persons_page_does_not_lead_back_to_the_urgent_drafts(
    client: Any, make_member: Any, home_org: Any
) -> None:
    """A person's page is not opened from the urgent drafts, which name nobody."""
    person = make_person(organisation=home_org)
    client.force_login(make_member(Role.MANAGER, home_org))
    page = reverse("decisions:person_detail", kwargs={"person_id": person.pk})
    assert back_link(client, page, reverse("decisions:team_urgent_drafts")) == HOME
