"""Sign-off: send for signature, every party signs, refusal, external parties."""

from __future__ import annotations

from typing import Any

import pytest

from infoshare.agreements import errors, services
from infoshare.agreements.audit import Action
from infoshare.agreements.models import Agreement, AgreementParty, Kind, Status
from infoshare.audit.models import AuditEvent
from infoshare.core.errors import DomainError, ValidationFailed
from infoshare.core.roles import Role


def _actions(agreement: Agreement) -> list[str]:
    return list(
        AuditEvent.objects.filter(
            object_type="agreements.Agreement", object_id=str(agreement.pk)
        ).values_list("action", flat=True)
    )


def test_all_parties_signing_makes_the_agreement_active(
    draft, senior_lead, other_signatory
) -> None:
    services.submit_for_signature(actor=senior_lead, agreement_id=draft.pk)
    draft.refresh_from_db()
    assert draft.status == Status.AWAITING_SIGNATURE

    services.sign_agreement(actor=senior_lead, agreement_id=draft.pk)
    draft.refresh_from_db()
    assert draft.status == Status.AWAITING_SIGNATURE

    services.sign_agreement(actor=other_signatory, agreement_id=draft.pk)
    draft.refresh_from_db()
    assert draft.status == Status.ACTIVE
    assert draft.activated_at is not None
    assert not draft.parties.filter(signed_at__isnull=True).exists()
    assert _actions(draft)[-4:] == [
        Action.SUBMITTED_FOR_SIGNATURE,
        Action.SIGNED,
        Action.SIGNED,
        Action.ACTIVATED,
    ]


def test_only_the_named_signatory_signs(draft, senior_lead, make_member, home_org) -> None:
    services.submit_for_signature(actor=senior_lead, agreement_id=draft.pk)
    someone_else = make_member(Role.ADVISOR, home_org)
    party = draft.parties.get(organisation=home_org)
    with pytest.raises(DomainError) as caught:
        services.sign_agreement(actor=someone_else, agreement_id=draft.pk, party_id=party.pk)
    assert caught.value.code == "not_signatory"
    with pytest.raises(DomainError) as caught:
        services.sign_agreement(actor=someone_else, agreement_id=draft.pk)
    assert caught.value.message == errors.NOTHING_TO_SIGN


def test_a_foreign_senior_lead_cannot_sign_for_another_organisation(
    draft, senior_lead, foreign_org_user, home_org
) -> None:
    services.submit_for_signature(actor=senior_lead, agreement_id=draft.pk)
    party = draft.parties.get(organisation=home_org)
    with pytest.raises(DomainError):
        services.sign_agreement(actor=foreign_org_user, agreement_id=draft.pk, party_id=party.pk)
    party.refresh_from_db()
    assert party.signed_at is None


def test_signing_twice_is_refused(draft, senior_lead) -> None:
    services.submit_for_signature(actor=senior_lead, agreement_id=draft.pk)
    party = draft.parties.get(signatory=senior_lead)
    services.sign_agreement(actor=senior_lead, agreement_id=draft.pk, party_id=party.pk)
    with pytest.raises(DomainError) as caught:
        services.sign_agreement(actor=senior_lead, agreement_id=draft.pk, party_id=party.pk)
    assert caught.value.code == "already_signed"


def test_a_draft_cannot_be_signed(draft, senior_lead) -> None:
    with pytest.raises(DomainError) as caught:
        services.sign_agreement(actor=senior_lead, agreement_id=draft.pk)
    assert caught.value.message == errors.NOT_AWAITING


def test_submitting_needs_two_parties_and_every_signatory(senior_lead, home_org, other_org):
    agreement = services.create_draft_agreement(
        actor=senior_lead,
        lead_organisation_id=home_org.pk,
        title="t",
        kind=Kind.OVERARCHING_PROTOCOL,
        purpose="p",
    )
    services.add_party(actor=senior_lead, agreement_id=agreement.pk, organisation_id=home_org.pk)
    with pytest.raises(DomainError) as caught:
        services.submit_for_signature(actor=senior_lead, agreement_id=agreement.pk)
    assert caught.value.message == errors.NEED_TWO_PARTIES
    services.add_party(actor=senior_lead, agreement_id=agreement.pk, organisation_id=other_org.pk)
    with pytest.raises(DomainError) as caught:
        services.submit_for_signature(actor=senior_lead, agreement_id=agreement.pk)
    assert caught.value.code == "signatory_missing"
    assert "Home Council" in caught.value.message
    agreement.refresh_from_db()
    assert agreement.status == Status.DRAFT


def test_a_signatory_must_be_a_senior_lead_or_advisor_of_the_party(
    draft, senior_lead, make_member, home_org
) -> None:
    from infoshare.partnerships.tests.factories import OrganisationFactory

    third: Any = OrganisationFactory(partnership=home_org.partnership, name="Third Trust")
    practitioner = make_member(Role.PRACTITIONER, third)
    with pytest.raises(DomainError) as caught:
        services.add_party(
            actor=senior_lead,
            agreement_id=draft.pk,
            organisation_id=third.pk,
            signatory_id=practitioner.pk,
        )
    assert caught.value.field == "signatory"
    assert not draft.parties.filter(organisation=third).exists()


def test_a_party_is_an_organisation_or_an_external_party(draft, senior_lead, other_org) -> None:
    with pytest.raises(ValidationFailed) as caught:
        services.add_party(actor=senior_lead, agreement_id=draft.pk)
    assert caught.value.fields["organisation"] == errors.PARTY_NEEDS_ONE
    with pytest.raises(ValidationFailed) as caught:
        services.add_party(
            actor=senior_lead,
            agreement_id=draft.pk,
            organisation_id=other_org.pk,
            external_party_name="Acme",
        )
    assert caught.value.fields["organisation"] == errors.PARTY_ORG_OR_EXTERNAL


def test_the_owner_records_an_external_partys_signature(
    draft, senior_lead, other_signatory
) -> None:
    external = services.add_party(
        actor=senior_lead,
        agreement_id=draft.pk,
        external_party_name="Regional Housing Association",
        external_signatory_name="Jo Bloggs",
    )
    services.submit_for_signature(actor=senior_lead, agreement_id=draft.pk)
    with pytest.raises(DomainError):
        services.sign_agreement(actor=other_signatory, agreement_id=draft.pk, party_id=external.pk)
    services.sign_agreement(actor=senior_lead, agreement_id=draft.pk, party_id=external.pk)
    services.sign_agreement(actor=senior_lead, agreement_id=draft.pk)
    services.sign_agreement(actor=other_signatory, agreement_id=draft.pk)
    draft.refresh_from_db()
    assert draft.status == Status.ACTIVE
    event = AuditEvent.objects.filter(action=Action.SIGNED, data__party_id=external.pk).get()
    assert event.data["recorded_for_external"] is True


def test_a_refusal_sends_the_agreement_back_to_draft_with_the_reason(
    draft, senior_lead, other_signatory
) -> None:
    services.submit_for_signature(actor=senior_lead, agreement_id=draft.pk)
    services.sign_agreement(actor=senior_lead, agreement_id=draft.pk)
    with pytest.raises(DomainError) as caught:
        services.refuse_to_sign(actor=other_signatory, agreement_id=draft.pk, reason="  ")
    assert caught.value.message == errors.REFUSAL_REASON_REQUIRED

    services.refuse_to_sign(
        actor=other_signatory, agreement_id=draft.pk, reason="Retention is too long"
    )
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    party = draft.parties.get(signatory=other_signatory)
    assert party.refusal_reason == "Retention is too long"
    assert party.refused_at is not None
    event = AuditEvent.objects.get(action=Action.REFUSED)
    assert event.data["reason"] == "Retention is too long"

    # after a change, sending again asks every party to sign again
    services.update_draft(actor=senior_lead, agreement_id=draft.pk, retention="One year")
    services.submit_for_signature(actor=senior_lead, agreement_id=draft.pk)
    assert not AgreementParty.objects.filter(agreement=draft, signed_at__isnull=False).exists()
    assert not AgreementParty.objects.filter(agreement=draft, refused_at__isnull=False).exists()
