"""Action pages check the agreement's state when they are opened, not only when their
form is sent: an agreement that cannot be changed (or signed, or withdrawn) sends the
person back to its page with the reason, before they type anything."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from infoshare.agreements import errors, services
from infoshare.agreements.models import Agreement, AgreementParty, Status


def _refused_with(client: Any, url: str, agreement: Any, message: str) -> None:
    response = client.get(url)
    detail = reverse("agreements:agreement_detail", args=[agreement.pk])
    assert response.status_code == 302, url
    assert response.url == detail, url
    assert message in client.get(detail).content.decode(), url


def _draft_pages(agreement: Any) -> list[str]:
    party = AgreementParty.objects.filter(agreement=agreement).first()
    return [
        reverse("agreements:agreement_edit", args=[agreement.pk]),
        reverse("agreements:party_add", args=[agreement.pk]),
        reverse("agreements:agreement_submit", args=[agreement.pk]),
        reverse("agreements:party_remove", args=[agreement.pk, party.pk]),  # type: ignore[union-attr]
        reverse("agreements:party_signatory", args=[agreement.pk, party.pk]),  # type: ignore[union-attr]
    ]


def test_an_agreement_in_force_does_not_open_the_draft_pages(client, senior_lead, active) -> None:
    client.force_login(senior_lead)
    for url in _draft_pages(active):
        _refused_with(client, url, active, errors.IN_FORCE_NOT_CHANGED)


def test_an_agreement_awaiting_signatures_does_not_open_the_draft_pages(
    client, senior_lead, draft
) -> None:
    services.submit_for_signature(actor=senior_lead, agreement_id=draft.pk)
    client.force_login(senior_lead)
    for url in _draft_pages(draft):
        _refused_with(client, url, draft, errors.AWAITING_NOT_CHANGED)


def test_editing_is_still_refused_on_post_keeping_what_was_typed(
    client, senior_lead, active
) -> None:
    client.force_login(senior_lead)
    response = client.post(
        reverse("agreements:agreement_edit", args=[active.pk]),
        {"title": "My careful new title", "kind": "overarching_protocol", "purpose": "Typed"},
    )
    assert response.status_code == 400
    assert 'value="My careful new title"' in response.content.decode()
    assert errors.NOT_A_DRAFT in response.content.decode()  # the service's refusal (409 in the API)


def test_a_withdrawn_agreement_does_not_open_the_withdraw_form(client, senior_lead, draft) -> None:
    services.withdraw_agreement(actor=senior_lead, agreement_id=draft.pk, reason="Not needed")
    client.force_login(senior_lead)
    url = reverse("agreements:agreement_withdraw", args=[draft.pk])
    _refused_with(client, url, draft, errors.ALREADY_FINISHED.format(status="withdrawn"))
    _refused_with(
        client,
        reverse("agreements:agreement_edit", args=[draft.pk]),
        draft,
        errors.FINISHED_NOT_CHANGED.format(status="withdrawn"),
    )


def test_a_draft_does_not_open_the_new_version_page(client, senior_lead, draft) -> None:
    client.force_login(senior_lead)
    url = reverse("agreements:new_version", args=[draft.pk])
    _refused_with(client, url, draft, errors.NEW_VERSION_ONLY_WHEN_IN_FORCE)


def test_signing_pages_open_only_while_there_is_something_to_sign(
    client, senior_lead, other_signatory, draft, active
) -> None:
    party = AgreementParty.objects.get(agreement=active, signatory=senior_lead)
    client.force_login(senior_lead)
    for name in ("agreement_sign", "agreement_refuse"):
        url = reverse(f"agreements:{name}", args=[active.pk])
        _refused_with(client, f"{url}?party={party.pk}", active, errors.NOT_AWAITING)
        _refused_with(client, url, active, errors.NOT_AWAITING)


def test_a_party_already_signed_or_not_yours_is_not_offered_again(
    client, senior_lead, other_signatory, draft
) -> None:
    services.submit_for_signature(actor=senior_lead, agreement_id=draft.pk)
    services.sign_agreement(actor=senior_lead, agreement_id=draft.pk)
    mine = AgreementParty.objects.get(agreement=draft, signatory=senior_lead)
    theirs = AgreementParty.objects.get(agreement=draft, signatory=other_signatory)
    client.force_login(senior_lead)
    sign = reverse("agreements:agreement_sign", args=[draft.pk])
    _refused_with(client, f"{sign}?party={mine.pk}", draft, "has already signed")
    _refused_with(client, sign, draft, errors.NOTHING_TO_SIGN)
    refuse = reverse("agreements:agreement_refuse", args=[draft.pk])
    _refused_with(client, f"{refuse}?party={theirs.pk}", draft, "Only the named signatory")
    client.force_login(other_signatory)
    assert client.get(f"{sign}?party={theirs.pk}").status_code == 200
    assert Agreement.objects.get(pk=draft.pk).status == Status.AWAITING_SIGNATURE
