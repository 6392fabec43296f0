"""The API's record says what its page says: a draft whose answers say a person is at
risk carries ``safeguarding_alert`` (it was set only when finalising, so a draft at risk
read false while its evaluation read true), and the record holds the advice sought, from
whom and what was said (domain section 6), shown only to whom the record page shows it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from infoshare.advice import services as advice_services
from infoshare.core.roles import Role
from infoshare.decisions import services
from infoshare.decisions.models import SharingDecision, Status
from infoshare.decisions.selectors.advice import advice_asked_from, advice_for
from infoshare.decisions.tests.factories import CONSENT_ANSWERS, make_decision
from infoshare.decisions.tests.test_api_decisions import Api
from infoshare.decisions.tests.test_services import complete_draft

pytestmark = pytest.mark.django_db

QUESTION = "May I tell the school nurse without the mother's consent?"
REPLY = "Yes: share the attendance record only."


@pytest.fixture
def api(client: Any, practitioner: Any) -> Api:
    return Api(client, practitioner)


# -- safeguarding_alert --------------------------------------------------------------


def test_a_draft_at_risk_carries_the_safeguarding_alert(api: Api) -> None:
    draft_id = api.call("post", "decision_create", {}).json()["id"]
    assert (
        api.call("get", "decision_read", decision_id=draft_id).json()["safeguarding_alert"] is False
    )
    changed = api.call(
        "patch",
        "decision_update",
        {"answers": {"risk_of_significant_harm": "yes"}},
        decision_id=draft_id,
    ).json()
    assert changed["status"] == "draft"
    assert changed["evaluation"]["safeguarding_alert"] is True
    assert changed["safeguarding_alert"] is True
    assert api.call("get", "decision_read", decision_id=draft_id).json()["safeguarding_alert"]
    [listed] = api.call("get", "decision_list").json()["items"]
    assert listed["safeguarding_alert"] is True
    # No longer at risk: the alert goes, as the page's banner does.
    changed = api.call(
        "patch",
        "decision_update",
        {"answers": {"risk_of_significant_harm": "no"}},
        decision_id=draft_id,
    ).json()
    assert changed["safeguarding_alert"] is False


def test_a_final_record_at_risk_carries_it_too(api: Api, practitioner: Any, home_org: Any) -> None:
    final = make_decision(
        author=practitioner,
        organisation=home_org,
        answers=CONSENT_ANSWERS | {"risk_of_significant_harm": "yes"},
    )
    assert api.call("get", "decision_read", decision_id=final.pk).json()["safeguarding_alert"]
    calm = make_decision(author=practitioner, organisation=home_org)
    assert not api.call("get", "decision_read", decision_id=calm.pk).json()["safeguarding_alert"]


# -- advice --------------------------------------------------------------------------


def _ask(asker: Any, decision_id: int, question: str = QUESTION) -> Any:
    return advice_services.ask_for_advice(
        actor=asker, question=question, context_decision_id=decision_id
    )


def test_a_draft_holds_the_advice_asked_from_it_and_the_replies(
    api: Api, practitioner: Any, advisor: Any, home_org: Any
) -> None:
    draft_id = complete_draft(practitioner, home_org).pk
    assert api.call("get", "decision_read", decision_id=draft_id).json()["advice"] == []
    asked = _ask(practitioner, draft_id)
    advice_services.reply_to_advice(actor=advisor, request_id=asked.pk, body=REPLY)
    [item] = api.call("get", "decision_read", decision_id=draft_id).json()["advice"]
    # What the page shows: who asked, what, and who replied what; not the asker's id.
    assert set(item) == {"question", "asked_by", "asked_at", "replies"}
    assert (item["question"], item["asked_by"]) == (QUESTION, str(practitioner))
    # (to the millisecond, as the API gives times)
    assert abs(dt.datetime.fromisoformat(item["asked_at"]) - asked.created_at) < dt.timedelta(
        milliseconds=1
    )
    [reply] = item["replies"]
    assert (reply["by"], reply["text"]) == (str(advisor), REPLY)
    assert dt.datetime.fromisoformat(reply["at"])
    # Kept with the record when finalised, and read from it then.
    services.finalise_decision(actor=practitioner, decision_id=draft_id)
    advice_services.reply_to_advice(actor=advisor, request_id=asked.pk, body="Later words")
    final = api.call("get", "decision_read", decision_id=draft_id).json()
    assert [r["text"] for r in final["advice"][0]["replies"]] == [REPLY]


def test_advice_is_shown_only_to_the_recording_organisation(
    client: Any, practitioner: Any, manager: Any, make_member: Any, home_org: Any, other_org: Any
) -> None:
    final = make_decision(
        author=practitioner,
        organisation=home_org,
        recipient_organisation=other_org,
        advice_record=[
            # An item kept before times were: what is not held is null.
            {
                "asked_by": "Pat Practitioner",
                "question": QUESTION,
                "replies": [{"by": "Ada Advisor", "text": REPLY}],
            }
        ],
    )
    seen = Api(client, manager).call("get", "decision_read", decision_id=final.pk).json()
    assert seen["advice"] == [
        {
            "question": QUESTION,
            "asked_by": "Pat Practitioner",
            "asked_at": None,
            "replies": [{"by": "Ada Advisor", "text": REPLY, "at": None}],
        }
    ]
    # The receiving organisation reads the record, as its page shows it, without the advice.
    receiver = make_member(Role.PRACTITIONER, other_org)
    response = Api(client, receiver).call("get", "decision_read", decision_id=final.pk)
    assert response.status_code == 200
    assert response.json()["advice"] == []
    [listed] = (
        Api(client, receiver).call("get", "decision_list", {"scope": "shared"}).json()["items"]
    )
    assert listed["advice"] == []


def test_advice_asked_from_many_drafts_is_what_each_draft_shows(
    practitioner: Any, advisor: Any, home_org: Any, other_org: Any, make_member: Any
) -> None:
    first, _ = services.start_draft(actor=practitioner)
    second, _ = services.start_draft(actor=practitioner)
    answered = _ask(practitioner, first.pk)
    advice_services.reply_to_advice(actor=advisor, request_id=answered.pk, body=REPLY)
    advice_services.reply_to_advice(actor=advisor, request_id=answered.pk, body="And more")
    _ask(practitioner, first.pk, "Who else should know?")
    _ask(practitioner, second.pk, "Is a court order enough?")
    together = advice_asked_from(practitioner, [first.pk, second.pk])
    assert [item["question"] for item in together[first.pk]] == [
        QUESTION,
        "Who else should know?",
    ]
    assert [item["question"] for item in together[second.pk]] == ["Is a court order enough?"]
    assert [[r["text"] for r in item["replies"]] for item in together[first.pk]] == [
        [REPLY, "And more"],
        [],
    ]
    assert {item["asked_by"] for item in together[first.pk]} == {str(practitioner)}
    assert together[first.pk][0]["replies"][0]["by"] == str(advisor)
    # One draft alone reads the same as it does among others.
    assert advice_for(practitioner, second.pk) == together[second.pk]
    # Advice is read only by who may see it: another organisation's advisor sees none.
    stranger = make_member(Role.ADVISOR, other_org)
    assert advice_asked_from(stranger, [first.pk, second.pk]) == {}


def test_the_list_reads_the_drafts_advice_in_one_query_for_the_page(
    api: Api, practitioner: Any, advisor: Any, home_org: Any
) -> None:
    api.call("get", "decision_list")  # the token's first use is recorded once
    for _ in range(2):
        make_decision(author=practitioner, organisation=home_org)
    with CaptureQueriesContext(connection) as finals_only:
        assert api.call("get", "decision_list").status_code == 200
    counts = []
    for size in (2, 8):
        while SharingDecision.objects.filter(status=Status.DRAFT).count() < size:
            draft, _ = services.start_draft(actor=practitioner)
            asked = _ask(practitioner, draft.pk)
            advice_services.reply_to_advice(actor=advisor, request_id=asked.pk, body=REPLY)
        with CaptureQueriesContext(connection) as queries:
            response = api.call("get", "decision_list")
        items = response.json()["items"]
        assert [len(item["advice"]) for item in items if item["status"] == "draft"] == [1] * size
        counts.append(len(queries))
    assert counts[0] == counts[1] == len(finals_only) + 1
