"""People API: search your organisation's people before adding one, and add one."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import ConfigDict, StrictBool, StrictInt, StrictStr

from infoshare.core.api import ERRORS
from infoshare.core.errors import DomainError, ValidationFailed
from infoshare.decisions import errors, services
from infoshare.decisions.api_schemas import PersonOut, person_out
from infoshare.decisions.selectors import view_person_for
from infoshare.decisions.selectors.people import search_people_for, sees_identifiers
from infoshare.decisions.selectors.scope import RECORDING_ROLES, orgs_where, recording_org_for

router = Router(tags=["people"])


class SearchQuery(Schema):
    q: str = ""
    date_of_birth: dt.date | None = None
    organisation_id: int | None = None


class SearchIn(Schema):
    """The terms of `POST people/search`: the same as the query string of `GET people/`,
    in a JSON body (typed as JSON: a number is not a name, nor text an organisation id)."""

    model_config = ConfigDict(extra="forbid")

    q: StrictStr = ""
    date_of_birth: dt.date | None = None
    organisation_id: StrictInt | None = None


class PersonIn(Schema):
    model_config = ConfigDict(extra="forbid")

    given_name: Any = None
    family_name: Any = None
    date_of_birth: dt.date | None = None
    local_reference: Any = ""
    nhs_number: Any = ""
    role_in_case: Any = "child"
    organisation_id: StrictInt | None = None
    confirm_different: StrictBool = False


def _organisation(user: Any, organisation_id: int | None) -> int:
    if organisation_id is None:
        chosen = recording_org_for(user)
        if chosen is None:
            raise DomainError(errors.NO_ORGANISATION, errors.NO_ORGANISATION_MESSAGE)
        return chosen
    if organisation_id not in orgs_where(user, RECORDING_ROLES):
        raise ValidationFailed({"organisation_id": errors.NO_ORGANISATION_MESSAGE})
    return organisation_id


#: The longest name a search takes (the people page's form allows as many).
SEARCH_MAX = 200


def _search(
    request: HttpRequest, q: str, date_of_birth: dt.date | None, organisation_id: int | None
) -> list[dict[str, Any]]:
    """The people of the organisation like the terms; a search that finds anyone is
    audited (``search_people_for``): the people returned and the terms."""
    if len(q) > SEARCH_MAX:
        raise ValidationFailed({"q": f"Search for {SEARCH_MAX} characters or fewer"})
    org_id = _organisation(request.user, organisation_id)
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
    access logs (and kept in browser history): the names and dates of birth searched for
    would be kept there too. Prefer `POST /api/v1/people/search`, which takes the same
    terms in a JSON body and answers the same."""
    return _search(request, query.q, query.date_of_birth, query.organisation_id)


@router.post(
    "people/search",
    response={200: list[PersonOut], **ERRORS},
    url_name="people_search_post",
    summary="Search your organisation's people (similar names and date of birth; audited)",
)
def people_search_post(request: HttpRequest, payload: SearchIn) -> list[dict[str, Any]]:
    """The terms are sent in a JSON body, `{"q", "date_of_birth", "organisation_id"}`
    (each optional), so that no name or date of birth is written to an access log. The
    same search, answer and errors as `GET /api/v1/people/`: a search that finds anyone is
    audited, with the people returned and the terms. Nothing is stored besides that
    audit record, so the request can be sent again."""
    return _search(request, payload.q, payload.date_of_birth, payload.organisation_id)


@router.post(
    "people/",
    response={201: PersonOut, **ERRORS},
    url_name="people_create",
    summary="Add a person (409 if they may already be recorded)",
)
def people_create(request: HttpRequest, payload: PersonIn) -> Status[dict[str, Any]]:
    """Adds a person with minimal identifiers. A possible duplicate gives 409: search
    first, or send `confirm_different: true`."""
    person = services.create_person(
        actor=request.user,
        organisation_id=_organisation(request.user, payload.organisation_id),
        given_name=payload.given_name,
        family_name=payload.family_name,
        date_of_birth=payload.date_of_birth,
        local_reference=payload.local_reference,
        nhs_number=payload.nhs_number,
        role_in_case=payload.role_in_case,
        confirm_different=payload.confirm_different,
    )
    return Status(201, person_out(person))


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
