"""The demo decisions (`seed_demo_decisions` after `seed_demo`, as `make run` loads them):
every decisions page has something on it for the demo people who use it."""

from __future__ import annotations

import html
import re
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from infoshare.accounts.models import User
from infoshare.advice.models import AdviceReply, AdviceRequest
from infoshare.audit.models import AuditEvent
from infoshare.decisions import demo as demo_records
from infoshare.decisions.demo import EARLY_HELP_PURPOSE, load_demo_decisions
from infoshare.decisions.models import Person, SharingDecision, Status
from infoshare.partnerships.models import Organisation

COUNCIL = "Northshire Council Children's Services"
SCHOOL = "Riverside Primary School"


@pytest.fixture
def demo(db: Any) -> None:
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo_decisions", stdout=StringIO())


@pytest.fixture
def as_user(client: Any) -> Any:
    def sign_in(email: str) -> Any:
        client.force_login(User.objects.get(email=email))
        return client

    return sign_in


def table_rows(page: str) -> list[list[str]]:
    """Each row of the page's table of decisions, as the text of its cells."""
    body = re.search(r'<tbody class="govuk-table__body">(.*?)</tbody>', page, re.DOTALL)
    assert body, "no table of decisions"
    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body.group(1), re.DOTALL):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.DOTALL)
        rows.append([" ".join(html.unescape(re.sub(r"<[^>]+>", " ", c)).split()) for c in cells])
    return rows


def rows_of(client: Any, url_name: str, **kwargs: Any) -> list[list[str]]:
    response = client.get(reverse(url_name, kwargs=kwargs or None))
    assert response.status_code == 200
    rows = table_rows(response.content.decode())
    assert all(len(row) > 1 for row in rows), f"an empty list: {rows}"
    return rows


def about(rows: list[list[str]]) -> set[str]:
    """The names in the lists' "About" column."""
    return {name for row in rows for name in row[1].split(", ")}


def test_the_demo_decisions_load_once(demo: None) -> None:
    counts = (
        SharingDecision.objects.count(),
        Person.objects.count(),
        AdviceRequest.objects.count(),
        AdviceReply.objects.count(),
        AuditEvent.objects.count(),
    )
    call_command("seed_demo_decisions", stdout=StringIO())
    assert load_demo_decisions() == 14
    assert counts == (
        SharingDecision.objects.count(),
        Person.objects.count(),
        AdviceRequest.objects.count(),
        AdviceReply.objects.count(),
        AuditEvent.objects.count(),
    )
    assert SharingDecision.objects.count() == 15  # 14 records, one of them in two versions


def test_the_original_demo_records_are_kept(demo: None) -> None:
    """The consent-based share with the school and the practitioner's urgent draft, both
    about Robin, the only draft and the only Robin (the browser tests rely on them)."""
    final = SharingDecision.objects.get(purpose=EARLY_HELP_PURPOSE)
    year = timezone.localdate().year
    assert (final.reference, final.status, final.outcome, final.basis) == (
        f"ISD-{year}-000001",
        Status.FINAL,
        "shared",
        "consent",
    )
    assert final.recipient_organisation == Organisation.objects.get(name=SCHOOL)
    draft = SharingDecision.objects.get(status=Status.DRAFT)
    assert draft.urgent
    assert draft.author == final.author
    robin = Person.objects.get(given_name="Robin")
    assert list(final.people.all()) == [robin] == list(draft.people.all())


def test_a_database_with_only_the_original_records_gets_the_rest(
    db: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A demo loaded by the earlier loader (its two records only) gets the records it
    lacks, and nothing twice."""
    call_command("seed_demo", stdout=StringIO())
    with monkeypatch.context() as patched:
        patched.setattr(demo_records, "RECORDS", demo_records.RECORDS[:2])
        assert load_demo_decisions() == 2
    assert SharingDecision.objects.count() == 2
    assert load_demo_decisions() == 14
    assert SharingDecision.objects.count() == 15
    assert SharingDecision.objects.filter(purpose=EARLY_HELP_PURPOSE).count() == 1
    assert Person.objects.filter(given_name="Robin").count() == 1


def test_the_practitioners_own_list_shows_each_kind_of_decision(demo: None, as_user: Any) -> None:
    rows = rows_of(as_user("practitioner@demo.example"), "decisions:my_decisions")
    assert len(rows) >= 8
    outcomes = {row[3] for row in rows}
    assert {"Shared", "Shared in part", "Not shared", "Not decided"} <= outcomes
    page = " ".join(" ".join(row) for row in rows)
    assert "Urgent" in page
    assert "Draft" in page
    assert "(version 2)" in page  # the amended record, at its latest version


def test_the_managers_team_list_has_records_by_more_than_one_author(
    demo: None, as_user: Any
) -> None:
    rows = rows_of(as_user("manager@demo.example"), "decisions:team_decisions")
    council = Organisation.objects.get(name=COUNCIL)
    references = {row[0].split()[0] for row in rows}
    authors = set(
        SharingDecision.objects.filter(reference__in=references).values_list(
            "author__email", flat=True
        )
    )
    assert authors == {"practitioner@demo.example", "manager@demo.example"}
    assert (
        len(rows)
        == SharingDecision.objects.filter(organisation=council, status=Status.FINAL).count()
    )


@pytest.mark.parametrize(
    "email", ["manager@demo.example", "advisor@demo.example", "senior.lead@demo.example"]
)
def test_the_councils_organisation_list_shows_shared_in_part_and_not_shared(
    demo: None, as_user: Any, email: str
) -> None:
    rows = rows_of(as_user(email), "decisions:organisation_decisions")
    assert len(rows) >= 8
    assert {"Shared", "Shared in part", "Not shared"} <= {row[3] for row in rows}
    assert {"Ava", "Noah", "Mia", "Ethan"} <= {name.split()[0] for name in about(rows)}


@pytest.mark.parametrize(
    "email", ["practitioner@demo.example", "manager@demo.example", "advisor@demo.example"]
)
def test_council_staff_see_what_the_police_health_and_school_shared_with_them(
    demo: None, as_user: Any, email: str
) -> None:
    rows = rows_of(as_user(email), "decisions:shared_with_us")
    senders = {row[2] for row in rows}
    assert {
        "Northshire Police",
        "Northshire Community Health NHS Trust",
        SCHOOL,
    } <= senders
    assert {"Kerry Dunn", "Grace Adebayo", "Oscar Lane"} <= about(rows)


def test_the_head_teacher_sees_what_was_shared_with_the_school_and_its_own_records(
    demo: None, as_user: Any
) -> None:
    client = as_user("head.teacher@demo.example")
    shared = rows_of(client, "decisions:shared_with_us")
    assert {"Robin Example", "Freya Nolan", "Alfie Dunn"} <= about(shared)
    assert {row[2] for row in shared} >= {COUNCIL, "Northshire Police"}
    own = rows_of(client, "decisions:organisation_decisions")
    assert about(own) == {"Oscar Lane"}


def test_the_police_see_the_shares_made_with_them(demo: None, as_user: Any) -> None:
    client = as_user("police.advisor@demo.example")
    shared = rows_of(client, "decisions:shared_with_us")
    assert {"Ava Whitmore", "Gary Holt"} <= about(shared)
    alfie = Person.objects.get(given_name="Alfie")
    assert len(rows_of(client, "decisions:person_detail", person_id=alfie.pk)) == 2


def test_the_health_visitor_sees_early_helps_answer(demo: None, as_user: Any) -> None:
    client = as_user("health.visitor@demo.example")
    assert about(rows_of(client, "decisions:my_decisions")) == {"Eli Adebayo", "Grace Adebayo"}
    shared = rows_of(client, "decisions:shared_with_us")
    assert [(row[1], row[2]) for row in shared] == [("Grace Adebayo", COUNCIL)]


@pytest.mark.parametrize(
    ("email", "seen"),
    [("practitioner@demo.example", 3), ("manager@demo.example", 3), ("advisor@demo.example", 2)],
)
def test_robins_page_lists_more_than_one_record(
    demo: None, as_user: Any, email: str, seen: int
) -> None:
    """Two final records and the practitioner's urgent draft (which her manager sees too,
    to chase it; an advisor sees final records only)."""
    robin = Person.objects.get(given_name="Robin")
    rows = rows_of(as_user(email), "decisions:person_detail", person_id=robin.pk)
    assert len(rows) == seen


def _record_page(client: Any, **filters: Any) -> str:
    decision = SharingDecision.objects.get(status=Status.FINAL, **filters)
    response = client.get(reverse("decisions:decision_detail", kwargs={"decision_id": decision.pk}))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_an_amended_record_shows_its_second_version_and_the_reason(
    demo: None, as_user: Any
) -> None:
    amended = SharingDecision.objects.get(version=2)
    first = SharingDecision.objects.get(reference=amended.reference, version=1)
    assert amended.status == Status.FINAL
    assert first.status == Status.SUPERSEDED
    assert amended.shared_on != first.shared_on
    page = _record_page(as_user("practitioner@demo.example"), pk=amended.pk)
    assert "The date shared was wrong" in page


def test_a_record_countersigned_by_the_manager_with_a_comment(demo: None, as_user: Any) -> None:
    council = Organisation.objects.get(name=COUNCIL)
    assert council.countersign_required
    page = _record_page(as_user("advisor@demo.example"), countersigned_by__isnull=False)
    assert "Mark Evans" in page
    assert "Proportionate: the address only, as the police asked." in page
    # The others wait for the manager (who never countersigns his own records).
    response = as_user("manager@demo.example").get(
        reverse("decisions:organisation_decisions"), {"countersigned": "waiting"}
    )
    assert len(table_rows(response.content.decode())) >= 5


def test_a_record_keeps_the_advisors_reply_to_the_advice_asked(demo: None, as_user: Any) -> None:
    page = _record_page(
        as_user("practitioner@demo.example"), purpose__startswith="To tell Robin's GP"
    )
    assert "You asked:" in page
    assert "Ada Okafor replied:" in page
    assert "Share just those, tell the parent you have" in page
