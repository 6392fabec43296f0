"""A policy's review date cannot be in the past; the page for changing a draft names the
policy in its title."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.urls import reverse

from infoshare.core.errors import ValidationFailed
from infoshare.governance import services
from infoshare.governance.models import Policy, PolicyStatus
from infoshare.governance.services.policies import MSG_REVIEW_IN_PAST
from infoshare.governance.tests.factories import make_policy

TODAY = dt.datetime(2026, 11, 27, 12, tzinfo=dt.UTC)


def _form(**extra: str) -> dict[str, str]:
    return {
        "title": "Information sharing policy",
        "kind": "policy",
        "body": "Share to keep children safe.",
        **extra,
    }


def _title(html: str) -> str:
    return html.split("<title>", 1)[1].split("</title>", 1)[0]


@pytest.mark.parametrize("review_date", ["2020-01-01", "2026-11-26"])
def test_a_review_date_before_today_is_refused_when_adding(
    client, advisor, home_org, review_date
) -> None:
    with mock.patch("django.utils.timezone.now", return_value=TODAY):
        client.force_login(advisor)  # signed in at the patched time
        response = client.post(
            reverse("governance:policy_create"),
            _form(where=str(home_org.pk), review_date=review_date),
        )
    page = response.content.decode()
    assert response.status_code == 400
    assert MSG_REVIEW_IN_PAST in page
    assert 'href="#id_review_date"' in page
    assert not Policy.objects.exists()


def test_today_is_an_acceptable_review_date(client, advisor, home_org) -> None:
    with mock.patch("django.utils.timezone.now", return_value=TODAY):
        client.force_login(advisor)  # signed in at the patched time
        response = client.post(
            reverse("governance:policy_create"),
            _form(where=str(home_org.pk), review_date="2026-11-27"),
        )
    assert response.status_code == 302
    assert Policy.objects.get().review_date == dt.date(2026, 11, 27)


def test_a_review_date_before_today_is_refused_when_changing_a_draft(
    client, advisor, home_org
) -> None:
    policy = make_policy(organisation=home_org, status=PolicyStatus.DRAFT, owner=advisor)
    client.force_login(advisor)
    url = reverse("governance:policy_edit", kwargs={"policy_id": policy.pk})
    response = client.post(url, _form(review_date="2020-01-01", owner=str(advisor.pk)))
    assert response.status_code == 400
    assert MSG_REVIEW_IN_PAST in response.content.decode()
    policy.refresh_from_db()
    assert policy.review_date != dt.date(2020, 1, 1)
    with pytest.raises(ValidationFailed) as caught:
        services.update_policy(
            actor=advisor,
            policy_id=policy.pk,
            title="t",
            kind="policy",
            body="b",
            review_date=dt.date(2020, 1, 1),
        )
    assert caught.value.fields == {"review_date": MSG_REVIEW_IN_PAST}


def test_the_change_page_title_names_the_policy_and_its_version(client, advisor, home_org) -> None:
    first = make_policy(organisation=home_org, status=PolicyStatus.DRAFT, title="Consent policy")
    second = make_policy(organisation=home_org, status=PolicyStatus.DRAFT, title="Records policy")
    client.force_login(advisor)
    titles = [
        _title(client.get(reverse("governance:policy_edit", args=[p.pk])).content.decode())
        for p in (first, second)
    ]
    assert titles == [
        "Change the draft: Consent policy \N{EN DASH} version 1 \N{EN DASH} Infoshare",
        "Change the draft: Records policy \N{EN DASH} version 1 \N{EN DASH} Infoshare",
    ]
