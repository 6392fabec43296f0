"""The decision lists: records shared with your organisation (page, home panel, navigation),
filters that are wrong, empty lists, later pages, and the audit of what a list shows."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from infoshare.audit.models import AuditEvent
from infoshare.core.roles import Role
from infoshare.decisions.models import SharingDecision, Status
from infoshare.decisions.tests.factories import make_decision, make_person
from infoshare.partnerships.tests.factories import OrganisationFactory

SHARED_LIST = "decisions:shared_with_us"
CASE_WORKERS = {Role.PRACTITIONER, Role.MANAGER, Role.ADVISOR, Role.SENIOR_LEAD}
LISTED = "decisions.listed_decisions"


def detail(decision: Any) -> str:
    return reverse("decisions:decision_detail", kwargs={"decision_id": decision.pk})


def shared_with(org: Any, sender: Any, **kwargs: Any) -> SharingDecision:
    """A final record the sender's organisation shared with ``org``."""
    fields: dict[str, Any] = {
        "organisation": sender,
        "recipient_organisation": org,
        "external_recipient": "",
        "people": [make_person(organisation=sender)],
    }
    return make_decision(**(fields | kwargs))


@pytest.fixture
def teacher(make_member: Any, other_org: Any) -> Any:
    """A practitioner at the school (other_org) that the council (home_org) shares with."""
    return make_member(Role.PRACTITIONER, other_org)


# --- Shared with your organisation -------------------------------------------------------


def test_the_receiving_organisation_finds_what_was_shared_with_it(
    client: Any, teacher: Any, home_org: Any, other_org: Any, partnership: Any
) -> None:
    person = make_person(organisation=home_org, given_name="Zoe", family_name="Brown")
    shared = shared_with(other_org, home_org, people=[person], recipient_name="Ms Okafor")
    in_part = shared_with(other_org, home_org, outcome="shared_in_part")
    draft = shared_with(other_org, home_org, status=Status.DRAFT, finalised_at=None)
    not_shared = shared_with(other_org, home_org, outcome="not_shared")
    elsewhere = shared_with(OrganisationFactory(partnership=partnership), home_org)
    first = shared_with(other_org, home_org, status=Status.SUPERSEDED)
    amendment = shared_with(
        other_org,
        home_org,
        reference=first.reference,
        version=2,
        previous=first,
        amendment_reason="The date was wrong",
    )
    client.force_login(teacher)
    response = client.get(reverse(SHARED_LIST))
    assert response.status_code == 200
    body = response.content.decode()
    for found in (shared, in_part, amendment):
        assert f'href="{detail(found)}"' in body
    for hidden in (draft, not_shared, elsewhere, first):
        assert f'href="{detail(hidden)}"' not in body
    row = body[body.index(shared.reference) :].split("</tr>")[0]
    assert "Zoe Brown" in row
    assert "Home Council" in row  # shared by
    # Shared with the person named at the school: the school is the reader's own.
    assert '<td class="govuk-table__cell">Ms Okafor</td>' in row
    assert "Other School" not in row


@pytest.mark.parametrize("role", sorted(Role.values))
def test_only_the_receiving_organisations_case_workers_open_the_list(
    client: Any, make_member: Any, home_org: Any, other_org: Any, role: str
) -> None:
    shared = shared_with(other_org, home_org)
    client.force_login(make_member(role, other_org))
    response = client.get(reverse(SHARED_LIST))
    if role in CASE_WORKERS:
        assert response.status_code == 200
        assert shared.reference in response.content.decode()
    else:
        assert response.status_code == 403


def test_the_sending_organisation_does_not_see_its_records_as_shared_with_it(
    client: Any, practitioner: Any, home_org: Any, other_org: Any
) -> None:
    sent = shared_with(other_org, home_org, author=practitioner)
    client.force_login(practitioner)
    body = client.get(reverse(SHARED_LIST)).content.decode()
    assert sent.reference not in body
    assert "Nothing has been shared with your organisation yet." in body


def test_the_shared_list_filters_like_the_others(
    client: Any, teacher: Any, home_org: Any, other_org: Any
) -> None:
    plain = shared_with(other_org, home_org)
    urgent = shared_with(
        other_org,
        home_org,
        outcome="shared_in_part",
        gateway="legal_requirement",
        urgent=True,
        urgent_due_at="2026-01-01T00:00:00Z",
    )
    client.force_login(teacher)
    url = reverse(SHARED_LIST)
    for query in (
        {"urgent": "on"},
        {"outcome": "shared_in_part"},
        {"gateway": "legal_requirement"},
    ):
        body = client.get(url, query).content.decode()
        assert urgent.reference in body, query
        assert plain.reference not in body, query
    body = client.get(url, {"date_to": "2000-01-01"}).content.decode()
    assert urgent.reference not in body
    assert "No decisions match these filters." in body


def test_the_shared_list_makes_the_same_number_of_queries_at_two_sizes(
    client: Any, teacher: Any, home_org: Any, other_org: Any, make_member: Any
) -> None:
    author = make_member(Role.PRACTITIONER, home_org)
    client.force_login(teacher)
    url = reverse(SHARED_LIST)
    client.get(url)  # warm caches (session, MFA check)
    counts = []
    for size in (2, 30):
        while SharingDecision.objects.count() < size:
            shared_with(other_org, home_org, author=author)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        assert response.content.decode().count("govuk-table__row") >= min(size, 25)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_home_page_shows_the_newest_records_shared_with_the_organisation(
    client: Any, teacher: Any, home_org: Any, other_org: Any
) -> None:
    older = [shared_with(other_org, home_org) for _ in range(5)]
    newest = shared_with(other_org, home_org, urgent=True, urgent_due_at="2026-01-01T00:00:00Z")
    client.force_login(teacher)
    body = client.get(reverse("core:home")).content.decode()
    panel = body[body.index("Shared with your organisation</h2>") :].split("</section>")[0]
    assert f'href="{detail(newest)}"' in panel
    assert "Urgent. From Home Council" in panel
    assert f'href="{detail(older[0])}"' not in panel  # only the newest five
    assert f'href="{reverse(SHARED_LIST)}"' in panel


def test_the_home_panel_makes_the_same_number_of_queries_at_two_sizes(
    client: Any, teacher: Any, home_org: Any, other_org: Any
) -> None:
    client.force_login(teacher)
    url = reverse("core:home")
    shared_with(other_org, home_org)
    client.get(url)
    counts = []
    for size in (1, 12):
        while SharingDecision.objects.count() < size:
            shared_with(other_org, home_org)
        with CaptureQueriesContext(connection) as queries:
            assert "Shared with your organisation</h2>" in client.get(url).content.decode()
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_home_panel_is_not_shown_to_an_administrator_or_when_nothing_was_shared(
    client: Any, make_member: Any, home_org: Any, other_org: Any, teacher: Any
) -> None:
    client.force_login(teacher)
    assert (
        "Shared with your organisation</h2>"
        not in client.get(reverse("core:home")).content.decode()
    )
    shared_with(other_org, home_org)
    client.force_login(make_member(Role.ORG_ADMIN, other_org))
    assert (
        "Shared with your organisation</h2>"
        not in client.get(reverse("core:home")).content.decode()
    )


def test_the_navigation_links_the_list_for_case_workers_only(
    client: Any, teacher: Any, make_member: Any, other_org: Any
) -> None:
    link = f'href="{reverse(SHARED_LIST)}"'
    client.force_login(teacher)
    # Nothing was shared yet, so there is no home panel: the link is the navigation's.
    assert link in client.get(reverse("core:home")).content.decode()
    client.force_login(make_member(Role.ORG_ADMIN, other_org))
    assert link not in client.get(reverse("core:home")).content.decode()


@pytest.mark.parametrize(
    ("page", "current"),
    [("decisions:my_decisions", "Decisions"), (SHARED_LIST, "Shared with your organisation")],
)
def test_only_the_pages_own_navigation_item_is_current(
    client: Any, teacher: Any, page: str, current: str
) -> None:
    client.force_login(teacher)
    body = client.get(reverse(page)).content.decode()
    assert body.count('aria-current="true"') == 1
    marked = body[body.index('aria-current="true"') :]
    assert marked[: marked.index("</a>")].endswith(f"{current}</strong>")


# --- Filters that are wrong ---------------------------------------------------------------

BAD_FILTERS = [
    (
        {"outcome": "not_shared", "date_from": "2026-11-28", "date_to": "2026-11-01"},
        "date must be the same as or after",
    ),
    ({"date_from": "2026-02-30"}, "Finalised from must be a real date"),
    ({"recipient": "999"}, "Select a receiving organisation from the list"),
    ({"outcome": "bogus"}, "Select an outcome from the list"),
    ({"gateway": "bogus"}, "Select a common-law gateway from the list"),
    ({"urgent": "maybe"}, "Tick &#x27;Urgent only&#x27; or leave it unticked"),
]


@pytest.mark.parametrize(("query", "message"), BAD_FILTERS)
def test_a_wrong_filter_shows_no_rows_rather_than_the_whole_list(
    client: Any, advisor: Any, home_org: Any, query: dict[str, str], message: str
) -> None:
    record = make_decision(organisation=home_org)
    client.force_login(advisor)
    response = client.get(reverse("decisions:organisation_decisions"), query)
    assert response.status_code == 400
    body = response.content.decode()
    assert "There is a problem" in body
    assert "Correct the filters to see decisions." in body
    assert record.reference not in body
    assert "Select a valid choice" not in body
    assert message in body
    assert "<title>Error: " in body
    assert not AuditEvent.objects.filter(action=LISTED).exists()


@pytest.mark.parametrize(("query", "message"), BAD_FILTERS)
def test_the_csv_download_with_a_wrong_filter_is_a_govuk_error_page(
    client: Any, advisor: Any, query: dict[str, str], message: str
) -> None:
    client.force_login(advisor)
    response = client.get(reverse("decisions:export_csv"), query)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    body = response.content.decode()
    assert "<title>Error: " in body
    assert 'class="govuk-error-summary"' in body
    assert f'action="{reverse("decisions:export_csv")}"' in body
    assert message in body
    assert not AuditEvent.objects.filter(action="decisions.exported").exists()


# --- Empty lists and later pages ----------------------------------------------------------


def test_an_empty_list_says_so_without_filters_and_blames_the_filters_with_them(
    client: Any, practitioner: Any, home_org: Any
) -> None:
    client.force_login(practitioner)
    url = reverse("decisions:my_decisions")
    body = client.get(url).content.decode()
    assert "No decisions yet." in body
    assert "No decisions match" not in body
    make_decision(author=practitioner, organisation=home_org)
    body = client.get(url, {"outcome": "not_shared"}).content.decode()
    assert "No decisions match these filters." in body
    assert "No decisions yet." not in body


def test_a_later_page_says_which_page_it_is_in_its_title(
    client: Any, practitioner: Any, home_org: Any, settings: Any
) -> None:
    settings.INFOSHARE = {**settings.INFOSHARE, "PAGE_SIZE": 2}
    for _ in range(3):
        make_decision(author=practitioner, organisation=home_org)
    client.force_login(practitioner)
    url = reverse("decisions:my_decisions")
    ending = " \N{EN DASH} Infoshare</title>"
    assert f"<title>Your decisions{ending}" in client.get(url).content.decode()
    body = client.get(url, {"page": "2"}).content.decode()
    assert f"<title>Your decisions (page 2){ending}" in body


# --- Audit of what a list page shows ------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "role", "scope"),
    [
        ("my_decisions", Role.PRACTITIONER, "mine"),
        ("team_decisions", Role.MANAGER, "team"),
        ("organisation_decisions", Role.ADVISOR, "organisation"),
    ],
)
def test_a_list_page_audits_the_records_it_shows(
    client: Any, make_member: Any, home_org: Any, name: str, role: str, scope: str
) -> None:
    viewer = make_member(role, home_org)
    author = viewer if role == Role.PRACTITIONER else make_member(Role.PRACTITIONER, home_org)
    shown = [make_decision(author=author, organisation=home_org) for _ in range(2)]
    client.force_login(viewer)
    assert client.get(reverse(f"decisions:{name}")).status_code == 200
    event = AuditEvent.objects.get(action=LISTED)
    assert event.actor_id == viewer.pk
    assert event.organisation_id == home_org.pk
    assert sorted(event.data["records"]) == sorted(d.label for d in shown)
    assert event.data == event.data | {"via": "page", "scope": scope, "page": 1}


def test_the_shared_list_audits_one_event_per_sending_organisation(
    client: Any, teacher: Any, home_org: Any, other_org: Any, partnership: Any
) -> None:
    police: Any = OrganisationFactory(partnership=partnership, name="Police")
    from_council = shared_with(other_org, home_org)
    from_police = shared_with(other_org, police)
    client.force_login(teacher)
    assert client.get(reverse(SHARED_LIST)).status_code == 200
    events = {e.organisation_id: e for e in AuditEvent.objects.filter(action=LISTED)}
    assert set(events) == {home_org.pk, police.pk}
    assert events[home_org.pk].data["records"] == [from_council.label]
    assert events[police.pk].data["records"] == [from_police.label]
    assert events[police.pk].data["scope"] == "shared"


def test_an_empty_list_page_records_nothing(client: Any, practitioner: Any) -> None:
    client.force_login(practitioner)
    assert client.get(reverse("decisions:my_decisions")).status_code == 200
    assert not AuditEvent.objects.filter(action=LISTED).exists()


def test_a_date_filter_may_be_typed_the_way_people_write_dates(
    client: Any, advisor: Any, home_org: Any
) -> None:
    client.force_login(advisor)
    response = client.get(
        reverse("decisions:organisation_decisions"),
        {"date_from": "1/3/2026", "date_to": "31 12 2026"},
    )
    assert response.status_code == 200
    assert "For example, 27/3/2026" in response.content.decode()
