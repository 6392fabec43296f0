"""People API: search your organisation's people before adding one, add one, and correct
one's details."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.db import transaction
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict, StrictBool, StrictInt, StrictStr

from infoshare.core.api import ERRORS
from infoshare.core.errors import Conflict, ValidationFailed
from infoshare.decisions import errors, services
from infoshare.decisions.api_schemas import (
    OnePass,
    PersonOut,
    exactly,
    one_of,
    person_out,
    refused,
    text,
)
from infoshare.decisions.models.person import NAME_MAX, REFERENCE_MAX, Person, RoleInCase
from infoshare.decisions.selectors import view_person_for
from infoshare.decisions.selectors.people import (
    possible_duplicates_for,
    record_person_viewed,
    search_people_for,
    sees_identifiers,
)
from infoshare.decisions.selectors.scope import recording_org
from infoshare.decisions.services.people import REASON_MAX, Correction, correct_person

router = Router(tags=["people"])


#: What ``q`` finds, in the API's description of it.
Q_DESCRIPTION = (
    "A name (typos allowed), or an NHS number (10 digits, with or without spaces): the "
    "person with that number"
)
#: What ``organisation_id`` is, in the API's description of it.
ORGANISATION_DESCRIPTION = (
    "An organisation where you record decisions: needed if you record for more than one"
)


class SearchQuery(Schema):
    q: str = Field("", description=Q_DESCRIPTION)
    date_of_birth: dt.date | None = None
    organisation_id: int | None = Field(None, description=ORGANISATION_DESCRIPTION)


class SearchIn(Schema):
    """The terms of `POST people/search`: the same as the query string of `GET people/`,
    in a JSON body (typed as JSON: a number is not a name, nor text an organisation id)."""

    model_config = ConfigDict(extra="forbid")

    q: StrictStr = Field("", description=Q_DESCRIPTION)
    date_of_birth: dt.date | None = None
    organisation_id: StrictInt | None = Field(None, description=ORGANISATION_DESCRIPTION)


#: The fields a new person must have. They are read as any value and checked by the
#: service, which names each one missing or wrong in plain words ("Enter given name"),
#: rather than the schema's "Field required"; the schema still says that they are required.
PERSON_REQUIRED = ("given_name", "family_name")


def _names_required(schema: dict[str, Any]) -> None:
    schema["required"] = list(PERSON_REQUIRED)
    for name in PERSON_REQUIRED:
        schema["properties"][name].pop("default", None)


class PersonIn(Schema):
    # The details are read as any value (``exactly`` publishes their JSON schema) so that
    # the service checks them and names every bad one in one 400, in plain words.
    model_config = ConfigDict(extra="forbid", json_schema_extra=_names_required)

    given_name: Any = Field(None, json_schema_extra=exactly(text(NAME_MAX)))
    family_name: Any = Field(None, json_schema_extra=exactly(text(NAME_MAX)))
    date_of_birth: dt.date | None = Field(
        None, description="YYYY-MM-DD, from 1 January 1900 to today; null if not known"
    )
    local_reference: Any = Field(
        "",
        json_schema_extra=exactly(text(REFERENCE_MAX) | {"default": ""}),
        description="Your case or pupil reference, if any",
    )
    nhs_number: Any = Field(
        "",
        json_schema_extra=exactly(text(20) | {"default": ""}),
        description="10 digits with a correct check digit, with or without spaces; if known",
    )
    role_in_case: Any = Field(
        RoleInCase.CHILD.value,
        json_schema_extra=exactly(one_of(RoleInCase.values) | {"default": RoleInCase.CHILD.value}),
    )
    organisation_id: StrictInt | None = Field(None, description=ORGANISATION_DESCRIPTION)
    confirm_different: StrictBool = False


class DuplicateError(Schema):
    code: Literal["duplicate_nhs_number", "possible_duplicate"]
    message: str
    fields: dict[str, str] = Field(
        description="The fields sent that matched someone already recorded, each with what "
        "matched: `nhs_number` (`duplicate_nhs_number`); `given_name` and `family_name`, "
        "and `date_of_birth` when one sent matched a known one (`possible_duplicate`)"
    )
    people: list[PersonOut] = Field(
        description="Who they may be, as search returns them: each one's `id` is the one to "
        "use. Only your organisation's people, whom a search finds too"
    )


class DuplicateOut(Schema):
    """The person may already be recorded: `{"error": {"code", "message", "fields",
    "people"}}`, the project's error shape with the people they may be."""

    error: DuplicateError


#: The longest name a search takes (the people page's form allows as many).
SEARCH_MAX = 200


def _search(
    request: HttpRequest, q: str, date_of_birth: dt.date | None, organisation_id: int | None
) -> list[dict[str, Any]]:
    """The people of the organisation like the terms (or with the NHS number searched
    for); a search that finds anyone is audited (``search_people_for``): the people
    returned and the terms."""
    if len(q) > SEARCH_MAX:
        raise ValidationFailed({"q": f"Search for {SEARCH_MAX} characters or fewer"})
    org_id = recording_org(
        request.user, organisation_id, refused="You cannot search the people of that organisation"
    )
    if not q.strip() and date_of_birth is None:
        return []
    found = search_people_for(
        request.user, organisation_id=org_id, query=q.strip(), date_of_birth=date_of_birth
    )
    return [person_out(person) for person in found]


@router.get(
    "people/",
    response={200: list[PersonOut], **ERRORS},
    url_name="people_search",
    summary="Search your organisation's people by query string (audited; prefer POST people/search)",
)
def people_search(request: HttpRequest, query: Query[SearchQuery]) -> list[dict[str, Any]]:
    """A search that finds anyone is audited: the people returned and the terms.

    Kept for existing integrations. A query string is written to web server and proxy
    access logs (and kept in browser history): the names, NHS numbers and dates of birth
    searched for would be kept there too. Prefer `POST /api/v1/people/search`, which
    takes the same terms in a JSON body and answers the same."""
    return _search(request, query.q, query.date_of_birth, query.organisation_id)


@router.post(
    "people/search",
    response={200: list[PersonOut], **ERRORS},
    url_name="people_search_post",
    summary="Search your organisation's people (similar names, NHS number, date of birth; audited)",
)
def people_search_post(request: HttpRequest, payload: SearchIn) -> list[dict[str, Any]]:
    """The terms are sent in a JSON body, `{"q", "date_of_birth", "organisation_id"}`
    (each optional), so that no name, NHS number or date of birth is written to an access
    log. `q` is a name, or an NHS number: the person recorded with that number is found.
    The same search, answer and errors as `GET /api/v1/people/`: a search that finds
    anyone is audited, with the people returned and the terms. Nothing is stored besides
    that audit record, so the request can be sent again."""
    return _search(request, payload.q, payload.date_of_birth, payload.organisation_id)


#: What a 409 from adding a person says, by its code, in the API (the page says "choose
#: them from the list": the API has ``people`` instead).
DUPLICATE_MESSAGES = {
    "duplicate_nhs_number": (
        "A person with this NHS number is already recorded (in people): use their id "
        "rather than adding them again"
    ),
    errors.DUPLICATE_PERSON: (
        "This person may already be recorded (the people they may be are in people): use "
        "one of their ids, or send confirm_different: true if this is a different person"
    ),
}
#: What matched, by field, for a possible duplicate (``_matched``).
NAME_MATCHED = "Close to the name of someone already recorded (see people)"
DATE_OF_BIRTH_MATCHED = (
    "The same as or near the date of birth of someone already recorded with a close name "
    "(see people)"
)


@router.post(
    "people/",
    response={201: PersonOut, **ERRORS, 409: DuplicateOut},
    url_name="people_create",
    summary="Add a person (409 if they may already be recorded)",
    openapi_extra={
        "responses": {
            409: {
                "description": "They may already be recorded: `people` holds whoever they "
                "may be, as search returns them (audited as a search is). "
                "`duplicate_nhs_number`: the person with the NHS number sent (never a "
                "different person, even with `confirm_different`). `possible_duplicate`: "
                "people with a similar name and a date of birth that is the same, near or "
                "not known"
            }
        }
    },
)
def people_create(request: HttpRequest, payload: PersonIn) -> Status[dict[str, Any]]:
    """Adds a person with minimal identifiers, to the organisation named (needed if you
    record for more than one). A person who may already be recorded gives 409, naming
    who they may be in `people`: use one of them, or, for a similar name, send
    `confirm_different: true` if this is a different person."""
    organisation_id = recording_org(
        request.user, payload.organisation_id, refused="You cannot add people to that organisation"
    )
    try:
        person = services.create_person(
            actor=request.user,
            organisation_id=organisation_id,
            given_name=payload.given_name,
            family_name=payload.family_name,
            date_of_birth=payload.date_of_birth,
            local_reference=payload.local_reference,
            nhs_number=payload.nhs_number,
            role_in_case=payload.role_in_case,
            confirm_different=payload.confirm_different,
        )
    except Conflict as problem:
        if problem.code not in DUPLICATE_MESSAGES:
            raise
        return Status(409, _duplicate(request, organisation_id, payload, problem))
    return Status(201, person_out(person))


def _duplicate(
    request: HttpRequest, organisation_id: int, payload: PersonIn, problem: Conflict
) -> dict[str, Any]:
    """The 409 for a person who may already be recorded, naming who they may be: for an
    NHS number already recorded, the person with it; otherwise those with a similar name
    (``possible_duplicates_for``, audited as a search is, as on the page)."""
    same_number = problem.field == "nhs_number"
    people = possible_duplicates_for(
        request.user,
        organisation_id=organisation_id,
        # The service has checked both names are text before it found a duplicate.
        name="" if same_number else f"{payload.given_name} {payload.family_name}",
        date_of_birth=None if same_number else payload.date_of_birth,
        nhs_number=payload.nhs_number if same_number else "",
    )
    message = DUPLICATE_MESSAGES[problem.code]
    body: dict[str, Any] = {
        "code": problem.code,
        "message": message,
        "fields": {problem.field: message} if problem.field else _matched(payload, people),
        "people": [person_out(person) for person in people],
    }
    return {"error": body}


def _matched(payload: PersonIn, people: list[Person]) -> dict[str, str]:
    """The fields of a possible duplicate that matched (``similar_people``): the name,
    always; the date of birth sent, when someone found has one (the same or near it: the
    others were not found) rather than none known."""
    matched = dict.fromkeys(("given_name", "family_name"), NAME_MATCHED)
    if payload.date_of_birth is not None and any(p.date_of_birth for p in people):
        matched["date_of_birth"] = DATE_OF_BIRTH_MATCHED
    return matched


@router.get(
    "people/{int:person_id}",
    response={200: PersonOut, **ERRORS},
    url_name="people_read",
    summary="Read a person (audited)",
)
def people_read(request: HttpRequest, person_id: int) -> dict[str, Any]:
    # The staff of an organisation that records were shared with get the name only: the
    # date of birth, local reference and NHS number are the recording organisation's.
    # (A comment, not the docstring: the docstring is the published API description.)
    person = view_person_for(request.user, person_id)
    return person_out(person, identifiers=sees_identifiers(request.user, person))


class PersonChangeIn(OnePass):
    """Any of the person's details: those sent replace what is recorded, those left out
    are kept. `reason` is required."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"required": ["reason"]})

    given_name: Any = Field(None, json_schema_extra=exactly(text(NAME_MAX)))
    family_name: Any = Field(None, json_schema_extra=exactly(text(NAME_MAX)))
    date_of_birth: dt.date | None = Field(
        None, description="YYYY-MM-DD, from 1 January 1900 to today; null if not known"
    )
    local_reference: Any = Field(
        None,
        json_schema_extra=exactly(text(REFERENCE_MAX, null=True)),
        description="Your case or pupil reference; null or an empty string clears it",
    )
    nhs_number: Any = Field(
        None,
        json_schema_extra=exactly(text(20, null=True)),
        description="10 digits with a correct check digit, with or without spaces; null or "
        "an empty string clears it",
    )
    role_in_case: Any = Field(None, json_schema_extra=exactly(one_of(RoleInCase.values)))
    reason: Any = Field(
        None,
        json_schema_extra=exactly(text(REASON_MAX) | {"minLength": 1}),
        description="Why the details need correcting (required; kept in the audit trail)",
    )


#: Details that null clears (the others are refused as missing, as when adding a person).
CLEARED_BY_NULL = ("local_reference", "nhs_number")


class _NothingKept(Exception):
    """Rolls back a correction that ran only so that its own checks could be read."""


@router.patch(
    "people/{int:person_id}",
    response={200: PersonOut, **ERRORS},
    url_name="people_update",
    summary="Correct a person's details (audited, with a reason)",
    openapi_extra={
        "responses": {
            409: {
                "description": "`duplicate_nhs_number`: another person your organisation "
                "recorded has that NHS number"
            }
        }
    },
)
def people_update(request: HttpRequest, person_id: int, payload: PersonChangeIn) -> dict[str, Any]:
    """Corrects details that were recorded wrongly: for the staff of the organisation that
    recorded the person, in a role that adds people there (anyone else: 404; the staff of
    an organisation that records were shared with see the name only, and change nothing).
    The details are checked as when adding a person (the NHS number's check digit
    included), and a 400 names every bad field at once; nothing is saved then. The change
    is audited with each changed field as it was and as it is now (an NHS number masked),
    and the reason. Details sent as they are already change nothing and are not audited,
    so the request can be sent again. Returns the person as they are now."""
    changes = {name: getattr(payload, name) for name in payload.model_fields_set - {"reason"}}
    for name in CLEARED_BY_NULL:
        if name in changes and changes[name] is None:
            changes[name] = ""

    def correct() -> Correction:
        return correct_person(
            actor=request.user, person_id=person_id, changes=changes, reason=payload.reason
        )

    if payload.problems:
        # The service's own checks are read too (then rolled back), so that one 400 names
        # every bad field.
        found: dict[str, str] = {}
        try:
            with transaction.atomic():
                correct()
                raise _NothingKept
        except _NothingKept:
            pass
        except ValidationFailed as failed:
            found = failed.fields
        except Conflict:
            pass  # a request that cannot be read is answered first
        raise refused(found | payload.problems)
    try:
        correction = correct()
    except ValidationFailed as failed:
        raise refused(failed.fields) from None
    if not correction.after:
        # Nothing changed, so no correction is audited; the person's identifiers are still
        # sent back, and every view of them is audited.
        record_person_viewed(request.user, correction.person)
    return person_out(correction.person)
