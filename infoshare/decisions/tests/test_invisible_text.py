"""Text with nothing visible in it is never a record's purpose, reasons or recipient.

A security assessor finalised a record whose purpose, reasons and recipient were each a
zero-width space: the pages refused spaces but took invisible characters, so a record
that can never change read as blank. One-line answers also took the Unicode line breaks
(U+2028, U+2029, U+0085) and hidden format characters (a byte-order mark, a soft hyphen)."""

from __future__ import annotations

from typing import Any

import pytest

from infoshare.decisions.models import SharingDecision
from infoshare.decisions.services import finalise_problems
from infoshare.decisions.tests.test_api_decisions import Api
from infoshare.decisions.tests.test_flow import url
from infoshare.decisions.text import text_problem

INVISIBLE = ["\u200b", "\u200b\u200b", "\ufeff", "\u00ad", "\u180e", "\u200e\u200f", " \u200b\n"]


@pytest.mark.parametrize("value", INVISIBLE)
def test_an_answer_of_invisible_characters_is_refused_by_the_api(
    client: Any, practitioner: Any, value: str
) -> None:
    api = Api(client, practitioner)
    created = api.call("post", "decision_create", {}, headers={"Idempotency-Key": "inv-1"})
    decision_id = created.json()["id"]
    body = {
        "purpose": value,
        "reasons": value,
        "external_recipient": value,
        "information_description": value,
    }
    response = api.call("patch", "decision_update", body, decision_id=decision_id)
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert set(body) <= set(fields), fields
    saved = SharingDecision.objects.get(pk=decision_id)
    assert (saved.purpose, saved.reasons, saved.external_recipient) == ("", "", "")


def test_an_invisible_purpose_on_the_page_says_enter_it(
    signed_in_practitioner: Any, draft: Any
) -> None:
    response = signed_in_practitioner.post(url("purpose", draft), {"purpose": "\u200b\u200b"})
    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()
    draft.refresh_from_db()
    assert draft.purpose == ""


@pytest.mark.parametrize("value", ["North\u2028Police", "North\u2029Police", "A\x85B", "\ufeffA"])
def test_a_one_line_answer_takes_no_unicode_line_break_or_hidden_format(value: str) -> None:
    assert text_problem(value, label="Recipient", max_length=200, multiline=False)
    # A multi-line answer keeps its line breaks.
    assert text_problem(value.replace("\ufeff", ""), label="Reasons", max_length=200) is None


@pytest.mark.parametrize(
    "value",
    [
        "Mehr\u200cnoosh",  # a Persian name with a zero-width non-joiner
        "\u200fعلي\u200f",  # right-to-left marks
        "Family \U0001f468\u200d\U0001f469\u200d\U0001f467",  # an emoji with joiners
        "Siôn Ó Dálaigh",
    ],
)
def test_text_that_shows_with_the_marks_its_script_needs_is_accepted(value: str) -> None:
    assert text_problem(value, label="Name", max_length=200, multiline=False) is None
    assert text_problem(value, label="Name", max_length=200, required=True) is None


def test_a_record_saved_before_with_invisible_text_cannot_be_finalised(
    practitioner: Any, home_org: Any
) -> None:
    from infoshare.decisions.tests.factories import make_decision

    draft = make_decision(
        author=practitioner,
        organisation=home_org,
        status="draft",
        purpose="\u200b",
        reasons="\u200b",
        external_recipient="\u200b",
    )
    problems = finalise_problems(draft)
    assert {"purpose", "recipient"} <= set(problems)
    draft.outcome = "not_shared"
    assert "reasons" in finalise_problems(draft)
