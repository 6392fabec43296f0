"""The record page, the lists, amendments, countersigning and a person's page."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from infoshare.audit.models import AuditEvent
from infoshare.core.roles import Role
from infoshare.decisions.models import SharingDecision, Status
from infoshare.decisions.tests.factories import make_decision, make_person
from infoshare.decisions.tests.finalising import press_finalise


def detail(decision: Any) -> str:
    return reverse("decisions:decision_detail", kwargs={"decision_id": decision.pk})


@pytest.fixture
def record(practitioner: Any, home_org: Any, other_org: Any) -> SharingDecision:
    person = make_person(organisation=home_org)
    return make_decision(
        author=practitioner,
        organisation=home_org,
        recipient_organisation=other_org,
        external_recipient="",
        people=[person],
    )


def test_the_author_sees_the_record_and_the_view_is_audited(
    client: Any, practitioner: Any, record: Any
) -> None:
    client.force_login(practitioner)
    response = client.get(detail(record))
    assert response.status_code == 200
    body = response.content.decode()
    assert record.reference in body
    assert "app-no-print" in body
    event = AuditEvent.objects.get(action="decisions.viewed_decision")
    assert event.actor_id == practitioner.pk
    assert event.object_id == str(record.pk)
    assert event.data["via"] == "page"


@pytest.mark.parametrize("role", [Role.MANAGER, Role.ADVISOR, Role.SENIOR_LEAD])
def test_oversight_roles_of_the_organisation_see_final_records(
    client: Any, make_member: Any, home_org: Any, record: Any, role: str
) -> None:
    client.force_login(make_member(role, home_org))
    assert client.get(detail(record)).status_code == 200


def test_another_practitioner_of_the_organisation_does_not(
    client: Any, make_member: Any, home_org: Any, record: Any
) -> None:
    client.force_login(make_member(Role.PRACTITIONER, home_org))
    assert client.get(detail(record)).status_code == 404


def test_foreign_organisation_gets_404_unless_it_received_the_record(
    client: Any, foreign_org_user: Any, record: Any, home_org: Any
) -> None:
    client.force_login(foreign_org_user)
    # other_org received it: its staff see the final record shared with them.
    assert client.get(detail(record)).status_code == 200
    not_shared = make_decision(organisation=home_org, outcome="not_shared")
    assert client.get(detail(not_shared)).status_code == 404
    draft = make_decision(organisation=home_org, status="draft", finalised_at=None)
    assert client.get(detail(draft)).status_code == 404
    assert AuditEvent.objects.filter(action="decisions.viewed_decision").count() == 1


def test_a_made_up_id_is_404(client: Any, practitioner: Any) -> None:
    client.force_login(practitioner)
    assert (
        client.get(reverse("decisions:decision_detail", kwargs={"decision_id": 999})).status_code
        == 404
    )


def test_amending_through_the_pages_keeps_the_history(
    client: Any, practitioner: Any, record: Any
) -> None:
    client.force_login(practitioner)
    url = reverse("decisions:amend", kwargs={"decision_id": record.pk})
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400
    assert "Enter why" in response.content.decode()
    response = client.post(url, {"reason": "Wrong date of sharing"})
    amendment = SharingDecision.objects.get(previous=record)
    assert response.url == reverse("decisions:finalise", kwargs={"decision_id": amendment.pk})
    press_finalise(client, amendment)
    record.refresh_from_db()
    assert record.status == Status.SUPERSEDED
    body = client.get(detail(amendment)).content.decode()
    assert "History" in body
    assert "Wrong date of sharing" in body


def test_an_amended_records_pdf_gives_its_history_as_the_page_does(
    client: Any, practitioner: Any, record: Any
) -> None:
    from infoshare.decisions.tests.test_exports import _flat, _pdf_lines

    client.force_login(practitioner)
    client.post(
        reverse("decisions:amend", kwargs={"decision_id": record.pk}),
        {"reason": "Wrong date of sharing"},
    )
    amendment = SharingDecision.objects.get(previous=record)
    press_finalise(client, amendment)
    pdf = client.get(reverse("decisions:decision_pdf", kwargs={"decision_id": amendment.pk}))
    flat = _flat(_pdf_lines(pdf.content))
    assert "History" in flat
    assert "2(thisone)" in flat
    for said in ("Final,", "Superseded,", "Originalrecord", "Wrongdateofsharing"):
        assert said in flat, said
    # A record never amended has no history to give.
    single = make_decision(author=practitioner, organisation=record.organisation)
    other = client.get(reverse("decisions:decision_pdf", kwargs={"decision_id": single.pk}))
    assert "History" not in _flat(_pdf_lines(other.content))


def test_countersigning_through_the_pages(
    client: Any, manager: Any, record: Any, home_org: Any
) -> None:
    home_org.countersign_required = True
    home_org.save()
    client.force_login(manager)
    assert "Countersign" in client.get(detail(record)).content.decode()
    url = reverse("decisions:countersign", kwargs={"decision_id": record.pk})
    response = client.post(url, {"comment": "Proportionate"})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.countersigned_by == manager
    assert AuditEvent.objects.filter(action="decisions.countersigned").exists()


def test_countersign_is_not_offered_without_the_policy(
    client: Any, manager: Any, record: Any
) -> None:
    client.force_login(manager)
    url = reverse("decisions:countersign", kwargs={"decision_id": record.pk})
    assert client.get(url).status_code == 404


def test_a_persons_page_lists_visible_decisions_and_is_audited(
    client: Any, practitioner: Any, record: Any
) -> None:
    person = record.people.get()
    client.force_login(practitioner)
    response = client.get(reverse("decisions:person_detail", kwargs={"person_id": person.pk}))
    assert response.status_code == 200
    assert record.reference in response.content.decode()
    assert AuditEvent.objects.filter(action="decisions.viewed_person").count() == 1


def test_a_person_of_another_organisation_is_404(
    client: Any, practitioner: Any, other_org: Any
) -> None:
    person = make_person(organisation=other_org)
    client.force_login(practitioner)
    url = reverse("decisions:person_detail", kwargs={"person_id": person.pk})
    assert client.get(url).status_code == 404
    assert not AuditEvent.objects.filter(action="decisions.viewed_person").exists()


def make_records(count: int, author: Any, org: Any) -> None:
    for _ in range(count):
        make_decision(author=author, organisation=org, people=[make_person(organisation=org)])


@pytest.mark.parametrize(
    ("name", "role"),
    [
        ("my_decisions", Role.PRACTITIONER),
        ("team_decisions", Role.MANAGER),
        ("organisation_decisions", Role.ADVISOR),
    ],
)
def test_list_pages_make_the_same_number_of_queries_at_two_sizes(
    client: Any,
    make_member: Any,
    home_org: Any,
    django_assert_max_num_queries: Any,
    name: str,
    role: str,
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    viewer = make_member(role, home_org)
    author = viewer if role == Role.PRACTITIONER else make_member(Role.PRACTITIONER, home_org)
    client.force_login(viewer)
    url = reverse(f"decisions:{name}")
    client.get(url)  # warm caches (session, MFA check)
    counts = []
    for size in (2, 20):
        make_records(size - SharingDecision.objects.count(), author, home_org)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        assert response.content.decode().count("govuk-table__row") >= min(size, 25)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_record_page_makes_the_same_number_of_queries_for_small_and_large_records(
    client: Any, practitioner: Any, home_org: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(practitioner)
    small = make_decision(
        author=practitioner, organisation=home_org, people=[make_person(organisation=home_org)]
    )
    large = make_decision(
        author=practitioner,
        organisation=home_org,
        people=[make_person(organisation=home_org) for _ in range(10)],
    )
    client.get(detail(small))
    counts = []
    for decision in (small, large):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(detail(decision)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_lists_filter_by_outcome_and_urgency(
    client: Any, advisor: Any, practitioner: Any, home_org: Any
) -> None:
    shared = make_decision(author=practitioner, organisation=home_org)
    urgent = make_decision(
        author=practitioner,
        organisation=home_org,
        outcome="not_shared",
        urgent=True,
        urgent_due_at="2026-01-01T00:00:00Z",
    )
    client.force_login(advisor)
    url = reverse("decisions:organisation_decisions")
    body = client.get(url, {"outcome": "not_shared"}).content.decode()
    assert urgent.reference in body
    assert shared.reference not in body
    body = client.get(url, {"urgent": "on"}).content.decode()
    assert urgent.reference in body
    assert shared.reference not in body


def test_a_bad_filter_date_is_a_clear_400(client: Any, advisor: Any) -> None:
    client.force_login(advisor)
    url = reverse("decisions:organisation_decisions")
    response = client.get(url, {"date_from": "yesterday<script>"})
    assert response.status_code == 400
    assert "Finalised from must be a real date" in response.content.decode()


def test_a_practitioner_cannot_open_the_organisation_list(client: Any, practitioner: Any) -> None:
    client.force_login(practitioner)
    assert client.get(reverse("decisions:organisation_decisions")).status_code == 403


def test_the_organisation_list_excludes_other_organisations(
    client: Any, advisor: Any, other_org: Any
) -> None:
    elsewhere = make_decision(organisation=other_org)
    client.force_login(advisor)
    body = client.get(reverse("decisions:organisation_decisions")).content.decode()
    assert elsewhere.reference not in body


def test_person_page_makes_the_same_number_of_queries_at_two_sizes(
    client: Any, practitioner: Any, home_org: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    person = make_person(organisation=home_org)
    client.force_login(practitioner)
    url = reverse("decisions:person_detail", kwargs={"person_id": person.pk})
    client.get(url)
    counts = []
    for size in (2, 20):
        while person.decisions.count() < size:
            make_decision(author=practitioner, organisation=home_org, people=[person])
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_records_to_countersign_appear_on_the_managers_home_page(
    client: Any, manager: Any, practitioner: Any, home_org: Any
) -> None:
    home_org.countersign_required = True
    home_org.save()
    waiting = make_decision(author=practitioner, organisation=home_org)
    client.force_login(manager)
    body = client.get(reverse("core:home")).content.decode()
    assert "Records to countersign" in body
    assert waiting.reference in body


def test_a_list_row_shows_each_person_by_family_name_and_the_recipient(
    client: Any, advisor: Any, practitioner: Any, home_org: Any, other_org: Any
) -> None:
    about_two = make_decision(
        author=practitioner,
        organisation=home_org,
        recipient_organisation=other_org,
        recipient_name="Ms O'Neill",
        external_recipient="",
        people=[
            make_person(organisation=home_org, given_name="Zoe", family_name="Brown"),
            make_person(organisation=home_org, given_name="Amir", family_name="Adams"),
        ],
    )
    first = make_decision(author=practitioner, organisation=home_org, status=Status.SUPERSEDED)
    about_nobody = make_decision(
        author=practitioner,
        organisation=home_org,
        reference=first.reference,
        version=2,
        previous=first,
        amendment_reason="The date was wrong",
    )
    client.force_login(advisor)
    body = client.get(reverse("decisions:organisation_decisions")).content.decode()
    row = body[body.index(about_two.reference) :].split("</tr>")[0]
    assert "Amir Adams, Zoe Brown" in row
    assert "Ms O&#x27;Neill, Other School" in row
    assert "Shared" in row
    nobody = body[body.index(about_nobody.reference) :].split("</tr>")[0]
    assert f"{about_nobody.reference} (version 2)" in nobody
    assert "Not given" in nobody
    assert "Youth club" in nobody


def test_your_decisions_link_a_draft_to_where_you_left_off_and_a_record_to_its_page(
    client: Any, practitioner: Any, home_org: Any
) -> None:
    draft = make_decision(author=practitioner, organisation=home_org, status=Status.DRAFT)
    final = make_decision(author=practitioner, organisation=home_org)
    client.force_login(practitioner)
    body = client.get(reverse("decisions:my_decisions")).content.decode()
    resume = reverse("decisions:resume", kwargs={"decision_id": draft.pk})
    assert f'href="{resume}"' in body
    assert f'href="{detail(final)}"' in body
    assert f'href="{detail(draft)}"' not in body
