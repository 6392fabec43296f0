"""Changing answers and the outcome, from check answers and the finalise summary; what
the record then keeps; and the wording of the flow's pages. Each test pins a defect an
exploratory test of the flow found."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from infoshare.decisions.forms import _text
from infoshare.decisions.models import SharingDecision, Status
from infoshare.decisions.tests.factories import CONSENT_ANSWERS, answer_questions, make_decision
from infoshare.decisions.tests.finalising import press_finalise
from infoshare.decisions.tests.test_api_decisions import Api
from infoshare.decisions.tests.test_flow import (
    BASES_WITHOUT_CONSENT,
    SHARING_DETAILS,
    first_pages,
    main_of,
    question,
    record_sharing_details,
    url,
)

#: Consent refused and no public interest: the recommendation is not to share.
DO_NOT_SHARE = {key: value for key, value in CONSENT_ANSWERS.items() if key != "consent"}
DO_NOT_SHARE |= {"consent": "refused", "public_interest": "no"}
DO_NOT_SHARE.pop("appropriate_and_secure")


def answer(client: Any, draft: Any, answers: dict[str, str]) -> None:
    for key, value in answers.items():
        response = client.post(question(draft, key), {"answer": value})
        assert response.status_code == 302, key


def visible_text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def title_and_heading(body: str) -> tuple[str, str]:
    title = re.search(r"<title>(.*?)</title>", body, re.S)
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", body, re.S)
    assert title is not None
    assert heading is not None
    return visible_text(title.group(1)).removesuffix(" \N{EN DASH} Infoshare"), visible_text(
        heading.group(1)
    )


def hidden_change_texts(body: str) -> list[str]:
    return [
        visible_text(text)
        for text in re.findall(r'>Change<span class="govuk-visually-hidden">(.*?)</span>', body)
    ]


# 1. A stale reason for departing from the recommendation.


def test_the_reason_for_departing_goes_when_the_outcome_matches_the_recommendation_again(
    signed_in_practitioner: Any, draft: Any, home_org: Any, other_org: Any
) -> None:
    client = signed_in_practitioner
    first_pages(client, draft, home_org, other_org)
    answer(client, draft, DO_NOT_SHARE)
    shared = {
        "outcome": "shared",
        "reasons": "Needed today",
        "departure_reason_shared": "Old reason",
    }
    client.post(url("outcome", draft), shared)
    record_sharing_details(client, draft)
    # From the summary: not shared after all (the reason typed earlier is still in the box).
    not_shared = shared | {"outcome": "not_shared", "reasons": "We respect the refusal"}
    response = client.post(f"{url('outcome', draft)}?return=finalise", not_shared)
    assert response.url == url("finalise", draft)
    assert "Why it differs" not in client.get(url("finalise", draft)).content.decode()
    assert press_finalise(client, draft).url == url("confirmation", draft)
    record = client.get(url("decision_detail", draft)).content.decode()
    assert "Why it differs from the recommendation" not in record
    assert "Old reason" not in record
    draft.refresh_from_db()
    assert draft.departure_reason == ""


# 2. A record not shared keeps no details of a share.


def test_a_record_changed_to_not_shared_keeps_no_details_of_sharing(
    signed_in_practitioner: Any, draft: Any, home_org: Any, other_org: Any, practitioner: Any
) -> None:
    client = signed_in_practitioner
    first_pages(client, draft, home_org, other_org)
    answer(client, draft, CONSENT_ANSWERS)
    client.post(url("outcome", draft), {"outcome": "shared", "reasons": "Consent given"})
    record_sharing_details(client, draft)
    response = client.post(
        f"{url('outcome', draft)}?return=finalise",
        {
            "outcome": "not_shared",
            "reasons": "Family moved",
            "departure_reason_not_shared": "Moved away",
        },
    )
    assert response.url == url("finalise", draft)
    assert press_finalise(client, draft).url == url("confirmation", draft)
    read = Api(client, practitioner).call("get", "decision_read", decision_id=draft.pk).json()
    assert read["outcome"] == "not_shared"
    assert read["departure_reason"] == "Moved away"
    assert (read["gateway"], read["article6"], read["information_categories"]) == ("", [], [])
    assert (read["information_description"], read["facts"], read["method"]) == ("", "", "")
    assert (read["shared_on"], read["person_told"]) == (None, "")


# 3. "Shared" after all, from the summary: the pages about the sharing come first.


def test_changing_the_outcome_to_shared_from_the_summary_asks_what_was_shared(
    signed_in_practitioner: Any, draft: Any, home_org: Any, other_org: Any
) -> None:
    client = signed_in_practitioner
    first_pages(client, draft, home_org, other_org)
    answer(client, draft, DO_NOT_SHARE)
    response = client.post(url("outcome", draft), {"outcome": "not_shared", "reasons": "Refused"})
    assert response.url == url("finalise", draft)
    response = client.post(
        f"{url('outcome', draft)}?return=finalise",
        {"outcome": "shared", "reasons": "Risk grew", "departure_reason_shared": "The risk grew"},
    )
    for name, data in SHARING_DETAILS:
        assert response.url == f"{url(name, draft)}?return=finalise"
        # Consent was refused: the lawful bases cannot be consent.
        data = BASES_WITHOUT_CONSENT if name == "bases" else data
        response = client.post(response.url, data)
    assert response.url == url("finalise", draft)
    body = client.get(url("finalise", draft)).content.decode()
    assert "not complete" not in body
    assert press_finalise(client, draft).url == url("confirmation", draft)


# 4. A change made on check answers, reached from the summary, keeps the way back to it.


def test_a_change_on_check_answers_reached_from_the_summary_goes_back_to_the_summary(
    signed_in_practitioner: Any, draft: Any, home_org: Any, other_org: Any
) -> None:
    client = signed_in_practitioner
    first_pages(client, draft, home_org, other_org)
    answer(client, draft, CONSENT_ANSWERS)
    client.post(url("outcome", draft), {"outcome": "shared", "reasons": "Consent given"})
    record_sharing_details(client, draft)
    response = client.post(
        f"{question(draft, 'appropriate_and_secure')}?return=finalise", {"answer": "yes"}
    )
    check = f"{url('check_answers', draft)}?return=finalise"
    assert response.url == check
    body = client.get(check).content.decode()
    again = f"{question(draft, 'consent')}?return=check-finalise"
    assert f'href="{again}"' in body
    assert f'href="{url("purpose", draft)}?return=check-finalise"' in body
    # The back link of a page changed from there leads to check answers, still on its way.
    assert f'href="{check}" class="govuk-back-link"' in client.get(again).content.decode()
    assert client.post(again, {"answer": "given"}).url == check
    changed = f"{url('purpose', draft)}?return=check-finalise"
    assert client.post(changed, {"purpose": "Arrange support at school"}).url == check
    assert f'href="{url("recommendation", draft)}?return=finalise"' in (
        client.get(check).content.decode()
    )
    response = client.post(
        f"{url('outcome', draft)}?return=finalise",
        {"outcome": "shared", "reasons": "Consent given"},
    )
    # Not by the lawful basis, information, how and when and told pages again.
    assert response.url == url("finalise", draft)


# 5. Answers to questions still asked after a change are kept.


def test_settling_a_doubt_keeps_the_answers_still_needed(
    signed_in_practitioner: Any, draft: Any
) -> None:
    client = signed_in_practitioner
    answer(client, draft, CONSENT_ANSWERS)
    response = client.post(f"{question(draft, 'consent')}?return=check", {"answer": "refused"})
    assert response.url == f"{question(draft, 'public_interest')}?return=check"
    response = client.post(response.url, {"answer": "not_sure"})
    assert response.url == url("check_answers", draft)
    response = client.post(f"{question(draft, 'consent')}?return=check", {"answer": "given"})
    # "Are you sharing appropriately and securely?" is not asked again: its answer is kept.
    assert response.url == url("check_answers", draft)
    draft.refresh_from_db()
    assert draft.answers == CONSENT_ANSWERS


def test_answers_to_questions_ruled_out_still_go(signed_in_practitioner: Any, draft: Any) -> None:
    client = signed_in_practitioner
    answer(client, draft, CONSENT_ANSWERS)
    answer(client, draft, {"consent": "refused", "public_interest": "no"})
    draft.refresh_from_db()
    assert "appropriate_and_secure" not in draft.answers  # not to share: not asked
    answer(client, draft, {"consent": "given", "appropriate_and_secure": "not_sure"})
    answer(client, draft, {"consent": "refused"})
    draft.refresh_from_db()
    # The public interest given before comes back (set aside while consent was given); not
    # to share again: the doubt about sharing securely is out of play, and does not make
    # the recommendation "seek advice".
    assert draft.answers["public_interest"] == "no"
    assert "appropriate_and_secure" not in draft.answers
    assert client.get(url("check_answers", draft)).status_code == 200
    assert "Do not share" in client.get(url("recommendation", draft)).content.decode()
    answer(client, draft, {"public_interest": "yes"})
    draft.refresh_from_db()
    # Asked again if the public interest is sufficient: the doubt given is kept for then.
    assert draft.answers["appropriate_and_secure"] == "not_sure"


# 6. A named person at an organisation outside the partnership.


def test_a_named_person_outside_the_partnership_is_shown_with_their_organisation(
    signed_in_practitioner: Any, draft: Any, practitioner: Any, home_org: Any
) -> None:
    client = signed_in_practitioner
    answer(client, draft, CONSENT_ANSWERS)
    client.post(
        url("recipient", draft),
        {
            "direction": "sharing_out",
            "external_recipient": "Northshire Housing Association",
            "recipient_name": "Tenancy officer",
        },
    )
    shown = "Tenancy officer, Northshire Housing Association"
    assert shown in client.get(url("check_answers", draft)).content.decode()
    assert shown in client.get(url("finalise", draft)).content.decode()
    record = make_decision(
        organisation=home_org,
        author=practitioner,
        external_recipient="Northshire Housing Association",
        recipient_name="Tenancy officer",
    )
    assert shown in client.get(url("decision_detail", record)).content.decode()
    assert shown in client.get(reverse("decisions:my_decisions")).content.decode()


# 7. Error messages of free text.


def test_an_amendment_without_a_reason_says_what_to_enter(
    signed_in_practitioner: Any, practitioner: Any, home_org: Any
) -> None:
    record = make_decision(organisation=home_org, author=practitioner)
    response = signed_in_practitioner.post(url("amend", record), {"reason": ""})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Enter why the record needs correcting" in body
    assert "Enter why does" not in body
    response = signed_in_practitioner.post(url("amend", record), {"reason": "Wrong\x00date"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Reason for the amendment must not contain control characters" in body
    assert "Null characters" not in body


@pytest.mark.parametrize(
    ("page", "data", "field", "name"),
    [
        ("purpose", {}, "purpose", "Purpose"),
        ("recipient", {"direction": "sharing_out"}, "external_recipient", "Organisation name"),
        (
            "recipient",
            {"direction": "sharing_out", "external_recipient": "Club"},
            "recipient_name",
            "Name of the person",
        ),
        ("outcome", {"outcome": "shared"}, "reasons", "Reasons"),
        (
            "outcome",
            {"outcome": "not_shared", "reasons": "Consent"},
            "departure_reason_not_shared",
            "The reason your decision differs",
        ),
        ("information", {"information_categories": ["health"]}, "facts", "Facts"),
        (
            "information",
            {"information_categories": ["health"]},
            "information_description",
            "Description",
        ),
        ("told", {"person_told": "no"}, "reason_not_told", "The reason the person was not told"),
        ("sharing", {"method": "other"}, "method_detail", "Method details"),
    ],
)
def test_a_null_character_is_named_in_the_services_words(
    signed_in_practitioner: Any, draft: Any, page: str, data: dict[str, Any], field: str, name: str
) -> None:
    answer_questions(draft, outcome="shared")
    response = signed_in_practitioner.post(url(page, draft), data | {field: "a\x00b"})
    assert response.status_code == 400
    body = response.content.decode()
    assert f"{name} must not contain control characters" in body
    assert "Null characters" not in body


def test_a_required_text_field_says_what_is_missing_in_its_own_words() -> None:
    with pytest.raises(ValueError, match="Say what is missing"):
        _text("Why does the record need correcting?", name="Reason", required=True)


# 8. Page titles, Change links and the recipient's label.


@pytest.mark.parametrize(
    "page",
    [
        "recipient",
        "purpose",
        "check_answers",
        "recommendation",
        "outcome",
        "bases",
        "information",
        "sharing",
        "told",
        "finalise",
        "discard",
    ],
)
def test_each_page_title_is_its_heading(signed_in_practitioner: Any, draft: Any, page: str) -> None:
    answer(signed_in_practitioner, draft, CONSENT_ANSWERS)
    answer_questions(draft, outcome="shared")
    title, heading = title_and_heading(
        signed_in_practitioner.get(url(page, draft)).content.decode()
    )
    assert title == heading


def test_change_links_name_what_they_change(
    signed_in_practitioner: Any, draft: Any, home_org: Any, other_org: Any
) -> None:
    client = signed_in_practitioner
    first_pages(client, draft, home_org, other_org)
    answer(client, draft, CONSENT_ANSWERS)
    client.post(url("outcome", draft), {"outcome": "shared", "reasons": "Consent given"})
    record_sharing_details(client, draft)
    for page in ("check_answers", "finalise"):
        texts = hidden_change_texts(client.get(url(page, draft)).content.decode())
        assert texts, page
        for text in texts:
            assert not text.endswith("?"), (page, text)
            assert not text.startswith(("is ", "do ", "are ", "your answer")), (page, text)
        assert "whether the information is confidential" in texts
    texts = hidden_change_texts(client.get(url("finalise", draft)).content.decode())
    assert "the Article 6 basis" in texts


def test_a_request_names_who_asked(signed_in_practitioner: Any, draft: Any) -> None:
    client = signed_in_practitioner
    answer(client, draft, CONSENT_ANSWERS)
    client.post(
        url("recipient", draft),
        {"direction": "request_received", "external_recipient": "Northshire Police"},
    )
    for page in ("check_answers", "finalise"):
        body = client.get(url(page, draft)).content.decode()
        assert "Who asked for the information" in body, page
        assert "Receiving organisation or person" not in body, page


def test_a_decision_not_to_share_names_whom_it_was_not_shared_with(
    signed_in_practitioner: Any, draft: Any, home_org: Any, other_org: Any
) -> None:
    client = signed_in_practitioner
    first_pages(client, draft, home_org, other_org)
    answer(client, draft, CONSENT_ANSWERS)
    client.post(
        url("outcome", draft),
        {"outcome": "not_shared", "reasons": "Not needed", "departure_reason_not_shared": "No"},
    )
    body = client.get(url("finalise", draft)).content.decode()
    assert "Who you decided not to share with" in body
    assert "Receiving organisation or person" not in body
    assert "who you decided not to share with" in hidden_change_texts(body)
    press_finalise(client, draft)
    record = client.get(reverse("decisions:decision_detail", args=[draft.pk])).content.decode()
    assert "Who you decided not to share with" in record
    assert "Receiving organisation or person" not in record


# 9. Drafts on the home page can be told apart.


def home_page(client: Any) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        body = client.get(reverse("core:home")).content.decode()
    return body, len(queries)


def test_drafts_on_the_home_page_say_who_they_are_about_and_who_receives_it(
    signed_in_practitioner: Any, draft: Any, home_org: Any, other_org: Any
) -> None:
    client = signed_in_practitioner
    first_pages(client, draft, home_org, other_org)
    body, one_draft = home_page(client)
    panel = body[body.index("Your drafts") :]
    assert f"About Amara Okafor, sharing with {other_org.name}." in panel
    for _ in range(3):
        client.post(reverse("decisions:start"))
        started = SharingDecision.objects.filter(status=Status.DRAFT).latest("id")
        first_pages(client, started, home_org, other_org)
    body, four_drafts = home_page(client)
    assert body.count("About Amara Okafor") == 4
    assert four_drafts == one_draft


# 10. Pressing a button twice sends the form once (GOV.UK Frontend's button).


@pytest.mark.parametrize(
    "page",
    ["recipient", "purpose", "outcome", "bases", "information", "sharing", "told", "finalise"],
)
def test_the_flows_buttons_prevent_a_double_click(
    signed_in_practitioner: Any, draft: Any, page: str
) -> None:
    answer_questions(draft, outcome="shared")
    body = main_of(signed_in_practitioner.get(url(page, draft)).content.decode())
    buttons = re.findall(r'<button type="submit"[^>]*>', body)
    assert buttons
    assert all('data-prevent-double-click="true"' in button for button in buttons), buttons


def test_start_and_question_buttons_prevent_a_double_click(
    signed_in_practitioner: Any, draft: Any
) -> None:
    for address in (reverse("decisions:start"), question(draft, "purpose")):
        body = main_of(signed_in_practitioner.get(address).content.decode())
        button = re.search(r'<button type="submit"[^>]*>', body)
        assert button is not None
        assert 'data-prevent-double-click="true"' in button.group(0), address


def test_the_same_start_page_sent_twice_starts_one_draft(
    signed_in_practitioner: Any, practitioner: Any
) -> None:
    """Without JavaScript nothing stops a second press of Start now: the page's own key
    makes the second one find the draft the first made."""
    start = reverse("decisions:start")
    page = signed_in_practitioner.get(start).content.decode()
    key = re.search(r'name="start_key" value="([0-9a-f]{32})"', page)
    assert key is not None
    first = signed_in_practitioner.post(start, {"start_key": key.group(1)})
    again = signed_in_practitioner.post(start, {"start_key": key.group(1)})
    assert first.status_code == again.status_code == 302
    assert first.url == again.url
    assert SharingDecision.objects.filter(author=practitioner).count() == 1
    another_page = signed_in_practitioner.get(start).content.decode()
    assert key.group(1) not in another_page
    signed_in_practitioner.post(start, {"start_key": "not-a-key"})
    assert SharingDecision.objects.filter(author=practitioner).count() == 2


def test_continuing_with_nobody_added_says_error_in_the_title(
    signed_in_practitioner: Any, draft: Any
) -> None:
    response = signed_in_practitioner.post(url("people", draft), {"action": "continue"})
    assert response.status_code == 400
    assert "<title>Error: " in response.content.decode()
