"""A draft shares nothing yet: the organisation a draft names as its recipient cannot
open the people it is about (their page and the API are "not found", as for someone who
does not exist) until the record is finalised; then they see the person's name."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from infoshare.core.roles import Role
from infoshare.decisions import services
from infoshare.decisions.tests.factories import make_decision, make_person
from infoshare.decisions.tests.test_api_decisions import Api


def test_a_person_in_a_draft_is_hidden_from_its_recipient_until_it_is_finalised(
    client: Any, practitioner: Any, home_org: Any, other_org: Any, make_member: Any
) -> None:
    person = make_person(organisation=home_org, given_name="Robin", family_name="Draftonly")
    draft = make_decision(
        author=practitioner,
        organisation=home_org,
        status="draft",
        finalised_at=None,
        outcome="shared",
        recipient_organisation=other_org,
        external_recipient="",
        people=[person],
    )
    receiving = make_member(Role.PRACTITIONER, other_org)
    api = Api(client, receiving)
    page = reverse("decisions:person_detail", kwargs={"person_id": person.pk})
    client.force_login(receiving)

    assert client.get(page).status_code == 404
    refused = api.call("get", "people_read", person_id=person.pk)
    assert refused.status_code == 404
    assert "Draftonly" not in refused.content.decode()

    services.finalise_decision(actor=practitioner, decision_id=draft.pk)

    shown = client.get(page)
    assert shown.status_code == 200
    assert "Draftonly" in shown.content.decode()
    read = api.call("get", "people_read", person_id=person.pk)
    assert read.status_code == 200
    assert read.json()["family_name"] == "Draftonly"
