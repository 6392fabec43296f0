"""A personal API token works only for an active account: someone made inactive by any
route (here directly in the database, so that their tokens were never revoked) is refused
with 401, as for a revoked token, and nothing is served."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from infoshare.accounts.models import ApiToken, User
from infoshare.accounts.services import create_api_token
from infoshare.decisions.tests.factories import make_decision


def _read(client: Any, secret: str, decision: Any) -> Any:
    url = reverse("api-1:decision_read", kwargs={"decision_id": decision.pk})
    return client.get(url, headers={"Authorization": f"Bearer {secret}"})


def test_the_token_of_an_inactive_person_is_refused(
    client: Any, practitioner: Any, home_org: Any
) -> None:
    own = make_decision(author=practitioner, organisation=home_org)
    _, secret = create_api_token(actor=practitioner, name="integration")
    assert _read(client, secret, own).status_code == 200

    practitioner.is_active = False
    practitioner.save(update_fields=["is_active"])
    assert ApiToken.objects.filter(user=practitioner, revoked_at__isnull=True).exists()

    response = _read(client, secret, own)

    assert response.status_code == 401, response.content
    assert response.json()["error"]["code"] == "bad_token"
    assert own.reference not in response.content.decode()
    # Active again, the same token works: the refusal is the account's state.
    User.objects.filter(pk=practitioner.pk).update(is_active=True)
    assert _read(client, secret, own).status_code == 200
