"""An auditor reads the audit trail of their own partnerships only (audit.scope): the
events of its organisations, and the sign-ins and other personal events of its people;
never another partnership's, in the list, the action choices or the CSV export.

(Here rather than in infoshare/audit/tests: the audit app may not import partnerships.)"""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from infoshare.audit.services import record
from infoshare.audit.tests.helpers import make_events
from infoshare.core.roles import Role
from infoshare.partnerships.models import Membership
from infoshare.partnerships.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
)

LIST = reverse("audit:event_list")
EXPORT = reverse("audit:event_export")


def _csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(body)))


@pytest.fixture
def events(home_org):
    def make(count: int, **fields):
        return make_events(count, **{"organisation_id": home_org.pk, **fields})

    return make


def test_the_scoped_list_and_export_run_the_same_queries_as_data_grows(
    client, auditor, events, elsewhere, make_member, home_org, django_assert_num_queries
) -> None:
    client.force_login(auditor)
    client.get(LIST)  # the first request of a session sets it up
    query = {"action": "accounts.signed_in", "page": "2"}
    events(10)
    make_events(10, organisation_id=elsewhere.org.pk)
    with CaptureQueriesContext(connection) as small:
        assert client.get(LIST, {"page": "1"}).status_code == 200
    with CaptureQueriesContext(connection) as small_export:
        _csv(client.get(EXPORT))
    events(990)
    make_events(990, organisation_id=elsewhere.org.pk)
    for _ in range(20):  # more people and organisations on both sides
        make_member(Role.PRACTITIONER, home_org)
        make_member(Role.PRACTITIONER, OrganisationFactory(partnership=elsewhere.partnership))
    make_events(50, organisation_id=None, actor_id=auditor.pk)
    with django_assert_num_queries(len(small)):
        response = client.get(LIST, {"page": "1"})
    assert response.status_code == 200
    with django_assert_num_queries(len(small)):
        assert client.get(LIST, query).status_code == 200
    with django_assert_num_queries(len(small_export)):
        rows = _csv(client.get(EXPORT))
    # The header, our 1,000 and 50 events, the first export (not this one: it holds the
    # events that matched when it was asked for) and the auditor's signing in.
    assert len(rows) == 1 + 1000 + 50 + 1 + 1
    assert {row[4] for row in rows[1:]} == {str(home_org.pk), ""}
    assert len(small) <= 16


@pytest.fixture
def elsewhere(make_member) -> SimpleNamespace:
    """Another partnership, with an organisation and a member."""
    partnership = PartnershipFactory(name="Far Partnership")
    org = OrganisationFactory(partnership=partnership, name="Far Council")
    person = make_member(Role.PRACTITIONER, org, email="far.person@example.org")
    return SimpleNamespace(partnership=partnership, org=org, person=person)


@pytest.fixture
def both_partnerships(home_org, practitioner, elsewhere) -> None:
    """Events of both partnerships, each labelled with what it is."""
    ours, theirs = practitioner, elsewhere.person
    make_events(1, organisation_id=home_org.pk, actor_id=theirs.pk, actor_label="ours-org")
    make_events(
        1,
        organisation_id=elsewhere.org.pk,
        actor_id=ours.pk,
        actor_label="theirs-org",
        action="someapp.far_only",
    )
    make_events(1, organisation_id=None, actor_id=ours.pk, actor_label="ours-sign-in")
    make_events(1, organisation_id=None, actor_id=theirs.pk, actor_label="theirs-sign-in")
    for attempted in (ours.email, theirs.email, "nobody@example.org"):  # failed sign-ins
        make_events(
            1,
            organisation_id=None,
            actor_id=None,
            actor_label=attempted,
            action="accounts.sign_in_failed",
        )
    make_events(1, organisation_id=None, actor_id=None, actor_label="", action="system.ran")


OURS = {"ours-org", "ours-sign-in", "practitioner-failed"}


def _labels(events, practitioner) -> set[str]:
    """The labels of the events, less the signing in of the auditor by the test client."""
    names = {event.actor_label for event in events if "<" not in event.actor_label}
    if practitioner.email in names:
        names = (names - {practitioner.email}) | {"practitioner-failed"}
    return names


def test_the_auditor_sees_only_their_partnerships_events(
    client, auditor, practitioner, both_partnerships
) -> None:
    client.force_login(auditor)
    response = client.get(LIST)
    assert _labels(response.context["page_obj"], practitioner) == OURS
    page = response.content.decode()
    assert "4 events" in page  # and the auditor's own signing in
    assert 'value="someapp.far_only"' not in page
    assert 'value="system.ran"' not in page


def test_the_export_has_only_their_partnerships_events(
    client, auditor, practitioner, both_partnerships
) -> None:
    client.force_login(auditor)
    rows = _csv(client.get(EXPORT))
    labels = {row[3] for row in rows[1:] if row[5] != "audit.exported"}
    assert _labels([SimpleNamespace(actor_label=label) for label in labels], practitioner) == OURS


def test_filters_cannot_reach_another_partnership(
    client, auditor, practitioner, elsewhere, both_partnerships
) -> None:
    client.force_login(auditor)
    for url in (LIST, EXPORT):
        response = client.get(url, {"action": "someapp.far_only"})
        assert response.status_code == 400
        assert "Select an action from the list" in response.content.decode()
    # Their organisation is not offered: choosing it anyway is an error, not an empty list.
    for url in (LIST, EXPORT):
        by_org = client.get(url, {"organisation": str(elsewhere.org.pk)})
        assert by_org.status_code == 400
        assert "Select an organisation from the list" in by_org.content.decode()
    # What a person of the other partnership did here is ours; what they did there is not.
    by_person = client.get(LIST, {"person": str(elsewhere.person.pk)})
    found = _labels(by_person.context["page_obj"], practitioner)
    assert "ours-org" in found
    assert found <= OURS  # the id's digits may also be in an email address of ours


def test_the_other_partnerships_auditor_sees_only_theirs(
    client, make_member, practitioner, elsewhere, both_partnerships
) -> None:
    far_auditor = make_member(Role.AUDITOR, elsewhere.org)
    client.force_login(far_auditor)
    seen = _labels(client.get(LIST).context["page_obj"], practitioner)
    assert seen == {"theirs-org", "theirs-sign-in", "far.person@example.org"}


def test_an_auditor_of_both_partnerships_sees_both(
    client, auditor, practitioner, elsewhere, both_partnerships
) -> None:
    MembershipFactory(person=auditor, organisation=elsewhere.org, role=Role.AUDITOR)
    client.force_login(auditor)
    seen = _labels(client.get(LIST).context["page_obj"], practitioner)
    assert seen == OURS | {"theirs-org", "theirs-sign-in", "far.person@example.org"}


def test_an_ended_auditor_role_sees_nothing(client, auditor, home_org, both_partnerships) -> None:
    Membership.objects.filter(person=auditor).update(
        starts_on=timezone.localdate() - timedelta(days=10),
        ends_on=timezone.localdate() - timedelta(days=1),
    )
    client.force_login(auditor)
    assert client.get(LIST).status_code == 403


def test_a_real_sign_in_is_seen_by_the_members_auditor_only(
    client, auditor, practitioner, make_member, elsewhere
) -> None:
    record(action="accounts.signed_in", actor=practitioner, obj=practitioner)
    record(action="accounts.signed_in", actor=elsewhere.person, obj=elsewhere.person)
    client.force_login(auditor)
    page = client.get(LIST, {"action": "accounts.signed_in"}).content.decode()
    assert practitioner.email in page
    assert elsewhere.person.email not in page
