"""Bad input on every text field of the flow: a 400 with a clear message, the text kept
on the page, and nothing saved."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from infoshare.decisions.models import SharingDecision
from infoshare.decisions.tests.factories import answer_questions, make_decision

HOSTILE = [
    ("<script>alert(1)</script>", "without HTML tags"),
    ("bell\x07", "control characters"),
    ("x" * 1_000_000, "characters or fewer"),
]

# (page, base data, field, model field)
PAGES = [
    ("purpose", {}, "purpose", "purpose"),
    ("recipient", {"direction": "sharing_out"}, "external_recipient", "external_recipient"),
    (
        "recipient",
        {"direction": "sharing_out", "external_recipient": "Club"},
        "recipient_name",
        "recipient_name",
    ),
    (
        "outcome",
        {"outcome": "not_shared", "reasons": "Consent"},
        "departure_reason_not_shared",
        "departure_reason",
    ),
    ("outcome", {"outcome": "shared"}, "reasons", "reasons"),
    (
        "outcome",
        {
            "outcome": "shared",
            "reasons": "Consent",
            "advice_elsewhere": "yes",
            "advice_elsewhere_said": "Share it",
        },
        "advice_elsewhere_from",
        "advice_elsewhere_from",
    ),
    (
        "outcome",
        {
            "outcome": "shared",
            "reasons": "Consent",
            "advice_elsewhere": "yes",
            "advice_elsewhere_from": "My manager",
        },
        "advice_elsewhere_said",
        "advice_elsewhere_said",
    ),
    (
        "information",
        {"information_categories": ["health"], "information_description": "ok"},
        "facts",
        "facts",
    ),
    (
        "information",
        {"information_categories": ["health"]},
        "information_description",
        "information_description",
    ),
    ("told", {"person_told": "no"}, "reason_not_told", "reason_not_told"),
    (
        "sharing",
        {"method": "other", "shared_on_day": "1", "shared_on_month": "1", "shared_on_year": "2026"},
        "method_detail",
        "method_detail",
    ),
]


@pytest.fixture
def draft(client: Any, practitioner: Any) -> SharingDecision:
    """A draft with the key questions answered and "shared" chosen: every page is open."""
    client.force_login(practitioner)
    client.post(reverse("decisions:start"))
    return answer_questions(SharingDecision.objects.get(author=practitioner), outcome="shared")


@pytest.mark.parametrize(("page", "base", "field", "attribute"), PAGES)
@pytest.mark.parametrize(("value", "message"), HOSTILE)
def test_hostile_text_is_refused_on_every_page(
    client: Any,
    draft: Any,
    page: str,
    base: Any,
    field: str,
    attribute: str,
    value: str,
    message: str,
) -> None:
    url = reverse(f"decisions:{page}", kwargs={"decision_id": draft.pk})
    response = client.post(url, base | {field: value})
    assert response.status_code == 400, page
    body = response.content.decode()
    assert message in body
    assert "govuk-error-summary" in body
    draft.refresh_from_db()
    assert getattr(draft, attribute) == ""


@pytest.mark.parametrize(
    ("page", "message"),
    [
        ("purpose", "Enter the purpose of sharing"),
        ("recipient", "Select whether you are sharing or were asked"),
        ("outcome", "Select what you decided"),
        ("information", "Select the kinds of information you shared"),
        ("sharing", "Select how you shared the information"),
        ("told", "Select yes if the person was told"),
    ],
)
def test_missing_answers_say_what_to_do(client: Any, draft: Any, page: str, message: str) -> None:
    url = reverse(f"decisions:{page}", kwargs={"decision_id": draft.pk})
    response = client.post(url, {})
    assert response.status_code == 400
    assert message in response.content.decode()


def test_sql_fragments_are_kept_as_text(client: Any, draft: Any) -> None:
    url = reverse("decisions:purpose", kwargs={"decision_id": draft.pk})
    text = "1; DROP TABLE decisions_sharingdecision; --"
    client.post(url, {"purpose": text})
    draft.refresh_from_db()
    assert draft.purpose == text
    assert SharingDecision.objects.count() == 1


def test_escaped_when_shown(client: Any, practitioner: Any, home_org: Any) -> None:
    client.force_login(practitioner)
    decision = make_decision(
        author=practitioner, organisation=home_org, information_description="a < b & c > d"
    )
    url = reverse("decisions:decision_detail", kwargs={"decision_id": decision.pk})
    assert "a &lt; b &amp; c &gt; d" in client.get(url).content.decode()


@pytest.mark.parametrize("value", ["<b>x</b>", "x" * 1_000_000, "ok\x00"])
def test_amend_and_countersign_refuse_hostile_text(
    client: Any, practitioner: Any, manager: Any, home_org: Any, value: str
) -> None:
    home_org.countersign_required = True
    home_org.save()
    decision = make_decision(author=practitioner, organisation=home_org)
    client.force_login(practitioner)
    amend = reverse("decisions:amend", kwargs={"decision_id": decision.pk})
    assert client.post(amend, {"reason": value}).status_code == 400
    client.force_login(manager)
    sign = reverse("decisions:countersign", kwargs={"decision_id": decision.pk})
    assert client.post(sign, {"comment": value}).status_code == 400
    decision.refresh_from_db()
    assert decision.countersigned_by is None
    assert SharingDecision.objects.count() == 1
