"""What a client sends to a draft through the API is stored or refused, never dropped:
an answer to a question that the answers it results in take out of play is refused (400,
named with every other bad field, saying why the question is not asked), and the answers
given earlier that a change takes out of play are set aside as documented and named in
the response (``set_aside``). Answers sent with consent given and a doubt about the public
interest were stored without the doubt, and the draft recommended sharing where the
evaluate endpoint, on the same answers, said to seek advice."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from infoshare.audit.models import AuditEvent
from infoshare.decisions.models import SharingDecision
from infoshare.decisions.tests.test_api_decisions import Api
from infoshare.decisions.tests.test_flow import question

pytestmark = pytest.mark.django_db

CONSENT_GIVEN_IN_DOUBT = {
    "purpose": "yes",
    "legal_duty": "no",
    "identifiable": "yes",
    "confidential": "yes",
    "consent": "given",
    "public_interest": "not_sure",
}
PUBLIC_INTEREST_REFUSED = "public_interest is not asked when consent is given: leave it out"


@pytest.fixture
def api(client: Any, practitioner: Any) -> Api:
    return Api(client, practitioner)


@pytest.fixture
def draft_id(api: Api) -> int:
    return int(api.call("post", "decision_create", {}).json()["id"])


def patch(api: Api, draft_id: int, body: dict[str, Any]) -> Any:
    return api.call("patch", "decision_update", body, decision_id=draft_id)


def test_an_answer_to_a_question_out_of_play_is_refused_not_dropped(
    api: Api, draft_id: int
) -> None:
    # What the evaluate endpoint says of these answers: seek advice.
    evaluated = api.call("post", "decision_support_evaluate", {"answers": CONSENT_GIVEN_IN_DOUBT})
    assert evaluated.json()["recommendation"] == "seek_advice"
    response = patch(api, draft_id, {"answers": CONSENT_GIVEN_IN_DOUBT})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["fields"] == {"answers.public_interest": PUBLIC_INTEREST_REFUSED}
    assert error["message"] == f"answers.public_interest: {PUBLIC_INTEREST_REFUSED}"
    # Nothing is saved, and no change is audited.
    assert SharingDecision.objects.get(pk=draft_id).answers == {}
    assert not AuditEvent.objects.filter(action="decisions.draft_updated").exists()
    # Without it, the answers are stored as sent.
    sent = {key: value for key, value in CONSENT_GIVEN_IN_DOUBT.items() if key != "public_interest"}
    stored = patch(api, draft_id, {"answers": sent})
    assert stored.status_code == 200
    assert stored.json()["answers"] == sent


def test_a_legal_duty_with_a_consent_position_names_each_answer_out_of_play(
    api: Api, draft_id: int
) -> None:
    response = patch(
        api,
        draft_id,
        {"answers": {"purpose": "yes", "legal_duty": "yes", "consent": "refused"}},
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "answers.consent": "consent is not asked when legal_duty is yes: leave it out"
    }
    # Each one, in one 400 with every other bad field.
    response = patch(
        api,
        draft_id,
        {
            "outcome": "maybe",
            "answers": {
                "purpose": "yes",
                "legal_duty": "yes",
                "identifiable": "yes",
                "consent": "refused",
                "public_interest": "yes",
                "confidential": "perhaps",
            },
        },
    )
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert set(fields) == {
        "outcome",
        "answers.confidential",  # not a valid answer: refused on its own account
        "answers.identifiable",
        "answers.consent",
        "answers.public_interest",
    }
    assert fields["answers.identifiable"] == (
        "identifiable is not asked when legal_duty is yes: leave it out"
    )
    assert fields["answers.public_interest"] == (
        "public_interest is not asked when legal_duty is yes: leave it out"
    )
    assert SharingDecision.objects.get(pk=draft_id).answers == {}


def test_the_answer_that_takes_a_question_out_of_play_is_the_one_named(
    api: Api, draft_id: int
) -> None:
    answers = {
        "purpose": "yes",
        "legal_duty": "no",
        "identifiable": "yes",
        "confidential": "yes",
        "consent": "not_sought",
        "consent_not_sought_reason": "other",
        "public_interest": "yes",
    }
    response = patch(api, draft_id, {"answers": answers})
    assert response.json()["error"]["fields"] == {
        "answers.public_interest": (
            "public_interest is not asked when consent_not_sought_reason is other: leave it out"
        )
    }
    # Stored earlier, then sent alone while out of play: refused too.
    del answers["public_interest"]
    assert patch(api, draft_id, {"answers": answers}).status_code == 200
    response = patch(api, draft_id, {"answers": {"public_interest": "no"}})
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["answers.public_interest"]
    # While a question before it is open or in doubt, a later answer may still be asked,
    # and is kept.
    response = patch(api, draft_id, {"answers": {"consent_not_sought_reason": None}})
    assert response.status_code == 200
    kept = patch(api, draft_id, {"answers": {"public_interest": "no"}})
    assert kept.status_code == 200
    assert kept.json()["answers"]["public_interest"] == "no"


def test_answers_given_earlier_that_a_change_takes_out_of_play_are_set_aside_and_named(
    api: Api, draft_id: int
) -> None:
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
    first = patch(api, draft_id, {"answers": answers})
    assert first.status_code == 200
    assert first.json()["set_aside"] == []
    changed = patch(api, draft_id, {"answers": {"consent": "given"}})
    assert changed.status_code == 200
    body = changed.json()
    assert body["set_aside"] == ["public_interest"]
    assert "public_interest" not in body["answers"]
    assert body["evaluation"]["recommendation"] == "share"
    # Named once, by the change that set it aside; another change names none.
    assert patch(api, draft_id, {"purpose": "To keep her safe"}).json()["set_aside"] == []
    # Back in play, it comes back by itself.
    back = patch(api, draft_id, {"answers": {"consent": "refused"}}).json()
    assert back["answers"] == answers
    assert back["set_aside"] == []


def test_the_patch_response_documents_set_aside(client: Any, db: Any) -> None:
    schema = client.get(reverse("api-1:openapi-json")).json()
    operation = schema["paths"]["/api/v1/decisions/{decision_id}"]["patch"]
    ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    assert ref.endswith("/DecisionChangedOut")
    field = schema["components"]["schemas"]["DecisionChangedOut"]["properties"]["set_aside"]
    assert field["type"] == "array"
    assert "public_interest" in field["items"]["enum"]
    assert "out of play" in field["description"]
    said = schema["components"]["schemas"]["PatchIn"]["description"]
    assert "stored or refused, never dropped" in said
    assert "`set_aside`" in said


def test_the_pages_still_set_aside_what_a_change_puts_out_of_play(
    signed_in_practitioner: Any, draft: Any
) -> None:
    """The flow asks one question a page; what it sets aside comes back as before."""
    client = signed_in_practitioner
    for key, value in (
        ("purpose", "yes"),
        ("legal_duty", "no"),
        ("identifiable", "yes"),
        ("confidential", "yes"),
        ("consent", "refused"),
        ("public_interest", "yes"),
    ):
        assert client.post(question(draft, key), {"answer": value}).status_code == 302
    assert client.post(question(draft, "consent"), {"answer": "given"}).status_code == 302
    draft.refresh_from_db()
    assert draft.set_aside_answers == {"public_interest": "yes"}
