"""Nothing typed is lost: an answer, or a detail of the share, that a change puts out of
play is set aside and comes back when the change is undone; and "Finalise the record"
finalises only what its page showed. Each test pins a way work was lost in a live pass of
the flow."""

from __future__ import annotations

import re
from typing import Any

from infoshare.decisions.models import SharingDecision, Status
from infoshare.decisions.services.records import DRAFT_CHANGED_MESSAGE
from infoshare.decisions.tests.factories import CONSENT_ANSWERS
from infoshare.decisions.tests.finalising import press_finalise
from infoshare.decisions.tests.test_api_decisions import Api
from infoshare.decisions.tests.test_flow import (
    first_pages,
    main_of,
    question,
    record_sharing_details,
    url,
)

#: Consent not sought, for a reason that allows sharing in the public interest.
NOT_SOUGHT = CONSENT_ANSWERS | {
    "consent": "not_sought",
    "consent_not_sought_reason": "undue_delay",
    "public_interest": "yes",
}


def answer(client: Any, draft: Any, answers: dict[str, str]) -> None:
    for key, value in answers.items():
        response = client.post(question(draft, key), {"answer": value})
        assert response.status_code == 302, key


def change(client: Any, draft: Any, key: str, value: str) -> str:
    """Changes an answer from check answers; where the flow goes next."""
    response = client.post(f"{question(draft, key)}?return=check", {"answer": value})
    assert response.status_code == 302, key
    return str(response.url)


def saved(draft: Any) -> SharingDecision:
    return SharingDecision.objects.get(pk=draft.pk)


# 1. Answers to questions a change put out of play come back when it is undone.


def test_legal_duty_yes_then_no_again_brings_every_later_answer_back(
    signed_in_practitioner: Any, draft: Any
) -> None:
    client = signed_in_practitioner
    answer(client, draft, NOT_SOUGHT)
    check = url("check_answers", draft)
    assert change(client, draft, "legal_duty", "yes") == check
    assert set(saved(draft).answers) == {
        "risk_of_significant_harm",
        "purpose",
        "legal_duty",
        "appropriate_and_secure",
    }
    # Back to "No": nothing is asked again; check answers shows every earlier answer.
    assert change(client, draft, "legal_duty", "no") == check
    assert saved(draft).answers == NOT_SOUGHT
    body = main_of(client.get(check).content.decode())
    for shown in ("Is the information confidential?", "Why has consent not been sought?"):
        assert shown in body
    assert "Is there sufficient public interest to share without consent?" in body
    assert saved(draft).set_aside_answers == {}


def test_consent_changed_and_back_keeps_the_reason_and_the_public_interest(
    signed_in_practitioner: Any, draft: Any
) -> None:
    client = signed_in_practitioner
    answer(client, draft, NOT_SOUGHT)
    check = url("check_answers", draft)
    assert change(client, draft, "consent", "given") == check
    assert "public_interest" not in saved(draft).answers
    assert change(client, draft, "consent", "not_sought") == check
    assert saved(draft).answers == NOT_SOUGHT
    # Refused: the public interest is asked again only if it was never answered.
    assert change(client, draft, "consent", "given") == check
    assert change(client, draft, "consent", "refused") == check
    assert saved(draft).answers["public_interest"] == "yes"
    assert "consent_not_sought_reason" not in saved(draft).answers
    assert change(client, draft, "consent", "not_sought") == check
    assert saved(draft).answers == NOT_SOUGHT


def test_a_doubt_out_of_play_does_not_make_the_recommendation_seek_advice(
    signed_in_practitioner: Any, draft: Any
) -> None:
    client = signed_in_practitioner
    answer(client, draft, CONSENT_ANSWERS | {"consent": "refused", "public_interest": "not_sure"})
    recommendation = url("recommendation", draft)
    assert "Seek advice" in client.get(recommendation).content.decode()
    change(client, draft, "consent", "given")
    assert "public_interest" not in saved(draft).answers
    assert "You can share the information" in client.get(recommendation).content.decode()
    # In play again: the doubt comes back with it, and so does the advice.
    change(client, draft, "consent", "refused")
    assert saved(draft).answers["public_interest"] == "not_sure"
    assert "Seek advice" in client.get(recommendation).content.decode()


def test_the_api_sets_aside_and_brings_back_the_same_way_and_a_new_answer_wins(
    client: Any, practitioner: Any
) -> None:
    api = Api(client, practitioner)
    draft_id = api.call("post", "decision_create", {}).json()["id"]

    def patch(answers: dict[str, Any]) -> dict[str, Any]:
        response = api.call("patch", "decision_update", {"answers": answers}, decision_id=draft_id)
        assert response.status_code == 200, response.json()
        body: dict[str, Any] = response.json()
        # What is set aside is named (never its stored values), not dropped unseen.
        assert not any(key.startswith("set_aside_") for key in body)
        return body

    assert patch(NOT_SOUGHT)["set_aside"] == []
    body = patch({"legal_duty": "yes"})
    assert "identifiable" not in body["answers"]
    assert body["set_aside"] == [
        "identifiable",
        "confidential",
        "consent",
        "consent_not_sought_reason",
        "public_interest",
    ]
    body = patch({"legal_duty": "no"})
    assert (body["answers"], body["set_aside"]) == (NOT_SOUGHT, [])
    # An answer sent while its question is out of play is refused, not set aside unseen;
    # sent with the change that puts it back in play, it wins over the one set aside.
    patch({"legal_duty": "yes"})
    refused = api.call(
        "patch", "decision_update", {"answers": {"consent": "given"}}, decision_id=draft_id
    )
    assert refused.status_code == 400
    assert list(refused.json()["error"]["fields"]) == ["answers.consent"]
    assert patch({"legal_duty": "no", "consent": "given"})["answers"]["consent"] == "given"
    # Removed while out of play: it stays removed, and is asked.
    patch({"legal_duty": "yes", "consent": None})
    body = patch({"legal_duty": "no"})
    assert "consent" not in body["answers"]
    assert body["evaluation"]["recommendation"] == "incomplete"


# 2. The details of a share are kept while the outcome is "not shared".


def test_not_shared_then_shared_again_keeps_the_details_of_the_share(
    signed_in_practitioner: Any, draft: Any, home_org: Any, other_org: Any
) -> None:
    client = signed_in_practitioner
    first_pages(client, draft, home_org, other_org)
    answer(client, draft, CONSENT_ANSWERS)
    client.post(url("outcome", draft), {"outcome": "shared", "reasons": "Consent given"})
    record_sharing_details(client, draft)
    outcome = f"{url('outcome', draft)}?return=finalise"
    not_shared = {
        "outcome": "not_shared",
        "reasons": "Wait",
        "departure_reason_not_shared": "Moved",
    }
    assert client.post(outcome, not_shared).url == url("finalise", draft)
    summary = main_of(client.get(url("finalise", draft)).content.decode())
    assert "Missed 10 days" not in summary
    assert "Secure email" not in summary
    assert saved(draft).facts == ""
    assert "it comes back if you change this to shared" in client.get(outcome).content.decode()
    # Shared after all: back to the summary, with everything entered before.
    response = client.post(outcome, {"outcome": "shared", "reasons": "Consent given"})
    assert response.url == url("finalise", draft)
    summary = main_of(client.get(url("finalise", draft)).content.decode())
    assert "Missed 10 days" in summary
    assert "Secure email" in summary
    assert "not complete" not in summary
    assert press_finalise(client, draft).url == url("confirmation", draft)
    record = saved(draft)
    assert (record.facts, record.method, record.person_told) == (
        "Missed 10 days",
        "secure_email",
        "yes",
    )
    assert record.set_aside_details == {}
    assert record.set_aside_answers == {}


def test_a_record_finalised_as_not_shared_carries_no_details_of_a_share(
    signed_in_practitioner: Any, draft: Any, home_org: Any, other_org: Any, practitioner: Any
) -> None:
    client = signed_in_practitioner
    first_pages(client, draft, home_org, other_org)
    answer(client, draft, NOT_SOUGHT)
    client.post(url("outcome", draft), {"outcome": "shared", "reasons": "Public interest"})
    record_sharing_details(client, draft)
    change(client, draft, "legal_duty", "yes")  # answers set aside, too
    client.post(
        url("outcome", draft),
        {
            "outcome": "not_shared",
            "reasons": "Not needed",
            "departure_reason_not_shared": "Duty lapsed",
        },
    )
    assert saved(draft).set_aside_answers
    assert press_finalise(client, draft).url == url("confirmation", draft)
    record = saved(draft)
    assert record.status == Status.FINAL
    assert (record.set_aside_answers, record.set_aside_details) == ({}, {})
    read = Api(client, practitioner).call("get", "decision_read", decision_id=draft.pk).json()
    assert (read["facts"], read["method"], read["shared_on"]) == ("", "", None)
    assert "consent_not_sought_reason" not in read["answers"]
    page = client.get(url("decision_detail", draft)).content.decode()
    assert "Missed 10 days" not in page
    assert "Why has consent not been sought?" not in page


def test_a_reason_for_departing_comes_back_when_the_decision_departs_again(
    signed_in_practitioner: Any, draft: Any, home_org: Any, other_org: Any
) -> None:
    client = signed_in_practitioner
    first_pages(client, draft, home_org, other_org)
    answer(client, draft, CONSENT_ANSWERS)
    reasons = {
        "outcome": "not_shared",
        "reasons": "Not now",
        "departure_reason_not_shared": "Moved away",
    }
    client.post(url("outcome", draft), reasons)
    # Consent refused, no public interest: not sharing now matches the recommendation.
    change(client, draft, "consent", "refused")
    change(client, draft, "public_interest", "no")
    assert saved(draft).departure_reason == ""
    assert "Moved away" in client.get(url("outcome", draft)).content.decode()
    change(client, draft, "consent", "given")
    assert saved(draft).departure_reason == "Moved away"


# 3. "Finalise the record" finalises only what the summary showed.


def test_a_draft_changed_in_another_tab_is_shown_again_not_finalised(
    signed_in_practitioner: Any, draft: Any, home_org: Any, other_org: Any
) -> None:
    client = signed_in_practitioner
    first_pages(client, draft, home_org, other_org)
    answer(client, draft, CONSENT_ANSWERS)
    client.post(url("outcome", draft), {"outcome": "shared", "reasons": "Consent given"})
    record_sharing_details(client, draft)
    # Tab A: the summary.
    tab_a = client.get(url("finalise", draft)).content.decode()
    reviewed = re.search(r'name="reviewed" value="(\d+)"', tab_a)
    assert reviewed is not None
    # Tab B: new reasons.
    client.post(
        f"{url('outcome', draft)}?return=finalise",
        {"outcome": "shared", "reasons": "Written in tab B"},
    )
    # Tab A: Finalise.
    response = client.post(url("finalise", draft), {"reviewed": reviewed.group(1)})
    assert response.status_code == 409
    assert saved(draft).status == Status.DRAFT
    body = response.content.decode()
    assert "<title>Error: " in body
    summary = body[body.index("govuk-error-summary") : body.index("<h1")]
    assert "There is a problem" in summary
    assert DRAFT_CHANGED_MESSAGE in summary
    assert "Written in tab B" in main_of(body)
    # Pressed again on the page shown: the record is final, with what was seen.
    again = re.search(r'name="reviewed" value="(\d+)"', body)
    assert again is not None
    response = client.post(url("finalise", draft), {"reviewed": again.group(1)})
    assert response.url == url("confirmation", draft)
    assert saved(draft).reasons == "Written in tab B"


def test_a_finalise_form_without_what_it_showed_is_not_finalised(
    signed_in_practitioner: Any, draft: Any, home_org: Any, other_org: Any
) -> None:
    client = signed_in_practitioner
    first_pages(client, draft, home_org, other_org)
    answer(client, draft, CONSENT_ANSWERS)
    client.post(url("outcome", draft), {"outcome": "shared", "reasons": "Consent given"})
    record_sharing_details(client, draft)
    for posted in ({}, {"reviewed": "not-a-number"}):
        response = client.post(url("finalise", draft), posted)
        assert response.status_code == 409
        assert saved(draft).status == Status.DRAFT


def test_the_api_finalises_without_a_review(
    signed_in_practitioner: Any, draft: Any, home_org: Any, other_org: Any, practitioner: Any
) -> None:
    client = signed_in_practitioner
    first_pages(client, draft, home_org, other_org)
    answer(client, draft, CONSENT_ANSWERS)
    client.post(url("outcome", draft), {"outcome": "shared", "reasons": "Consent given"})
    record_sharing_details(client, draft)
    response = Api(client, practitioner).call("post", "decision_finalise", decision_id=draft.pk)
    assert response.status_code == 200
    assert saved(draft).status == Status.FINAL
