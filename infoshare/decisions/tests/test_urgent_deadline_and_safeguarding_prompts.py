"""The safeguarding prompts say what is true on every page, an urgent draft's deadline is
shown before it passes (to its author and to their manager), and the question "Are you
sharing appropriately and securely?" shows the checklist its hint asks about."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from infoshare.core.roles import Role
from infoshare.core.times import deadline_text
from infoshare.decisions import engine
from infoshare.decisions.models import SharingDecision, Status
from infoshare.decisions.tests.factories import answer_questions, make_decision

EDITION = engine.get_edition("hmg-2008")
OLD_BANNER = "Share the information now and complete this record afterwards"
SHARE_IF_NEEDED = (
    "If you need to share information to protect someone, you can share it now and "
    "complete this record afterwards."
)
NOT_SURE_PROMPT = "follow your local safeguarding procedures now. Do not wait for advice."
IN_PROGRESS = "Urgent records in progress in your team"


def page(client: Any, name: str, draft: Any, **kwargs: Any) -> str:
    response = client.get(reverse(f"decisions:{name}", kwargs={"decision_id": draft.pk, **kwargs}))
    assert response.status_code == 200
    return response.content.decode()


def answer(client: Any, draft: Any, key: str, value: str) -> None:
    url = reverse("decisions:question", kwargs={"decision_id": draft.pk, "key": key})
    assert client.post(url, {"answer": value}).status_code == 302


def banner(body: str) -> str:
    start = body.index("app-safeguarding-banner")
    return body[start : body.index("</div>\n</div>", start)]


# 1. The banner, and "Not sure" about a risk of harm.


def test_the_banner_does_not_tell_anyone_to_share_on_the_do_not_share_page(
    signed_in_practitioner: Any, draft: Any
) -> None:
    answer(signed_in_practitioner, draft, "risk_of_significant_harm", "yes")
    answer_questions(
        draft,
        {
            "purpose": "yes",
            "legal_duty": "no",
            "identifiable": "yes",
            "confidential": "yes",
            "consent": "refused",
            "public_interest": "no",
        },
    )
    body = page(signed_in_practitioner, "recommendation", draft)
    assert '<h1 class="govuk-heading-l">Do not share the information</h1>' in body
    shown = banner(body)
    assert "Follow your local safeguarding procedures now." in shown
    assert SHARE_IF_NEEDED in shown
    assert OLD_BANNER not in body


def test_the_banner_reads_the_same_over_seek_consent(
    signed_in_practitioner: Any, draft: Any
) -> None:
    answer(signed_in_practitioner, draft, "risk_of_significant_harm", "yes")
    answer_questions(
        draft,
        {
            "purpose": "yes",
            "legal_duty": "no",
            "identifiable": "yes",
            "confidential": "yes",
            "consent": "not_sought",
            "consent_not_sought_reason": "other",
        },
    )
    body = page(signed_in_practitioner, "recommendation", draft)
    assert "Seek consent" in body
    assert SHARE_IF_NEEDED in banner(body)
    assert OLD_BANNER not in body


def test_not_sure_about_a_risk_of_harm_says_not_to_wait_for_advice() -> None:
    result = engine.evaluate({"risk_of_significant_harm": "not_sure", "purpose": "yes"})
    assert result.recommendation == "seek_advice"  # the rules are kept
    assert result.safeguarding_alert is False
    assert NOT_SURE_PROMPT in result.explanation
    for other in ("yes", "no"):
        explanation = engine.evaluate({"risk_of_significant_harm": other}).explanation
        assert "Do not wait for advice" not in explanation
    # A doubt about another question is not a doubt about harm.
    assert "Do not wait" not in engine.evaluate({"purpose": "not_sure"}).explanation


def test_the_recommendation_page_for_not_sure_about_harm_says_to_act_now(
    signed_in_practitioner: Any, draft: Any
) -> None:
    answer(signed_in_practitioner, draft, "risk_of_significant_harm", "not_sure")
    body = page(signed_in_practitioner, "recommendation", draft)
    assert NOT_SURE_PROMPT in body
    warning = body[body.index('class="govuk-warning-text"') :]
    # "Not sure" is not "yes": no banner, no deadline; the way to the urgent path is said.
    assert "change your answer about a risk of harm to yes</a>: you can share it now" in warning
    risk = reverse(
        "decisions:question", kwargs={"decision_id": draft.pk, "key": "risk_of_significant_harm"}
    )
    assert f'href="{risk}' in warning
    assert "app-safeguarding-banner" not in body
    assert "This draft is kept for when you have the answer." in body


def test_not_sure_about_another_question_has_no_such_warning(
    signed_in_practitioner: Any, draft: Any
) -> None:
    answer(signed_in_practitioner, draft, "risk_of_significant_harm", "no")
    answer(signed_in_practitioner, draft, "purpose", "not_sure")
    body = page(signed_in_practitioner, "recommendation", draft)
    assert "Ask for advice" in body or "Record what you decided" in body
    assert "govuk-warning-text" not in body
    assert "Do not wait for advice" not in body


def test_the_risk_question_says_what_to_do_when_not_sure(
    signed_in_practitioner: Any, draft: Any
) -> None:
    body = page(signed_in_practitioner, "question", draft, key="risk_of_significant_harm")
    assert "If so, or if you are not sure, follow your local safeguarding procedures" in body
    assert "answer yes: you can complete this record afterwards" in body


# 2. The deadline of an urgent draft, before it passes.


def test_deadlines_read_time_then_day_in_uk_time() -> None:
    assert deadline_text(dt.datetime(2026, 11, 28, 17, 30, tzinfo=dt.UTC)) == (
        "5:30pm on 28 November 2026"
    )
    # British Summer Time: 11am UTC is midday in London.
    assert deadline_text(dt.datetime(2026, 6, 1, 11, 0, tzinfo=dt.UTC)) == "midday on 1 June 2026"
    assert deadline_text(None) == ""


def test_an_urgent_drafts_deadline_is_on_home_and_in_its_banner(
    signed_in_practitioner: Any, draft: Any
) -> None:
    answer(signed_in_practitioner, draft, "risk_of_significant_harm", "yes")
    draft.refresh_from_db()
    due = deadline_text(draft.urgent_due_at)
    assert due
    home = signed_in_practitioner.get(reverse("core:home")).content.decode()
    drafts = home[home.index(">Your drafts<") :].split("</section>")[0]
    assert f"Urgent. Complete by {due}. Last saved" in drafts
    for name in ("people", "recipient", "discard", "decision_detail"):
        assert f"Complete by {due}." in banner(page(signed_in_practitioner, name, draft)), name
    assert f"Complete by {due}." in banner(
        page(signed_in_practitioner, "question", draft, key="purpose")
    )


def test_a_deadline_that_has_passed_says_so(signed_in_practitioner: Any, draft: Any) -> None:
    answer(signed_in_practitioner, draft, "risk_of_significant_harm", "yes")
    due = timezone.now() - dt.timedelta(hours=1)
    SharingDecision.objects.filter(pk=draft.pk).update(urgent_due_at=due)
    home = signed_in_practitioner.get(reverse("core:home")).content.decode()
    assert f"Urgent. Was due by {deadline_text(due)}." in home
    shown = banner(page(signed_in_practitioner, "people", draft))
    assert f"This record was due by {deadline_text(due)}." in shown
    assert "Complete by" not in shown


def test_a_draft_not_at_risk_shows_no_deadline(signed_in_practitioner: Any, draft: Any) -> None:
    answer(signed_in_practitioner, draft, "risk_of_significant_harm", "no")
    home = signed_in_practitioner.get(reverse("core:home")).content.decode()
    assert "Complete by" not in home
    assert "Complete by" not in page(signed_in_practitioner, "people", draft)


def urgent_draft(author: Any, org: Any, hours: float) -> SharingDecision:
    return make_decision(
        author=author,
        organisation=org,
        status=Status.DRAFT,
        finalised_at=None,
        urgent=True,
        urgent_due_at=timezone.now() + dt.timedelta(hours=hours),
        answers={"risk_of_significant_harm": "yes"},
    )


def panel(body: str, title: str) -> str:
    return body[body.index(f">{title}</h2>") :].split("</section>")[0]


def test_a_manager_sees_their_teams_urgent_drafts_before_they_are_overdue(
    client: Any, practitioner: Any, manager: Any, home_org: Any
) -> None:
    later = urgent_draft(practitioner, home_org, hours=20)
    sooner = urgent_draft(practitioner, home_org, hours=2)
    overdue = urgent_draft(practitioner, home_org, hours=-1)
    own = urgent_draft(manager, home_org, hours=5)
    finished = make_decision(
        author=practitioner,
        organisation=home_org,
        urgent=True,
        urgent_due_at=timezone.now() + dt.timedelta(hours=3),
    )
    client.force_login(manager)
    body = client.get(reverse("core:home")).content.decode()
    shown = panel(body, IN_PROGRESS)
    assert shown.index(sooner.label) < shown.index(later.label)  # soonest due first
    detail = reverse("decisions:decision_detail", kwargs={"decision_id": sooner.pk})
    assert f'href="{detail}">{sooner.label}</a>' in shown
    assert f"by {practitioner}, complete by {deadline_text(sooner.urgent_due_at)}" in shown
    # Overdue ones are in their own panel; the manager's own are in "Your drafts";
    # finalised records are done.
    assert overdue.label not in shown
    assert overdue.label in panel(body, "Urgent records not completed")
    assert own.label not in shown
    assert finished.label not in shown


def test_practitioners_and_managers_elsewhere_do_not_get_the_panel(
    client: Any, practitioner: Any, home_org: Any, make_member: Any, other_org: Any
) -> None:
    colleague = make_member(Role.PRACTITIONER, home_org)
    urgent_draft(colleague, home_org, hours=2)
    for user in (practitioner, make_member(Role.MANAGER, other_org)):
        client.force_login(user)
        assert IN_PROGRESS not in client.get(reverse("core:home")).content.decode()


def test_the_managers_home_makes_the_same_number_of_queries_as_drafts_grow(
    client: Any, practitioner: Any, manager: Any, home_org: Any
) -> None:
    client.force_login(manager)
    urgent_draft(practitioner, home_org, hours=2)
    url = reverse("core:home")
    client.get(url)  # warm caches (session, MFA check)
    counts = []
    for extra in (0, 6):
        for hours in range(extra):
            urgent_draft(practitioner, home_org, hours=3 + hours)
            urgent_draft(manager, home_org, hours=3 + hours)
            urgent_draft(practitioner, home_org, hours=-1 - hours)
        with CaptureQueriesContext(connection) as queries:
            body = client.get(url).content.decode()
        assert IN_PROGRESS in body
        counts.append(len(queries))
    assert counts[0] == counts[1]


# 3. The checklist on "Are you sharing appropriately and securely?".


def test_the_appropriate_and_secure_question_shows_the_checklist(
    signed_in_practitioner: Any, draft: Any
) -> None:
    body = page(signed_in_practitioner, "question", draft, key="appropriate_and_secure")
    question = EDITION.question("appropriate_and_secure")
    assert re.search(rf"<h1[^>]*>{re.escape(question.text)}</h1>", body)
    assert f"<title>{question.text}" in body
    listed = body[body.index("Before you share:") : body.index('id="step-form"')]
    for item in EDITION.checklist:
        assert f"<li>{item}</li>" in listed
    # The question is still the radios' legend, with its hint.
    assert re.search(rf"<legend[^>]*>\s*{re.escape(question.text)}\s*</legend>", body)
    assert question.hint in body


def test_the_checklist_page_shows_a_missing_answer_as_an_error(
    signed_in_practitioner: Any, draft: Any
) -> None:
    url = reverse(
        "decisions:question", kwargs={"decision_id": draft.pk, "key": "appropriate_and_secure"}
    )
    response = signed_in_practitioner.post(url, {})
    assert response.status_code == 400
    body = response.content.decode()
    assert "govuk-error-summary" in body
    assert EDITION.question("appropriate_and_secure").missing_message in body
    assert EDITION.checklist[0] in body


def test_other_questions_do_not_show_the_checklist(signed_in_practitioner: Any, draft: Any) -> None:
    body = page(signed_in_practitioner, "question", draft, key="purpose")
    assert EDITION.checklist[0] not in body
    question = EDITION.question("purpose").text
    assert re.search(rf'<h1 class="govuk-fieldset__heading">{re.escape(question)}</h1>', body)
