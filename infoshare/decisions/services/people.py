"""Adding the people a decision is about (minimal identifiers, searched first)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from infoshare.audit.services import record
from infoshare.core.errors import Conflict, ValidationFailed
from infoshare.decisions import errors
from infoshare.decisions.audit import Action
from infoshare.decisions.models import Person, RoleInCase
from infoshare.decisions.models.person import NAME_MAX, REFERENCE_MAX
from infoshare.decisions.selectors.people import similar_people
from infoshare.decisions.text import name_problem, text_problem
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


def _nhs_number_recorded(organisation_id: int, number: str) -> bool:
    return Person.objects.filter(organisation_id=organisation_id, nhs_number=number).exists()


def _duplicate_nhs_number() -> Conflict:
    return Conflict(
        "duplicate_nhs_number",
        "A person with this NHS number is already recorded: choose them from the list",
        field="nhs_number",
    )
