"""The "Not sure — ask for advice" button keeps what is on the page and comes back to it.

A front-line tester chose "Not shared" on the outcome page, typed the reasons, asked for
advice and, from "Return to your decision", landed on check answers: the outcome page had
lost both. On a page with a form the button now submits that form (saving what can be
saved, keeping the rest as typed), and the advice pages lead back to that page."""

from __future__ import annotations

import html
import re
from typing import Any
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from infoshare.advice.models import AdviceRequest
from infoshare.decisions import services
from infoshare.decisions.models import SharingDecision
from infoshare.decisions.tests.test_flow import question, url
from infoshare.decisions.tests.test_people_pages import back_link
from infoshare.decisions.tests.test_services import complete_draft

ASK = {"action": "ask_advice"}
NOT_SURE = "Not sure — ask for advice"


def ask_url(draft: Any, back: str) -> str:
    query = urlencode({"decision": draft.pk, "return": back})
    return f"{reverse('advice:request_new')}?{query}"


def sent_url(asked: Any, back: str) -> str:
    sent = reverse("advice:request_sent", kwargs={"request_id": asked.pk})
    return f"{sent}?{urlencode({'return': back})}"


def send_question(client: Any, draft: Any, back: str) -> Any:
    """Sends a question from the advice request page, as its form does."""
    page = client.get(ask_url(draft, back)).content.decode()
    carried = re.search(r'<input type="hidden" name="return" value="([^"]*)">', page)
    return client.post(
        ask_url(draft, back),
        {
            "question": "May I leave the school out?",
            "name_person": "no",
            "addressed_to": "organisation",
            "decision": str(draft.pk),
            "return": html.unescape(carried.group(1)) if carried else "",
        },
    )


def return_links(page: str) -> list[str]:
    return [
        html.unescape(href)
        for href in re.findall(
            r'<a class="govuk-link" href="([^"]*)">Return to your decision', page
        )
    ]


def checked(page: str, name: str) -> list[str]:
    """The values of the radios or checkboxes called ``name`` that are checked."""
    found = []
    for tag in re.findall(r"<input [^>]*>", page):
        if f'name="{name}"' in tag and re.search(r"\bchecked\b", tag):
            found.append(re.search(r'value="([^"]*)"', tag).group(1))  # type: ignore[union-attr]
    return found


def box_value(page: str, name: str) -> str | None:
    tag = re.search(rf'<input [^>]*name="{name}"[^>]*>', page)
    value = re.search(r'value="([^"]*)"', tag.group(0)) if tag else None
    return html.unescape(value.group(1)) if value else None


def saved(draft: Any) -> SharingDecision:
    return SharingDecision.objects.get(pk=draft.pk)


def test_the_outcome_asked_about_is_saved_and_the_way_back_leads_to_it(
    client: Any, practitioner: Any, home_org: Any, advisor: Any
) -> None:
    draft = complete_draft(practitioner, home_org)  # the guidance recommends sharing
    client.force_login(practitioner)
    outcome = url("outcome", draft)
    response = client.post(
        outcome, {"outcome": "not_shared", "reasons": "The family moved away."} | ASK
    )
    # Not complete (no reason yet for departing from the recommendation), but not refused:
    # what was chosen and typed is saved, and the question is asked from this page.
    assert response.status_code == 302
    assert response.url == ask_url(draft, "outcome")
    assert (saved(draft).outcome, saved(draft).reasons) == ("not_shared", "The family moved away.")

    # The advice page's Back link, and "Return to your decision" once it is sent, lead to
    # the outcome page, not to check answers.
    assert back_link(client.get(ask_url(draft, "outcome")).content.decode()) == outcome
    sent = send_question(client, draft, "outcome")
    asked = AdviceRequest.objects.get()
    assert sent.url == sent_url(asked, "outcome")
    assert return_links(client.get(sent.url).content.decode()) == [outcome]

    # Back on the page: the option and the reasons are there, and no error is shown
    # (nothing was sent to be checked).
    page = client.get(outcome)
    body = page.content.decode()
    assert page.status_code == 200
    assert checked(body, "outcome") == ["not_shared"]
    assert "The family moved away." in body
    assert "govuk-error-summary" not in body
    assert "<title>Error" not in body


def test_a_date_half_typed_is_kept_as_typed_and_the_rest_saved(
    client: Any, practitioner: Any, home_org: Any
) -> None:
    draft = complete_draft(practitioner, home_org)
    client.force_login(practitioner)
    sharing = url("sharing", draft)
    before = saved(draft).shared_on
    assert before is not None
    response = client.post(
        sharing,
        {"method": "phone", "shared_on_day": "99", "shared_on_month": "", "shared_on_year": ""}
        | ASK,
    )
    assert response.url == ask_url(draft, "sharing")
    # The method is saved; a date cannot be made of what was typed, so the date saved
    # before stays, and the page keeps the boxes as they were typed.
    assert (saved(draft).method, saved(draft).shared_on) == ("phone", before)
    page = client.get(sharing)
    body = page.content.decode()
    assert page.status_code == 200
    assert checked(body, "method") == ["phone"]
    assert (box_value(body, "shared_on_day"), box_value(body, "shared_on_month")) == ("99", "")
    assert "govuk-error-summary" not in body
    assert "<title>Error" not in body

    # Sent again with Continue, it is checked as ever.
    again = client.post(
        sharing,
        {"method": "phone", "shared_on_day": "99", "shared_on_month": "", "shared_on_year": ""},
    )
    assert again.status_code == 400

    # Once the page has been sent again, what was kept is gone: the page shows the draft.
    body = client.get(sharing).content.decode()
    assert box_value(body, "shared_on_day") == str(before.day)


def test_what_was_kept_is_not_shown_once_the_draft_has_changed(
    client: Any, practitioner: Any, home_org: Any
) -> None:
    draft = complete_draft(practitioner, home_org)
    client.force_login(practitioner)
    sharing = url("sharing", draft)
    client.post(
        sharing,
        {"method": "other", "method_detail": "", "shared_on_day": "1", "shared_on_month": "2"}
        | ASK,
    )
    assert box_value(client.get(sharing).content.decode(), "shared_on_day") == "1"
    # Changed since (in another tab, or through the API): the page shows the draft as it is.
    services.update_draft(actor=practitioner, decision_id=draft.pk, changes={"method": "letter"})
    body = client.get(sharing).content.decode()
    assert checked(body, "method") == ["letter"]
    assert box_value(body, "shared_on_day") == str(saved(draft).shared_on.day)  # type: ignore[union-attr]


def test_a_complete_answer_is_saved_as_with_continue(
    client: Any, practitioner: Any, home_org: Any
) -> None:
    draft = complete_draft(practitioner, home_org)
    client.force_login(practitioner)
    response = client.post(question(draft, "consent"), {"answer": "refused"} | ASK)
    assert response.url == ask_url(draft, "question:consent")
    assert saved(draft).answers["consent"] == "refused"
    page = client.get(ask_url(draft, "question:consent")).content.decode()
    assert back_link(page) == question(draft, "consent")


def test_the_way_back_keeps_where_a_change_returns_to(
    client: Any, practitioner: Any, home_org: Any
) -> None:
    """Changed from the summary: back from the advice page to the change, which still
    returns to the summary."""
    draft = complete_draft(practitioner, home_org)
    client.force_login(practitioner)
    told = f"{url('told', draft)}?return=finalise"
    response = client.post(told, {"person_told": "no", "reason_not_told": ""} | ASK)
    assert response.url == ask_url(draft, "told,finalise")
    assert back_link(client.get(response.url).content.decode()) == told
    assert saved(draft).person_told == "no"
    assert checked(client.get(told).content.decode(), "person_told") == ["no"]


STEPS_WITH_A_FORM = [
    "recipient",
    "purpose",
    "question:consent",
    "outcome",
    "bases",
    "information",
    "sharing",
    "told",
]


def _page(draft: Any, step: str) -> str:
    if step.startswith("question:"):
        return question(draft, step.removeprefix("question:"))
    return url(step, draft)


@pytest.mark.parametrize("step", STEPS_WITH_A_FORM)
def test_on_every_page_with_a_form_the_button_sends_that_form(
    client: Any, practitioner: Any, home_org: Any, step: str
) -> None:
    draft = complete_draft(practitioner, home_org)
    client.force_login(practitioner)
    body = client.get(_page(draft, step)).content.decode()
    forms = re.findall(r"<form [^>]*>", body)
    assert [tag for tag in forms if 'id="step-form"' in tag] == [
        '<form method="post" novalidate id="step-form">'
    ]
    button = re.search(r'<button [^>]*form="step-form"[^>]*>([^<]*)</button>', body)
    assert button is not None
    assert button.group(1) == NOT_SURE
    assert 'name="action" value="ask_advice"' in button.group(0)
    assert 'type="submit"' in button.group(0)
    # The hint says what the button does: nothing is saved until it is pressed.
    assert "saves what you have entered on this page" in body
    assert "Your answers so far are saved" not in body


@pytest.mark.parametrize("step", ["people", "check", "finalise"])
def test_pages_with_nothing_to_enter_link_to_advice_with_the_way_back(
    client: Any, practitioner: Any, home_org: Any, step: str
) -> None:
    draft = complete_draft(practitioner, home_org)
    client.force_login(practitioner)
    page = url("check_answers" if step == "check" else step, draft)
    body = client.get(page).content.decode()
    link = re.search(rf'<a class="govuk-link" href="([^"]*)">{NOT_SURE}</a>', body)
    assert link is not None
    assert html.unescape(link.group(1)) == ask_url(draft, step)
    assert back_link(client.get(ask_url(draft, step)).content.decode()) == page


@pytest.mark.parametrize(
    "value",
    ["https://example.com/", "//example.com", "question:no_such_question", "outcome,elsewhere"],
)
def test_the_way_back_is_only_ever_a_page_of_the_draft(
    client: Any, practitioner: Any, home_org: Any, advisor: Any, value: str
) -> None:
    """Anything but the name of one of the draft's pages leads where the draft left off."""
    draft = complete_draft(practitioner, home_org)
    client.force_login(practitioner)
    page = client.get(ask_url(draft, value)).content.decode()
    assert back_link(page) == reverse("decisions:resume", kwargs={"decision_id": draft.pk})
    assert 'name="return"' not in page
    assert "example.com" not in page
    sent = send_question(client, draft, value)
    assert sent.url == reverse(
        "advice:request_sent", kwargs={"request_id": AdviceRequest.objects.get().pk}
    )


def test_a_page_of_the_sharing_is_no_way_back_once_not_shared(
    client: Any, practitioner: Any, home_org: Any
) -> None:
    draft = complete_draft(practitioner, home_org, outcome="not_shared")
    client.force_login(practitioner)
    page = client.get(ask_url(draft, "bases")).content.decode()
    assert back_link(page) == reverse("decisions:resume", kwargs={"decision_id": draft.pk})


def test_the_button_without_anything_on_the_page_saves_nothing_and_asks(
    client: Any, practitioner: Any, home_org: Any
) -> None:
    """A page sent empty: nothing to save, nothing lost, and still the way to advice."""
    draft, _ = services.start_draft(actor=practitioner)
    client.force_login(practitioner)
    before = saved(draft).updated_at
    response = client.post(url("purpose", draft), {"purpose": ""} | ASK)
    assert response.url == ask_url(draft, "purpose")
    assert saved(draft).updated_at == before
    assert back_link(client.get(response.url).content.decode()) == url("purpose", draft)
