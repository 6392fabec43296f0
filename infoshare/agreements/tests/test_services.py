"""Drafting services: create, change, parties, new versions, withdrawal, bad input."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infoshare.agreements import errors, services
from infoshare.agreements.audit import Action
from infoshare.agreements.models import Agreement, Kind, Status
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
        "content": {"title": "Once", "kind": Kind.OVERARCHING_PROTOCOL, "purpose": "p"},
        "idempotency_key": "abc-123",
    }
    first, created = services.start_draft_agreement(**kwargs)
    second, created_again = services.start_draft_agreement(**kwargs)
    assert (first.pk, created) == (second.pk, True)
    assert created_again is False
    assert Agreement.objects.count() == 1


def test_an_organisation_is_a_party_only_once(draft, senior_lead, other_org) -> None:
    with pytest.raises(DomainError) as caught:
        services.add_party(actor=senior_lead, agreement_id=draft.pk, organisation_id=other_org.pk)
    assert caught.value.code == "duplicate"


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
