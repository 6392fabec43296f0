"""Every decisions page and endpoint, for every role and a person from another
organisation, with made-up ids: never a 500, never another organisation's data."""

from __future__ import annotations

from typing import Any

import pytest

from infoshare.core.roles import Role
from infoshare.decisions.tests.factories import make_decision, make_person
from tests.urls import all_routes

ALLOWED = {200, 302, 400, 401, 403, 404, 405}


def decision_routes() -> list[Any]:
    return [
        route
        for route in all_routes()
        if route.name.startswith("decisions:")
        or route.name.startswith("api-1:decision")
        or route.name.startswith("api-1:people")
    ]


@pytest.mark.parametrize("role", sorted(Role.values))
def test_every_route_answers_every_role_without_error(
    client: Any, make_member: Any, home_org: Any, role: str
) -> None:
    client.force_login(make_member(role, home_org))
    for route in decision_routes():
        path = route.sample_path(key="purpose")
        response = client.get(path)
        assert response.status_code in ALLOWED, (route.name, path, response.status_code)


def test_another_organisation_gets_404_on_every_record_page(
    client: Any, foreign_org_user: Any, practitioner: Any, home_org: Any
) -> None:
    person = make_person(organisation=home_org)
    final = make_decision(author=practitioner, organisation=home_org, people=[person])
    draft = make_decision(
        author=practitioner, organisation=home_org, status="draft", finalised_at=None
    )
    client.force_login(foreign_org_user)
    for route in decision_routes():
        if "<int:decision_id>" not in route.pattern and "<int:person_id>" not in route.pattern:
            continue
        for decision in (final, draft):
            path = route.sample_path(decision_id=decision.pk, person_id=person.pk, key="purpose")
            response = client.get(path)
            assert response.status_code in {403, 404, 405}, (route.name, response.status_code)
            assert decision.reference not in response.content.decode()
