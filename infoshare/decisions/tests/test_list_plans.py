"""The list queries are served in order by their indexes, so a page reads about one page of
rows however many records there are (checked on SQLite, whose plans are deterministic;
the benchmark measures both databases at a million records)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from infoshare.decisions.selectors import lists
from infoshare.decisions.tests.factories import make_decision

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="query plans are checked on SQLite"
)


def _plan(queryset: Any) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return "\n".join(str(row[-1]) for row in cursor.fetchall())


def test_your_decisions_walk_the_author_index_without_sorting(
    practitioner: Any, home_org: Any
) -> None:
    make_decision(author=practitioner, organisation=home_org)
    plan = _plan(lists.as_rows(lists.my_decisions(practitioner, lists.Filters()))[:26])
    assert "USING INDEX decision_author_recent" in plan
    assert "TEMP B-TREE FOR ORDER BY" not in plan


def test_the_organisation_list_walks_its_index(advisor: Any, home_org: Any) -> None:
    make_decision(organisation=home_org)
    plan = _plan(lists.as_rows(lists.organisation_decisions(advisor, lists.Filters()))[:26])
    assert "USING INDEX decision_org_list" in plan
    # Only ties on the same finalised time are sorted (by id), never the whole list.
    assert "TEMP B-TREE FOR ORDER BY" not in plan


def test_the_team_list_walks_the_organisation_index(
    manager: Any, practitioner: Any, home_org: Any
) -> None:
    from infoshare.partnerships.models import Membership, Team

    team = Team.objects.create(organisation=home_org, name="Early help")
    Membership.objects.filter(person__in=[manager, practitioner]).update(team=team)
    make_decision(author=practitioner, organisation=home_org)
    plan = _plan(lists.as_rows(lists.team_decisions(manager, lists.Filters()))[:26])
    assert "USING INDEX decision_org_list" in plan
    assert "TEMP B-TREE FOR ORDER BY" not in plan


def test_the_shared_with_us_list_walks_the_recipient_index(
    make_member: Any, home_org: Any, other_org: Any
) -> None:
    from infoshare.core.roles import Role

    teacher = make_member(Role.PRACTITIONER, other_org)
    make_decision(organisation=home_org, recipient_organisation=other_org)
    plan = _plan(
        lists.as_rows(lists.shared_with_us(teacher, lists.Filters()), with_sender=True)[:26]
    )
    assert "USING INDEX decision_recipient_recent" in plan
    assert "TEMP B-TREE FOR ORDER BY" not in plan
