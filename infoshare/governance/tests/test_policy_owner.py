"""A policy's owner is someone the form offers: a senior lead or advisor of the
organisation, or a partnership administrator for a partnership policy. The service
applies the same rule, so a hand-made request cannot name a practitioner."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from infoshare.core.dates import years_ahead
from infoshare.core.errors import DomainError
from infoshare.core.roles import Role
from infoshare.governance import selectors, services
from infoshare.governance.models import Policy, PolicyLevel
from infoshare.governance.services.policies import MSG_NOT_AN_OWNER

#: A review date must be today or later: a year from the real today, never a fixed date.
REVIEW_DATE = years_ahead(1)
FIELDS: dict[str, Any] = {
    "title": "Information sharing policy",
    "kind": "policy",
    "body": "Share to keep children safe.",
    "review_date": REVIEW_DATE,
}


def _draft(actor: Any, home_org: Any) -> Policy:
    return services.create_policy(
        actor=actor, level=PolicyLevel.ORGANISATION, organisation_id=home_org.pk, **FIELDS
    )


@pytest.mark.parametrize(
    "role",
    [
        Role.PRACTITIONER,
        Role.MANAGER,
        Role.ORG_ADMIN,
        Role.BOARD_MEMBER,
        Role.AUDITOR,
        Role.PARTNERSHIP_ADMIN,
    ],
)
def test_the_service_refuses_an_owner_the_form_would_not_offer(
    advisor: Any, make_member: Any, home_org: Any, role: str
) -> None:
    person = make_member(role, home_org)
    offered = selectors.owner_choices(
        organisation_id=home_org.pk, partnership_id=home_org.partnership_id
    )
    assert person.pk not in {pk for pk, _ in offered}
    with pytest.raises(DomainError) as refused:
        services.create_policy(
            actor=advisor,
            level=PolicyLevel.ORGANISATION,
            organisation_id=home_org.pk,
            owner_id=person.pk,
            **FIELDS,
        )
    assert (refused.value.message, refused.value.field) == (MSG_NOT_AN_OWNER, "owner")
    policy = _draft(advisor, home_org)
    with pytest.raises(DomainError, match="Select an owner from the list"):
        services.update_policy(actor=advisor, policy_id=policy.pk, owner_id=person.pk, **FIELDS)
    policy.refresh_from_db()
    assert policy.owner_id == advisor.pk


def test_the_service_accepts_every_owner_the_form_offers(
    advisor: Any, senior_lead: Any, home_org: Any
) -> None:
    policy = _draft(advisor, home_org)
    offered = selectors.owner_choices(
        organisation_id=home_org.pk, partnership_id=home_org.partnership_id
    )
    assert {pk for pk, _ in offered} == {advisor.pk, senior_lead.pk}
    for pk, _ in offered:
        services.update_policy(actor=advisor, policy_id=policy.pk, owner_id=pk, **FIELDS)
        policy.refresh_from_db()
        assert policy.owner_id == pk


def test_a_partnership_policy_is_owned_by_a_partnership_admin_only(
    partnership_admin: Any, make_member: Any, home_org: Any
) -> None:
    practitioner = make_member(Role.PRACTITIONER, home_org)
    another_admin = make_member(Role.PARTNERSHIP_ADMIN, home_org)
    base: dict[str, Any] = {
        "actor": partnership_admin,
        "level": PolicyLevel.PARTNERSHIP,
        "organisation_id": None,
    }
    with pytest.raises(DomainError, match="Select an owner from the list"):
        services.create_policy(**base, owner_id=practitioner.pk, **FIELDS)
    policy = services.create_policy(**base, owner_id=another_admin.pk, **FIELDS)
    assert policy.owner_id == another_admin.pk


def test_a_hand_made_post_naming_a_practitioner_is_refused(
    client: Any, advisor: Any, practitioner: Any, home_org: Any
) -> None:
    policy = _draft(advisor, home_org)
    client.force_login(advisor)
    response = client.post(
        reverse("governance:policy_edit", kwargs={"policy_id": policy.pk}),
        {**FIELDS, "review_date": REVIEW_DATE.isoformat(), "owner": practitioner.pk},
    )
    assert "Select an owner from the list" in response.content.decode()
    policy.refresh_from_db()
    assert policy.owner_id == advisor.pk
