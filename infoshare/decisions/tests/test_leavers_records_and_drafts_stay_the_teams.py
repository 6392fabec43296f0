"""What someone wrote stays their team's when they leave: "Your team's decisions" keeps a
leaver's final records (one team rule, ``lists.team_scope``, for the list and the home
panels), and every draft a leaver left, urgent or not, is found by the managers who may
delete it: a home panel, shown only when there are any, and a paged list of them all,
each row opening the draft's page, which links to deleting it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from infoshare.core.roles import Role
from infoshare.decisions.home import PANEL_SIZE
from infoshare.decisions.models import SharingDecision
from infoshare.decisions.tests.factories import make_decision, make_person
from infoshare.decisions.tests.test_urgent_panels_team_and_leavers import (
    DELETE_LINK,
    home,
    leave,
    panel,
)
from infoshare.partnerships.models import Membership
from infoshare.partnerships.tests.factories import TeamFactory

TEAM_LIST = reverse("decisions:team_decisions")
LEAVERS = "Drafts left by people who have left"
LEAVERS_PAGE = reverse("decisions:leavers_drafts")


def detail(decision: Any) -> str:
    return reverse("decisions:decision_detail", kwargs={"decision_id": decision.pk})


def draft(author: Any, org: Any, **fields: Any) -> SharingDecision:
    return make_decision(
        author=author, organisation=org, status="draft", finalised_at=None, **fields
    )


@pytest.fixture
def team_manager(make_member: Any, home_org: Any, practitioner: Any) -> Any:
    """A manager of a team that the practitioner is in (the demo's Mark Evans and Priya
    Shah), in an organisation whose policy asks for countersigning."""
    home_org.countersign_required = True
    home_org.save(update_fields=["countersign_required"])
    team = TeamFactory(organisation=home_org, name="Early Help")
    manager = make_member(Role.MANAGER, home_org)
    Membership.objects.filter(person__in=[manager, practitioner]).update(team=team)
    return manager


# --- 1. "Your team's decisions" keeps a leaver's records --------------------------------


def test_a_leavers_final_records_stay_on_their_team_managers_list(
    client: Any, team_manager: Any, practitioner: Any, org_admin: Any, home_org: Any
) -> None:
    theirs = make_decision(author=practitioner, organisation=home_org)
    mine = make_decision(author=team_manager, organisation=home_org)
    leave(client, org_admin, practitioner, home_org)
    client.force_login(team_manager)
    body = client.get(TEAM_LIST).content.decode()
    assert theirs.label in body
    assert mine.label in body
    # The record waits for a countersignature: the list's filter and the home panel agree.
    waiting = client.get(TEAM_LIST, {"countersigned": "waiting"}).content.decode()
    assert theirs.label in waiting
    assert theirs.label in panel(home(client, team_manager), "Records to countersign")


def test_a_team_managers_list_still_leaves_out_people_never_in_the_team(
    client: Any, team_manager: Any, make_member: Any, org_admin: Any, home_org: Any
) -> None:
    outsider = make_member(Role.PRACTITIONER, home_org)
    theirs = make_decision(author=outsider, organisation=home_org)
    leave(client, org_admin, outsider, home_org)
    client.force_login(team_manager)
    assert theirs.label not in client.get(TEAM_LIST).content.decode()


def test_the_team_list_costs_the_same_with_leavers_at_two_sizes(
    client: Any, team_manager: Any, practitioner: Any, org_admin: Any, home_org: Any
) -> None:
    make_decision(author=practitioner, organisation=home_org)
    leave(client, org_admin, practitioner, home_org)
    client.force_login(team_manager)
    client.get(TEAM_LIST)  # warm caches
    counts = []
    for size in (2, 30):
        while SharingDecision.objects.count() < size:
            make_decision(
                author=practitioner,
                organisation=home_org,
                people=[make_person(organisation=home_org)],
            )
        with CaptureQueriesContext(connection) as queries:
            body = client.get(TEAM_LIST).content.decode()
        assert body.count("govuk-table__row") >= min(size, 25)
        counts.append(len(queries))
    assert counts[0] == counts[1]


# --- 2. A leaver's drafts, urgent or not, are found by their managers ---------------------


def test_the_home_panel_lists_a_leavers_drafts_and_opens_the_page_to_delete_them(
    client: Any, manager: Any, practitioner: Any, org_admin: Any, home_org: Any
) -> None:
    child = make_person(organisation=home_org, given_name="Eve", family_name="Okafor")
    quiet = draft(practitioner, home_org, people=[child])
    urgent = draft(
        practitioner,
        home_org,
        urgent=True,
        urgent_due_at=timezone.now() + dt.timedelta(hours=3),
    )
    assert LEAVERS not in home(client, manager)  # nobody has left yet
    leave(client, org_admin, practitioner, home_org)
    shown = panel(home(client, manager), LEAVERS)
    assert f'href="{detail(quiet)}">{quiet.label}<' in shown
    assert f'href="{detail(urgent)}">{urgent.label}<' in shown
    assert f"Started by {practitioner} on " in shown
    assert f"Urgent · started by {practitioner} on " in shown
    assert "last saved" in shown
    assert "Okafor" not in shown  # references and authors, not who the records are about
    assert "See all" not in shown  # the panel shows them all
    record = client.get(detail(quiet)).content.decode()
    delete = reverse("decisions:delete_leavers_draft", kwargs={"decision_id": quiet.pk})
    assert f'href="{delete}">{DELETE_LINK}' in record


def test_only_the_managers_who_may_delete_a_leavers_draft_are_shown_it(
    client: Any,
    team_manager: Any,
    practitioner: Any,
    make_member: Any,
    advisor: Any,
    org_admin: Any,
    foreign_org_user: Any,
    home_org: Any,
) -> None:
    # The rule of deleting it (services.may_delete_leavers_draft): any manager of the
    # draft's organisation, so a draft of someone who was never in a team is not lost.
    outsider = make_member(Role.PRACTITIONER, home_org)
    colleague = make_member(Role.PRACTITIONER, home_org)
    theirs = draft(outsider, home_org)
    current = draft(colleague, home_org)
    own = draft(team_manager, home_org)
    leave(client, org_admin, outsider, home_org)
    shown = panel(home(client, team_manager), LEAVERS)
    assert theirs.label in shown
    assert current.label not in shown  # a current colleague's is theirs to finish
    assert own.label not in shown
    for user in (advisor, foreign_org_user, colleague):
        assert LEAVERS not in home(client, user)


def test_a_full_panel_links_to_a_paged_list_of_every_leavers_draft(
    client: Any, manager: Any, practitioner: Any, org_admin: Any, home_org: Any
) -> None:
    child = make_person(organisation=home_org, given_name="Eve", family_name="Okafor")
    drafts = [draft(practitioner, home_org, people=[child]) for _ in range(PANEL_SIZE + 20)]
    urgent = draft(
        practitioner, home_org, urgent=True, urgent_due_at=timezone.now() + dt.timedelta(hours=3)
    )
    leave(client, org_admin, practitioner, home_org)
    shown = panel(home(client, manager), LEAVERS)
    assert f'href="{LEAVERS_PAGE}">See all drafts left by people who have left<' in shown
    assert urgent.label in shown  # urgent ones first
    first = client.get(LEAVERS_PAGE)
    assert first.status_code == 200
    body = first.content.decode()
    assert "<title>Drafts left by people who have left" in body
    assert f'href="{detail(urgent)}">{urgent.label}<' in body
    assert "Okafor" not in body
    second = client.get(LEAVERS_PAGE, {"page": 2}).content.decode()
    listed = body + second
    assert all(f'href="{detail(each)}"' in listed for each in drafts)
    # Back from a draft opened here leads here.
    opened = client.get(detail(drafts[0]), HTTP_REFERER=f"http://testserver{LEAVERS_PAGE}")
    assert f'href="{LEAVERS_PAGE}" class="govuk-back-link"' in opened.content.decode()


def test_the_leavers_page_is_for_managers_and_says_when_there_are_none(
    client: Any, manager: Any, practitioner: Any
) -> None:
    client.force_login(manager)
    body = client.get(LEAVERS_PAGE).content.decode()
    assert "There are no drafts left by people who have left." in body
    assert "nothing on this page" in client.get(LEAVERS_PAGE, {"page": 3}).content.decode()
    client.force_login(practitioner)
    assert client.get(LEAVERS_PAGE).status_code == 403


def test_the_leavers_page_and_the_managers_home_cost_the_same_at_two_sizes(
    client: Any, manager: Any, practitioner: Any, org_admin: Any, home_org: Any
) -> None:
    draft(practitioner, home_org)
    leave(client, org_admin, practitioner, home_org)
    client.force_login(manager)
    for url in (LEAVERS_PAGE, reverse("core:home")):
        client.get(url)  # warm caches
        counts = []
        for extra in (0, 30):
            for _ in range(extra):
                draft(practitioner, home_org, people=[make_person(organisation=home_org)])
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            counts.append(len(queries))
        assert counts[0] == counts[1], url
