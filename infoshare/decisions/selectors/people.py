"""Finding people: scoped to what the user may see, with a fuzzy match to avoid duplicates."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Collection
from typing import Any

from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When

from infoshare.audit.services import record
from infoshare.core.errors import NotFound
from infoshare.core.roles import Role
from infoshare.decisions.audit import Action
from infoshare.decisions.models import Person, SharingDecision, Status
from infoshare.decisions.selectors.decisions import (
    FINALISED,
    is_shared_with,
    shared_with,
    with_related,
)
from infoshare.decisions.selectors.scope import RECORDING_ROLES, orgs_where, recipient_orgs
from infoshare.decisions.validators import NHS_NUMBER_PATTERN, normalise_nhs_number
from infoshare.partnerships.models import Organisation

CANDIDATE_LIMIT = 200
MATCH_RATIO = 0.75


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.lower(), b.lower()).ratio()


def _name_score(query: str, person: Person) -> float:
    forwards = f"{person.given_name} {person.family_name}"
    backwards = f"{person.family_name} {person.given_name}"
    return max(_ratio(query, forwards), _ratio(query, backwards))


#: A date of birth within this many days of the one typed is near it (see ``near_dates``).
NEAR_DAYS = 7


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def near_dates(date_of_birth: dt.date) -> frozenset[dt.date]:
    """The dates of birth near `date_of_birth` (not itself), as a date mistyped is: one digit
    different (of the day, the month or the year, written 14 05 2016), the day and the
    month swapped, or up to ``NEAR_DAYS`` days apart. Under a hundred dates."""
    written = f"{date_of_birth.day:02}{date_of_birth.month:02}{date_of_birth.year:04}"
    found: set[dt.date | None] = set()
    for position, digit in enumerate(written):
        for other in "0123456789":
            if other != digit:
                typo = f"{written[:position]}{other}{written[position + 1 :]}"
                found.add(_date(int(typo[4:]), int(typo[2:4]), int(typo[:2])))
    found.add(_date(date_of_birth.year, date_of_birth.day, date_of_birth.month))
    for days in range(-NEAR_DAYS, NEAR_DAYS + 1):
        try:
            found.add(date_of_birth + dt.timedelta(days=days))
        except OverflowError:
            continue
    found.discard(date_of_birth)
    return frozenset(day for day in found if day is not None)


def _close_name(query: str, words: list[str], person: Person) -> bool:
    """Whether the name typed is the person's or close to it (a typo or two): the whole
    name, or each word typed to one of their names ("Robin" for Robin Example), not
    only the first letters of one."""
    if _name_score(query, person) >= MATCH_RATIO:
        return True
    parts = f"{person.given_name} {person.family_name}".split()
    return bool(words) and all(
        any(_ratio(word, part) >= MATCH_RATIO for part in parts) for word in words
    )


def _candidates(
    organisation_id: int,
    words: list[str],
    date_of_birth: dt.date | None,
    *,
    any_name_born_then: bool = True,
) -> Any:
    """Up to ``CANDIDATE_LIMIT`` of the organisation's people who may match, in one query:
    a name begins as a word typed does, or (``any_name_born_then``) the date of birth typed
    is theirs. Those born on the date typed come first, then those born on a near date
    (``near_dates``), so that the limit never leaves them out for people born further
    off."""
    match = Q()
    for word in words:
        stem = word[:2]
        match |= Q(given_name__istartswith=stem) | Q(family_name__istartswith=stem)
    if date_of_birth is not None and any_name_born_then:
        match |= Q(date_of_birth=date_of_birth)
    if not match:
        return Person.objects.none()
    people = Person.objects.filter(match, organisation_id=organisation_id)
    if date_of_birth is not None:
        nearest_first = Case(
            When(date_of_birth=date_of_birth, then=Value(0)),
            When(date_of_birth__in=near_dates(date_of_birth), then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
        people = people.order_by(nearest_first, "pk")
    return people[:CANDIDATE_LIMIT]


def nhs_number_searched(query: str) -> str:
    """The NHS number a search is for (10 digits, typed with or without spaces or
    hyphens, as an NHS number is written: 943 476 5919), or "" for a name."""
    number = normalise_nhs_number(query)
    return number if NHS_NUMBER_PATTERN.fullmatch(number) else ""


def search_people(
    *, organisation_id: int, query: str, date_of_birth: dt.date | None = None, limit: int = 20
) -> list[Person]:
    """People of one organisation whose name is like `query` (typos allowed) or who share
    the date of birth given; best matches first.

    A `query` that is an NHS number (``nhs_number_searched``) finds the person recorded
    with that number, exactly, whatever their name and date of birth: one number is one
    person, whose date of birth may have been mistyped here or when they were recorded.

    With a name and a date of birth, a person whose name is like it is found when born on
    that date, and a person whose name is the same or close (``_close_name``) when born on
    a near one too (``near_dates``: one digit different, the day and the month swapped, or
    up to a week apart), as a date may have been mistyped, here or when the person was
    recorded. Those born on the date given come first, then those born on a near date,
    each best name first. A date of birth alone finds those born on it."""
    number = nhs_number_searched(query)
    if number:
        same_number = Person.objects.filter(organisation_id=organisation_id, nhs_number=number)
        return list(same_number.order_by("family_name", "given_name", "pk")[:limit])
    words = [word for word in query.split() if word][:5]
    near = near_dates(date_of_birth) if date_of_birth is not None else frozenset()
    scored: list[tuple[int, float, Person]] = []
    for person in _candidates(organisation_id, words, date_of_birth):
        score = _name_score(query, person) if words else 0.0
        full = f"{person.given_name} {person.family_name}".lower()
        prefix = any(part.startswith(word.lower()) for word in words for part in full.split())
        same_birthday = date_of_birth is not None and person.date_of_birth == date_of_birth
        if not words and same_birthday:
            scored.append((0, 1.0, person))
        elif (score >= 0.5 or prefix) and (date_of_birth is None or same_birthday):
            scored.append((0, score, person))
        elif person.date_of_birth in near and _close_name(query, words, person):
            scored.append((1, score, person))
    scored.sort(key=lambda item: (item[0], -item[1], item[2].family_name, item[2].given_name))
    return [person for _, _, person in scored[:limit]]


def similar_people(
    *, organisation_id: int, name: str, date_of_birth: dt.date | None
) -> list[Person]:
    """Possible duplicates of a person about to be added: a name close to `name` and a date
    of birth that matches, is near it (``near_dates``: one digit different, the day and
    the month swapped, or up to a week apart: a date mistyped, here or when the person was
    recorded) or is not known on one side. Those born on the date given first, then those
    born on a near date."""
    words = name.split()
    near = near_dates(date_of_birth) if date_of_birth else frozenset()
    found = []
    for person in _candidates(organisation_id, words, date_of_birth, any_name_born_then=False):
        if _name_score(name, person) < MATCH_RATIO:
            continue
        if (
            date_of_birth
            and person.date_of_birth
            and person.date_of_birth != date_of_birth
            and person.date_of_birth not in near
        ):
            continue
        found.append(person)
    return found[:10]


def people_visible_to(user: Any) -> QuerySet[Person]:
    """People recorded by an organisation where the user works with case records, and
    people in final records shared with the user's organisations."""
    own = orgs_where(user, RECORDING_ROLES)
    received = recipient_orgs(user)
    shared_with_me = shared_with(received, through="decisions__")
    return Person.objects.filter(Q(organisation_id__in=own) | shared_with_me).distinct()


def sees_identifiers(user: Any, person: Person) -> bool:
    """Whether the user may see the person's identifiers (date of birth, NHS number, local
    reference): only the staff of the organisation that recorded the person. Someone who
    knows the person only through records shared with their organisation sees the name,
    and what those records say: what was shared, not what the recording organisation
    holds (least privilege, product principle 5)."""
    return person.organisation_id in orgs_where(user, RECORDING_ROLES)


def get_person_for(user: Any, person_id: int) -> Person:
    person = people_visible_to(user).filter(pk=person_id).select_related("organisation").first()
    if person is None:
        raise NotFound()
    return person


def view_person_for(user: Any, person_id: int) -> Person:
    """The person, for showing to the user; the view is audited."""
    person = get_person_for(user, person_id)
    record_person_viewed(user, person)
    return person


def record_person_viewed(user: Any, person: Person) -> None:
    """Audits that the user was shown the person (``view_person_for``'s event), for a page
    that writes it in one transaction with its other events."""
    record(
        action=Action.VIEWED_PERSON,
        actor=user,
        organisation_id=person.organisation_id,
        obj=person,
    )


def masked_nhs_number(number: str) -> str:
    """An NHS number as an audit event may hold it: its last three digits only."""
    digits = normalise_nhs_number(number)
    return f"*** *** *{digits[-3:]}" if digits else ""


def record_people_shown(
    user: Any, organisation_id: int, people: list[Person], query: dict[str, Any]
) -> None:
    """Audits a search that showed people (names, dates of birth, NHS numbers): one event
    naming the people shown and the terms searched for (an NHS number masked), as every
    view of a person's records is audited. A search that finds nobody shows nobody, and
    records nothing. A fixed number of queries, however many people were shown."""
    if not people:
        return
    record(  # its own transaction
        action=Action.SEARCHED_PEOPLE,
        actor=user,
        organisation_id=organisation_id,
        data={"query": query, "people": [person.pk for person in people]},
    )


def search_people_for(
    user: Any,
    *,
    organisation_id: int,
    query: str,
    date_of_birth: dt.date | None = None,
    exclude: Collection[int] = (),
) -> list[Person]:
    """``search_people`` for someone who records for the organisation (anyone else finds
    nobody), leaving out the people in ``exclude`` (those already chosen); audited, an
    NHS number searched for masked."""
    if organisation_id not in orgs_where(user, RECORDING_ROLES):
        return []
    found = [
        person
        for person in search_people(
            organisation_id=organisation_id, query=query, date_of_birth=date_of_birth
        )
        if person.pk not in exclude
    ]
    number = nhs_number_searched(query)
    # An NHS number searched for is recorded as any other is: masked (``masked_nhs_number``).
    terms: dict[str, Any] = (
        {"nhs_number": masked_nhs_number(number)} if number else {"name": query}
    ) | {"date_of_birth": date_of_birth.isoformat() if date_of_birth else None}
    record_people_shown(user, organisation_id, found, terms)
    return found


def possible_duplicates_for(
    user: Any,
    *,
    organisation_id: int,
    name: str,
    date_of_birth: dt.date | None,
    nhs_number: str = "",
) -> list[Person]:
    """The people of the organisation that a person about to be added may be: first whoever
    has the same NHS number (never a different person), then similar names
    (``similar_people``); for someone who records for the organisation, audited."""
    if organisation_id not in orgs_where(user, RECORDING_ROLES):
        return []
    number = normalise_nhs_number(nhs_number or "")
    same_number = (
        list(Person.objects.filter(organisation_id=organisation_id, nhs_number=number)[:10])
        if number
        else []
    )
    similar = similar_people(
        organisation_id=organisation_id, name=name, date_of_birth=date_of_birth
    )
    found = [*same_number, *(p for p in similar if p not in same_number)]
    terms = {
        "duplicate_check": True,
        "name": name,
        "date_of_birth": date_of_birth.isoformat() if date_of_birth else None,
        "nhs_number": masked_nhs_number(number),
    }
    record_people_shown(user, organisation_id, found, terms)
    return found


#: Who may make a subject access export: an organisation's advisors (its information
#: governance lead), for what their own organisation holds.
ADVISING = frozenset({Role.ADVISOR})


def _made_about(person: Person, organisations: Collection[int]) -> QuerySet[SharingDecision]:
    """What the organisations wrote about the person entry: every version, drafts
    included, whoever is writing them."""
    return SharingDecision.objects.filter(
        organisation_id__in=organisations,
        people=person,
        status__in=(*FINALISED, Status.DRAFT),
    )


def _received_about(person: Person, organisations: Collection[int]) -> QuerySet[SharingDecision]:
    """What was shared with the organisations about the person entry: what "Shared with
    your organisation" and the person's page show a receiving organisation (final and
    superseded versions that shared something with it; never a draft)."""
    return SharingDecision.objects.filter(shared_with(organisations), people=person)


def subject_access_holders(user: Any, person: Person) -> list[Organisation]:
    """The organisations whose holdings about the person entry the user's subject access
    export covers (``records_held_about``), by name: those where the user is an advisor
    and which recorded the person, wrote a record about them or were sent one. None: the
    user may not make one (a practitioner, or an advisor whose organisations hold nothing
    about this entry). One query; none for someone who advises nowhere, or only in the
    organisation that recorded the person."""
    advising = orgs_where(user, ADVISING)
    if not advising:
        return []
    if advising == {person.organisation_id}:
        # Advising only where the person was recorded: that organisation holds them.
        return [person.organisation]
    made = _made_about(person, advising).order_by().values("organisation_id")
    received = _received_about(person, advising).order_by().values("recipient_organisation_id")
    holds = Q(pk__in=made) | Q(pk__in=received)
    if person.organisation_id in advising:
        holds |= Q(pk=person.organisation_id)
    return list(Organisation.objects.filter(holds).order_by("name", "pk").only("pk", "name"))


def records_held_about(user: Any, person: Person) -> QuerySet[SharingDecision]:
    """For a subject access request, made by an advisor: every record about the person
    entry that the organisations where they are an advisor hold (``subject_access_holders``).

    - The records those organisations made about the person: final and superseded
      versions alike, and their drafts, whoever is writing them (the request covers the
      personal data held, drafts included: the export marks them).
    - The records other organisations shared with them about the person: the final and
      superseded versions that shared something with them, as a receiving organisation
      sees them (``received_ids``, ``exports.subject_access_bundle``); never another
      organisation's drafts.

    The same set whichever of an organisation's advisors asks; nobody else gets any. The
    finalised records newest first, then the drafts, newest first, with what the export
    prints beside each record."""
    advising = orgs_where(user, ADVISING)
    if not advising:
        return SharingDecision.objects.none()
    made = _made_about(person, advising).values("pk")
    received = _received_about(person, advising).values("pk")
    held = SharingDecision.objects.filter(Q(pk__in=made) | Q(pk__in=received))
    return (
        with_related(held)
        .select_related("countersigned_by")
        .prefetch_related("people")
        .order_by(F("finalised_at").desc(nulls_last=True), "-id")
    )


def received_ids(user: Any, decisions: Collection[SharingDecision]) -> frozenset[int]:
    """Which of the records held (``records_held_about``) the user's organisations hold
    only as a receiving organisation: made by an organisation where the user is not an
    advisor. An export gives them as that organisation sees them: without the advice
    asked or the countersignature, which are internal to the organisation that made it."""
    advising = orgs_where(user, ADVISING)
    return frozenset(d.pk for d in decisions if d.organisation_id not in advising)


def held_by(
    holders: Collection[Organisation], decisions: Collection[SharingDecision]
) -> dict[int, list[SharingDecision]]:
    """Which of the records exported (``records_held_about``) each holder holds, by
    organisation id (every holder, one holding none included): those it made, and those
    shared with it (final and superseded versions that shared something). A record made
    by one of the user's organisations and shared with another is held by both."""
    held: dict[int, list[SharingDecision]] = {holder.pk: [] for holder in holders}
    for decision in decisions:
        if decision.organisation_id in held:
            held[decision.organisation_id].append(decision)
        receiver = decision.recipient_organisation_id
        if (
            receiver in held
            and receiver != decision.organisation_id
            and is_shared_with(decision, receiver)
        ):
            held[receiver].append(decision)
    return held
