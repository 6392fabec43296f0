"""Partnership-wide roles count across their own partnership only. A board member, a
partnership administrator and an auditor of another partnership open none of an
organisation's pages (every route with an `org_id`, pages and API): each is refused, 403
or "not found". The expectation is written here, not computed with `core.access.allows`
(as the role matrix does), so that a mistake in `allows` fails this test."""

from __future__ import annotations

import json
from typing import Any

import pytest

from infoshare.core.roles import Role
from infoshare.partnerships.tests.factories import OrganisationFactory
from tests.test_role_matrix import Probe, _probes

#: The partnership-wide roles, listed here rather than read from ``PARTNERSHIP_ROLES``.
WIDE_ROLES = [Role.BOARD_MEMBER, Role.PARTNERSHIP_ADMIN, Role.AUDITOR]


def _organisation_pages(org_id: int) -> list[Probe]:
    pages = [probe for probe in _probes(org_id) if probe.org_id == org_id]
    assert len(pages) > 10  # the enumeration found the organisation's routes
    return pages


def _refused(response: Any, path: str) -> bool:
    if response.status_code not in (403, 404):
        return False
    if path.startswith("/api/"):
        return "error" in json.loads(response.content)
    return True


@pytest.mark.parametrize("role", WIDE_ROLES)
def test_a_partnership_role_elsewhere_opens_no_page_of_the_organisation(
    client: Any, make_member: Any, home_org: Any, second: Any, role: str
) -> None:
    elsewhere = make_member(role, OrganisationFactory(partnership=second, name="Second Council"))
    client.raise_request_exception = False  # a 5xx is a finding, not a crash of the test
    client.force_login(elsewhere)

    served = [
        f"{probe.path} ({probe.name}): {response.status_code}"
        for probe in _organisation_pages(home_org.pk)
        if not _refused(response := client.get(probe.path), probe.path)
    ]

    assert served == [], "\n".join(served)


@pytest.mark.parametrize("role", WIDE_ROLES)
def test_the_same_role_in_the_organisations_own_partnership_opens_some_of_them(
    client: Any, make_member: Any, home_org: Any, other_org: Any, role: str
) -> None:
    """The refusals above are about the partnership: held in the home partnership (at
    another of its organisations), the same role opens some of these pages."""
    client.force_login(make_member(role, other_org))
    served = [
        probe.path
        for probe in _organisation_pages(home_org.pk)
        if client.get(probe.path).status_code == 200
    ]
    assert served
