"""Services: drafts saved step by step, finalised once, corrected only by amendment."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from infoshare.audit.models import AuditEvent
from infoshare.core.errors import Conflict, DomainError, NotFound, ValidationFailed
from infoshare.decisions import services
from infoshare.decisions.models import SharingDecision, Status
from infoshare.decisions.tests.factories import CONSENT_ANSWERS, make_person


def complete_draft(actor: Any, org: Any, **changes: Any) -> SharingDecision:
    decision, _ = services.start_draft(actor=actor)
    person = make_person(organisation=org)
    services.set_people(actor=actor, decision_id=decision.pk, add=[person.pk])
    fields = {
        "direction": "sharing_out",
        "external_recipient": "Youth club",
        "purpose": "Support at school",
        "outcome": "shared",
        "reasons": "Consent given; the school can help",
        "gateway": "consent",
        "article6": ["art6_1_a"],
        "information_categories": ["education"],
        "information_description": "Attendance",
        "method": "secure_email",
        "shared_on": timezone.localdate(),
        "person_told": "yes",
    } | changes
    return services.update_draft(
        actor=actor, decision_id=decision.pk, changes=fields, answers=CONSENT_ANSWERS
    )


def test_start_draft_gives_a_yearly_reference_and_is_audited(practitioner, home_org) -> None:
    first, created = services.start_draft(actor=practitioner)
    second, _ = services.start_draft(actor=practitioner)
    year = timezone.localdate().year
    assert created
    assert first.reference == f"ISD-{year}-000001"
    assert second.reference == f"ISD-{year}-000002"
    assert first.organisation == home_org
    assert first.status == Status.DRAFT
    assert AuditEvent.objects.filter(action="decisions.draft_started").count() == 2


def test_same_idempotency_key_returns_the_same_draft(practitioner) -> None:
    first, created = services.start_draft(actor=practitioner, idempotency_key="abc")
    again, created_again = services.start_draft(actor=practitioner, idempotency_key="abc")
    assert created
    assert not created_again
    assert again.pk == first.pk
    assert SharingDecision.objects.count() == 1


def test_a_person_without_an_organisation_cannot_start(db) -> None:
    from infoshare.partnerships.tests.factories import UserFactory

    with pytest.raises(DomainError):
        services.start_draft(actor=UserFactory())


def test_bad_answers_and_fields_are_all_named_and_nothing_saved(practitioner) -> None:
    decision, _ = services.start_draft(actor=practitioner)
    with pytest.raises(ValidationFailed) as caught:
        services.update_draft(
            actor=practitioner,
            decision_id=decision.pk,
            changes={"purpose": "x" * 5001, "outcome": "maybe"},
            answers={"purpose": "perhaps"},
        )
    assert set(caught.value.fields) == {"purpose", "outcome", "answers.purpose"}
    decision.refresh_from_db()
    assert decision.purpose == ""
    assert decision.answers == {}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("<script>alert(1)</script>", "without HTML tags"),
        ("ok\x00", "control characters"),
        ("x" * 1_000_000, "5,000 characters or fewer"),
    ],
)
def test_hostile_text_is_refused(practitioner, value, message) -> None:
    decision, _ = services.start_draft(actor=practitioner)
    with pytest.raises(ValidationFailed) as caught:
        services.update_draft(
            actor=practitioner, decision_id=decision.pk, changes={"purpose": value}
        )
    assert message in caught.value.fields["purpose"]


def test_sql_fragments_are_stored_as_plain_text(practitioner) -> None:
    decision, _ = services.start_draft(actor=practitioner)
    text = "'; DROP TABLE decisions_person; --"
    services.update_draft(actor=practitioner, decision_id=decision.pk, changes={"purpose": text})
    decision.refresh_from_db()
    assert decision.purpose == text


def test_a_changed_answer_drops_answers_that_no_longer_apply(practitioner) -> None:
    decision, _ = services.start_draft(actor=practitioner)
    answers = {"purpose": "yes", "legal_duty": "no", "identifiable": "yes"}
    answers |= {"confidential": "yes", "consent": "not_sought"}
    answers |= {"consent_not_sought_reason": "undue_delay", "public_interest": "yes"}
    services.update_draft(actor=practitioner, decision_id=decision.pk, answers=answers)
    decision = services.update_draft(
        actor=practitioner, decision_id=decision.pk, answers={"consent": "given"}
    )
    assert "consent_not_sought_reason" not in decision.answers
    assert "public_interest" not in decision.answers


def test_risk_of_significant_harm_makes_the_draft_urgent(practitioner, settings) -> None:
    settings.INFOSHARE = {**settings.INFOSHARE, "URGENT_RECORD_HOURS": 24}
    decision, _ = services.start_draft(actor=practitioner)
    before = timezone.now()
    decision = services.update_draft(
        actor=practitioner, decision_id=decision.pk, answers={"risk_of_significant_harm": "yes"}
    )
    assert decision.urgent
    assert decision.urgent_due_at is not None
    assert before + dt.timedelta(hours=23) < decision.urgent_due_at
    assert decision.urgent_due_at <= timezone.now() + dt.timedelta(hours=24)


def test_only_the_author_may_change_a_draft(practitioner, manager) -> None:
    decision, _ = services.start_draft(actor=practitioner)
    with pytest.raises(NotFound):
        services.update_draft(actor=manager, decision_id=decision.pk, changes={"purpose": "x"})


def test_recipient_must_be_an_organisation_of_the_partnership(practitioner, other_org) -> None:
    decision, _ = services.start_draft(actor=practitioner)
    with pytest.raises(ValidationFailed):
        services.update_draft(
            actor=practitioner,
            decision_id=decision.pk,
            changes={"recipient_organisation_id": 999_999},
        )
    decision = services.update_draft(
        actor=practitioner,
        decision_id=decision.pk,
        changes={"recipient_organisation_id": other_org.pk},
    )
    assert decision.recipient_organisation == other_org


def test_people_of_another_organisation_cannot_be_added(practitioner, other_org) -> None:
    decision, _ = services.start_draft(actor=practitioner)
    stranger = make_person(organisation=other_org)
    with pytest.raises(ValidationFailed):
        services.set_people(actor=practitioner, decision_id=decision.pk, add=[stranger.pk])


def test_finalise_names_what_is_missing(practitioner) -> None:
    decision, _ = services.start_draft(actor=practitioner)
    with pytest.raises(ValidationFailed) as caught:
        services.finalise_decision(actor=practitioner, decision_id=decision.pk)
    assert {"people", "recipient", "purpose", "answers", "outcome"} <= set(caught.value.fields)


def test_finalise_stores_the_recommendation_and_freezes_the_record(practitioner, home_org) -> None:
    draft = complete_draft(practitioner, home_org)
    decision = services.finalise_decision(actor=practitioner, decision_id=draft.pk)
    assert decision.status == Status.FINAL
    assert decision.recommendation == "share"
    assert decision.basis == "consent"
    assert decision.consent_position == "given"
    assert decision.finalised_at is not None
    assert AuditEvent.objects.filter(action="decisions.finalised").exists()
    with pytest.raises(DomainError):
        services.update_draft(actor=practitioner, decision_id=draft.pk, changes={"purpose": "x"})


def test_departing_from_the_recommendation_needs_a_reason(practitioner, home_org) -> None:
    draft = complete_draft(practitioner, home_org, outcome="not_shared")
    with pytest.raises(ValidationFailed) as caught:
        services.finalise_decision(actor=practitioner, decision_id=draft.pk)
    assert set(caught.value.fields) == {"departure_reason"}
    services.update_draft(
        actor=practitioner,
        decision_id=draft.pk,
        changes={"departure_reason": "Family moved away"},
    )
    assert services.finalise_decision(actor=practitioner, decision_id=draft.pk).outcome == (
        "not_shared"
    )


def test_person_not_told_needs_a_reason(practitioner, home_org) -> None:
    draft = complete_draft(practitioner, home_org, person_told="no")
    with pytest.raises(ValidationFailed) as caught:
        services.finalise_decision(actor=practitioner, decision_id=draft.pk)
    assert set(caught.value.fields) == {"reason_not_told"}


def test_amending_makes_a_new_version_that_supersedes_on_finalise(
    practitioner, manager, home_org
) -> None:
    original = services.finalise_decision(
        actor=practitioner, decision_id=complete_draft(practitioner, home_org).pk
    )
    amendment, created = services.amend_decision(
        actor=practitioner, decision_id=original.pk, reason="Wrong date"
    )
    assert created
    assert amendment.version == 2
    assert amendment.reference == original.reference
    assert amendment.status == Status.DRAFT
    assert list(amendment.people.all()) == list(original.people.all())
    # Asked again (a second press), the author gets their amendment in progress back.
    again, created = services.amend_decision(
        actor=practitioner, decision_id=original.pk, reason="Again"
    )
    assert again.pk == amendment.pk
    assert not created
    with pytest.raises(Conflict):
        services.amend_decision(actor=manager, decision_id=original.pk, reason="Another")
    services.finalise_decision(actor=practitioner, decision_id=amendment.pk)
    original.refresh_from_db()
    assert original.status == Status.SUPERSEDED
    with pytest.raises(DomainError):
        services.amend_decision(actor=practitioner, decision_id=original.pk, reason="Old one")


def test_an_amendment_needs_a_reason(practitioner, home_org) -> None:
    original = services.finalise_decision(
        actor=practitioner, decision_id=complete_draft(practitioner, home_org).pk
    )
    with pytest.raises(ValidationFailed):
        services.amend_decision(actor=practitioner, decision_id=original.pk, reason="  ")


def test_a_manager_countersigns_where_policy_asks(practitioner, manager, home_org) -> None:
    home_org.countersign_required = True
    home_org.save()
    original = services.finalise_decision(
        actor=practitioner, decision_id=complete_draft(practitioner, home_org).pk
    )
    signed = services.countersign_decision(actor=manager, decision_id=original.pk, comment="Agreed")
    assert signed.countersigned_by == manager
    assert signed.countersign_comment == "Agreed"
    with pytest.raises(Conflict):
        services.countersign_decision(actor=manager, decision_id=original.pk)


def test_countersigning_is_refused_without_the_local_policy(
    practitioner, manager, home_org
) -> None:
    original = services.finalise_decision(
        actor=practitioner, decision_id=complete_draft(practitioner, home_org).pk
    )
    with pytest.raises(DomainError):
        services.countersign_decision(actor=manager, decision_id=original.pk)


def test_a_manager_of_another_organisation_cannot_countersign(
    practitioner, foreign_org_user, home_org
) -> None:
    home_org.countersign_required = True
    home_org.save()
    original = services.finalise_decision(
        actor=practitioner, decision_id=complete_draft(practitioner, home_org).pk
    )
    with pytest.raises(NotFound):
        services.countersign_decision(actor=foreign_org_user, decision_id=original.pk)


def test_create_person_checks_the_nhs_number(practitioner, home_org) -> None:
    with pytest.raises(ValidationFailed) as caught:
        services.create_person(
            actor=practitioner,
            organisation_id=home_org.pk,
            given_name="Sam",
            family_name="Jones",
            nhs_number="943 476 5918",
        )
    assert "check digit" in caught.value.fields["nhs_number"]
    person = services.create_person(
        actor=practitioner,
        organisation_id=home_org.pk,
        given_name="Sam",
        family_name="Jones",
        nhs_number="943 476 5919",
    )
    assert person.nhs_number == "9434765919"
    assert AuditEvent.objects.filter(action="decisions.person_added").exists()


@pytest.mark.parametrize("placeholder", ["000 000 0000", "9999999999"])
def test_ten_of_one_digit_is_not_an_nhs_number(practitioner, home_org, placeholder) -> None:
    """Both pass the modulus 11 check, but are never issued: typed for "not known"."""
    with pytest.raises(ValidationFailed) as caught:
        services.create_person(
            actor=practitioner,
            organisation_id=home_org.pk,
            given_name="Sam",
            family_name="Jones",
            nhs_number=placeholder,
        )
    assert "Enter a valid NHS number" in caught.value.fields["nhs_number"]


def test_a_likely_duplicate_needs_confirming(practitioner, home_org) -> None:
    born = dt.date(2014, 2, 3)
    services.create_person(
        actor=practitioner,
        organisation_id=home_org.pk,
        given_name="Jamie",
        family_name="Smith",
        date_of_birth=born,
    )
    with pytest.raises(Conflict):
        services.create_person(
            actor=practitioner,
            organisation_id=home_org.pk,
            given_name="Jamie",
            family_name="Smyth",
            date_of_birth=born,
        )
    services.create_person(
        actor=practitioner,
        organisation_id=home_org.pk,
        given_name="Jamie",
        family_name="Smyth",
        date_of_birth=born,
        confirm_different=True,
    )


@pytest.mark.parametrize(
    "name", ["<b>Sam</b>", "Robert'); DROP TABLE x;--", "Sa\x07m", "S" * 101, "", "R2D2"]
)
def test_names_must_be_plain_names(practitioner, home_org, name) -> None:
    with pytest.raises(ValidationFailed) as caught:
        services.create_person(
            actor=practitioner, organisation_id=home_org.pk, given_name=name, family_name="Li"
        )
    assert "given_name" in caught.value.fields


def test_names_with_apostrophes_and_hyphens_are_fine(practitioner, home_org) -> None:
    person = services.create_person(
        actor=practitioner,
        organisation_id=home_org.pk,
        given_name="Zoë",
        family_name="O'Neill-Brown",
    )
    assert person.full_name == "Zoë O'Neill-Brown"


@pytest.mark.django_db(transaction=True)
def test_a_record_is_not_finalised_when_its_audit_event_cannot_be_written(
    practitioner, home_org, monkeypatch
) -> None:
    draft = complete_draft(practitioner, home_org)
    events = AuditEvent.objects.count()

    def fail(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(AuditEvent, "save", fail)
    with pytest.raises(RuntimeError):
        services.finalise_decision(actor=practitioner, decision_id=draft.pk)
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert draft.finalised_at is None
    assert AuditEvent.objects.count() == events
