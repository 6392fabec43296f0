"""An Idempotency-Key is the caller's own: two people of one organisation who happen to
send the same key each start their own draft, never receive a colleague's."""

from __future__ import annotations

from typing import Any

from infoshare.core.roles import Role
from infoshare.decisions.models import SharingDecision
from infoshare.decisions.tests.test_api_decisions import Api


def test_the_same_key_from_two_colleagues_starts_two_drafts(
    client: Any, practitioner: Any, make_member: Any, home_org: Any
) -> None:
    colleague = make_member(Role.PRACTITIONER, home_org)
    key = {"Idempotency-Key": "shared-key-1"}

    first = Api(client, practitioner).call("post", "decision_create", {}, headers=key)
    second = Api(client, colleague).call("post", "decision_create", {}, headers=key)

    assert (first.status_code, second.status_code) == (201, 201), second.content
    assert first.json()["id"] != second.json()["id"]
    authors = dict(SharingDecision.objects.values_list("id", "author_id"))
    assert authors == {first.json()["id"]: practitioner.pk, second.json()["id"]: colleague.pk}

    # Each one's retry still returns their own draft.
    again = Api(client, colleague).call("post", "decision_create", {}, headers=key)
    assert again.status_code == 200
    assert again.json()["id"] == second.json()["id"]
