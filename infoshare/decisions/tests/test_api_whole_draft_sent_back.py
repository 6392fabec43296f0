"""A client that reads a draft and sends the whole of it back loses nothing: a field set
aside reads empty, and that empty value sent back leaves the value set aside alone (it
was dropped, and the details of a share were gone when the outcome was shared again).
What a change brings back by itself is named in the response's ``restored``, as what it
sets aside is in ``set_aside``; and the API documentation page says so."""

from __future__ import annotations

import html
from typing import Any

import pytest
from django.urls import reverse

from infoshare.decisions.models import SharingDecision
from infoshare.decisions.tests.test_api_decisions import Api
from infoshare.decisions.tests.test_services import complete_draft

pytestmark = pytest.mark.django_db

#: The share details ``complete_draft`` fills in, in the record's order.
SHARE_DETAILS = [
    "gateway",
    "article6",
    "information_categories",
    "information_description",
    "method",
    "shared_on",
    "person_told",
]
#: What the API reads, not what a client may send back.
READ_ONLY = {
    "id",
    "reference",
    "status",
    "organisation_id",
    "author_id",
    "edition",
    "version",
    "evaluation",
    "recommendation",
    "basis",
    "advice_on",
    "set_aside",
    "restored",
}


@pytest.fixture
def api(client: Any, practitioner: Any) -> Api:
    return Api(client, practitioner)


@pytest.fixture
def shared(practitioner: Any, home_org: Any) -> SharingDecision:
    return complete_draft(practitioner, home_org)


def patch(api: Api, decision_id: int, body: dict[str, Any]) -> Any:
    return api.call("patch", "decision_update", body, decision_id=decision_id)


def writable(body: dict[str, Any], api: Api) -> dict[str, Any]:
    """What a client sends back of a draft it read: the fields PATCH takes."""
    schema = api.client.get(reverse("api-1:openapi-json")).json()
    taken = set(schema["components"]["schemas"]["PatchIn"]["properties"])
    sent = {key: value for key, value in body.items() if key in taken and key not in READ_ONLY}
    # People are read as people, and sent as their ids.
    sent["people"] = [person["id"] for person in body["people"]]
    return sent


def test_sending_back_a_draft_as_read_keeps_the_share_details_set_aside(
    api: Api, shared: SharingDecision
) -> None:
    before = api.call("get", "decision_read", decision_id=shared.pk).json()
    changed = patch(api, shared.pk, {"outcome": "not_shared", "departure_reason": "Moved"})
    assert changed.status_code == 200
    body = changed.json()
    assert body["set_aside"] == SHARE_DETAILS
    assert body["restored"] == []
    sent = writable(body, api)
    assert {"gateway", "article6", "shared_on", "method"} <= set(sent)
    echoed = patch(api, shared.pk, sent)
    assert echoed.status_code == 200, echoed.json()
    assert echoed.json()["set_aside"] == []
    assert echoed.json()["restored"] == []
    draft = SharingDecision.objects.get(pk=shared.pk)
    assert set(draft.set_aside_details) == set(SHARE_DETAILS)
    # Shared again, every detail comes back, and the response names each.
    back = patch(api, shared.pk, {"outcome": "shared", "departure_reason": ""})
    assert back.status_code == 200
    body = back.json()
    assert body["restored"] == SHARE_DETAILS
    for field in SHARE_DETAILS:
        assert body[field] == before[field], field


def test_a_value_given_with_the_change_is_not_named_restored(
    api: Api, shared: SharingDecision
) -> None:
    patch(api, shared.pk, {"outcome": "not_shared", "departure_reason": "Moved"})
    back = patch(
        api, shared.pk, {"outcome": "shared", "departure_reason": "", "method": "letter"}
    ).json()
    assert back["method"] == "letter"
    assert back["restored"] == [field for field in SHARE_DETAILS if field != "method"]


def test_sending_back_answers_as_read_keeps_those_set_aside_and_restored_names_them(
    api: Api,
) -> None:
    draft_id = api.call("post", "decision_create", {}).json()["id"]
    answers = {
        "risk_of_significant_harm": "no",
        "purpose": "yes",
        "legal_duty": "no",
        "identifiable": "yes",
        "confidential": "yes",
        "consent": "refused",
        "public_interest": "yes",
        "appropriate_and_secure": "yes",
    }
    first = patch(api, draft_id, {"answers": answers}).json()
    assert first["restored"] == []
    given = patch(api, draft_id, {"answers": {"consent": "given"}}).json()
    assert given["set_aside"] == ["public_interest"]
    # The answers as read, without the one set aside, sent back: nothing is lost.
    echoed = patch(api, draft_id, {"answers": given["answers"]})
    assert echoed.status_code == 200
    assert echoed.json()["set_aside"] == []
    assert echoed.json()["restored"] == []
    back = patch(api, draft_id, {"answers": {"consent": "refused"}}).json()
    assert back["answers"] == answers
    assert back["restored"] == ["public_interest"]
    assert back["set_aside"] == []
    # An answer the client gives again itself is its own, not restored.
    patch(api, draft_id, {"answers": {"consent": "given"}})
    again = patch(api, draft_id, {"answers": {"consent": "refused", "public_interest": "no"}})
    assert again.json()["restored"] == []
    assert again.json()["answers"]["public_interest"] == "no"


def test_a_reason_for_departing_that_comes_back_is_named_restored(
    api: Api, shared: SharingDecision
) -> None:
    # The guidance recommends sharing: not sharing departs from it, with a reason.
    patch(api, shared.pk, {"outcome": "not_shared", "departure_reason": "Moved away"})
    in_line = patch(api, shared.pk, {"outcome": "shared"}).json()
    assert in_line["set_aside"] == ["departure_reason"]
    # The empty reason shown, sent back with the outcome departing again, changes nothing.
    back = patch(api, shared.pk, {"outcome": "not_shared", "departure_reason": ""}).json()
    assert back["departure_reason"] == "Moved away"
    assert back["restored"] == ["departure_reason"]


def test_the_patch_response_documents_restored(client: Any, db: Any) -> None:
    schema = client.get(reverse("api-1:openapi-json")).json()
    field = schema["components"]["schemas"]["DecisionChangedOut"]["properties"]["restored"]
    assert field["type"] == "array"
    assert "public_interest" in field["items"]["enum"]
    assert "gateway" in field["items"]["enum"]
    assert "brought back" in field["description"]
    assert (
        "changes nothing"
        in (
            schema["components"]["schemas"]["DecisionChangedOut"]["properties"]["set_aside"][
                "description"
            ]
        )
    )


def test_the_documentation_page_explains_set_aside_and_restored(client: Any, db: Any) -> None:
    page = client.get("/api-documentation").content.decode()
    block = page.split('id="infoshare_decisions_api_decisions_decision_update"', 1)[1]
    block = block.split('id="infoshare_decisions_api_decisions_decision_finalise"', 1)[0]
    text = html.unescape(block)
    assert "set_aside" in text
    assert "restored" in text
    assert "changes nothing" in text
    assert "clears a field that is" in text


def test_advice_got_elsewhere_is_described_as_needed_together_to_finalise(
    client: Any, db: Any
) -> None:
    schema = client.get(reverse("api-1:openapi-json")).json()
    fields = schema["components"]["schemas"]["DecisionOut"]["properties"]
    for name, other in (
        ("advice_elsewhere_from", "advice_elsewhere_said"),
        ("advice_elsewhere_said", "advice_elsewhere_from"),
    ):
        said = fields[name]["description"]
        assert f"needed together with {other} to finalise" in said
        assert "empty without" not in said
