"""Staff list page: time and query count with 10 and 1,000 members, against the one raw
SQL query that reads the same page of people."""

from __future__ import annotations

from typing import Any

from harness import count_queries, raw, report, setup, test_database, timed_side_by_side


def main() -> None:
    setup()
    from django.test import Client
    from django.urls import reverse

    from infoshare.accounts.models import User
    from infoshare.core.roles import Role
    from infoshare.partnerships.models import Membership
    from infoshare.partnerships.tests.factories import MembershipFactory, OrganisationFactory

    rows = [("members", "queries", "page ms", "raw SQL ms", "ratio")]
    with test_database():
        client = Client()
        for size in (10, 1000):
            org: Any = OrganisationFactory(name=f"Bench org {size}")
            admin: Any = MembershipFactory(organisation=org, role=Role.ORG_ADMIN).person
            users = User.objects.bulk_create(
                User(email=f"b{size}-{i}@example.org", full_name=f"Bench Person {i:05d}")
                for i in range(size - 1)
            )
            Membership.objects.bulk_create(
                Membership(person=u, organisation=org, role=Role.PRACTITIONER) for u in users
            )
            client.force_login(admin)
            url = reverse("partnerships:staff_list", kwargs={"org_id": org.pk})

            def page(url: str = url) -> None:
                assert client.get(url).status_code == 200

            sql = raw(
                "SELECT u.id, u.full_name, u.email, m.role FROM accounts_user u "
                "JOIN partnerships_membership m ON m.person_id = u.id "
                "WHERE m.organisation_id = %s AND m.ends_on IS NULL "
                "ORDER BY u.full_name LIMIT 25",
                [org.pk],
            )
            page_s, raw_s = timed_side_by_side(page, sql)
            rows.append(
                (
                    str(size),
                    str(count_queries(page)),
                    f"{page_s * 1000:.1f}",
                    f"{raw_s * 1000:.2f}",
                    f"{page_s / raw_s:.0f}",
                )
            )
    report(rows)


if __name__ == "__main__":
    main()
