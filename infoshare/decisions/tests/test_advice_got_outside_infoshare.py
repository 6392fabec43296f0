"""Advice got outside Infoshare (a manager by phone, the safeguarding lead in the corridor,
a professional body's helpline): a decision record holds the advice sought, from whom and
what was said (domain spec section 6), but only advice asked through Infoshare was kept.
The outcome page asks for the rest (optional; both parts needed under "Yes"), and the
record gives it wherever it gives the advice asked through Infoshare: the finalise summary,
the record page, the PDF, the subject access bundle, the CSV's advice column and the API,
to the recording organisation's staff only (advice is internal to it)."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from infoshare.core.roles import Role
from infoshare.decisions import exports, flow, services
from infoshare.decisions.models import SharingDecision
from infoshare.decisions.tests.factories import (
    CONSENT_ANSWERS,
    answer_questions,
    make_decision,
    make_person,
)
from infoshare.decisions.tests.test_api_decisions import Api
from infoshare.decisions.tests.test_flow import main_of, url
from infoshare.decisions.tests.test_services import complete_draft

pytestmark = pytest.mark.django_db

WHO = "Sam Patel, designated safeguarding lead"
SAID = "Share the attendance record with the school nurse today."
QUESTION = "Did you get advice about this decision outside Infoshare? (optional)"
HINT = (
    "For example, from your manager or safeguarding lead by phone, or a professional body. "
    "Advice you asked for in Infoshare is already kept with the record."
)
DECIDED = {"outcome": "shared", "reasons": "Consent given"}


def saved(draft: Any) -> SharingDecision:
    return SharingDecision.objects.get(pk=draft.pk)


@pytest.fixture
def ready(draft: Any) -> SharingDecision:
    """A draft whose key questions are answered (the guidance recommends sharing)."""
    return answer_questions(draft, dict(CONSENT_ANSWERS))


def summary_links(html: str) -> list[str]:
    start = html.index('<div class="govuk-error-summary"')
    summary = html[start : html.index("</ul>", start)]
    return re.findall(r'<a href="([^"]+)">([^<]+)</a>', summary)  # type: ignore[return-value]


def radio(html: str, value: str) -> str:
    found = re.search(rf'<input[^>]*name="advice_elsewhere"[^>]*value="{value}"[^>]*>', html)
    assert found, html
    return found.group(0)


# -- The outcome page. ---------------------------------------------------------------


def test_the_outcome_page_asks_with_who_and_what_revealed_under_yes(
    signed_in_practitioner: Any, ready: Any
) -> None:
    html = signed_in_practitioner.get(url("outcome", ready)).content.decode()
    legend = r'<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">\s*'
    assert re.search(legend + re.escape(QUESTION) + r"\s*</legend>", html)
    assert f'<div id="id_advice_elsewhere-hint" class="govuk-hint">{HINT}</div>' in html
    assert 'aria-describedby="id_advice_elsewhere-hint"' in html
    # GOV.UK's conditional reveal: both questions under "Yes", hidden until it is chosen
    # (and shown, without JavaScript, always), then "No".
    assert 'data-aria-controls="conditional-id_advice_elsewhere"' in radio(html, "yes")
    assert "data-aria-controls" not in radio(html, "no")
    block = html.index(
        '<div class="govuk-radios__conditional govuk-radios__conditional--hidden" '
        'id="conditional-id_advice_elsewhere">'
    )
    who = html.index('name="advice_elsewhere_from"')
    what = html.index('name="advice_elsewhere_said"')
    assert html.index('value="yes"', html.index('name="advice_elsewhere"')) < block < who < what
    assert what < html.index('value="no"', what)
    assert '<label class="govuk-label govuk-label--s" for="id_advice_elsewhere_from">' in html
    assert "What did they advise?" in html
    # Nothing chosen before the page is answered.
    assert " checked" not in radio(html, "yes") + radio(html, "no")


def test_the_question_is_optional(signed_in_practitioner: Any, ready: Any) -> None:
    response = signed_in_practitioner.post(url("outcome", ready), DECIDED)
    assert response.status_code == 302
    record = saved(ready)
    assert (record.advice_elsewhere_from, record.advice_elsewhere_said) == ("", "")
    # Left unanswered, the page never shows "No" chosen for the practitioner (GOV.UK: no
    # radio is chosen in advance; a review found "No" ticked when it was never answered).
    html = signed_in_practitioner.get(url("outcome", ready)).content.decode()
    assert " checked" not in radio(html, "yes") + radio(html, "no")


def test_yes_saves_who_and_what_and_the_page_shows_them_again(
    signed_in_practitioner: Any, ready: Any
) -> None:
    sent = DECIDED | {
        "advice_elsewhere": "yes",
        "advice_elsewhere_from": WHO,
        "advice_elsewhere_said": SAID,
    }
    assert signed_in_practitioner.post(url("outcome", ready), sent).status_code == 302
    record = saved(ready)
    assert (record.advice_elsewhere_from, record.advice_elsewhere_said) == (WHO, SAID)
    html = signed_in_practitioner.get(url("outcome", ready)).content.decode()
    assert " checked" in radio(html, "yes")
    assert '<div class="govuk-radios__conditional" id="conditional-id_advice_elsewhere">' in html
    assert f'value="{WHO}"' in html
    assert SAID in html


def test_yes_needs_who_and_what_and_keeps_everything_typed(
    signed_in_practitioner: Any, ready: Any
) -> None:
    sent = {"outcome": "shared", "reasons": "Typed reasons", "advice_elsewhere": "yes"}
    response = signed_in_practitioner.post(url("outcome", ready), sent)
    assert response.status_code == 400
    html = response.content.decode()
    assert summary_links(html) == [
        ("#id_advice_elsewhere_from", "Enter who gave the advice"),
        ("#id_advice_elsewhere_said", "Enter what they advised"),
    ]
    assert 'id="id_advice_elsewhere_from-error"' in html
    assert " checked" in radio(html, "yes")
    assert "Typed reasons" in html
    record = saved(ready)
    assert (record.outcome, record.reasons) == ("", "")
    # One part given: the other is asked for, and the part given is kept on the page.
    response = signed_in_practitioner.post(
        url("outcome", ready), sent | {"advice_elsewhere_from": WHO}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert summary_links(html) == [("#id_advice_elsewhere_said", "Enter what they advised")]
    assert f'value="{WHO}"' in html


def test_an_error_elsewhere_on_the_page_keeps_the_advice_typed(
    signed_in_practitioner: Any, ready: Any
) -> None:
    sent = {
        "outcome": "shared",
        "advice_elsewhere": "yes",
        "advice_elsewhere_from": WHO,
        "advice_elsewhere_said": SAID,
    }
    response = signed_in_practitioner.post(url("outcome", ready), sent)
    assert response.status_code == 400
    html = response.content.decode()
    assert summary_links(html) == [("#id_reasons", "Enter your reasons for this decision")]
    assert f'value="{WHO}"' in html
    assert SAID in html
    assert " checked" in radio(html, "yes")


def test_text_typed_without_choosing_yes_is_asked_about_not_dropped(
    signed_in_practitioner: Any, ready: Any
) -> None:
    """Without JavaScript both boxes show under "Yes"; text typed in them with no option
    chosen is not thrown away unseen."""
    sent = DECIDED | {"advice_elsewhere_said": SAID}
    response = signed_in_practitioner.post(url("outcome", ready), sent)
    assert response.status_code == 400
    html = response.content.decode()
    assert summary_links(html) == [
        (
            "#id_advice_elsewhere",
            "Select yes if you got advice about this decision outside Infoshare",
        )
    ]
    assert SAID in html
    assert saved(ready).outcome == ""


def test_no_clears_what_was_given_and_text_under_yes_is_not_part_of_the_answer(
    signed_in_practitioner: Any, ready: Any
) -> None:
    given = DECIDED | {
        "advice_elsewhere": "yes",
        "advice_elsewhere_from": WHO,
        "advice_elsewhere_said": SAID,
    }
    signed_in_practitioner.post(url("outcome", ready), given)
    response = signed_in_practitioner.post(
        url("outcome", ready), given | {"advice_elsewhere": "no"}
    )
    assert response.status_code == 302
    record = saved(ready)
    assert (record.advice_elsewhere_from, record.advice_elsewhere_said) == ("", "")


def test_a_tampered_answer_is_refused_with_the_question_s_message(
    signed_in_practitioner: Any, ready: Any
) -> None:
    response = signed_in_practitioner.post(
        url("outcome", ready), DECIDED | {"advice_elsewhere": "<b>maybe</b>"}
    )
    assert response.status_code == 400
    assert "Select yes if you got advice about this decision outside Infoshare" in (
        response.content.decode()
    )


# -- The record. ----------------------------------------------------------------------


def test_the_finalise_summary_shows_it_with_a_change_link(
    signed_in_practitioner: Any, ready: Any
) -> None:
    signed_in_practitioner.post(url("outcome", ready), DECIDED)
    change = flow.step_url(saved(ready), "outcome", return_to="finalise")
    html = main_of(signed_in_practitioner.get(url("finalise", ready)).content.decode())
    row = html[html.index("Advice from outside Infoshare") :]
    row = row[: row.index("</div>")]
    # Optional: none given reads "None", with its Change link.
    assert '<dd class="govuk-summary-list__value">None</dd>' in row
    assert (
        f'<a class="govuk-link" href="{change}">Change<span class="govuk-visually-hidden"> '
        "the advice you got outside Infoshare</span></a>"
    ) in row
    given = DECIDED | {
        "advice_elsewhere": "yes",
        "advice_elsewhere_from": WHO,
        "advice_elsewhere_said": SAID,
    }
    assert signed_in_practitioner.post(change, given).status_code == 302
    html = main_of(signed_in_practitioner.get(url("finalise", ready)).content.decode())
    assert f"{WHO} advised: {SAID}" in html


@pytest.fixture
def given_record(practitioner: Any, home_org: Any, other_org: Any) -> SharingDecision:
    """A final record of the home organisation, shared with the other organisation, with
    advice got outside Infoshare."""
    return make_decision(
        author=practitioner,
        organisation=home_org,
        recipient_organisation=other_org,
        external_recipient="",
        advice_elsewhere_from=WHO,
        advice_elsewhere_said=SAID,
    )


def test_the_record_page_shows_it_to_the_recording_organisation_only(
    client: Any, manager: Any, make_member: Any, other_org: Any, given_record: Any
) -> None:
    page = reverse("decisions:decision_detail", kwargs={"decision_id": given_record.pk})
    client.force_login(manager)
    html = main_of(client.get(page).content.decode())
    assert "Advice from outside Infoshare" in html
    assert f"{WHO} advised: {SAID}" in html
    # The receiving organisation reads the record without it, as without the advice asked.
    client.force_login(make_member(Role.PRACTITIONER, other_org))
    response = client.get(page)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Advice from outside Infoshare" not in html
    for text in (WHO, SAID):
        assert text not in html


def test_a_record_without_it_has_no_such_row(client: Any, practitioner: Any, home_org: Any) -> None:
    record = make_decision(author=practitioner, organisation=home_org)
    client.force_login(practitioner)
    page = reverse("decisions:decision_detail", kwargs={"decision_id": record.pk})
    assert "Advice from outside Infoshare" not in client.get(page).content.decode()


@pytest.fixture
def pdf_html(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The HTML each PDF is made from (the PDF itself is left unmade)."""
    made: list[str] = []

    def capture(html: str) -> bytes:
        made.append(html)
        return b"%PDF-"

    monkeypatch.setattr(exports, "html_to_pdf", capture)
    return made


def test_the_pdf_gives_it_to_the_recording_organisation_only(
    client: Any,
    manager: Any,
    make_member: Any,
    other_org: Any,
    given_record: Any,
    pdf_html: list[str],
) -> None:
    pdf = reverse("decisions:decision_pdf", kwargs={"decision_id": given_record.pk})
    client.force_login(manager)
    assert client.get(pdf).status_code == 200
    assert (
        f'<tr><th scope="row">Advice from outside Infoshare</th><td>{WHO} advised: {SAID}</td></tr>'
    ) in pdf_html[-1]
    client.force_login(make_member(Role.PRACTITIONER, other_org))
    assert client.get(pdf).status_code == 200
    for text in ("Advice from outside Infoshare", WHO, SAID):
        assert text not in pdf_html[-1]


def test_the_subject_access_bundle_holds_it_for_own_records_not_received_ones(
    client: Any,
    advisor: Any,
    home_org: Any,
    other_org: Any,
    make_member: Any,
    pdf_html: list[str],
) -> None:
    person = make_person(organisation=home_org)
    own = make_decision(
        organisation=home_org,
        people=[person],
        advice_elsewhere_from=WHO,
        advice_elsewhere_said=SAID,
    )
    received = make_decision(
        organisation=other_org,
        people=[person],
        recipient_organisation=home_org,
        external_recipient="",
        advice_elsewhere_from="Their own manager",
        advice_elsewhere_said="Internal to the other organisation",
    )
    client.force_login(advisor)
    response = client.get(reverse("decisions:subject_access", kwargs={"person_id": person.pk}))
    assert response.status_code == 200
    data = json.loads(zipfile.ZipFile(io.BytesIO(response.content)).read("records.json"))
    held = {record["reference"]: record for record in data["records"]}
    assert held[own.reference]["advice_elsewhere_from"] == WHO
    assert held[own.reference]["advice_elsewhere_said"] == SAID
    assert held[received.reference]["advice_elsewhere_from"] == ""
    assert held[received.reference]["advice_elsewhere_said"] == ""
    html = pdf_html[-1]
    assert f"{WHO} advised: {SAID}" in html
    for text in ("Their own manager", "Internal to the other organisation"):
        assert text not in html
        assert text not in json.dumps(data)


def test_the_csv_says_advice_was_sought_and_from_whom_but_not_what_was_said(
    client: Any, advisor: Any, home_org: Any, given_record: Any
) -> None:
    plain = make_decision(organisation=home_org)
    client.force_login(advisor)
    response = client.get(reverse("decisions:export_csv"))
    rows = {
        row["Reference"]: row
        for row in csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
    }
    row = rows[given_record.reference]
    # Only advice got outside Infoshare (none asked through it): advice was sought.
    assert given_record.advice_record == []
    assert row["Advice sought"] == "Yes"
    assert row["Advice got outside Infoshare from"] == WHO
    assert rows[plain.reference]["Advice sought"] == "No"
    assert rows[plain.reference]["Advice got outside Infoshare from"] == ""
    # What was said is a long text that could name people: left out, as the reasons are.
    assert SAID not in response.content.decode("utf-8-sig")


def test_an_amendment_copies_it_to_the_new_version(practitioner: Any, given_record: Any) -> None:
    amendment, created = services.amend_decision(
        actor=practitioner, decision_id=given_record.pk, reason="Wrong date"
    )
    assert created
    assert (amendment.advice_elsewhere_from, amendment.advice_elsewhere_said) == (WHO, SAID)


# -- The API. -------------------------------------------------------------------------


@pytest.fixture
def api(client: Any, practitioner: Any) -> Api:
    return Api(client, practitioner)


def test_the_api_stores_and_returns_it(api: Api, practitioner: Any, home_org: Any) -> None:
    draft = complete_draft(practitioner, home_org)
    response = api.call(
        "patch",
        "decision_update",
        {"advice_elsewhere_from": WHO, "advice_elsewhere_said": SAID},
        decision_id=draft.pk,
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["advice_elsewhere_from"], body["advice_elsewhere_said"]) == (WHO, SAID)
    final = api.call("post", "decision_finalise", decision_id=draft.pk).json()
    assert (final["advice_elsewhere_from"], final["advice_elsewhere_said"]) == (WHO, SAID)
    assert SharingDecision.objects.get(pk=draft.pk).advice_elsewhere_said == SAID


def test_the_api_names_every_bad_advice_field_at_once(
    api: Api, practitioner: Any, home_org: Any
) -> None:
    draft = complete_draft(practitioner, home_org)
    response = api.call(
        "patch",
        "decision_update",
        {
            "advice_elsewhere_from": "x" * 201,
            "advice_elsewhere_said": "<script>alert(1)</script>",
            "reasons": 7,
        },
        decision_id=draft.pk,
    )
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert fields == {
        "advice_elsewhere_from": "Who gave the advice must be 200 characters or fewer",
        "advice_elsewhere_said": "What they advised must be plain text without HTML tags",
        "reasons": "Reasons must be text",
    }
    on_two_lines = api.call(
        "patch",
        "decision_update",
        {"advice_elsewhere_from": "Sam\nPatel", "advice_elsewhere_said": "x" * 5001},
        decision_id=draft.pk,
    ).json()["error"]["fields"]
    assert on_two_lines == {
        "advice_elsewhere_from": "Who gave the advice must not contain control characters",
        "advice_elsewhere_said": "What they advised must be 5,000 characters or fewer",
    }
    assert SharingDecision.objects.get(pk=draft.pk).advice_elsewhere_from == ""


def test_a_record_giving_one_part_is_not_finalised(
    api: Api, practitioner: Any, home_org: Any
) -> None:
    draft = complete_draft(practitioner, home_org, advice_elsewhere_from=WHO)
    response = api.call("post", "decision_finalise", decision_id=draft.pk)
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "advice_elsewhere_said": "Enter what they advised"
    }
    api.call(
        "patch",
        "decision_update",
        {"advice_elsewhere_from": None, "advice_elsewhere_said": SAID},
        decision_id=draft.pk,
    )
    response = api.call("post", "decision_finalise", decision_id=draft.pk)
    assert response.json()["error"]["fields"] == {
        "advice_elsewhere_from": "Enter who gave the advice"
    }


def test_the_api_gives_it_to_the_recording_organisation_only(
    client: Any, manager: Any, make_member: Any, other_org: Any, given_record: Any
) -> None:
    seen = Api(client, manager).call("get", "decision_read", decision_id=given_record.pk).json()
    assert (seen["advice_elsewhere_from"], seen["advice_elsewhere_said"]) == (WHO, SAID)
    receiver = Api(client, make_member(Role.PRACTITIONER, other_org))
    read = receiver.call("get", "decision_read", decision_id=given_record.pk).json()
    assert (read["advice_elsewhere_from"], read["advice_elsewhere_said"]) == ("", "")
    [listed] = receiver.call("get", "decision_list", {"scope": "shared"}).json()["items"]
    assert (listed["advice_elsewhere_from"], listed["advice_elsewhere_said"]) == ("", "")


def test_the_list_costs_the_same_whoever_reads_it_and_however_many_give_it(
    client: Any, manager: Any, practitioner: Any, home_org: Any, other_org: Any, make_member: Any
) -> None:
    receiver = Api(client, make_member(Role.PRACTITIONER, other_org))
    receiver.call("get", "decision_list")  # the token's first use is recorded once
    counts = []
    for size in (2, 6):
        while SharingDecision.objects.count() < size:
            make_decision(
                author=practitioner,
                organisation=home_org,
                recipient_organisation=other_org,
                external_recipient="",
                advice_elsewhere_from=WHO,
                advice_elsewhere_said=SAID,
            )
        with CaptureQueriesContext(connection) as queries:
            items = receiver.call("get", "decision_list").json()["items"]
        assert len(items) == size
        assert {item["advice_elsewhere_from"] for item in items} == {""}
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_schema_documents_the_fields(client: Any, db: Any) -> None:
    schemas = client.get(reverse("api-1:openapi-json")).json()["components"]["schemas"]
    patch = schemas["PatchIn"]["properties"]
    assert patch["advice_elsewhere_from"]["maxLength"] == 200
    assert patch["advice_elsewhere_said"]["maxLength"] == 5000
    assert "outside Infoshare" in patch["advice_elsewhere_from"]["description"]
    out = schemas["DecisionOut"]["properties"]
    assert out["advice_elsewhere_from"]["type"] == "string"
    assert "empty for anyone else" in out["advice_elsewhere_said"]["description"]
