"""Who in a receiving organisation sees a record shared with it: the staff who work with
children and families there, not its administrators, board members or auditors (least
privilege, product principle 5)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from infoshare.core.roles import Role
from infoshare.decisions.tests.factories import make_decision, make_person

SEES = {Role.PRACTITIONER, Role.MANAGER, Role.ADVISOR, Role.SENIOR_LEAD}


@pytest.mark.parametrize("role", sorted(Role.values))
def test_a_record_shared_with_an_organisation_is_seen_only_by_its_case_workers(
    client: Any, make_member: Any, home_org: Any, other_org: Any, practitioner: Any, role: str
) -> None:
    person = make_person(organisation=home_org)
    shared = make_decision(
        author=practitioner,
        organisation=home_org,
        people=[person],
        recipient_organisation=other_org,
        external_recipient="",
    )
    client.force_login(make_member(role, other_org))
    paths = [
        reverse("decisions:decision_detail", kwargs={"decision_id": shared.pk}),
        reverse("decisions:decision_pdf", kwargs={"decision_id": shared.pk}),
        reverse("decisions:person_detail", kwargs={"person_id": person.pk}),
        f"/api/v1/decisions/{shared.pk}",
        f"/api/v1/people/{person.pk}",
    ]
    expected = 200 if role in SEES else 404
    for path in paths:
        response = client.get(path)
        assert response.status_code == expected, (role, path, response.status_code)
