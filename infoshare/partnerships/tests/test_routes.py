"""Every partnerships route, GET with made-up ids, by every role: never a server error."""

from __future__ import annotations

import pytest

from infoshare.core.roles import Role
from tests.urls import all_routes

ROUTES = [
    r
    for r in all_routes()
    if r.name.startswith("partnerships:")
    or r.name in {"api-1:organisation_list", "api-1:organisation_detail", "api-1:membership_list"}
]


@pytest.mark.parametrize("role", [*Role.values, "foreign"])
def test_made_up_ids_never_cause_a_server_error(
    client, make_member, home_org, foreign_org_user, role
):
    user = foreign_org_user if role == "foreign" else make_member(role, home_org)
    client.force_login(user)
    assert ROUTES
    for route in ROUTES:
        for path in (route.sample_path(), route.sample_path(org_id=home_org.pk)):
            status = client.get(path).status_code
            assert status in (200, 302, 403, 404, 405), (route.name, path, status)
