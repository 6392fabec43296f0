"""Someone who administers two partnerships says which one a common standard, plan
priority or partnership policy is for: never the first by default. Someone who
administers one is not asked."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from infoshare.core.dates import years_ahead
from infoshare.core.errors import DomainError
from infoshare.governance import services
from infoshare.governance.models import CommonStandard, PlanPriority, Policy, PolicyLevel
from infoshare.partnerships.errors import NOT_YOUR_PARTNERSHIP, PARTNERSHIP_REQUIRED

#: A review date must be today or later: a year from the real today, never a fixed date.
REVIEW_DATE = years_ahead(1)
POLICY = {
    "title": "Sharing across the partnership",
    "kind": "policy",
    "body": "Share to keep children safe.",
    "review_date": REVIEW_DATE.isoformat(),
}


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("governance:standard_create", {"title": "Named advisor", "description": "Name one."}),
        ("governance:priority_create", {"title": "Early help", "description": ""}),
    ],
)
def test_an_admin_of_two_partnerships_is_asked_which(
    client: Any, two_hats: Any, partnership: Any, second: Any, stranger: Any, url: str, data: Any
) -> None:
    client.force_login(two_hats)
    page = client.get(reverse(url)).content.decode()
    assert "Which partnership is it for?" in page
    assert 'type="radio"' in page
    assert "Test Partnership" in page
    assert "Second Partnership" in page
    assert "Stranger Partnership" not in page

    missing = client.post(reverse(url), data)
    assert "Select the partnership" in missing.content.decode()
    assert 'href="#id_partnership' in missing.content.decode()
    foreign = client.post(reverse(url), {**data, "partnership": stranger.pk})
    assert "Select one of the partnerships you are an administrator of" in (
        foreign.content.decode()
    )
    assert not CommonStandard.objects.exists()
    assert not PlanPriority.objects.exists()

    made = client.post(reverse(url), {**data, "partnership": second.pk})
    assert made.status_code == 302
    item = CommonStandard.objects.first() or PlanPriority.objects.first()
    assert item is not None
    assert item.partnership_id == second.pk


@pytest.mark.parametrize(
    ("url", "data", "model"),
    [
        (
            "governance:standard_create",
            {"title": "Named advisor", "description": "Name one."},
            CommonStandard,
        ),
        ("governance:priority_create", {"title": "Early help", "description": ""}, PlanPriority),
    ],
)
def test_an_admin_of_one_partnership_is_not_asked(
    client: Any, partnership_admin: Any, partnership: Any, url: str, data: Any, model: Any
) -> None:
    client.force_login(partnership_admin)
    assert "Which partnership is it for?" not in client.get(reverse(url)).content.decode()
    assert client.post(reverse(url), data).status_code == 302
    assert model.objects.get().partnership_id == partnership.pk


def test_a_partnership_policy_names_its_partnership(
    client: Any, two_hats: Any, partnership: Any, second: Any
) -> None:
    client.force_login(two_hats)
    page = client.get(reverse("governance:policy_create")).content.decode()
    assert "Every organisation in Test Partnership" in page
    assert "Every organisation in Second Partnership" in page
    assert "Every organisation in the partnership" not in page

    vague = client.post(reverse("governance:policy_create"), {**POLICY, "where": "partnership"})
    assert "Select who the policy applies to" in vague.content.decode()
    assert not Policy.objects.exists()

    response = client.post(
        reverse("governance:policy_create"), {**POLICY, "where": f"partnership-{second.pk}"}
    )
    assert response.status_code == 302
    policy = Policy.objects.get()
    assert (policy.level, policy.partnership_id) == (PolicyLevel.PARTNERSHIP, second.pk)


def test_an_admin_of_one_partnership_writes_its_policy_as_before(
    client: Any, partnership_admin: Any, partnership: Any
) -> None:
    client.force_login(partnership_admin)
    page = client.get(reverse("governance:policy_create")).content.decode()
    assert "Every organisation in the partnership" in page
    response = client.post(reverse("governance:policy_create"), {**POLICY, "where": "partnership"})
    assert response.status_code == 302
    assert Policy.objects.get().partnership_id == partnership.pk


def test_the_services_refuse_to_guess_the_partnership(
    two_hats: Any, second: Any, stranger: Any
) -> None:
    for call in (
        lambda **extra: services.publish_common_standard(
            actor=two_hats, title="Named advisor", description="Name one.", **extra
        ),
        lambda **extra: services.add_plan_priority(actor=two_hats, title="Early help", **extra),
        lambda **extra: services.create_policy(
            actor=two_hats,
            level=PolicyLevel.PARTNERSHIP,
            organisation_id=None,
            title="Sharing",
            kind="policy",
            body="Share.",
            review_date=REVIEW_DATE,
            **extra,
        ),
    ):
        with pytest.raises(DomainError) as missing:
            call()
        assert (missing.value.message, missing.value.field) == (
            PARTNERSHIP_REQUIRED,
            "partnership",
        )
        with pytest.raises(DomainError) as foreign:
            call(partnership_id=stranger.pk)
        assert foreign.value.message == NOT_YOUR_PARTNERSHIP
        assert call(partnership_id=second.pk).partnership_id == second.pk
