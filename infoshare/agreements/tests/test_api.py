"""The agreements API: list, read, create a draft (idempotent), sign."""

from __future__ import annotations

import json

from django.urls import reverse

from infoshare.agreements.models import Agreement, Status
from infoshare.core.roles import Role


def _post(client, url, body, **headers):
    return client.post(url, json.dumps(body), content_type="application/json", **headers)


def _body(home_org) -> dict:
    return {
        "lead_organisation_id": home_org.pk,
        "title": "API agreement",
        "kind": "overarching_protocol",
        "purpose": "Systematic sharing",
        "lawful_bases": ["art6_e"],
        "review_date": "2027-05-01",
    }


def test_staff_list_and_read_agreements(client, practitioner, active) -> None:
    client.force_login(practitioner)
    listing = client.get(reverse("api-1:agreement_list")).json()
    assert listing["count"] == 1
    assert listing["results"][0]["title"] == "Early help data sharing"
    detail = client.get(reverse("api-1:agreement_detail", args=[active.pk])).json()
    assert detail["status"] == "active"
    assert {party["name"] for party in detail["parties"]} == {"Home Council", "Other School"}


def test_an_unknown_agreement_is_a_404_in_the_error_shape(client, practitioner) -> None:
    client.force_login(practitioner)
    response = client.get(reverse("api-1:agreement_detail", args=[999999]))
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_a_senior_lead_creates_a_draft(client, senior_lead, home_org) -> None:
    client.force_login(senior_lead)
    response = _post(client, reverse("api-1:agreement_create"), _body(home_org))
    assert response.status_code == 201
    assert response.json()["status"] == "draft"
    assert str(Agreement.objects.get().review_date) == "2027-05-01"


def test_the_same_idempotency_key_returns_the_same_draft(client, senior_lead, home_org) -> None:
    client.force_login(senior_lead)
    url = reverse("api-1:agreement_create")
    first = _post(client, url, _body(home_org), HTTP_IDEMPOTENCY_KEY="key-1")
    second = _post(client, url, _body(home_org), HTTP_IDEMPOTENCY_KEY="key-1")
    assert first.status_code == 201
    assert second.status_code == 200
    assert first.json()["id"] == second.json()["id"]
    third = _post(client, url, _body(home_org), HTTP_IDEMPOTENCY_KEY="key-2")
    assert third.status_code == 201
    assert Agreement.objects.count() == 2


def test_the_same_key_from_another_person_makes_their_own_draft(
    client, senior_lead, make_member, home_org
) -> None:
    other = make_member(Role.ADVISOR, home_org)
    url = reverse("api-1:agreement_create")
    client.force_login(senior_lead)
    first = _post(client, url, _body(home_org), HTTP_IDEMPOTENCY_KEY="shared")
    client.force_login(other)
    second = _post(client, url, _body(home_org), HTTP_IDEMPOTENCY_KEY="shared")
    assert second.status_code == 201
    assert first.json()["id"] != second.json()["id"]


def test_bad_input_names_each_field(client, senior_lead, home_org) -> None:
    client.force_login(senior_lead)
    body = {**_body(home_org), "title": "", "kind": "treaty", "lawful_bases": ["art6_z"]}
    response = _post(client, reverse("api-1:agreement_create"), body)
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert set(fields) >= {"title", "kind", "lawful_bases"}
    malformed = _post(client, reverse("api-1:agreement_create"), {"title": 3, "review_date": "x"})
    assert malformed.status_code == 400
    assert "lead_organisation_id" in malformed.json()["error"]["fields"]
    assert not Agreement.objects.exists()


def test_a_too_long_idempotency_key_is_refused(client, senior_lead, home_org) -> None:
    client.force_login(senior_lead)
    response = _post(
        client, reverse("api-1:agreement_create"), _body(home_org), HTTP_IDEMPOTENCY_KEY="k" * 101
    )
    assert response.status_code == 400
    assert not Agreement.objects.exists()


def test_a_practitioner_cannot_create(client, practitioner, home_org) -> None:
    client.force_login(practitioner)
    response = _post(client, reverse("api-1:agreement_create"), _body(home_org))
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"


def test_signatories_sign_through_the_api(client, draft, senior_lead, other_signatory) -> None:
    from infoshare.agreements import services

    services.submit_for_signature(actor=senior_lead, agreement_id=draft.pk)
    url = reverse("api-1:agreement_sign", args=[draft.pk])
    client.force_login(senior_lead)
    assert _post(client, url, {}).status_code == 200
    again = _post(client, url, {})
    assert again.status_code == 403
    assert again.json()["error"]["code"] == "not_signatory"
    client.force_login(other_signatory)
    response = _post(client, url, {})
    assert response.json()["status"] == Status.ACTIVE


def test_a_foreign_senior_lead_cannot_sign_for_another_organisation(
    client, draft, senior_lead, foreign_org_user, home_org
) -> None:
    from infoshare.agreements import services

    services.submit_for_signature(actor=senior_lead, agreement_id=draft.pk)
    party = draft.parties.get(organisation=home_org)
    client.force_login(foreign_org_user)
    response = _post(
        client, reverse("api-1:agreement_sign", args=[draft.pk]), {"party_id": party.pk}
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "not_signatory"
    party.refresh_from_db()
    assert party.signed_at is None


def test_paging_out_of_range_is_a_400_not_a_crash(client, practitioner, active) -> None:
    client.force_login(practitioner)
    url = reverse("api-1:agreement_list")
    for query in ({"page": "9" * 30}, {"page": 0}, {"page_size": 1000}, {"page": "x"}):
        response = client.get(url, query)
        assert response.status_code == 400, query
        assert response.json()["error"]["code"] == "invalid"
    response = client.get(url, {"page": 2, "page_size": 1})
    assert response.json() == {"count": 1, "results": []}
