"""Adding the people a decision is about (minimal identifiers, searched first)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from infoshare.audit.services import for_change, lock_chain, record
from infoshare.core.errors import Conflict, NotFound, ValidationFailed
from infoshare.decisions import errors
from infoshare.decisions.audit import Action
from infoshare.decisions.models import Person, RoleInCase, SharingDecision
from infoshare.decisions.models.person import NAME_MAX, REFERENCE_MAX
from infoshare.decisions.selectors.people import (
    masked_nhs_number,
    sees_identifiers,
    similar_people,
)
from infoshare.decisions.text import has_visible, name_problem, text_problem
from infoshare.decisions.validators import nhs_number_is_valid, normalise_nhs_number

EARLIEST_BIRTH = dt.date(1900, 1, 1)


def person_problems(
    *,
    given_name: object,
    family_name: object,
    date_of_birth: object,
    local_reference: object,
    nhs_number: object,
    role_in_case: object,
) -> dict[str, str]:
    """Every problem with a new person's identifiers, by field."""
    problems: dict[str, str | None] = {
        "given_name": name_problem(given_name, label="Given name", max_length=NAME_MAX),
        "family_name": name_problem(family_name, label="Family name", max_length=NAME_MAX),
        "local_reference": text_problem(
            local_reference, label="Local reference", max_length=REFERENCE_MAX, multiline=False
        ),
    }
    if date_of_birth is not None:
        if not isinstance(date_of_birth, dt.date):
            problems["date_of_birth"] = "Date of birth must be a real date"
        elif date_of_birth > timezone.localdate():
            problems["date_of_birth"] = "Date of birth must be today or in the past"
        elif date_of_birth < EARLIEST_BIRTH:
            problems["date_of_birth"] = "Date of birth must be after 1 January 1900"
    if nhs_number and not isinstance(nhs_number, str):
        problems["nhs_number"] = 'NHS number must be text, like "943 476 5919"'
    elif isinstance(nhs_number, str) and nhs_number and not _nhs_number_ok(nhs_number):
        problems["nhs_number"] = (
            "Enter a valid NHS number, like 943 476 5919: 10 digits with a correct check digit"
        )
    if role_in_case not in RoleInCase.values:
        problems["role_in_case"] = "Select the person's role in the case"
    return {field: message for field, message in problems.items() if message}


def _nhs_number_ok(typed: str) -> bool:
    return len(typed) <= 20 and nhs_number_is_valid(normalise_nhs_number(typed))


def create_person(
    *,
    actor: Any,
    organisation_id: int,
    given_name: str,
    family_name: str,
    date_of_birth: dt.date | None = None,
    local_reference: str = "",
    nhs_number: str = "",
    role_in_case: str = RoleInCase.CHILD,
    confirm_different: bool = False,
) -> Person:
    """Records a person for an organisation, after checking they are not already recorded.

    A possible duplicate (same NHS number, or a similar name with a matching, near or
    unknown date of birth: ``selectors.people.similar_people``) is refused with `Conflict` unless the actor confirms a different person.
    """
    problems = person_problems(
        given_name=given_name,
        family_name=family_name,
        date_of_birth=date_of_birth,
        local_reference=local_reference,
        nhs_number=nhs_number,
        role_in_case=role_in_case,
    )
    if problems:
        raise ValidationFailed(problems)
    number = normalise_nhs_number(nhs_number)
    with transaction.atomic():
        # The check for the person being recorded already, then the insert, one at a time
        # (the lock order's chain: docs/architecture.md): the same person sent twice at
        # once (a double press, two colleagues, a retry) is recorded once, and the other
        # request is refused as a possible duplicate.
        lock_chain()
        if number and _nhs_number_recorded(organisation_id, number):
            raise _duplicate_nhs_number()
        if not confirm_different and similar_people(
            organisation_id=organisation_id,
            name=f"{given_name} {family_name}",
            date_of_birth=date_of_birth,
        ):
            raise Conflict(errors.DUPLICATE_PERSON, errors.DUPLICATE_PERSON_MESSAGE)
        try:
            # A savepoint: the same NHS number recorded at the same moment (a double press,
            # another tab) fails the unique constraint, and is refused as the check above.
            with transaction.atomic():
                person = Person.objects.create(
                    organisation_id=organisation_id,
                    given_name=given_name.strip(),
                    family_name=family_name.strip(),
                    date_of_birth=date_of_birth,
                    local_reference=local_reference.strip(),
                    nhs_number=number,
                    role_in_case=role_in_case,
                    created_by=actor,
                )
        except IntegrityError:
            if number and _nhs_number_recorded(organisation_id, number):
                raise _duplicate_nhs_number() from None
            raise
        record(
            action=Action.PERSON_ADDED,
            actor=actor,
            organisation_id=organisation_id,
            obj=person,
            data={"role_in_case": role_in_case, "confirmed_different": confirm_different},
        )
    return person


def _nhs_number_recorded(
    organisation_id: int, number: str, *, other_than: int | None = None
) -> bool:
    """Whether the organisation has recorded someone (other than ``other_than``) with it."""
    found = Person.objects.filter(organisation_id=organisation_id, nhs_number=number)
    if other_than is not None:
        found = found.exclude(pk=other_than)
    return found.exists()


def _duplicate_nhs_number() -> Conflict:
    return Conflict(
        "duplicate_nhs_number",
        "A person with this NHS number is already recorded: choose them from the list",
        field="nhs_number",
    )


# -- Correcting a person's details, and removing a person added by mistake. -------------

#: What a correction may change: the identifiers a person was added with.
CORRECTABLE = (
    "given_name",
    "family_name",
    "date_of_birth",
    "local_reference",
    "nhs_number",
    "role_in_case",
)
#: The longest reason for a correction or a removal.
REASON_MAX = 1000
#: A removal refused: records are about the person.
HAS_RECORDS = "person_has_records"


def may_correct_person(user: Any, person: Person) -> bool:
    """Whether the user may correct the person's details, or remove them: the staff of the
    organisation that recorded the person, in a role that adds people there (a role that
    records decisions: ``selectors.scope.recording_org``, as adding a person checks) — the
    same people who see the person's identifiers (``selectors.people.sees_identifiers``).
    Never the staff of an organisation that records about the person were shared with:
    the identifiers are the recording organisation's (UK GDPR Article 16: the controller
    rectifies)."""
    return sees_identifiers(user, person)


def reason_problem(reason: object, *, missing: str) -> str | None:
    """Why the reason given for a correction or removal cannot be accepted, or None."""
    if reason is None or (isinstance(reason, str) and not has_visible(reason)):
        return missing
    return text_problem(reason, label="The reason", max_length=REASON_MAX)


def _person_to_change(actor: Any, person_id: int) -> Person:
    """The person, locked for the change, if the actor may change them; else NotFound (the
    same for "missing" and "not yours")."""
    person = for_change(Person.objects).filter(pk=person_id).first()
    if person is None or not may_correct_person(actor, person):
        raise NotFound()
    return person


def _as_audited(values: dict[str, Any]) -> dict[str, Any]:
    """Identifiers as an audit event holds them: an NHS number masked (its last three
    digits, as every event holds one: ``selectors.people.masked_nhs_number``)."""
    return {
        name: masked_nhs_number(value) if name == "nhs_number" else value
        for name, value in values.items()
    }


@dataclass(frozen=True)
class Correction:
    person: Person
    #: The fields changed, as they were and as they are now (empty: nothing changed).
    before: dict[str, Any]
    after: dict[str, Any]


def correct_person(
    *, actor: Any, person_id: int, changes: dict[str, Any], reason: object
) -> Correction:
    """Corrects a person's details (``changes``: any of ``CORRECTABLE``; the others are
    kept), with the same checks as adding a person (``person_problems``, NHS number check
    digit included) and a reason. Only the staff of the recording organisation who may
    add people there may (``may_correct_person``; anyone else: NotFound). An NHS number
    another person of the organisation has is refused, as when adding (409). Audited with
    each changed field as it was and as it is now, and the reason; details sent as they
    are already change nothing and are not audited (a form sent twice)."""
    unknown = set(changes) - set(CORRECTABLE)
    if unknown:
        raise ValueError(f"Not a person's detail: {sorted(unknown)}")
    with transaction.atomic():
        person = _person_to_change(actor, person_id)
        wanted = {name: getattr(person, name) for name in CORRECTABLE} | changes
        problems = person_problems(**wanted)
        why = reason_problem(reason, missing="Enter why the details need correcting")
        if why:
            problems["reason"] = why
        if problems:
            raise ValidationFailed(problems)
        new = {
            **wanted,
            "given_name": wanted["given_name"].strip(),
            "family_name": wanted["family_name"].strip(),
            "local_reference": (wanted["local_reference"] or "").strip(),
            "nhs_number": normalise_nhs_number(wanted["nhs_number"] or ""),
        }
        before = {
            name: getattr(person, name)
            for name in CORRECTABLE
            if getattr(person, name) != new[name]
        }
        if not before:
            return Correction(person, {}, {})
        after = {name: new[name] for name in before}
        number = new["nhs_number"]
        if (
            "nhs_number" in after
            and number
            and _nhs_number_recorded(person.organisation_id, number, other_than=person.pk)
        ):
            raise _nhs_number_of_another_person()
        for name, value in after.items():
            setattr(person, name, value)
        try:
            with transaction.atomic():  # a savepoint, as when adding a person
                person.save(update_fields=list(after))
        except IntegrityError:
            if number and _nhs_number_recorded(
                person.organisation_id, number, other_than=person.pk
            ):
                raise _nhs_number_of_another_person() from None
            raise
        assert isinstance(reason, str)  # noqa: S101 - reason_problem checked it
        record(
            action=Action.PERSON_CORRECTED,
            actor=actor,
            organisation_id=person.organisation_id,
            obj=person,
            data={
                "changed": list(after),
                "before": _as_audited(before),
                "after": _as_audited(after),
                "reason": reason.strip(),
            },
        )
    return Correction(person, before, after)


def _nhs_number_of_another_person() -> Conflict:
    return Conflict(
        "duplicate_nhs_number",
        "Your organisation has recorded another person with this NHS number: check the "
        "number. If they are the same person, use that entry instead",
        field="nhs_number",
    )


def removal_refusal(person: Person) -> str | None:
    """Why the person cannot be removed from the register, or None when they can: only a
    person no decision record is about (drafts included) is removed. Records are kept as
    they were made (ADR 0004), so the person they are about stays; wrong details are
    corrected instead. It does not say how many records: a colleague's draft counts, and
    the reader may not see it (a security review watched the number change as a
    colleague began one)."""
    if not SharingDecision.objects.filter(people=person).exists():
        return None
    return (
        f"{person.full_name} cannot be removed because there are decision records about "
        "them (drafts included). Records are kept as they were made, so the people they are "
        "about stay on the register. If their details are wrong, change them instead."
    )


@dataclass(frozen=True)
class Removal:
    person_id: int
    full_name: str
    organisation_id: int


def remove_person(*, actor: Any, person_id: int, reason: object) -> Removal:
    """Removes a person added by mistake (twice, or to the wrong organisation) from the
    register: only one that no decision record is about (``removal_refusal``: 409
    otherwise), only by those who may correct them (``may_correct_person``; anyone else:
    NotFound), with a reason. Audited with what was removed (the identifiers, the NHS number
    masked as every event holds one; who added them and when) and the reason, so the
    removal can be accounted for: the event keeps the person's id, and the audit trail's
    "person shown" search finds it with every other event about them."""
    with transaction.atomic():
        person = _person_to_change(actor, person_id)
        refusal = removal_refusal(person)
        if refusal:
            raise Conflict(HAS_RECORDS, refusal)
        why = reason_problem(reason, missing="Enter why this person is being removed")
        if why:
            raise ValidationFailed({"reason": why})
        assert isinstance(reason, str)  # noqa: S101 - reason_problem checked it
        removed = {name: getattr(person, name) for name in CORRECTABLE}
        record(
            action=Action.PERSON_REMOVED,
            actor=actor,
            organisation_id=person.organisation_id,
            obj=person,
            data={
                "removed": _as_audited(removed)
                | {"added_by_id": person.created_by_id, "added_at": person.created_at},
                "reason": reason.strip(),
            },
        )
        removal = Removal(person.pk, person.full_name, person.organisation_id)
        person.delete()
    return removal
