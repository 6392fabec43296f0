"""A manager's urgent panels cover their team and say how many they leave out; a leaver's
urgent drafts are marked, can be deleted by a manager (audited), and their reminders go
to the organisation's managers, not to the leaver."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from infoshare.audit.models import AuditEvent
from infoshare.core.roles import Role
from infoshare.decisions.models import SharingDecision
from infoshare.decisions.tests.factories import make_decision
from infoshare.partnerships.models import Membership
from infoshare.partnerships.tests.factories import MembershipFactory, TeamFactory

IN_PROGRESS = "Urgent records in progress in your team"
OVERDUE = "Urgent records not completed"
DELETE_LINK = "Delete this draft (its author has left)"


def urgent_draft(author: Any, org: Any, hours: int = 3, **fields: Any) -> Any:
    return make_decision(
        author=author,
        organisation=org,
        status="draft",
        finalised_at=None,
        urgent=True,
        urgent_due_at=timezone.now() + dt.timedelta(hours=hours),
        **fields,
    )


def home(client: Any, user: Any) -> str:
    client.force_login(user)
    return client.get(reverse("core:home")).content.decode()


def panel(body: str, title: str) -> str:
    return body[body.index(f">{title}</h2>") :].split("</section>")[0]


def leave(client: Any, org_admin: Any, person: Any, org: Any) -> None:
    """The organisation's administrator ends the person's role (their only one)."""
    membership = Membership.objects.get(person=person, organisation=org)
    client.force_login(org_admin)
    url = reverse(
        "partnerships:deactivate", kwargs={"org_id": org.pk, "membership_id": membership.pk}
    )
    assert client.post(url).status_code == 302
    assert not Membership.objects.active().filter(person=person).exists()


def test_a_team_manager_sees_their_teams_urgent_drafts_not_the_whole_organisation(
    client: Any, make_member: Any, home_org: Any
) -> None:
    team = TeamFactory(organisation=home_org)
    manager = make_member(Role.PRACTITIONER, home_org)
    MembershipFactory(person=manager, organisation=home_org, role=Role.MANAGER, team=team)
    member = make_member(Role.PRACTITIONER, home_org)
    Membership.objects.filter(person=member).update(team=team)
    outsider = make_member(Role.PRACTITIONER, home_org)
    senior_lead = make_member(Role.SENIOR_LEAD, home_org)
    mine = [urgent_draft(member, home_org), urgent_draft(member, home_org, hours=-1)]
    others = [
        urgent_draft(outsider, home_org),
        urgent_draft(senior_lead, home_org),
        urgent_draft(outsider, home_org, hours=-1),
    ]
    body = home(client, manager)
    assert mine[0].label in panel(body, IN_PROGRESS)
    assert mine[1].label in panel(body, OVERDUE)
    for draft in others:
        assert draft.label not in body


def test_full_panels_say_how_many_more_and_link_to_them_all(
    client: Any, practitioner: Any, manager: Any, home_org: Any
) -> None:
    drafts = [urgent_draft(practitioner, home_org, hours=2 + n) for n in range(13)]
    overdue = [urgent_draft(practitioner, home_org, hours=-1 - n) for n in range(11)]
    body = home(client, manager)
    everything = reverse("decisions:team_urgent_drafts")
    in_progress = f"{everything}?in_progress=on"
    shown = panel(body, IN_PROGRESS)
    assert f'href="{in_progress}">See all 13 urgent records in progress (3 more than' in shown
    assert drafts[12].label not in shown
    assert "See all 11 urgent records not completed (1 more than" in panel(body, OVERDUE)
    # The in-progress link lists what its panel counts; the page without it, them all.
    page = client.get(in_progress)
    assert page.status_code == 200
    listed = page.content.decode()
    assert all(draft.label in listed for draft in drafts)
    assert not any(draft.label in listed for draft in overdue)
    listed = client.get(everything).content.decode()
    for draft in drafts + overdue:
        assert draft.label in listed
    # A practitioner has no such page.
    client.force_login(practitioner)
    assert client.get(everything).status_code in (403, 404)


def test_panels_not_full_have_no_link(
    client: Any, practitioner: Any, manager: Any, home_org: Any
) -> None:
    urgent_draft(practitioner, home_org)
    assert "See all" not in panel(home(client, manager), IN_PROGRESS)


def test_the_managers_home_costs_at_most_one_query_more_when_the_panels_are_full(
    client: Any, practitioner: Any, manager: Any, home_org: Any
) -> None:
    client.force_login(manager)
    url = reverse("core:home")
    urgent_draft(practitioner, home_org)
    client.get(url)  # warm caches
    counts = []
    for extra in (0, 12, 12):
        for n in range(extra):
            urgent_draft(practitioner, home_org, hours=4 + n)
            urgent_draft(practitioner, home_org, hours=-1 - n)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        counts.append(len(queries))
    assert counts[1] == counts[2]
    assert counts[1] <= counts[0] + 1


# A leaver's drafts.


def test_a_manager_deletes_a_leavers_urgent_draft_after_confirming(
    client: Any, practitioner: Any, manager: Any, org_admin: Any, home_org: Any
) -> None:
    due = urgent_draft(practitioner, home_org, purpose="To protect a child")
    late = urgent_draft(practitioner, home_org, hours=-2)
    leave(client, org_admin, practitioner, home_org)
    body = home(client, manager)
    assert f"by {practitioner} (author has left)" in panel(body, IN_PROGRESS)
    assert f"by {practitioner} (author has left)" in panel(body, OVERDUE)
    detail = reverse("decisions:decision_detail", kwargs={"decision_id": due.pk})
    delete = reverse("decisions:delete_leavers_draft", kwargs={"decision_id": due.pk})
    assert f'href="{delete}">{DELETE_LINK}' in client.get(detail).content.decode()
    confirm = client.get(delete)
    assert confirm.status_code == 200
    page = confirm.content.decode()
    for shown in (due.label, str(practitioner), "To protect a child", "Delete the draft"):
        assert shown in page
    # Any manager of the organisation may delete it: the page says so, not "nobody else".
    assert "nobody can finish this draft now" in page
    assert "you can delete it" in page
    assert "nobody else can" not in page
    last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    assert client.post(delete).status_code == 302
    assert not SharingDecision.objects.filter(pk=due.pk).exists()
    event = AuditEvent.objects.get(id__gt=last, action="decisions.leavers_draft_deleted")
    assert event.data["author_id"] == practitioner.pk
    assert event.data["why"] == "author_left"
    assert event.data["reference"] == due.reference
    after = home(client, manager)
    assert f"{practitioner}&#x27;s draft {due.label} deleted" in after
    assert IN_PROGRESS not in after
    assert late.label in panel(after, OVERDUE)


def test_a_current_colleagues_draft_cannot_be_deleted_by_a_manager(
    client: Any, practitioner: Any, manager: Any, home_org: Any
) -> None:
    draft = urgent_draft(practitioner, home_org)
    client.force_login(manager)
    detail = reverse("decisions:decision_detail", kwargs={"decision_id": draft.pk})
    assert DELETE_LINK not in client.get(detail).content.decode()
    delete = reverse("decisions:delete_leavers_draft", kwargs={"decision_id": draft.pk})
    assert client.get(delete).status_code == 404
    assert client.post(delete).status_code == 404
    assert SharingDecision.objects.filter(pk=draft.pk).exists()


def test_only_a_manager_of_the_drafts_organisation_may_delete_it(
    client: Any,
    practitioner: Any,
    advisor: Any,
    org_admin: Any,
    foreign_org_user: Any,
    home_org: Any,
) -> None:
    draft = urgent_draft(practitioner, home_org)
    final = make_decision(author=practitioner, organisation=home_org)
    leave(client, org_admin, practitioner, home_org)
    delete = reverse("decisions:delete_leavers_draft", kwargs={"decision_id": draft.pk})
    for user in (advisor, foreign_org_user):
        client.force_login(user)
        assert client.post(delete).status_code in (403, 404)
    assert SharingDecision.objects.filter(pk=draft.pk).exists()
    final_delete = reverse("decisions:delete_leavers_draft", kwargs={"decision_id": final.pk})
    client.force_login(foreign_org_user)
    assert client.post(final_delete).status_code == 404


def test_a_manager_cannot_delete_a_final_record_of_a_leaver(
    client: Any, practitioner: Any, manager: Any, org_admin: Any, home_org: Any
) -> None:
    final = make_decision(author=practitioner, organisation=home_org)
    leave(client, org_admin, practitioner, home_org)
    client.force_login(manager)
    url = reverse("decisions:delete_leavers_draft", kwargs={"decision_id": final.pk})
    assert client.post(url).status_code == 404
    assert SharingDecision.objects.filter(pk=final.pk).exists()


def test_a_leavers_overdue_draft_reminds_the_managers_not_the_leaver(
    client: Any,
    practitioner: Any,
    manager: Any,
    org_admin: Any,
    home_org: Any,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.SITE_URL = "https://infoshare.example.org"
    draft = urgent_draft(practitioner, home_org, hours=-1)
    leave(client, org_admin, practitioner, home_org)
    last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", stdout=StringIO())
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == [manager.email]
    assert practitioner.email not in sent.to
    assert "its author has left" in sent.subject
    detail = reverse("decisions:decision_detail", kwargs={"decision_id": draft.pk})
    assert f"https://infoshare.example.org{detail}" in sent.body
    event = AuditEvent.objects.get(id__gt=last, action="decisions.reminder_sent")
    assert event.data["to"] == "managers"
