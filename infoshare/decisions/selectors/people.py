"""Finding people: scoped to what the user may see, with a fuzzy match to avoid duplicates."""

from __future__ import annotations

import datetime as dt
import difflib
from typing import Any

from django.db.models import Q, QuerySet

from infoshare.core.errors import NotFound
from infoshare.decisions.models import Person
from infoshare.decisions.selectors.scope import RECORDING_ROLES, orgs_where, recipient_orgs

CANDIDATE_LIMIT = 200
MATCH_RATIO = 0.75


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.lower(), b.lower()).ratio()


def _name_score(query: str, person: Person) -> float:
    forwards = f"{person.given_name} {person.family_name}"
    backwards = f"{person.family_name} {person.given_name}"
    return max(_ratio(query, forwards), _ratio(query, backwards))


def _candidates(organisation_id: int, words: list[str], date_of_birth: dt.date | None) -> Any:
    match = Q()
    for word in words:
        stem = word[:2]
        match |= Q(given_name__istartswith=stem) | Q(family_name__istartswith=stem)
    if date_of_birth is not None:
        match |= Q(date_of_birth=date_of_birth)
    if not match:
        return Person.objects.none()
    return Person.objects.filter(match, organisation_id=organisation_id)[:CANDIDATE_LIMIT]


def search_people(
    *, organisation_id: int, query: str, date_of_birth: dt.date | None = None, limit: int = 20
) -> list[Person]:
    """People of one organisation whose name is like `query` (typos allowed) or who share
    the date of birth given; best matches first."""
    words = [word for word in query.split() if word][:5]
    scored: list[tuple[float, Person]] = []
    for person in _candidates(organisation_id, words, date_of_birth):
        score = _name_score(query, person) if words else 0.0
        full = f"{person.given_name} {person.family_name}".lower()
        prefix = any(part.startswith(word.lower()) for word in words for part in full.split())
        same_birthday = date_of_birth is not None and person.date_of_birth == date_of_birth
        if not words and same_birthday:
            scored.append((1.0, person))
        elif (score >= 0.5 or prefix) and (date_of_birth is None or same_birthday):
            scored.append((score + (0.5 if same_birthday else 0), person))
    scored.sort(key=lambda item: (-item[0], item[1].family_name, item[1].given_name))
    return [person for _, person in scored[:limit]]


def similar_people(
    *, organisation_id: int, name: str, date_of_birth: dt.date | None
) -> list[Person]:
    """Possible duplicates of a person about to be added: a name close to `name` and a date
    of birth that matches or is not known on one side."""
    words = name.split()
    found = []
    for person in _candidates(organisation_id, words, None):
        if _name_score(name, person) < MATCH_RATIO:
            continue
        if date_of_birth and person.date_of_birth and person.date_of_birth != date_of_birth:
            continue
        found.append(person)
    return found[:10]


def people_visible_to(user: Any) -> QuerySet[Person]:
    """People recorded by an organisation where the user works with case records, and
    people in final records shared with the user's organisations."""
    own = orgs_where(user, RECORDING_ROLES)
    received = recipient_orgs(user)
    shared_with_me = Q(
        decisions__recipient_organisation_id__in=received,
        decisions__status__in=("final", "superseded"),
        decisions__outcome__in=("shared", "shared_in_part"),
    )
    return Person.objects.filter(Q(organisation_id__in=own) | shared_with_me).distinct()


def get_person_for(user: Any, person_id: int) -> Person:
    person = people_visible_to(user).filter(pk=person_id).select_related("organisation").first()
    if person is None:
        raise NotFound()
    return person


def view_person_for(user: Any, person_id: int) -> Person:
    """The person, for showing to the user; the view is audited."""
    from infoshare.audit.services import record
    from infoshare.decisions.audit import Action

    person = get_person_for(user, person_id)
    record(
        action=Action.VIEWED_PERSON,
        actor=user,
        organisation_id=person.organisation_id,
        obj=person,
    )
    return person
