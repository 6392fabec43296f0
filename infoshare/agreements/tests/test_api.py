"""The agreements API: list, read, create a draft (idempotent), sign."""

from __future__ import annotations

import json
from typing import Any, get_args

import pytest
from django.urls import reverse

from infoshare.agreements import api, errors, services
from infoshare.agreements.models import Agreement, Status
from infoshare.agreements.services import drafts
from infoshare.core.roles import Role
from infoshare.partnerships.tests.factories import MembershipFactory


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


@pytest.mark.parametrize(
    "key",
    ["k" * 101, "two words", "tab\there", " padded ", "clé", "ключ"],
    ids=["too-long", "space", "tab", "padded", "latin-1", "cyrillic"],
)
def test_a_key_other_than_printable_ascii_is_refused_as_decisions_refuse_it(
    client, senior_lead, home_org, key
) -> None:
    client.force_login(senior_lead)
    response = _post(
        client, reverse("api-1:agreement_create"), _body(home_org), HTTP_IDEMPOTENCY_KEY=key
    )
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["Idempotency-Key"]
    assert not Agreement.objects.exists()


def test_a_key_of_100_printable_characters_is_kept_as_sent(client, senior_lead, home_org) -> None:
    key = "".join(chr(code) for code in range(0x21, 0x7F)) + "abcdef"
    assert len(key) == 100
    client.force_login(senior_lead)
    url = reverse("api-1:agreement_create")
    assert _post(client, url, _body(home_org), HTTP_IDEMPOTENCY_KEY=key).status_code == 201
    assert _post(client, url, _body(home_org), HTTP_IDEMPOTENCY_KEY=key).status_code == 200
    assert Agreement.objects.get().idempotency_key == key


def test_a_key_used_again_for_a_different_request_is_refused(
    client, senior_lead, home_org, other_org
) -> None:
    MembershipFactory(person=senior_lead, organisation=other_org, role=Role.SENIOR_LEAD)
    client.force_login(senior_lead)
    url = reverse("api-1:agreement_create")
    key = {"HTTP_IDEMPOTENCY_KEY": "key-1"}
    first = _post(client, url, _body(home_org), **key)
    assert first.status_code == 201
    changes: list[dict[str, Any]] = [
        {"title": "Another agreement"},
        {"lawful_bases": []},
        {"end_date": "2030-01-01"},
        {"lead_organisation_id": other_org.pk},
    ]
    for change in changes:
        again = _post(client, url, {**_body(home_org), **change}, **key)
        assert again.status_code == 409, change
        assert again.json()["error"] == {
            "code": "idempotency_key_reused",
            "message": errors.KEY_REUSED,
        }
    assert Agreement.objects.count() == 1
    same = _post(client, url, {**_body(home_org), "title": "  API agreement "}, **key)
    assert same.status_code == 200  # the same request, as the draft keeps it
    assert same.json()["id"] == first.json()["id"]


def test_after_the_draft_is_changed_a_retry_still_gets_it_but_not_for_another_lead(
    client, senior_lead, home_org, other_org
) -> None:
    MembershipFactory(person=senior_lead, organisation=other_org, role=Role.SENIOR_LEAD)
    client.force_login(senior_lead)
    url = reverse("api-1:agreement_create")
    key = {"HTTP_IDEMPOTENCY_KEY": "key-1"}
    made = _post(client, url, _body(home_org), **key).json()
    services.update_draft(actor=senior_lead, agreement_id=made["id"], title="Renamed on its page")
    retry = _post(client, url, _body(home_org), **key)
    assert retry.status_code == 200
    assert retry.json()["title"] == "Renamed on its page"
    elsewhere = _post(client, url, _body(other_org), **key)
    assert elsewhere.status_code == 409
    assert Agreement.objects.count() == 1


def test_only_the_request_that_made_the_draft_answers_201(
    client, senior_lead, home_org, monkeypatch
) -> None:
    """A request racing the first with the same key (it looked before the first saved its
    draft, then lost on the unique key) is answered 200 with the first one's draft."""
    client.force_login(senior_lead)
    url = reverse("api-1:agreement_create")
    key = {"HTTP_IDEMPOTENCY_KEY": "key-1"}
    won = _post(client, url, _body(home_org), **key)
    looked = iter([None])  # the loser's first look, before the winner's draft was saved
    real = drafts._made_with_key
    monkeypatch.setattr(drafts, "_made_with_key", lambda *a: next(looked, real(*a)))
    lost = _post(client, url, _body(home_org), **key)
    assert (won.status_code, lost.status_code) == (201, 200)
    assert lost.json()["id"] == won.json()["id"]
    assert Agreement.objects.count() == 1


def test_a_refusal_names_the_api_field(client, advisor, home_org, other_org) -> None:
    client.force_login(advisor)
    response = _post(client, reverse("api-1:agreement_create"), _body(other_org))
    assert response.status_code == 403
    assert response.json()["error"]["fields"] == {"lead_organisation_id": errors.CANNOT_CREATE_FOR}


def test_a_practitioner_cannot_create(client, practitioner, home_org) -> None:
    client.force_login(practitioner)
    response = _post(client, reverse("api-1:agreement_create"), _body(home_org))
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"


def test_signatories_sign_through_the_api(client, draft, senior_lead, other_signatory) -> None:
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


def test_paging_out_of_range_is_clamped_as_on_every_list(client, practitioner, active) -> None:
    client.force_login(practitioner)
    url = reverse("api-1:agreement_list")
    for query, shown in (
        ({"page": "9" * 30}, 0),
        ({"page": 0}, 1),
        ({"page_size": 0}, 1),
        ({"page_size": 1000}, 1),
        ({"page": 2, "page_size": 1}, 0),
    ):
        response = client.get(url, query)
        assert response.status_code == 200, query
        assert (response.json()["count"], len(response.json()["results"])) == (1, shown), query
    response = client.get(url, {"page": "x"})
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["page"]


def test_the_register_narrows_to_a_status_and_refuses_an_unknown_one(
    client, practitioner, active, senior_lead
) -> None:
    newer = services.start_new_version(actor=senior_lead, agreement_id=active.pk)
    client.force_login(practitioner)
    url = reverse("api-1:agreement_list")
    for status, expected in (("active", [active.pk]), ("draft", [newer.pk]), ("expired", [])):
        results = client.get(url, {"status": status}).json()["results"]
        assert [item["id"] for item in results] == expected, status
    assert get_args(api.StatusName) == tuple(Status.values)  # every status, and only those
    for status in ("zzz", "ACTIVE", ""):
        response = client.get(url, {"status": status})
        assert response.status_code == 400, status
        assert response.json()["error"]["code"] == "invalid"
        assert list(response.json()["error"]["fields"]) == ["status"], status


def test_signing_what_is_not_awaiting_signatures_is_a_conflict(client, draft, senior_lead) -> None:
    client.force_login(senior_lead)
    response = _post(client, reverse("api-1:agreement_sign", args=[draft.pk]), {})
    assert response.status_code == 409  # a state that forbids it, not a bad request
    assert response.json()["error"] == {"code": "not_awaiting", "message": errors.NOT_AWAITING}
    assert not draft.parties.filter(signed_at__isnull=False).exists()
