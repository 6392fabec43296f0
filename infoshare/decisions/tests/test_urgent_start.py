"""The start page's "Start an urgent record": a draft started already answered as at risk of
significant harm, so the urgent path (banner, deadline, reminders) starts on the first page
and the risk question is not asked again (spec sections 2 and 3: the flag may be set at
any point)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from infoshare.audit.models import AuditEvent
from infoshare.decisions.audit import Action
from infoshare.decisions.models import SharingDecision
from infoshare.decisions.tests.factories import answer_questions, make_person

RISK = "risk_of_significant_harm"
BANNER = "Follow your local safeguarding procedures now."


def url(name: str, decision: Any, **kwargs: Any) -> str:
    return reverse(f"decisions:{name}", kwargs={"decision_id": decision.pk, **kwargs})


def question(decision: Any, key: str) -> str:
    return url("question", decision, key=key)


def start_key(client: Any) -> str:
    page = client.get(reverse("decisions:start")).content.decode()
    found = re.search(r'name="start_key" value="([0-9a-f]{32})"', page)
    assert found is not None
    return found.group(1)


def start_urgent(client: Any) -> Any:
    return client.post(
        reverse("decisions:start"), {"start_key": start_key(client), "urgent": "yes"}
    )


def through_the_first_pages(client: Any, decision: Any, organisation: Any, partner: Any) -> Any:
    """People, recipient and purpose: the answer of the purpose page (where it leads)."""
    person = make_person(organisation=organisation, given_name="Jamie", family_name="Smith")
    client.post(url("people", decision), {"action": "add", "person": person.pk})
    to_recipient = client.post(url("people", decision), {"action": "continue"})
    assert to_recipient.url == url("recipient", decision)
    to_purpose = client.post(
        url("recipient", decision),
        {"direction": "sharing_out", "recipient_organisation_id": partner.pk},
    )
    assert to_purpose.url == url("purpose", decision)
    return client.post(url("purpose", decision), {"purpose": "Protect a child"})


def test_the_start_page_offers_an_urgent_start_in_its_form(signed_in_practitioner: Any) -> None:
    body = signed_in_practitioner.get(reverse("decisions:start")).content.decode()
    at = body.index('name="start_key"')
    form = body[body.rindex("<form", 0, at) : body.index("</form>", at)]
    assert re.search(
        r'<button type="submit" name="urgent" value="yes"[^>]*'
        r'aria-describedby="urgent-start-hint"[^>]*>Start an urgent record</button>',
        form,
    )
    assert 'id="urgent-start-hint"' in form
    assert "Start now" in form


def test_an_urgent_start_makes_one_urgent_draft_answered_yes_with_its_deadline(
    signed_in_practitioner: Any, practitioner: Any
) -> None:
    before = timezone.now()
    response = start_urgent(signed_in_practitioner)
    decision = SharingDecision.objects.get(author=practitioner)
    assert response.status_code == 302
    assert response.url == url("people", decision)
    assert decision.answers == {RISK: "yes"}
    assert decision.urgent is True
    hours = dt.timedelta(hours=settings.INFOSHARE["URGENT_RECORD_HOURS"])
    assert decision.urgent_due_at is not None
    assert before + hours <= decision.urgent_due_at <= timezone.now() + hours
    # Still picked up at the first page: nothing saved as a step yet.
    assert decision.draft_step == ""
    assert signed_in_practitioner.get(url("resume", decision)).url == url("people", decision)
    # Started, then answered, as the question page would: both audited.
    events = AuditEvent.objects.filter(
        object_id=str(decision.pk), action__startswith="decisions."
    ).order_by("pk")
    assert [event.action for event in events] == [Action.DRAFT_STARTED, Action.DRAFT_UPDATED]
    assert events[1].data["answers"] == [RISK]


def test_the_first_page_of_an_urgent_start_shows_the_banner_and_the_deadline(
    signed_in_practitioner: Any, practitioner: Any
) -> None:
    start_urgent(signed_in_practitioner)
    decision = SharingDecision.objects.get(author=practitioner)
    body = signed_in_practitioner.get(url("people", decision)).content.decode()
    assert BANNER in body
    assert "Complete by" in body


def test_the_risk_question_is_skipped_but_can_be_changed_from_check_answers(
    signed_in_practitioner: Any, practitioner: Any, home_org: Any, other_org: Any
) -> None:
    start_urgent(signed_in_practitioner)
    decision = SharingDecision.objects.get(author=practitioner)
    after_purpose = through_the_first_pages(signed_in_practitioner, decision, home_org, other_org)
    # Straight on to the first key question: the risk question is already answered.
    assert after_purpose.url == question(decision, "purpose")
    assert after_purpose.url != question(decision, RISK)
    decision.refresh_from_db()
    assert decision.answers == {RISK: "yes"}
    assert decision.urgent is True
    # Check answers lists it with a Change link; changing it to no ends the urgent path.
    answer_questions(decision)
    check = signed_in_practitioner.get(url("check_answers", decision)).content.decode()
    change = f'href="{question(decision, RISK)}?return=check"'
    assert change in check
    changed = signed_in_practitioner.post(
        f"{question(decision, RISK)}?return=check", {"answer": "no"}
    )
    assert changed.status_code == 302
    decision.refresh_from_db()
    assert decision.answers[RISK] == "no"
    assert decision.urgent is False
    assert decision.urgent_due_at is None


def test_an_urgent_start_sent_twice_makes_one_draft(
    signed_in_practitioner: Any, practitioner: Any
) -> None:
    key = start_key(signed_in_practitioner)
    start = reverse("decisions:start")
    first = signed_in_practitioner.post(start, {"start_key": key, "urgent": "yes"})
    decision = SharingDecision.objects.get(author=practitioner)
    due = decision.urgent_due_at
    again = signed_in_practitioner.post(start, {"start_key": key, "urgent": "yes"})
    assert first.status_code == again.status_code == 302
    assert first.url == again.url
    assert SharingDecision.objects.filter(author=practitioner).count() == 1
    decision.refresh_from_db()
    assert decision.answers == {RISK: "yes"}
    assert decision.urgent_due_at == due
    # The second press changed nothing, so it recorded no change.
    updates = AuditEvent.objects.filter(
        object_id=str(decision.pk), action=Action.DRAFT_UPDATED
    ).count()
    assert updates == 1


def test_the_same_page_sent_again_keeps_an_answer_given_since(
    signed_in_practitioner: Any, practitioner: Any
) -> None:
    key = start_key(signed_in_practitioner)
    start = reverse("decisions:start")
    signed_in_practitioner.post(start, {"start_key": key, "urgent": "yes"})
    decision = SharingDecision.objects.get(author=practitioner)
    signed_in_practitioner.post(question(decision, RISK), {"answer": "no"})
    signed_in_practitioner.post(start, {"start_key": key, "urgent": "yes"})
    decision.refresh_from_db()
    assert decision.answers == {RISK: "no"}
    assert decision.urgent is False


def test_start_now_is_unchanged(
    signed_in_practitioner: Any, practitioner: Any, home_org: Any, other_org: Any
) -> None:
    response = signed_in_practitioner.post(
        reverse("decisions:start"), {"start_key": start_key(signed_in_practitioner)}
    )
    decision = SharingDecision.objects.get(author=practitioner)
    assert response.url == url("people", decision)
    assert decision.answers == {}
    assert decision.urgent is False
    assert decision.urgent_due_at is None
    assert BANNER not in signed_in_practitioner.get(url("people", decision)).content.decode()
    after_purpose = through_the_first_pages(signed_in_practitioner, decision, home_org, other_org)
    assert after_purpose.url == question(decision, RISK)
    events = AuditEvent.objects.filter(object_id=str(decision.pk)).values_list("action", flat=True)
    assert Action.DRAFT_STARTED in events
