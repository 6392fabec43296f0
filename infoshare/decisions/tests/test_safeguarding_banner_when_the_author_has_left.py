"""The safeguarding banner on an at-risk draft whose author has left (their role in the
organisation ended) does not tell the manager reading it that the author can share now and
complete the record: it says that they cannot, that the safeguarding action still comes
first, and what the manager does (record the decision again, then delete the draft, as the
page deleting a leaver's draft says). It uses the rule of the link to delete that draft,
and the recommendation's explanation on the page says the same."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from infoshare.core.roles import Role
from infoshare.decisions.models import SharingDecision, Status
from infoshare.decisions.tests.factories import CONSENT_ANSWERS, make_decision
from infoshare.partnerships.models import Membership

LEFT = "Priya Shah no longer records for your organisation, so they cannot complete this record"
STILL_THERE = "Priya Shah can share it now and complete this record afterwards"
SHOULD_COMPLETE = "Priya Shah should complete it"
DELETE_LINK = "Delete this draft (its author has left)"


@pytest.fixture
def author(make_member: Any, home_org: Any) -> Any:
    return make_member(Role.PRACTITIONER, home_org, full_name="Priya Shah")


@pytest.fixture
def urgent_draft(author: Any, home_org: Any) -> SharingDecision:
    """A draft of someone at risk of significant harm, due in two hours."""
    return make_decision(
        author=author,
        organisation=home_org,
        status=Status.DRAFT,
        finalised_at=None,
        urgent=True,
        urgent_due_at=timezone.now() + dt.timedelta(hours=2),
        answers=CONSENT_ANSWERS | {"risk_of_significant_harm": "yes"},
    )


def leave(client: Any, org_admin: Any, person: Any, org: Any) -> None:
    """The organisation's administrator ends the person's role (their only one)."""
    membership = Membership.objects.get(person=person, organisation=org)
    client.force_login(org_admin)
    url = reverse(
        "partnerships:deactivate", kwargs={"org_id": org.pk, "membership_id": membership.pk}
    )
    assert client.post(url).status_code == 302


def banner(client: Any, reader: Any, decision: Any) -> tuple[str, str]:
    """The record's page as ``reader`` reads it, and its safeguarding banner (as text)."""
    client.force_login(reader)
    url = reverse("decisions:decision_detail", kwargs={"decision_id": decision.pk})
    response = client.get(url)
    assert response.status_code == 200
    body = html.unescape(response.content.decode())
    start = body.index("app-safeguarding-banner")
    return body, body[start : body.index("</main>", start)].split("</div>\n</div>")[0]


def test_the_banner_says_the_author_has_left_and_what_the_manager_does(
    client: Any, org_admin: Any, manager: Any, author: Any, home_org: Any, urgent_draft: Any
) -> None:
    leave(client, org_admin, author, home_org)
    body, said = banner(client, manager, urgent_draft)
    # The safeguarding action still comes first.
    assert "Follow your local safeguarding procedures now." in said
    assert "If information needs to be shared to protect someone, you can share it now." in said
    assert f"{LEFT}, which is due by " in said
    assert "record the decision again yourself so that there is a record of it" in said
    delete = reverse("decisions:delete_leavers_draft", kwargs={"decision_id": urgent_draft.pk})
    assert f'href="{delete}">delete this draft</a>' in said
    # Nothing says the leaver can share first or complete it.
    assert STILL_THERE not in said
    assert SHOULD_COMPLETE not in said
    assert "Complete by" not in said
    # The same rule as the page's link to delete the draft.
    assert DELETE_LINK in body


def test_an_overdue_leavers_draft_says_when_it_was_due(
    client: Any, org_admin: Any, manager: Any, author: Any, home_org: Any, urgent_draft: Any
) -> None:
    SharingDecision.objects.filter(pk=urgent_draft.pk).update(
        urgent_due_at=timezone.now() - dt.timedelta(hours=1)
    )
    leave(client, org_admin, author, home_org)
    _, said = banner(client, manager, urgent_draft)
    assert f"{LEFT}, which was due by " in said
    assert "as soon as they can" not in said
    assert "Complete it as soon as you can." not in said


def test_a_current_colleagues_draft_still_names_its_author_who_can_complete_it(
    client: Any, manager: Any, urgent_draft: Any
) -> None:
    body, said = banner(client, manager, urgent_draft)
    assert STILL_THERE in said
    assert f"{SHOULD_COMPLETE} by" in said
    assert "no longer records" not in said
    assert DELETE_LINK not in body


def test_an_author_who_moved_to_another_organisation_has_left_this_one(
    client: Any,
    org_admin: Any,
    manager: Any,
    author: Any,
    home_org: Any,
    other_org: Any,
    make_member: Any,
    urgent_draft: Any,
) -> None:
    """Still working elsewhere in the partnership does not let them complete a record of
    the organisation they left (``author_has_left``: a recording role in its organisation)."""
    from infoshare.partnerships.tests.factories import MembershipFactory

    MembershipFactory(person=author, organisation=other_org, role=Role.PRACTITIONER)
    membership = Membership.objects.get(person=author, organisation=home_org)
    client.force_login(org_admin)
    url = reverse(
        "partnerships:deactivate", kwargs={"org_id": home_org.pk, "membership_id": membership.pk}
    )
    assert client.post(url).status_code == 302
    body, said = banner(client, manager, urgent_draft)
    assert LEFT in said
    assert STILL_THERE not in said
    assert DELETE_LINK in body


def recommendation_shown(body: str) -> str:
    start = body.index(">Recommendation shown</dt>")
    return body[start : body.index("</dd>", start)]


def test_the_recommendations_explanation_says_the_same_as_the_banner(
    client: Any, org_admin: Any, manager: Any, author: Any, home_org: Any, urgent_draft: Any
) -> None:
    """The "Recommendation shown" explanation does not tell the manager that the leaver
    can complete the record either: it says the same as the banner."""
    leave(client, org_admin, author, home_org)
    body, _ = banner(client, manager, urgent_draft)
    shown = recommendation_shown(body)
    assert "Priya Shah can share now and complete the record afterwards." not in shown
    assert (
        "Information can be shared now to protect someone, but Priya Shah no longer records "
        "for your organisation, so they cannot complete the record."
    ) in shown


def test_a_current_colleagues_explanation_still_says_they_can_complete_it(
    client: Any, manager: Any, urgent_draft: Any
) -> None:
    body, _ = banner(client, manager, urgent_draft)
    shown = recommendation_shown(body)
    assert "Priya Shah can share now and complete the record afterwards." in shown
    assert "no longer records" not in shown
