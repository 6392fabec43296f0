"""An object refused by an id from the request's input (a form's field, a query string, an
API body), not its path, is audited as a path's is: one ``audit.access_refused`` event
naming the kind of object and its id (OWASP ASVS 7.2.2). A valid request, and a value that
is not an id at all, write none."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.cache import cache
from django.urls import reverse

from infoshare.audit.models import AuditEvent
from infoshare.decisions import services
from infoshare.decisions.models import SharingDecision
from infoshare.decisions.tests.factories import make_decision, make_person

REFUSED = "audit.access_refused"
ADVICE_API = "/api/v1/advice-requests"
NEW_QUESTION = reverse("advice:request_new")


@pytest.fixture(autouse=True)
def fresh_limits() -> None:
    """Each person's count of refusals starts at nought (ids repeat between tests)."""
    cache.clear()


def refusals() -> list[dict[str, Any]]:
    events = AuditEvent.objects.filter(action=REFUSED).order_by("id")
    return [{"actor_id": e.actor_id, "data": e.data} for e in events]


def refusal(actor: Any, route: str, method: str, status: int, **ids: Any) -> dict[str, Any]:
    return {
        "actor_id": actor.pk,
        "data": {"route": route, "method": method, "status": status, "ids": ids},
    }


def send_json(client: Any, method: str, url: str, body: object) -> Any:
    send = getattr(client, method)
    return send(url, data=json.dumps(body), content_type="application/json")


@pytest.fixture
def not_theirs(foreign_org_user: Any, other_org: Any) -> SharingDecision:
    """Another organisation's record, not shared with the home organisation."""
    return make_decision(author=foreign_org_user, organisation=other_org, outcome="not_shared")


@pytest.fixture
def draft(practitioner: Any) -> SharingDecision:
    decision, _ = services.start_draft(actor=practitioner)
    return decision


@pytest.fixture
def their_child(other_org: Any) -> Any:
    """A child another organisation (a school) has recorded."""
    return make_person(organisation=other_org, given_name="Oscar")


@pytest.fixture
def our_child(home_org: Any) -> Any:
    return make_person(organisation=home_org, given_name="Olive")


def people_page(draft: SharingDecision) -> str:
    return reverse("decisions:people", kwargs={"decision_id": draft.pk})


class TestTheDecisionAQuestionIsAskedFrom:
    def test_the_new_question_page_refusing_it_is_audited(
        self, client: Any, advisor: Any, not_theirs: SharingDecision
    ) -> None:
        client.force_login(advisor)
        assert client.get(NEW_QUESTION, {"decision": not_theirs.pk}).status_code == 404
        assert refusals() == [
            refusal(advisor, "advice:request_new", "GET", 404, decision_id=not_theirs.pk)
        ]

    def test_the_api_refusing_it_is_audited_once(
        self, client: Any, advisor: Any, not_theirs: SharingDecision
    ) -> None:
        client.force_login(advisor)
        body = {
            "question": "May I share the report?",
            "addressed_to": "partnership",
            "context_decision_id": not_theirs.pk,
        }
        response = send_json(client, "post", ADVICE_API, body)
        assert response.status_code == 404
        assert response.json()["error"]["message"] == "Decision not found"
        assert refusals() == [
            refusal(advisor, "api-1:advice_requests", "POST", 404, decision_id=not_theirs.pk)
        ]

    def test_the_form_sent_with_it_is_audited(
        self, client: Any, advisor: Any, not_theirs: SharingDecision
    ) -> None:
        """The page keeps the question and asks to send it again without the decision."""
        client.force_login(advisor)
        form = {
            "question": "May I share the report?",
            "name_person": "no",
            "addressed_to": "partnership",
            "decision": str(not_theirs.pk),
        }
        assert client.post(NEW_QUESTION, form).status_code == 400
        assert refusals() == [
            refusal(advisor, "advice:request_new", "POST", 400, decision_id=not_theirs.pk)
        ]

    def test_a_decision_that_does_not_exist_is_audited_as_one_not_theirs(
        self, client: Any, advisor: Any
    ) -> None:
        client.force_login(advisor)
        assert client.get(NEW_QUESTION, {"decision": 999_999}).status_code == 404
        assert refusals() == [
            refusal(advisor, "advice:request_new", "GET", 404, decision_id=999_999)
        ]

    def test_their_own_decision_and_a_malformed_one_write_none(
        self, client: Any, practitioner: Any, advisor: Any, draft: SharingDecision
    ) -> None:
        client.force_login(practitioner)
        assert client.get(NEW_QUESTION, {"decision": draft.pk}).status_code == 200
        assert client.get(NEW_QUESTION, {"decision": "abc"}).status_code == 200
        body = {"question": "May I share?", "context_decision_id": draft.pk}
        assert send_json(client, "post", ADVICE_API, body).status_code == 201
        body = {"question": "May I share?", "context_decision_id": 0}
        assert send_json(client, "post", ADVICE_API, body).status_code == 400
        assert refusals() == []


class TestThePeopleARecordIsAbout:
    def test_the_api_refusing_another_organisations_child_is_audited(
        self, client: Any, practitioner: Any, draft: SharingDecision, their_child: Any
    ) -> None:
        client.force_login(practitioner)
        url = f"/api/v1/decisions/{draft.pk}"
        response = send_json(client, "patch", url, {"people": [their_child.pk]})
        assert response.status_code == 400
        assert refusals() == [
            refusal(practitioner, "api-1:decision_update", "PATCH", 400, person_id=their_child.pk)
        ]
        assert not draft.people.exists()

    def test_the_page_refusing_another_organisations_child_is_audited(
        self, client: Any, practitioner: Any, draft: SharingDecision, their_child: Any
    ) -> None:
        client.force_login(practitioner)
        answer = client.post(people_page(draft), {"action": "add", "person": their_child.pk})
        assert answer.status_code == 400
        assert refusals() == [
            refusal(practitioner, "decisions:people", "POST", 400, person_id=their_child.pk)
        ]
        assert not draft.people.exists()

    def test_only_the_people_refused_are_named_each_once(
        self,
        client: Any,
        practitioner: Any,
        draft: SharingDecision,
        their_child: Any,
        our_child: Any,
    ) -> None:
        client.force_login(practitioner)
        people = [999_999, our_child.pk, their_child.pk, their_child.pk]
        url = f"/api/v1/decisions/{draft.pk}"
        assert send_json(client, "patch", url, {"people": people}).status_code == 400
        assert refusals() == [
            refusal(
                practitioner,
                "api-1:decision_update",
                "PATCH",
                400,
                person_id=sorted([their_child.pk, 999_999]),
            )
        ]

    def test_their_own_organisations_child_and_malformed_ids_write_none(
        self, client: Any, practitioner: Any, draft: SharingDecision, our_child: Any
    ) -> None:
        client.force_login(practitioner)
        url = f"/api/v1/decisions/{draft.pk}"
        assert send_json(client, "patch", url, {"people": [our_child.pk]}).status_code == 200
        assert send_json(client, "patch", url, {"people": [0]}).status_code == 400
        assert send_json(client, "patch", url, {"people": "Olive"}).status_code == 400
        page = people_page(draft)
        assert client.post(page, {"action": "add", "person": our_child.pk}).status_code == 302
        assert client.post(page, {"action": "add", "person": "Olive"}).status_code == 400
        assert refusals() == []

    def test_a_record_not_theirs_is_refused_by_its_path_as_before(
        self,
        client: Any,
        practitioner: Any,
        not_theirs: SharingDecision,
        their_child: Any,
    ) -> None:
        """One event, for the record in the path: the people were never looked at."""
        client.force_login(practitioner)
        url = f"/api/v1/decisions/{not_theirs.pk}"
        assert send_json(client, "patch", url, {"people": [their_child.pk]}).status_code == 404
        assert refusals() == [
            refusal(practitioner, "api-1:decision_update", "PATCH", 404, decision_id=not_theirs.pk)
        ]


class TestTheOrganisationActedFor:
    def test_searching_another_organisations_people_is_audited(
        self, client: Any, practitioner: Any, other_org: Any, their_child: Any
    ) -> None:
        client.force_login(practitioner)
        response = client.get("/api/v1/people/", {"q": "Oscar", "organisation_id": other_org.pk})
        assert response.status_code == 400
        assert response.json()["error"]["message"] == (
            "You cannot search the people of that organisation"
        )
        assert refusals() == [
            refusal(practitioner, "api-1:people_search", "GET", 400, org_id=other_org.pk)
        ]

    def test_asking_for_advice_for_another_organisation_is_audited(
        self, client: Any, practitioner: Any, other_org: Any
    ) -> None:
        client.force_login(practitioner)
        body = {"question": "May I share?", "organisation_id": other_org.pk}
        assert send_json(client, "post", ADVICE_API, body).status_code == 400
        assert refusals() == [
            refusal(practitioner, "api-1:advice_requests", "POST", 400, org_id=other_org.pk)
        ]

    def test_starting_a_record_for_another_organisation_is_audited(
        self, client: Any, practitioner: Any, other_org: Any
    ) -> None:
        client.force_login(practitioner)
        start = reverse("decisions:start")
        assert client.post(start, {"organisation": other_org.pk}).status_code == 400
        assert not SharingDecision.objects.exists()
        assert refusals() == [
            refusal(practitioner, "decisions:start", "POST", 400, org_id=other_org.pk)
        ]

    def test_their_own_organisation_and_a_bad_search_write_none(
        self, client: Any, practitioner: Any, home_org: Any, our_child: Any
    ) -> None:
        client.force_login(practitioner)
        search = "/api/v1/people/"
        ours = client.get(search, {"q": "Olive", "organisation_id": home_org.pk})
        assert ours.status_code == 200
        assert [person["id"] for person in ours.json()] == [our_child.pk]
        assert client.get(search, {"q": "x" * 201}).status_code == 400
        assert refusals() == []


def test_a_refusal_marked_outside_a_request_is_not_kept(practitioner: Any, other_org: Any) -> None:
    """A service called by a command or a task refuses as always; no request, no event, and
    nothing is left over for the next request."""
    from infoshare.core.errors import ValidationFailed
    from infoshare.decisions.selectors.scope import recording_org

    with pytest.raises(ValidationFailed):
        recording_org(practitioner, other_org.pk, refused="No")
    assert refusals() == []


def test_another_partnerships_organisation_as_the_recipient_is_audited(
    client: Any, practitioner: Any, draft: SharingDecision, second: Any
) -> None:
    from infoshare.partnerships.tests.factories import OrganisationFactory

    theirs: Any = OrganisationFactory(partnership=second, name="Elsewhere Police")
    client.force_login(practitioner)
    url = f"/api/v1/decisions/{draft.pk}"
    response = send_json(client, "patch", url, {"recipient_organisation_id": theirs.pk})
    assert response.status_code == 400
    assert refusals() == [
        refusal(practitioner, "api-1:decision_update", "PATCH", 400, org_id=theirs.pk)
    ]
    draft.refresh_from_db()
    assert draft.recipient_organisation_id is None


def test_naming_an_advisor_the_asker_may_not_choose_is_audited(
    client: Any, practitioner: Any, second: Any, make_member: Any
) -> None:
    from infoshare.core.roles import Role
    from infoshare.partnerships.tests.factories import OrganisationFactory

    elsewhere = make_member(Role.ADVISOR, OrganisationFactory(partnership=second))
    client.force_login(practitioner)
    body = {"question": "May I share?", "addressed_to": "advisor", "advisor_id": elsewhere.pk}
    response = send_json(client, "post", ADVICE_API, body)
    assert response.status_code == 400
    assert refusals() == [
        refusal(practitioner, "api-1:advice_requests", "POST", 400, advisor_id=elsewhere.pk)
    ]
