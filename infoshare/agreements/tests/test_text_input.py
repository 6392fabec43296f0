"""Free text in agreements follows the service's one rule (core.text, as decisions and
advice): no control characters, line breaks and tabs only in multi-line answers, and a
length limit; refused on the pages (400, error summary, answer kept), by the API (400
naming the field) and by the services themselves."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.urls import reverse

from infoshare.agreements import errors, services
from infoshare.agreements.models import (
    LONG_TEXT_MAX,
    SHORT_TEXT_MAX,
    TITLE_MAX,
    Agreement,
    AgreementParty,
    Kind,
)
from infoshare.agreements.tests.factories import make_agreement
from infoshare.core.errors import DomainError, ValidationFailed

BELL = "Bell\x07here"
ONE_MB = "a" * 1_000_000
SINGLE_LINE = "must be a single line, without line breaks, tabs or control characters"

#: The agreement's own text: name -> (label, limit, one line).
CONTENT = {
    "title": ("Title", TITLE_MAX, True),
    "purpose": ("Purpose", LONG_TEXT_MAX, False),
    "data_items": ("Data items", LONG_TEXT_MAX, False),
    "retention": ("Retention", LONG_TEXT_MAX, False),
    "security_arrangements": ("Security arrangements", LONG_TEXT_MAX, False),
    "privacy_information": ("Privacy information", LONG_TEXT_MAX, False),
}
#: A party's text: name -> (label, limit message).
PARTY = {
    "external_party_name": ("External party name", f"must be {SHORT_TEXT_MAX} characters"),
    "external_signatory_name": ("Signatory name", f"must be {SHORT_TEXT_MAX} characters"),
    "contact_name": ("Contact name", f"must be {SHORT_TEXT_MAX} characters"),
    "contact_email": ("Contact email address", "Email address must be 254 characters"),
}
MULTI_LINE = "First line.\r\n\r\n\tIndented second line."


def _control_message(label: str, one_line: bool) -> str:
    return f"{label} {SINGLE_LINE}" if one_line else f"{label} must not contain control characters"


def _content(home_org: Any, **changes: str) -> dict[str, Any]:
    return {
        "lead_organisation": home_org.pk,
        "title": "School attendance sharing",
        "kind": Kind.DATA_SHARING_AGREEMENT,
        "purpose": "Children missing education",
        **changes,
    }


def _page(client: Any, url: str, data: dict[str, Any]) -> tuple[int, str]:
    response = client.post(url, data)
    return response.status_code, response.content.decode()


@pytest.fixture
def content_url(request: Any, client: Any, senior_lead: Any, home_org: Any) -> str:
    """The create page, or the edit page of a draft (``indirect`` parameter)."""
    client.force_login(senior_lead)
    if request.param == "create":
        return reverse("agreements:agreement_create")
    draft = make_agreement(lead_organisation=home_org, owner=senior_lead, title="Kept as it was")
    return reverse("agreements:agreement_edit", args=[draft.pk])


def _unchanged() -> bool:
    return not Agreement.objects.exclude(title="Kept as it was").exists()


def test_the_title_message_is_the_shared_one_line_rule() -> None:
    assert _control_message("Title", one_line=True) == errors.TITLE_ONE_LINE


@pytest.mark.parametrize("content_url", ["create", "edit"], indirect=True)
@pytest.mark.parametrize("field", CONTENT)
def test_a_control_character_is_refused_on_the_page_and_kept(
    client, home_org, content_url, field
) -> None:
    label, _, one_line = CONTENT[field]
    status, page = _page(client, content_url, _content(home_org, **{field: BELL}))
    assert status == 400
    assert "There is a problem" in page
    assert _control_message(label, one_line) in page
    assert BELL in page
    assert _unchanged()


@pytest.mark.parametrize("content_url", ["create", "edit"], indirect=True)
@pytest.mark.parametrize("field", CONTENT)
def test_a_megabyte_of_text_is_refused_on_the_page(client, home_org, content_url, field) -> None:
    label, limit, _ = CONTENT[field]
    status, page = _page(client, content_url, _content(home_org, **{field: ONE_MB}))
    assert status == 400
    assert "There is a problem" in page
    assert f"{label} must be {limit} characters or fewer" in page
    assert _unchanged()


@pytest.mark.parametrize("field", [name for name, spec in CONTENT.items() if not spec[2]])
def test_a_multi_line_answer_keeps_its_line_breaks_and_tabs_on_the_page(
    client, senior_lead, home_org, field
) -> None:
    client.force_login(senior_lead)
    url = reverse("agreements:agreement_create")
    status, _ = _page(client, url, _content(home_org, **{field: MULTI_LINE}))
    assert status == 302
    assert getattr(Agreement.objects.get(), field) == MULTI_LINE


def _party_url(client: Any, senior_lead: Any, home_org: Any) -> str:
    client.force_login(senior_lead)
    agreement = make_agreement(lead_organisation=home_org, owner=senior_lead)
    return reverse("agreements:party_add", args=[agreement.pk])


PARTY_ANSWER = {
    "external_party_name": "Riverside Youth Charity",
    "external_signatory_name": "Sam Lee",
    "contact_name": "Jo Smith",
    "contact_email": "jo@example.org",
}


@pytest.mark.parametrize("value", [BELL, "Two\nlines", "Tab\tbed", '"bell\x07"@example.org'])
@pytest.mark.parametrize("field", PARTY)
def test_a_party_field_refuses_control_characters_and_line_breaks(
    client, senior_lead, home_org, field, value
) -> None:
    url = _party_url(client, senior_lead, home_org)
    status, page = _page(client, url, {**PARTY_ANSWER, field: value})
    assert status == 400
    assert "There is a problem" in page
    assert f"{PARTY[field][0]} {SINGLE_LINE}" in page
    assert not AgreementParty.objects.exists()


@pytest.mark.parametrize("field", PARTY)
def test_a_megabyte_in_a_party_field_is_refused(client, senior_lead, home_org, field) -> None:
    url = _party_url(client, senior_lead, home_org)
    status, page = _page(client, url, {**PARTY_ANSWER, field: ONE_MB})
    assert status == 400
    assert "There is a problem" in page
    assert PARTY[field][1] in page
    assert not AgreementParty.objects.exists()


def test_a_plain_external_party_is_added(client, senior_lead, home_org) -> None:
    url = _party_url(client, senior_lead, home_org)
    status, _ = _page(client, url, PARTY_ANSWER)
    assert status == 302
    assert AgreementParty.objects.get().contact_name == "Jo Smith"


@pytest.fixture
def reason_url(request: Any, client: Any, senior_lead: Any, other_signatory: Any, draft: Any):
    """Refusing to sign (as the other signatory) or withdrawing (as the lead)."""
    if request.param == "refuse":
        services.submit_for_signature(actor=senior_lead, agreement_id=draft.pk)
        client.force_login(other_signatory)
        return reverse("agreements:agreement_refuse", args=[draft.pk])
    client.force_login(senior_lead)
    return reverse("agreements:agreement_withdraw", args=[draft.pk])


@pytest.mark.parametrize("reason_url", ["refuse", "withdraw"], indirect=True)
@pytest.mark.parametrize(
    ("reason", "message"),
    [
        (BELL, "Reason must not contain control characters"),
        ("Esc\x1b[2J", "Reason must not contain control characters"),
        (ONE_MB, f"Reason must be {LONG_TEXT_MAX} characters or fewer"),
    ],
)
def test_a_reason_with_control_characters_or_a_megabyte_is_refused(
    client, draft, reason_url, reason, message
) -> None:
    draft.refresh_from_db()
    before = draft.status
    status, page = _page(client, reason_url, {"reason": reason})
    assert status == 400
    assert "There is a problem" in page
    assert message in page
    draft.refresh_from_db()
    assert draft.status == before


@pytest.mark.parametrize("reason_url", ["refuse", "withdraw"], indirect=True)
def test_a_multi_line_reason_is_kept(client, draft, reason_url) -> None:
    status, _ = _page(client, reason_url, {"reason": "Not our data.\r\n\tAsk the school."})
    assert status == 302
    draft.refresh_from_db()
    kept = {draft.withdrawal_reason, *draft.parties.values_list("refusal_reason", flat=True)}
    assert "Not our data.\r\n\tAsk the school." in kept


def _api(client: Any, senior_lead: Any, home_org: Any, **changes: Any) -> Any:
    client.force_login(senior_lead)
    body = {
        "lead_organisation_id": home_org.pk,
        "title": "API agreement",
        "kind": "overarching_protocol",
        "purpose": "Systematic sharing",
        **changes,
    }
    return client.post(
        reverse("api-1:agreement_create"), json.dumps(body), content_type="application/json"
    )


@pytest.mark.parametrize("field", CONTENT)
def test_the_api_refuses_a_control_character_naming_the_field(
    client, senior_lead, home_org, field
) -> None:
    label, _, one_line = CONTENT[field]
    response = _api(client, senior_lead, home_org, **{field: BELL})
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {field: _control_message(label, one_line)}
    assert not Agreement.objects.exists()


@pytest.mark.parametrize("field", CONTENT)
def test_the_api_refuses_a_megabyte_naming_the_field(client, senior_lead, home_org, field):
    response = _api(client, senior_lead, home_org, **{field: ONE_MB})
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == [field]
    assert not Agreement.objects.exists()


@pytest.mark.parametrize("field", [name for name, spec in CONTENT.items() if not spec[2]])
def test_the_api_keeps_line_breaks_and_tabs_in_multi_line_text(
    client, senior_lead, home_org, field
) -> None:
    response = _api(client, senior_lead, home_org, **{field: "One\n\tTwo"})
    assert response.status_code == 201
    assert response.json()[field] == "One\n\tTwo"


def test_the_services_refuse_control_characters_in_every_text(senior_lead, home_org, draft) -> None:
    with pytest.raises(ValidationFailed) as refused:
        services.update_draft(actor=senior_lead, agreement_id=draft.pk, retention="Keep\x0cthis")
    assert refused.value.fields == {"retention": "Retention must not contain control characters"}
    with pytest.raises(ValidationFailed) as refused:
        services.add_party(
            actor=senior_lead,
            agreement_id=draft.pk,
            external_party_name="Charity\x7f",
            contact_name="Jo\nSmith",
            contact_email='"a\x01"@example.org',
        )
    assert refused.value.fields == {
        "external_party_name": f"External party name {SINGLE_LINE}",
        "contact_name": f"Contact name {SINGLE_LINE}",
        "contact_email": f"Contact email address {SINGLE_LINE}",
    }
    with pytest.raises(DomainError) as withdrawn:
        services.withdraw_agreement(actor=senior_lead, agreement_id=draft.pk, reason="No\x00")
    assert (withdrawn.value.field, withdrawn.value.message) == (
        "reason",
        "Reason must not contain control characters",
    )
