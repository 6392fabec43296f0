"""Advice asked from a decision: only from a decision the asker may see (the advice is kept
with the record when it is finalised), and from an urgent draft the advice page keeps the
safeguarding banner, the way back and the urgency. The advice app knows decisions only
through what this app registers (``advice_links``), so these tests live here."""

from __future__ import annotations

import json
import re
from typing import Any

from django.urls import reverse

from infoshare.advice import errors
from infoshare.advice.audit import Action
from infoshare.advice.models import AdviceRequest
from infoshare.audit.models import AuditEvent
from infoshare.decisions import services
from infoshare.decisions.tests.factories import CONSENT_ANSWERS, make_decision
from infoshare.decisions.tests.test_services import complete_draft

NEW = reverse("advice:request_new")
API = "/api/v1/advice-requests"
BANNER = "A child may be at risk of significant harm"


def _ask_page(client: Any, decision_id: int, **overrides: str) -> Any:
    data = {
        "question": "May I share the school report?",
        "name_person": "no",
        "addressed_to": "organisation",
        "decision": str(decision_id),
    } | overrides
    return client.post(NEW, data)


def _ask_api(client: Any, decision_id: int) -> Any:
    body = {"question": "May I share?", "context_decision_id": decision_id}
    return client.post(API, data=json.dumps(body), content_type="application/json")


def _urgent_ticked(html: str) -> bool:
    [box] = re.findall(r'<input[^>]*name="urgent"[^>]*>', html)
    return " checked" in box


def _back_links(html: str) -> list[str]:
    return re.findall(r'<a href="([^"]*)" class="govuk-back-link">', html)


class TestOnlyFromADecisionTheAskerMaySee:
    def test_someone_elses_draft_is_refused_on_the_page_and_in_the_api(
        self, client: Any, practitioner: Any, manager: Any, home_org: Any
    ) -> None:
        # The manager's draft: the practitioner may not see it.
        draft = complete_draft(manager, home_org)
        client.force_login(practitioner)
        assert client.get(NEW, {"decision": draft.pk}).status_code == 404
        page = _ask_page(client, draft.pk)
        assert page.status_code == 400
        assert errors.DECISION_GONE in page.content.decode()
        response = _ask_api(client, draft.pk)
        assert response.status_code == 404
        assert response.json()["error"]["message"] == errors.DECISION_NOT_FOUND
        assert not AdviceRequest.objects.exists()

    def test_nobody_can_place_text_in_someone_elses_record(
        self, client: Any, practitioner: Any, manager: Any, home_org: Any
    ) -> None:
        """The attack: a colleague asks "from" the manager's draft, to their organisation's
        advisors; the manager answers those, so sees the request, and finalising would have
        copied it into the manager's permanent record."""
        draft = complete_draft(manager, home_org)
        client.force_login(practitioner)
        _ask_page(client, draft.pk, question="Text planted in your record")
        _ask_api(client, draft.pk)
        final = services.finalise_decision(actor=manager, decision_id=draft.pk)
        assert final.advice_record == []

    def test_the_author_asks_from_their_own_draft_and_it_is_kept_with_the_record(
        self, client: Any, practitioner: Any, home_org: Any, advisor: Any
    ) -> None:
        draft = complete_draft(practitioner, home_org)
        client.force_login(practitioner)
        assert _ask_api(client, draft.pk).status_code == 201
        asked = AdviceRequest.objects.get()
        assert asked.context_decision_id == draft.pk
        event = AuditEvent.objects.get(action=Action.REQUESTED, object_id=str(asked.pk))
        assert event.data["context_decision_id"] == draft.pk
        final = services.finalise_decision(actor=practitioner, decision_id=draft.pk)
        assert [item["question"] for item in final.advice_record] == ["May I share?"]

    def test_a_manager_who_sees_a_draft_may_not_ask_from_it(
        self, client: Any, advisor: Any, manager: Any, home_org: Any
    ) -> None:
        """A security assessor's finding: a manager sees the drafts of their organisation,
        and asked "from" an advisor's draft; the advisor answers their organisation's
        questions, so finalising kept the manager's text in the advisor's record."""
        draft = complete_draft(advisor, home_org)
        client.force_login(manager)
        assert client.get(NEW, {"decision": draft.pk}).status_code == 404
        assert _ask_page(client, draft.pk, question="Planted by a manager").status_code == 400
        assert _ask_api(client, draft.pk).status_code == 404
        assert not AdviceRequest.objects.exists()
        final = services.finalise_decision(actor=advisor, decision_id=draft.pk)
        assert final.advice_record == []

    def test_a_manager_may_ask_about_a_final_record_they_see(
        self, client: Any, practitioner: Any, manager: Any, home_org: Any, advisor: Any
    ) -> None:
        draft = complete_draft(practitioner, home_org)
        services.finalise_decision(actor=practitioner, decision_id=draft.pk)
        client.force_login(manager)
        assert client.get(NEW, {"decision": draft.pk}).status_code == 200
        assert _ask_page(client, draft.pk).status_code == 302
        assert AdviceRequest.objects.get().context_decision_id == draft.pk

    def test_a_record_of_another_organisation_is_refused(
        self, client: Any, practitioner: Any, other_org: Any
    ) -> None:
        elsewhere = make_decision(organisation=other_org, outcome="not_shared")
        client.force_login(practitioner)
        assert client.get(NEW, {"decision": elsewhere.pk}).status_code == 404
        assert _ask_api(client, elsewhere.pk).status_code == 404


class TestAskingFromAnUrgentDraft:
    def test_the_banner_the_way_back_and_urgency_come_with_the_question(
        self, client: Any, practitioner: Any, home_org: Any
    ) -> None:
        draft = complete_draft(practitioner, home_org)
        draft.answers = {**CONSENT_ANSWERS, "risk_of_significant_harm": "yes"}
        draft.save(update_fields=["answers"])
        client.force_login(practitioner)
        response = client.get(NEW, {"decision": draft.pk})
        html = response.content.decode()
        assert response.status_code == 200
        assert BANNER in html
        assert _back_links(html) == [reverse("decisions:resume", args=[draft.pk])]
        assert _urgent_ticked(html)
        # Still there when the question needs correcting.
        html = _ask_page(client, draft.pk, question="").content.decode()
        assert BANNER in html
        assert _back_links(html) == [reverse("decisions:resume", args=[draft.pk])]

    def test_a_draft_without_risk_is_not_urgent_but_has_the_way_back(
        self, client: Any, practitioner: Any, home_org: Any
    ) -> None:
        draft = complete_draft(practitioner, home_org)
        client.force_login(practitioner)
        html = client.get(NEW, {"decision": draft.pk}).content.decode()
        assert BANNER not in html
        assert not _urgent_ticked(html)
        assert _back_links(html) == [reverse("decisions:resume", args=[draft.pk])]
