"""Decision records at scale: 200,000 people and 1,000,000 decision records (use --quick for
a small run). For (a) the organisation's decision list page, (b) a person's page and
(c) finalising a record, reports the time of the page or service as a ratio to the single
equivalent raw SQL query measured in the same run, and the query count of each page at
1,000 records and at full size (they must be equal)."""

from __future__ import annotations

import argparse
import datetime as dt
import time
from typing import Any

from harness import count_queries, raw, report, setup, test_database, timed_side_by_side

BATCH = 20_000


def generate(org, recipient, author, people_count: int, start: int, stop: int) -> None:
    from django.utils import timezone

    from infoshare.decisions.models import Person, SharingDecision

    existing = Person.objects.filter(organisation=org).count()
    if existing < people_count:
        for low in range(existing, people_count, BATCH):
            Person.objects.bulk_create(
                Person(
                    organisation=org,
                    given_name=f"Child{i}",
                    family_name=f"Family{i % 997}",
                    date_of_birth=dt.date(2012, 1, 1) + dt.timedelta(days=i % 4000),
                    local_reference=f"LR{i:07d}",
                    created_by=author,
                )
                for i in range(low, min(low + BATCH, people_count))
            )
    person_ids = list(
        Person.objects.filter(organisation=org).order_by("id").values_list("id", flat=True)
    )
    through = SharingDecision.people.through
    base = timezone.now()
    for low in range(start, stop, BATCH):
        high = min(low + BATCH, stop)
        made = SharingDecision.objects.bulk_create(
            SharingDecision(
                reference=f"ISD-B-{i:07d}",
                organisation=org,
                author=author,
                status="final",
                edition="hmg-2008",
                answers={"purpose": "yes", "legal_duty": "yes"},
                recommendation="share",
                basis="legal_duty",
                direction="sharing_out",
                recipient_organisation=recipient,
                purpose="Benchmark",
                outcome="shared",
                finalised_at=base - dt.timedelta(minutes=i),
                created_at=base - dt.timedelta(minutes=i),
            )
            for i in range(low, high)
        )
        through.objects.bulk_create(
            through(sharingdecision_id=d.pk, person_id=person_ids[(low + n) % len(person_ids)])
            for n, d in enumerate(made)
        )


def complete_draft(org, recipient, author, person) -> int:
    from infoshare.decisions.models import SharingDecision

    draft = SharingDecision.objects.create(
        reference=f"ISD-F-{time.perf_counter_ns()}",
        organisation=org,
        author=author,
        status="draft",
        edition="hmg-2008",
        answers={
            "risk_of_significant_harm": "no",
            "purpose": "yes",
            "legal_duty": "yes",
            "appropriate_and_secure": "yes",
        },
        direction="sharing_out",
        recipient_organisation=recipient,
        purpose="Benchmark",
        outcome="shared",
        reasons="A court order requires it",
        gateway="legal_requirement",
        article6=["art6_1_c"],
        information_categories=["education"],
        information_description="Attendance",
        method="secure_email",
        shared_on=dt.date(2026, 1, 5),
        person_told="yes",
    )
    draft.people.add(person)
    return draft.pk


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="2,000 people and 20,000 records")
    args = parser.parse_args()
    people, decisions = (2_000, 20_000) if args.quick else (200_000, 1_000_000)

    setup()
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from infoshare.core.roles import Role
    from infoshare.decisions.models import Person
    from infoshare.decisions.services.records import finalise_decision
    from infoshare.partnerships.tests.factories import MembershipFactory, OrganisationFactory

    with test_database():
        org: Any = OrganisationFactory(name="Bench council")
        recipient: Any = OrganisationFactory(name="Bench school", partnership=org.partnership)
        author: Any = MembershipFactory(organisation=org, role=Role.PRACTITIONER).person
        advisor: Any = MembershipFactory(organisation=org, role=Role.ADVISOR).person
        client = Client()
        client.force_login(advisor)
        list_url = reverse("decisions:organisation_decisions")
        # The author of every record: the heaviest "your decisions" page there can be.
        author_client = Client()
        author_client.force_login(author)
        mine_url = reverse("decisions:my_decisions")
        # A teacher at the school every record was shared with: the heaviest "shared with
        # your organisation" page there can be.
        teacher: Any = MembershipFactory(organisation=recipient, role=Role.PRACTITIONER).person
        teacher_client = Client()
        teacher_client.force_login(teacher)
        shared_url = reverse("decisions:shared_with_us")

        started = time.perf_counter()
        generate(org, recipient, author, min(people, 1_000), 0, 1_000)
        person: Any = Person.objects.filter(organisation=org).order_by("id").first()
        person_url = reverse("decisions:person_detail", kwargs={"person_id": person.pk})

        def list_page() -> None:
            assert client.get(list_url).status_code == 200

        def person_page() -> None:
            assert client.get(person_url).status_code == 200

        def mine_page() -> None:
            assert author_client.get(mine_url).status_code == 200

        def shared_page() -> None:
            assert teacher_client.get(shared_url).status_code == 200

        api_url = f"{reverse('api-1:decision_list')}?scope=organisation"

        def api_list() -> None:
            assert client.get(api_url).status_code == 200

        # The floor: a signed-in request through every middleware (session, person, roles)
        # whose view reads nothing but SELECT 1. /healthz is answered before the other
        # middleware for load balancers (core/healthz.py), so this client runs without that.
        from django.conf import settings
        from django.test import override_settings

        with override_settings(
            MIDDLEWARE=[m for m in settings.MIDDLEWARE if not m.endswith("HealthCheckMiddleware")]
        ):
            floor_client = Client()
            floor_client.force_login(advisor)
            assert floor_client.get("/healthz").status_code == 200  # builds its middleware

        def signed_in_floor() -> None:
            assert floor_client.get("/healthz").status_code == 200

        list_page()  # warm up: the first request also records the session
        person_page()
        mine_page()
        api_list()
        shared_page()
        small_counts = (
            count_queries(list_page),
            count_queries(person_page),
            count_queries(mine_page),
            count_queries(api_list),
            count_queries(shared_page),
        )
        generate(org, recipient, author, people, 1_000, decisions)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(
            f"generated {people:,} people and {decisions:,} records "
            f"in {time.perf_counter() - started:.0f} s on {connection.vendor}"
        )
        # Warm up again: the session is touched once a minute (eight more queries on that
        # one request), and generating the data took longer than that.
        list_page()
        mine_page()
        api_list()
        shared_page()
        big_counts = (
            count_queries(list_page),
            count_queries(person_page),
            count_queries(mine_page),
            count_queries(api_list),
            count_queries(shared_page),
        )

        names = (
            "string_agg(p.given_name || ' ' || p.family_name, ', ' "
            "ORDER BY p.family_name, p.given_name)"
            if connection.vendor == "postgresql"
            else "group_concat(p.given_name || ' ' || p.family_name, ', ')"
        )
        # The single query a person would write by hand for what each list shows: the
        # record's columns, the receiving organisation, and the names of the people.
        columns = (
            "d.id, d.reference, d.version, d.status, d.author_id, d.urgent, d.outcome, "
            "d.finalised_at, d.recipient_name, d.external_recipient, r.name, "
            f"(SELECT {names} FROM decisions_sharingdecision_people dp "
            "JOIN decisions_person p ON p.id = dp.person_id "
            "WHERE dp.sharingdecision_id = d.id) "
        )
        list_sql = raw(
            f"SELECT {columns}FROM decisions_sharingdecision d "
            "LEFT JOIN partnerships_organisation r ON r.id = d.recipient_organisation_id "
            "WHERE d.organisation_id = %s AND d.status = 'final' "
            "ORDER BY d.finalised_at DESC, d.id DESC LIMIT 26",
            [org.pk],
        )
        # What an advisor of the organisation may see (decisions_visible_to), about one person.
        person_sql = raw(
            f"SELECT {columns}FROM decisions_sharingdecision d "
            "LEFT JOIN partnerships_organisation r ON r.id = d.recipient_organisation_id "
            "JOIN decisions_sharingdecision_people about ON about.sharingdecision_id = d.id "
            "WHERE about.person_id = %s AND (d.author_id = %s "
            "OR (d.organisation_id = %s AND d.status IN ('final', 'superseded')) "
            "OR (d.recipient_organisation_id = %s AND d.status IN ('final', 'superseded') "
            "AND d.outcome IN ('shared', 'shared_in_part'))) "
            "ORDER BY d.updated_at DESC, d.id DESC LIMIT 26",
            [person.pk, advisor.pk, org.pk, org.pk],
        )
        # The API returns whole records: every column, the receiving organisation's name and
        # the people's names; one page of 25 and one more to know whether another follows.
        api_sql = raw(
            f"SELECT d.*, {columns[columns.index('r.name') :]}FROM decisions_sharingdecision d "
            "LEFT JOIN partnerships_organisation r ON r.id = d.recipient_organisation_id "
            "WHERE d.organisation_id = %s AND d.status = 'final' "
            "ORDER BY d.finalised_at DESC, d.id DESC LIMIT 26",
            [org.pk],
        )
        # What every API call cost before lists counted only up to a limit.
        count_all_sql = raw(
            "SELECT COUNT(*) FROM decisions_sharingdecision d "
            "WHERE d.organisation_id = %s AND d.status = 'final'",
            [org.pk],
        )
        mine_sql = raw(
            f"SELECT {columns}FROM decisions_sharingdecision d "
            "LEFT JOIN partnerships_organisation r ON r.id = d.recipient_organisation_id "
            "WHERE d.author_id = %s AND d.status <> 'superseded' "
            "ORDER BY d.updated_at DESC, d.id DESC LIMIT 26",
            [author.pk],
        )
        shared_sql = raw(
            f"SELECT {columns}, o.name FROM decisions_sharingdecision d "
            "JOIN partnerships_organisation o ON o.id = d.organisation_id "
            "LEFT JOIN partnerships_organisation r ON r.id = d.recipient_organisation_id "
            "WHERE d.recipient_organisation_id = %s AND d.status = 'final' "
            "AND d.outcome IN ('shared', 'shared_in_part') "
            "ORDER BY d.finalised_at DESC, d.id DESC LIMIT 26",
            [recipient.pk],
        )
        from infoshare.decisions.selectors import lists

        def list_query() -> None:
            found = lists.as_rows(lists.organisation_decisions(advisor, lists.Filters()))
            lists.rows_for(list(found[:26]))

        def person_query() -> None:
            lists.rows_for(list(lists.as_rows(lists.decisions_about(advisor, person))[:26]))

        drafts = iter([complete_draft(org, recipient, author, person) for _ in range(30)])

        def finalise() -> None:
            finalise_decision(actor=author, decision_id=next(drafts))

        updates = iter([complete_draft(org, recipient, author, person) for _ in range(30)])

        def finalise_sql() -> None:
            raw(
                "UPDATE decisions_sharingdecision SET status = 'final', finalised_at = %s "
                "WHERE id = %s",
                [dt.datetime.now(dt.UTC), next(updates)],
            )()

        rows = [
            (
                "measure",
                "median ms",
                "raw SQL ms",
                "ratio",
                "queries @1,000",
                f"queries @{decisions:,}",
            )
        ]
        for label, fn, sql, counts in (
            (
                "(a) organisation decision list page",
                list_page,
                list_sql,
                (small_counts[0], big_counts[0]),
            ),
            ("(a) the list's rows via its selector", list_query, list_sql, ("", "")),
            (
                "(a2) 'your decisions' page of the author of them all",
                mine_page,
                mine_sql,
                (small_counts[2], big_counts[2]),
            ),
            (
                "(a4) 'shared with your organisation' page of the school that received them all",
                shared_page,
                shared_sql,
                (small_counts[4], big_counts[4]),
            ),
            ("(b) person's page", person_page, person_sql, (small_counts[1], big_counts[1])),
            ("(b) the person's rows via its selector", person_query, person_sql, ("", "")),
            ("(c) finalise a record (service)", finalise, finalise_sql, ("-", "-")),
            (
                "(a3) API list, organisation scope",
                api_list,
                api_sql,
                (small_counts[3], big_counts[3]),
            ),
            ("for scale: counting every record in scope", count_all_sql, api_sql, ("", "")),
            ("for scale: any signed-in request (/healthz)", signed_in_floor, list_sql, ("", "")),
        ):
            page_s, sql_s = timed_side_by_side(fn, sql)
            rows.append(
                (
                    label,
                    f"{page_s * 1000:.1f}",
                    f"{sql_s * 1000:.2f}",
                    f"{page_s / sql_s:.1f}",
                    str(counts[0]),
                    str(counts[1]),
                )
            )
    report(rows)


if __name__ == "__main__":
    main()
