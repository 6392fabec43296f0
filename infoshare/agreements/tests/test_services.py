"""The sign-off workflow: draft, parties, signatures, refusal, new versions, withdrawal."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infoshare.agreements import errors, services
from infoshare.agreements.audit import Action
from infoshare.agreements.models import Agreement, AgreementParty, Kind, Status
from infoshare.audit.models import AuditEvent
from infoshare.core.errors import DomainError, NotFound, ValidationFailed
from infoshare.core.roles import Role


def _actions(agreement: Agreement) -> list[str]:
    return list(
        AuditEvent.objects.filter(
            object_type="agreements.Agreement", object_id=str(agreement.pk)
        ).values_list("action", flat=True)
    )


def test_a_senior_lead_creates_a_draft_for_their_organisation(senior_lead, home_org) -> None:
    agreement = services.create_draft_agreement(
        actor=senior_lead,
        lead_organisation_id=home_org.pk,
        title="  Protocol  ",
        kind=Kind.OVERARCHING_PROTOCOL,
        purpose="Safeguarding children",
        lawful_bases=["art6_e", "art6_e", "gateway_legal_requirement"],
    )
    assert agreement.status == Status.DRAFT
    assert agreement.title == "Protocol"
    assert agreement.owner == senior_lead
    assert agreement.version == 1
    assert agreement.lawful_bases == ["art6_e", "gateway_legal_requirement"]
    assert _actions(agreement) == [Action.DRAFT_CREATED]


def test_a_practitioner_cannot_create_a_draft(practitioner, home_org) -> None:
    with pytest.raises(DomainError) as caught:
        services.create_draft_agreement(
            actor=practitioner,
            lead_organisation_id=home_org.pk,
            title="x",
            kind=Kind.OVERARCHING_PROTOCOL,
            purpose="y",
        )
    assert caught.value.message == errors.CANNOT_CREATE_FOR
    assert not Agreement.objects.exists()


def test_a_senior_lead_cannot_create_a_draft_led_by_another_organisation(
    senior_lead, other_org
) -> None:
    with pytest.raises(DomainError):
        services.create_draft_agreement(
            actor=senior_lead,
            lead_organisation_id=other_org.pk,
            title="x",
            kind=Kind.OVERARCHING_PROTOCOL,
            purpose="y",
        )


def test_bad_content_names_every_field_and_saves_nothing(senior_lead, home_org) -> None:
    import datetime as dt

    with pytest.raises(ValidationFailed) as caught:
        services.create_draft_agreement(
            actor=senior_lead,
            lead_organisation_id=home_org.pk,
            title="",
            kind="treaty",
            purpose="x" * 5000,
            lawful_bases=["art6_z"],
            start_date=dt.date(2026, 5, 1),
            end_date=dt.date(2026, 4, 1),
        )
    assert set(caught.value.fields) == {"title", "kind", "purpose", "lawful_bases", "end_date"}
    assert caught.value.fields["end_date"] == errors.ENDS_BEFORE_START
    assert not Agreement.objects.exists()
    assert not AuditEvent.objects.exists()


def test_the_same_idempotency_key_gives_the_same_draft(senior_lead, home_org) -> None:
    kwargs = {
        "actor": senior_lead,
        "lead_organisation_id": home_org.pk,
        "title": "Once",
        "kind": Kind.OVERARCHING_PROTOCOL,
        "purpose": "p",
        "idempotency_key": "abc-123",
    }
    first = services.create_draft_agreement(**kwargs)
    second = services.create_draft_agreement(**kwargs)
    assert first.pk == second.pk
    assert Agreement.objects.count() == 1


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


def test_an_organisation_is_a_party_only_once(draft, senior_lead, other_org) -> None:
    with pytest.raises(DomainError) as caught:
        services.add_party(actor=senior_lead, agreement_id=draft.pk, organisation_id=other_org.pk)
    assert caught.value.code == "duplicate"


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


def test_only_a_draft_can_be_updated(active, senior_lead) -> None:
    with pytest.raises(DomainError) as caught:
        services.update_draft(actor=senior_lead, agreement_id=active.pk, title="Changed")
    assert caught.value.message == errors.NOT_A_DRAFT


def test_a_new_version_is_signed_again_and_supersedes_the_old_one(
    active, senior_lead, other_signatory
) -> None:
    new = services.start_new_version(actor=senior_lead, agreement_id=active.pk)
    assert new.version == 2
    assert new.previous_id == active.pk
    assert new.status == Status.DRAFT
    assert new.parties.count() == 2
    assert not new.parties.filter(signed_at__isnull=False).exists()
    active.refresh_from_db()
    assert active.status == Status.ACTIVE  # still in force while the new one is prepared

    with pytest.raises(DomainError) as caught:
        services.start_new_version(actor=senior_lead, agreement_id=active.pk)
    assert caught.value.code == "version_exists"

    services.update_draft(actor=senior_lead, agreement_id=new.pk, retention="Two years")
    services.submit_for_signature(actor=senior_lead, agreement_id=new.pk)
    services.sign_agreement(actor=senior_lead, agreement_id=new.pk)
    active.refresh_from_db()
    assert active.status == Status.ACTIVE
    services.sign_agreement(actor=other_signatory, agreement_id=new.pk)

    new.refresh_from_db()
    active.refresh_from_db()
    assert new.status == Status.ACTIVE
    assert active.status == Status.SUPERSEDED
    assert active.retention == ""  # history kept unchanged
    assert Action.SUPERSEDED in _actions(active)


def test_a_new_version_only_from_an_agreement_in_force(draft, senior_lead) -> None:
    with pytest.raises(DomainError) as caught:
        services.start_new_version(actor=senior_lead, agreement_id=draft.pk)
    assert caught.value.message == errors.NEW_VERSION_ONLY_WHEN_IN_FORCE


def test_withdrawing_needs_a_reason_and_is_final(active, senior_lead) -> None:
    with pytest.raises(DomainError):
        services.withdraw_agreement(actor=senior_lead, agreement_id=active.pk, reason="")
    services.withdraw_agreement(actor=senior_lead, agreement_id=active.pk, reason="Service ended")
    active.refresh_from_db()
    assert active.status == Status.WITHDRAWN
    assert active.withdrawal_reason == "Service ended"
    with pytest.raises(DomainError) as caught:
        services.withdraw_agreement(actor=senior_lead, agreement_id=active.pk, reason="again")
    assert caught.value.code == "finished"
    assert _actions(active).count(Action.WITHDRAWN) == 1


def test_someone_who_does_not_manage_it_cannot_withdraw(active, practitioner) -> None:
    with pytest.raises(DomainError) as caught:
        services.withdraw_agreement(actor=practitioner, agreement_id=active.pk, reason="x")
    assert caught.value.message == errors.NOT_ALLOWED


def test_a_partnership_admin_manages_any_agreement(active, partnership_admin) -> None:
    services.withdraw_agreement(actor=partnership_admin, agreement_id=active.pk, reason="x")
    active.refresh_from_db()
    assert active.status == Status.WITHDRAWN


def test_an_unknown_agreement_is_not_found(senior_lead) -> None:
    with pytest.raises(NotFound):
        services.submit_for_signature(actor=senior_lead, agreement_id=999999)


def test_an_agreement_of_another_partnership_is_not_found(active, make_member) -> None:
    from infoshare.partnerships.tests.factories import OrganisationFactory, PartnershipFactory

    elsewhere = OrganisationFactory(partnership=PartnershipFactory(name="Elsewhere"))
    admin = make_member(Role.PARTNERSHIP_ADMIN, elsewhere)
    with pytest.raises(NotFound):
        services.withdraw_agreement(actor=admin, agreement_id=active.pk, reason="x")


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    title=st.text(max_size=250),
    purpose=st.text(max_size=50),
    kind=st.sampled_from(["overarching_protocol", "data_sharing_agreement", "", "x"]),
    bases=st.lists(st.sampled_from(["art6_e", "art9_h", "gateway_consent", "nope", ""])),
)
def test_any_text_gives_a_draft_or_a_clear_message(
    senior_lead, home_org, title, purpose, kind, bases
) -> None:
    problems: dict[str, str] = {}
    agreement = None
    try:
        agreement = services.create_draft_agreement(
            actor=senior_lead,
            lead_organisation_id=home_org.pk,
            title=title,
            kind=kind,
            purpose=purpose,
            lawful_bases=bases,
        )
    except ValidationFailed as failure:
        problems = failure.fields
    if agreement is None:
        assert problems
        assert all(isinstance(message, str) and message for message in problems.values())
    else:
        assert agreement.title == title.strip()
        assert "\x00" not in agreement.title
