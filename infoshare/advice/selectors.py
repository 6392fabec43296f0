"""Scoped reads of advice requests. "Missing" and "not yours" are the same NotFound."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from django.db import transaction
from django.db.models import Count, F, Min, QuerySet
from django.db.models.functions import Coalesce

from infoshare.advice import policy
from infoshare.advice.audit import Action
from infoshare.advice.models import AddressedTo, AdviceReply, AdviceRequest, Status
from infoshare.advice.policy import (
    ASKER_ROLES,
    answer_scope,
    asked_by,
    asking_organisation_ids,
)
from infoshare.audit.services import record
from infoshare.core.access import memberships_of
from infoshare.core.errors import NotFound
from infoshare.core.roles import Role
from infoshare.partnerships.models import Membership, Organisation


def _user_id(user: Any) -> int | None:
    return getattr(user, "pk", None) if getattr(user, "is_authenticated", False) else None


def advice_requests_visible_to(user: Any) -> QuerySet[AdviceRequest]:
    """Requests the person asked, in the organisations where they may still ask, plus
    those they answer (see ``policy``)."""
    if _user_id(user) is None:
        return AdviceRequest.objects.none()
    scope = answer_scope(user)
    condition = asked_by(user)
    if not scope.is_empty:
        condition |= scope.q()
    return AdviceRequest.objects.filter(condition).select_related(
        "organisation", "asked_by", "advisor", "closed_by"
    )


def my_advice_requests(user: Any) -> QuerySet[AdviceRequest]:
    """The person's own requests, newest first, with their replies already loaded: those
    asked in organisations where they may still ask (``policy.asked_by``)."""
    if _user_id(user) is None:
        return AdviceRequest.objects.none()
    return (
        AdviceRequest.objects.filter(asked_by(user))
        .select_related("organisation")
        .prefetch_related("replies__author")
        .order_by("-created_at", "-id")
    )


#: When a request began waiting: the asker's follow-up to an answer, else when it was asked.
WAITING_SINCE = Coalesce(F("followed_up_at"), F("created_at"))


def answerable_for(user: Any) -> QuerySet[AdviceRequest]:
    """Every request this person answers, whatever its status (``policy``): the scope of
    their queue and of its "Answered" and "Closed" lists. A person's own questions are
    not among them: someone else answers them."""
    user_id = _user_id(user)
    scope = answer_scope(user)
    if user_id is None or scope.is_empty:
        return AdviceRequest.objects.none()
    return (
        AdviceRequest.objects.filter(scope.q())
        .exclude(asked_by_id=user_id)
        .select_related("organisation", "asked_by", "advisor")
    )


def queue_for(user: Any) -> QuerySet[AdviceRequest]:
    """Open requests this person answers: urgent first, then those waiting longest.

    Each has ``waiting_since``: a follow-up waits from when the asker sent it, not from
    the original question."""
    return (
        answerable_for(user)
        .filter(status=Status.OPEN)
        .annotate(waiting_since=WAITING_SINCE)
        .order_by("-urgent", "waiting_since", "id")
    )


def handled_for(
    user: Any, status: str, *, request_id: int | None = None
) -> QuerySet[AdviceRequest]:
    """The requests this person answers that have been answered (or closed), newest
    first: the same scope as their queue. ``request_id`` narrows it to one request (a
    search by reference)."""
    items = answerable_for(user).filter(status=status)
    if request_id is not None:
        items = items.filter(pk=request_id)
    return items.order_by("-created_at", "-id")


def queue_summary_for(user: Any) -> tuple[int, dt.datetime | None]:
    """(how many are waiting, since when the longest has waited) in one query."""
    result = queue_for(user).order_by().aggregate(waiting=Count("id"), oldest=Min(WAITING_SINCE))
    return int(result["waiting"] or 0), result["oldest"]


def answered_requests_for(user: Any, limit: int = 5) -> list[AdviceRequest]:
    """The person's requests with a reply they have not closed yet (newest reply first),
    in organisations where they may still ask."""
    if _user_id(user) is None:
        return []
    return list(
        AdviceRequest.objects.filter(asked_by(user), status=Status.ANSWERED).order_by(
            "-first_response_at", "-id"
        )[:limit]
    )


def get_advice_request_for(user: Any, request_id: int) -> AdviceRequest:
    found = advice_requests_visible_to(user).filter(pk=request_id).first()
    if found is None:
        raise NotFound("Advice request not found")
    return found


#: Where a request was read: its page or the API.
Via = Literal["page", "api"]
#: Which list showed it: the asker's own ("mine"), or everything the person may see.
ListScope = Literal["mine", "visible"]


def view_advice_request_for(user: Any, request_id: int, *, via: Via) -> AdviceRequest:
    """The request, for showing to the user; a view of one that names the person is
    audited (see ``record_viewed``)."""
    found = get_advice_request_for(user, request_id)
    record_viewed(user, found, via=via)
    return found


def record_viewed(user: Any, advice_request: AdviceRequest, *, via: Via) -> None:
    """Every view of a person's records is audited: a request that names the person is
    one. The event goes to the asking organisation's audit and names the request by id
    and reference only, never the description of the person or the question. An
    anonymous request names nobody, so its view is not audited."""
    if not advice_request.about_person_named:
        return
    record(
        action=Action.VIEWED_REQUEST,
        actor=user,
        organisation_id=advice_request.organisation_id,
        obj=advice_request,
        data={"via": via, "reference": advice_request.reference},
    )


def record_listed(
    user: Any,
    requests: Iterable[AdviceRequest],
    *,
    via: Via,
    scope: ListScope,
    page: int,
    status: str | None = None,
) -> None:
    """Requests that name the person, read through a list: one event for each asking
    organisation, holding the ids of its requests shown (as the decisions app audits its
    lists), so that each organisation's audit shows them. Anonymous requests are left
    out; a list with none that names a person records nothing. Its cost depends on the
    organisations on the page, not on how many requests there are."""
    by_organisation: dict[int, list[int]] = {}
    for item in requests:
        if item.about_person_named:
            by_organisation.setdefault(item.organisation_id, []).append(item.pk)
    if not by_organisation:
        return
    data = {"via": via, "scope": scope, "page": page, "status": status}
    with transaction.atomic():
        for organisation_id, ids in sorted(by_organisation.items()):
            record(
                action=Action.LISTED_REQUESTS,
                actor=user,
                organisation_id=organisation_id,
                data=data | {"requests": ids},
            )


def replies_to(advice_request: AdviceRequest) -> list[AdviceReply]:
    """The thread of a request the caller has already fetched through a selector."""
    return list(advice_request.replies.select_related("author").order_by("created_at", "id"))


def is_asker(user: Any, advice_request: AdviceRequest) -> bool:
    """True when the person asked this request and may still ask in its organisation:
    they follow it up, close it and see the decision it was asked from. Someone who has
    left that organisation is its asker no longer (``policy.asked_by``)."""
    if _user_id(user) is None:
        return False
    return policy.is_asker(
        user,
        asked_by_id=advice_request.asked_by_id,
        organisation_id=advice_request.organisation_id,
    )


def can_answer(user: Any, advice_request: AdviceRequest) -> bool:
    """True when the person replies as an advisor (never on their own question)."""
    if _user_id(user) is None or advice_request.asked_by_id == user.pk:
        return False
    return answer_scope(user).covers(
        addressed_to=advice_request.addressed_to,
        organisation_id=advice_request.organisation_id,
        partnership_id=advice_request.partnership_id,
        advisor_id=advice_request.advisor_id,
    )


@dataclass(frozen=True)
class NameableAdvisor:
    """An advisor an asker may address a question to by name."""

    id: int
    name: str
    organisations: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"{self.name} ({', '.join(self.organisations)})"


def _advisor_memberships() -> QuerySet[Membership]:
    return Membership.objects.active().filter(role=Role.ADVISOR, organisation__is_active=True)


def nameable_advisors_for(user: Any) -> list[NameableAdvisor]:
    """The advisors this person may name (``policy``): the information sharing advisors of
    the organisations they may ask in and of the rest of those organisations' partnerships,
    themselves left out. By name, then organisation, then id: a stable order. One query."""
    user_id = _user_id(user)
    partnerships = {p for role, _, p in memberships_of(user) if role in ASKER_ROLES}
    if user_id is None or not partnerships:
        return []
    rows = (
        _advisor_memberships()
        .filter(organisation__partnership_id__in=partnerships)
        .exclude(person_id=user_id)
        .order_by()
        .values_list("person_id", "person__full_name", "person__email", "organisation__name")
    )
    names: dict[int, str] = {}
    organisations: dict[int, set[str]] = {}
    for person_id, full_name, email, organisation in rows:
        names[person_id] = full_name or email
        organisations.setdefault(person_id, set()).add(organisation)
    advisors = [
        NameableAdvisor(
            id=person_id,
            name=name,
            organisations=tuple(sorted(organisations[person_id], key=str.casefold)),
        )
        for person_id, name in names.items()
    ]
    return sorted(
        advisors,
        key=lambda a: (a.name.casefold(), tuple(o.casefold() for o in a.organisations), a.id),
    )


def may_name_advisor(user: Any, advisor_id: int, partnership_id: int) -> bool:
    """Whether the person may address a question asked in this partnership to this advisor
    (the same rule as ``nameable_advisors_for``, for one advisor and one partnership)."""
    if _user_id(user) is None or advisor_id == user.pk:
        return False
    return (
        _advisor_memberships()
        .filter(person_id=advisor_id, organisation__partnership_id=partnership_id)
        .exists()
    )


@dataclass(frozen=True)
class WhoAnswers:
    """Who, other than the asker, answers a question asked for one organisation: the
    rule of the queue (``policy.AnswerScope``) applied to everyone else's roles."""

    organisation: Organisation
    #: What everyone but the asker answers (``policy.scope_of``).
    others: policy.AnswerScope
    #: The asker is an information sharing advisor of the organisation themselves (the
    #: page then says it has no *other* advisor, not none).
    asker_advises: bool = False

    def answers(self, addressed_to: str) -> bool:
        """Whether someone would answer a question so addressed (a named advisor is
        checked on its own: ``may_name_advisor``)."""
        return self.others.covers(
            addressed_to=addressed_to,
            organisation_id=self.organisation.pk,
            partnership_id=self.organisation.partnership_id,
        )

    @property
    def organisation_answers(self) -> bool:
        return self.answers(AddressedTo.ORGANISATION)

    @property
    def partnership_answers(self) -> bool:
        return self.answers(AddressedTo.PARTNERSHIP)

    @property
    def has_advisor(self) -> bool:
        """An information sharing advisor of the organisation (not the asker)."""
        return self.organisation.pk in self.others.advisor_orgs

    @property
    def has_manager(self) -> bool:
        return self.organisation.pk in self.others.manager_orgs

    @property
    def partnership_has_advisor(self) -> bool:
        return self.organisation.partnership_id in self.others.advisor_partnerships


def who_answers_for(
    user: Any, organisations: list[Organisation] | None = None, *, besides: int | None = None
) -> list[WhoAnswers]:
    """For each organisation the person may ask in (or each of ``organisations``), who
    else answers a question asked for it (and, with ``besides``, other than that person
    too: the advisor a question names). One query."""
    if organisations is None:
        organisations = asking_organisations_for(user)
    if not organisations:
        return []
    rows = (
        Membership.objects.active()
        .filter(
            role__in=policy.ANSWER_ROLES,
            organisation__is_active=True,
            organisation__partnership_id__in={org.partnership_id for org in organisations},
        )
        .exclude(person_id__in={_user_id(user), besides} - {None})
        .order_by()
        .values_list("role", "organisation_id", "organisation__partnership_id")
        .distinct()
    )
    others = policy.scope_of(rows)
    advises = policy.answer_scope(user).advisor_orgs
    return [
        WhoAnswers(organisation=org, others=others, asker_advises=org.pk in advises)
        for org in organisations
    ]


def who_answers_in(
    user: Any, organisation: Organisation, *, besides: int | None = None
) -> WhoAnswers:
    """Who else answers a question asked for this organisation (other than ``besides``)."""
    return who_answers_for(user, [organisation], besides=besides)[0]


def asking_organisations_for(user: Any) -> list[Organisation]:
    ids = asking_organisation_ids(user)
    if not ids:
        return []
    return list(Organisation.objects.filter(pk__in=ids).order_by("name"))
