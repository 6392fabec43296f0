"""Change from check your answers: once the changed answer is saved, the practitioner is
back on check your answers, by way only of the questions the change made newly needed.
A question already answered, "Are you sharing appropriately and securely?" included (even
answered "Not sure"), is not asked again."""

from __future__ import annotations

import re
from typing import Any

import pytest

from infoshare.decisions.tests.factories import CONSENT_ANSWERS
from infoshare.decisions.tests.test_flow import first_pages, question, url

DOUBT = "appropriate_and_secure"
#: Consent given, and not sure the sharing is appropriate and secure.
CONSENT_THEN_DOUBT = CONSENT_ANSWERS | {DOUBT: "not_sure"}


def answer_everything(client: Any, draft: Any, answers: dict[str, str]) -> None:
    """Through the pages, as the practitioner does, until check your answers."""
    for key, value in answers.items():
        assert client.post(question(draft, key), {"answer": value}).status_code == 302, key
    assert client.get(url("check_answers", draft)).status_code == 200


def change_link(client: Any, draft: Any, key: str) -> str:
    """The Change link of the question's row on check your answers."""
    body = client.get(url("check_answers", draft)).content.decode()
    links = re.findall(r'href="([^"]+)"', body)
    found = [link for link in links if link.startswith(f"{question(draft, key)}?")]
    assert len(found) == 1, key
    return found[0]


def answer_until_back(
    client: Any, draft: Any, change: str, changed: str, then: dict[str, str]
) -> list[str]:
    """Saves the `changed` answer on the page the Change link `change` opens, then answers
    each question the flow asks on the way back (from `then`); the keys of the questions
    asked, until check your answers."""
    asked: list[str] = []
    response = client.post(change, {"answer": changed})
    while response.url != url("check_answers", draft):
        key = response.url.split("?")[0].rstrip("/").rsplit("/", 1)[-1]
        assert response.url == f"{question(draft, key)}?return=check", response.url
        assert key not in asked, f"{key} asked twice"
        assert key in then, f"{key} asked, though the change did not make it newly needed"
        asked.append(key)
        response = client.post(response.url, {"answer": then[key]})
        assert response.status_code == 302
    return asked


def test_a_change_that_asks_a_new_question_then_returns_without_asking_the_doubt_again(
    signed_in_practitioner: Any, draft: Any, home_org: Any, other_org: Any
) -> None:
    client = signed_in_practitioner
    first_pages(client, draft, home_org, other_org)
    answer_everything(client, draft, CONSENT_THEN_DOUBT)
    change = change_link(client, draft, "consent")
    asked = answer_until_back(client, draft, change, "refused", {"public_interest": "yes"})
    # The public interest is newly needed; the doubt about security was already given.
    assert asked == ["public_interest"]
    draft.refresh_from_db()
    assert draft.answers[DOUBT] == "not_sure"
    body = client.get(url("check_answers", draft)).content.decode()
    assert "Are you sharing appropriately and securely?" in body
    assert change_link(client, draft, DOUBT)


def test_a_change_that_asks_several_new_questions_returns_after_them(
    signed_in_practitioner: Any, draft: Any
) -> None:
    client = signed_in_practitioner
    legal_duty = {"risk_of_significant_harm": "no", "purpose": "yes", "legal_duty": "yes"}
    answer_everything(client, draft, legal_duty | {DOUBT: "not_sure"})
    change = change_link(client, draft, "legal_duty")
    newly = {"identifiable": "yes", "confidential": "yes", "consent": "given"}
    asked = answer_until_back(client, draft, change, "no", newly)
    assert asked == ["identifiable", "confidential", "consent"]
    draft.refresh_from_db()
    assert draft.answers[DOUBT] == "not_sure"


@pytest.mark.parametrize("answers", [CONSENT_ANSWERS, CONSENT_THEN_DOUBT])
def test_saving_the_same_answer_to_any_question_returns_at_once(
    signed_in_practitioner: Any, draft: Any, answers: dict[str, str]
) -> None:
    client = signed_in_practitioner
    answer_everything(client, draft, answers)
    for key, value in answers.items():
        change = change_link(client, draft, key)
        assert client.post(change, {"answer": value}).url == url("check_answers", draft), key
    draft.refresh_from_db()
    assert draft.answers == answers


def test_a_change_that_makes_the_security_question_newly_needed_asks_it_once(
    signed_in_practitioner: Any, draft: Any
) -> None:
    client = signed_in_practitioner
    not_to_share = {key: value for key, value in CONSENT_ANSWERS.items() if key != DOUBT}
    not_to_share |= {"consent": "refused", "public_interest": "no"}
    answer_everything(client, draft, not_to_share)
    change = change_link(client, draft, "public_interest")
    asked = answer_until_back(client, draft, change, "yes", {DOUBT: "yes"})
    assert asked == [DOUBT]
