"""The "You were signed out before this was saved" page lists what was typed as the page
showed it: each answer under the question the person saw and, for a choice, the choice's
name; never a field's internal name, an id, a code, a page key or a button
(infoshare/core/kept_labels.py). Everything kept is still posted back by "Save what you
typed"."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from infoshare.audit.models import AuditEvent
from infoshare.core import resubmit
from infoshare.decisions.models import SharingDecision, Status
from infoshare.decisions.tests.factories import answer_questions, make_decision

pytestmark = pytest.mark.django_db

KEPT_HEADING = "You were signed out before this was saved"


def _expire_session(client: Any) -> None:
    client.session.flush()
    client.cookies.pop("sessionid", None)


def _keep(client: Any, person: Any, page: str, data: dict[str, Any]) -> str:
    """The page is open, the session ends, the person presses the button, signs in
    again and comes back to the page: the confirmation page."""
    client.force_login(person)
    assert client.get(page).status_code == 200
    _expire_session(client)
    assert client.post(page, data).status_code == 302
    client.force_login(person)
    response = client.get(page)
    body = response.content.decode()
    assert response.status_code == 200
    assert KEPT_HEADING in body
    return body


def _rows(body: str) -> list[tuple[str, str]]:
    """The confirmation page's list, as read: (question, answer)."""
    if '<dl class="govuk-summary-list">' not in body:
        return []
    listed = body.split('<dl class="govuk-summary-list">')[1].split("</dl>")[0]
    found = re.findall(r"<dt[^>]*>(.*?)</dt>\s*<dd[^>]*>(.*?)</dd>", listed, re.S)
    return [(html.unescape(key.strip()), html.unescape(value.strip())) for key, value in found]


def _hidden(body: str) -> list[tuple[str, str]]:
    found = re.findall(r'<input type="hidden" name="([^"]*)" value="([^"]*)">', body)
    return [(html.unescape(n), html.unescape(v)) for n, v in found if n != "csrfmiddlewaretoken"]


@pytest.fixture
def draft(client: Any, practitioner: Any, home_org: Any) -> SharingDecision:
    client.force_login(practitioner)
    client.post(reverse("decisions:start"))
    return SharingDecision.objects.get(author=practitioner)


def _url(name: str, draft: SharingDecision) -> str:
    return reverse(f"decisions:{name}", kwargs={"decision_id": draft.pk})


def test_the_recipient_is_named_as_on_the_page_never_by_its_id(
    client: Any, practitioner: Any, draft: SharingDecision, other_org: Any
) -> None:
    other_org.name = "Riverside Primary School"
    other_org.save()
    data = {
        "direction": "sharing_out",
        "recipient_organisation_id": str(other_org.pk),
        "external_recipient": "",
        "recipient_name": "Designated safeguarding lead",
    }

    body = _keep(client, practitioner, _url("recipient", draft), data)

    assert _rows(body) == [
        ("Are you sharing information or were you asked for it?", "I want to share information"),
        ("Organisation in your partnership", "Riverside Primary School"),
        ("Name or role of the person (optional)", "Designated safeguarding lead"),
    ]
    shown = body.split('<dl class="govuk-summary-list">')[1].split("</dl>")[0]
    for internal in ("sharing_out", "Recipient organisation id", "Direction", f">{other_org.pk}<"):
        assert internal not in shown
    # Everything kept goes back, exactly as typed, with "Save what you typed".
    assert _hidden(body) == list(data.items())


def test_choices_and_several_ticked_boxes_are_named_as_on_the_page(
    client: Any, practitioner: Any, draft: SharingDecision
) -> None:
    answer_questions(draft, outcome="shared")
    data = {"gateway": "consent", "article6": ["art6_1_a", "art6_1_e"], "special_category": "on"}

    body = _keep(client, practitioner, _url("bases", draft), data)

    assert _rows(body) == [
        (
            "Which common-law gateway did you rely on?",
            "Common-law duty of confidence: Consent",
        ),
        (
            "UK GDPR Article 6(1) basis",
            "UK GDPR Article 6(1)(a): Consent<br>UK GDPR Article 6(1)(e): Public task",
        ),
        (
            "The information includes special category data (for example health, "
            "ethnicity, religion or sex life)",
            "Yes",
        ),
    ]
    assert "art6_1_a" not in body.split("<dl")[1].split("</dl>")[0]


def test_the_decision_is_shown_under_the_pages_heading_question(
    client: Any, practitioner: Any, draft: SharingDecision
) -> None:
    answer_questions(draft)
    data = {"outcome": "shared_in_part", "reasons": "Only the attendance record"}

    body = _keep(client, practitioner, _url("outcome", draft), data)

    # The legend's caption ("Decision ISD-…") is not part of the question.
    assert _rows(body) == [
        ("What did you decide?", "Shared in part"),
        ("Your reasons for this decision", "Only the attendance record"),
    ]


def test_a_date_is_one_answer_and_a_revealed_question_has_its_own_label(
    client: Any, practitioner: Any, draft: SharingDecision
) -> None:
    answer_questions(draft, outcome="shared")
    data = {
        "method": "other",
        "method_detail": "By hand at the school gate",
        "shared_on_day": "3",
        "shared_on_month": "4",
        "shared_on_year": "2026",
    }

    body = _keep(client, practitioner, _url("sharing", draft), data)

    assert _rows(body) == [
        ("How did you share it?", "Another way"),
        ("Describe how you shared it", "By hand at the school gate"),
        ("Date you shared it", "Day 3, Month 4, Year 2026"),
    ]


def test_hidden_fields_and_page_keys_are_not_listed_but_are_posted_back(
    client: Any, practitioner: Any, draft: SharingDecision
) -> None:
    page = f"{reverse('advice:request_new')}?decision={draft.pk}"
    data = {
        "decision": str(draft.pk),
        "page_key": "de46b9dc" * 4,
        "question": "Can I share the attendance record?",
        "name_person": "no",
        "urgent": "on",
    }

    body = _keep(client, practitioner, page, data)

    rows = dict(_rows(body))
    assert rows["What is your question?"] == "Can I share the attendance record?"
    assert rows["Do you need to name the person the question is about?"] == "No"
    assert rows["This is urgent"] == "Yes"
    listed = " ".join(f"{key} {value}" for key, value in _rows(body))
    for technical in ("Decision", "Page key", "de46b9dc", "Name person", "Urgent"):
        assert technical not in listed
    assert ("page_key", "de46b9dc" * 4) in _hidden(body)
    assert ("decision", str(draft.pk)) in _hidden(body)


def test_a_choice_no_longer_offered_is_never_shown_as_its_id(
    client: Any, practitioner: Any, draft: SharingDecision, other_org: Any
) -> None:
    page = _url("recipient", draft)
    client.force_login(practitioner)
    client.get(page)
    _expire_session(client)
    client.post(page, {"direction": "sharing_out", "recipient_organisation_id": other_org.pk})
    other_org.is_active = False  # closed while the person was signed out
    other_org.save()
    client.force_login(practitioner)

    body = client.get(page).content.decode()

    assert ("Organisation in your partnership", "An option that is not on the page now") in (
        _rows(body)
    )
    assert f">{other_org.pk}<" not in body


def test_a_page_that_no_longer_opens_shows_names_in_words_and_no_codes_or_ids(
    client: Any, practitioner: Any, draft: SharingDecision
) -> None:
    """Finalised (through the API, say) while the person was signed out: the outcome page
    would send them to the record, so the fields are named from their names; free text
    is shown, codes and ids are not, and nothing the page would have said is kept."""
    answer_questions(draft)
    page = _url("outcome", draft)
    client.force_login(practitioner)
    client.get(page)
    _expire_session(client)
    client.post(
        page,
        {"outcome": "shared_in_part", "reasons": "Only some", "person": "17", "page_key": "ab"},
    )
    SharingDecision.objects.filter(pk=draft.pk).update(
        status=Status.FINAL, outcome="shared", finalised_at=timezone.now()
    )
    client.force_login(practitioner)

    response = client.get(page)

    body = response.content.decode()
    assert KEPT_HEADING in body
    assert _rows(body) == [
        ("Outcome", "An option that is not on the page now"),
        ("Reasons", "Only some"),
    ]
    # The page's own message ("This record has been finalised…") was never sent.
    assert "finalised" not in body
    assert list(get_messages(response.wsgi_request)) == []
    assert resubmit.SESSION_KEY in client.session


def test_drawing_the_page_for_its_labels_audits_nothing_and_changes_nothing(
    client: Any, practitioner: Any, home_org: Any
) -> None:
    """The amend page audits the view of the record it shows; the confirmation page
    shows only what was typed, so it audits nothing (the page does, once it is shown)."""
    record = make_decision(author=practitioner, organisation=home_org, status=Status.FINAL)
    page = reverse("decisions:amend", kwargs={"decision_id": record.pk})
    client.force_login(practitioner)
    client.get(page)
    _expire_session(client)
    client.post(page, {"reason": "The date was wrong"})
    client.force_login(practitioner)
    events = AuditEvent.objects.count()

    body = client.get(page).content.decode()

    assert _rows(body) == [("Why does the record need correcting?", "The date was wrong")]
    assert AuditEvent.objects.count() == events
    assert client.session[resubmit.SESSION_KEY]["data"] == "reason=The+date+was+wrong"


def test_only_a_button_pressed_says_nothing_was_typed(
    client: Any, practitioner: Any, draft: SharingDecision
) -> None:
    body = _keep(client, practitioner, _url("people", draft), {"action": "continue"})

    assert _rows(body) == []
    assert "Nothing was typed on the page." in body
    assert _hidden(body) == [("action", "continue")]


def test_a_new_persons_details_are_listed_as_the_page_asks_for_them(
    client: Any, practitioner: Any, draft: SharingDecision
) -> None:
    """The confirmation box is on the page only after a possible duplicate was found: a
    ticked box not on the page now is named from its name, and shown as ticked."""
    data = {
        "given_name": "Ava",
        "family_name": "Okafor",
        "dob_day": "14",
        "dob_month": "3",
        "dob_year": "2016",
        "local_reference": "R-1",
        "nhs_number": "",
        "role_in_case": "child",
        "confirm_different": "on",
    }

    body = _keep(client, practitioner, _url("person_new", draft), data)

    assert _rows(body) == [
        ("Given name", "Ava"),
        ("Family name", "Okafor"),
        ("Date of birth (optional)", "Day 14, Month 3, Year 2016"),
        ("Local reference (optional)", "R-1"),
        ("Their role in the case", "Child or young person"),
        ("Confirm different", "Yes"),
    ]
