"""The details of a share a client sends through the API are stored or refused, never
dropped, as its answers are: with the outcome "not shared" (sent in the same request, or
stored already) a detail of a share (the lawful bases, what, how and when, told) is
refused, naming the field and why, and so is a reason for departing from a recommendation
the outcome is in line with. They were set aside with nothing saying so. Details given
earlier that a change sets aside are named in the response's ``set_aside``, after the
answers."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from infoshare.audit.models import AuditEvent
from infoshare.decisions.models import SharingDecision
from infoshare.decisions.services.changes import SHARING_ONLY
from infoshare.decisions.tests.test_api_decisions import Api
from infoshare.decisions.tests.test_services import complete_draft

pytestmark = pytest.mark.django_db

NOT_RECORDED = "{} is not recorded when nothing was shared: leave it out"


@pytest.fixture
def api(client: Any, practitioner: Any) -> Api:
    return Api(client, practitioner)


@pytest.fixture
def shared(practitioner: Any, home_org: Any) -> SharingDecision:
    """A complete draft of a consent-based share (the guidance recommends sharing)."""
    return complete_draft(practitioner, home_org)


def patch(api: Api, decision_id: int, body: dict[str, Any]) -> Any:
    return api.call("patch", "decision_update", body, decision_id=decision_id)


def test_details_sent_with_not_shared_are_refused_each_named(api: Api) -> None:
    draft_id = api.call("post", "decision_create", {}).json()["id"]
    updates_before = AuditEvent.objects.filter(action="decisions.draft_updated").count()
    response = patch(
        api,
        draft_id,
        {
            "outcome": "not_shared",
            "reasons": "The risk has passed",
            "article6": ["art6_1_e"],
            "information_description": "Attendance",
            "method": "phone",
            "shared_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["fields"] == {
        field: NOT_RECORDED.format(field)
        for field in ("article6", "information_description", "method", "shared_on")
    }
    assert error["message"].startswith("Check article6, information_description, method and")
    # Nothing is saved, and no change is audited.
    draft = SharingDecision.objects.get(pk=draft_id)
    assert (draft.outcome, draft.reasons, draft.set_aside_details) == ("", "", {})
    assert AuditEvent.objects.filter(action="decisions.draft_updated").count() == updates_before
    # Without them, what is sent is stored.
    stored = patch(api, draft_id, {"outcome": "not_shared", "reasons": "The risk has passed"})
    assert stored.status_code == 200
    assert stored.json()["outcome"] == "not_shared"


def test_a_detail_sent_while_not_shared_is_refused_and_an_empty_one_changes_nothing(
    api: Api, shared: Any
) -> None:
    assert patch(api, shared.pk, {"outcome": "not_shared"}).status_code == 200
    response = patch(api, shared.pk, {"method": "letter"})
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"method": NOT_RECORDED.format("method")}
    # Empty values, what those set aside read as, are accepted, and leave the values set
    # aside alone: the client was shown them empty, so sending that back changes nothing.
    echoed = patch(
        api,
        shared.pk,
        {"method": None, "article6": [], "special_category": False, "facts": ""},
    )
    assert echoed.status_code == 200
    assert echoed.json()["set_aside"] == []
    assert echoed.json()["method"] == ""
    back = patch(api, shared.pk, {"outcome": "shared"}).json()
    assert back["method"] == "secure_email"
    assert back["article6"] == ["art6_1_a"]
    assert back["information_description"] == "Attendance"


def test_details_a_change_sets_aside_are_named_after_the_answers(api: Api, shared: Any) -> None:
    body = patch(api, shared.pk, {"outcome": "not_shared", "departure_reason": "Moved"}).json()
    # Those that held something, in the record's order; each reads empty.
    named = [
        "gateway",
        "article6",
        "information_categories",
        "information_description",
        "method",
        "shared_on",
        "person_told",
    ]
    assert body["set_aside"] == named
    for field in named:
        assert body[field] == SHARING_ONLY[field] or body[field] is None
    assert body["departure_reason"] == "Moved"
    # Named once, by the change that set them aside.
    assert patch(api, shared.pk, {"reasons": "Changed my mind"}).json()["set_aside"] == []
    # Shared again: they come back, and the reason for departing (sharing is in line with
    # the recommendation) is set aside and named.
    back = patch(api, shared.pk, {"outcome": "shared"}).json()
    assert back["set_aside"] == ["departure_reason"]
    assert back["method"] == "secure_email"
    assert back["departure_reason"] == ""


def test_a_reason_for_departing_is_refused_when_the_outcome_is_in_line(
    api: Api, shared: Any
) -> None:
    response = patch(api, shared.pk, {"departure_reason": "No reason to give"})
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "departure_reason": "departure_reason is not recorded when the outcome (shared) is "
        "in line with the recommendation (share): leave it out"
    }
    # With an outcome that departs, sent together, it is stored.
    departed = patch(api, shared.pk, {"outcome": "not_shared", "departure_reason": "Moved"})
    assert departed.status_code == 200
    assert departed.json()["departure_reason"] == "Moved"
    # While the key questions are unanswered there is no recommendation: it is kept.
    draft_id = api.call("post", "decision_create", {}).json()["id"]
    kept = patch(api, draft_id, {"outcome": "shared", "departure_reason": "Moved"})
    assert kept.status_code == 200
    assert kept.json()["departure_reason"] == "Moved"


def test_one_400_names_details_answers_and_bad_values_together(api: Api, shared: Any) -> None:
    response = patch(
        api,
        shared.pk,
        {
            "outcome": "not_shared",
            "answers": {"public_interest": "yes"},
            "opinion": "Worried",
            "reasons": 3,
        },
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "answers.public_interest": "public_interest is not asked when consent is given: "
        "leave it out",
        "opinion": NOT_RECORDED.format("opinion"),
        "reasons": "Reasons must be text",
    }


def test_the_pages_still_set_aside_details_when_not_shared_is_chosen(
    client: Any, practitioner: Any, shared: Any
) -> None:
    """The outcome page asks only the outcome: the details given on later pages are set
    aside, as before, and its inset text says so."""
    client.force_login(practitioner)
    page = reverse("decisions:outcome", kwargs={"decision_id": shared.pk})
    sent = {
        "outcome": "not_shared",
        "reasons": "The risk has passed",
        "departure_reason_not_shared": "Moved",
    }
    assert client.post(page, sent).status_code == 302
    shared.refresh_from_db()
    assert shared.method == ""
    assert shared.set_aside_details["method"] == "secure_email"


def test_the_schema_documents_the_rule_and_the_one_list(client: Any, db: Any) -> None:
    schemas = client.get(reverse("api-1:openapi-json")).json()["components"]["schemas"]
    set_aside = schemas["DecisionChangedOut"]["properties"]["set_aside"]
    named = set_aside["items"]["enum"]
    assert {"public_interest", "article6", "shared_on", "departure_reason"} <= set(named)
    # One list: no question shares its key with a field it names.
    assert len(named) == len(set(named))
    assert "not_shared" in set_aside["description"]
    said = " ".join(schemas["PatchIn"]["description"].split())
    assert "stored or refused, never dropped" in said
    assert "not recorded when the outcome is `not_shared`" in said
