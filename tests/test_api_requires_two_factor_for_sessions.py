"""A session signed in with a password alone, by someone who has not set up two-factor
authentication, opens no API operation: the API answers 403 `mfa_required` (a page would
send them to set it up), and nothing is served, not even their own record."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from infoshare.core.roles import Role
from infoshare.decisions.tests.factories import make_decision


def test_a_session_without_two_factor_is_refused_by_the_api(
    client: Any, make_member: Any, home_org: Any
) -> None:
    person = make_member(Role.PRACTITIONER, home_org, with_mfa=False)
    own = make_decision(author=person, organisation=home_org)
    client.force_login(person)

    for url in (
        reverse("api-1:decision_list"),
        reverse("api-1:decision_read", kwargs={"decision_id": own.pk}),
    ):
        response = client.get(url)
        assert response.status_code == 403, (url, response.content)
        error = response.json()["error"]
        assert error["code"] == "mfa_required"
        assert "two-factor" in error["message"]
        assert own.reference not in response.content.decode()


def test_the_same_session_with_two_factor_is_served(
    client: Any, make_member: Any, home_org: Any
) -> None:
    """The refusal above is about two-factor authentication, not the role."""
    person = make_member(Role.PRACTITIONER, home_org)
    own = make_decision(author=person, organisation=home_org)
    client.force_login(person)
    response = client.get(reverse("api-1:decision_read", kwargs={"decision_id": own.pk}))
    assert response.status_code == 200
    assert response.json()["reference"] == own.reference
