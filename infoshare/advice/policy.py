"""Who may ask for advice and who answers it: one policy for pages, API and queries.

- Anyone who makes or supervises sharing decisions may ask (practitioners, managers,
  advisors, senior leads).
- A request addressed to "my organisation" is answered by the information sharing
  advisors of the asker's organisation; one addressed to "the partnership" by every
  advisor of the partnership.
- A request addressed to a named advisor (product.md: "seek advice" from a named
  advisor) is answered by that advisor while they are still an advisor in the request's
  partnership, and also by the other advisors of the asker's organisation, as one
  addressed to "my organisation" is. This was a choice; the alternative, "the named
  advisor and managers only", was not taken. The guidance says to seek advice when in
  doubt, and a question about a child must never wait on one person who is away or has
  left, so the asker's own advisors always see it too (the form says so). The email goes
  to the named advisor only, or, if they no longer answer it, to the advisors of the
  asker's organisation.
- Whom an asker may name: the advisors of the asking organisation and of the rest of its
  partnership (``selectors.nameable_advisors_for``), never the asker themselves.
- Managers answer advice too (product.md, roles): a manager answers requests asked in
  their own organisation, whoever they were addressed to.
- The asker reads, follows up, closes and is told about their request only while they
  still hold an asking role in the organisation it was asked from: someone who has left
  that organisation no longer sees what they asked there (as ``authored_by`` does for
  the decisions they wrote).
- A question is never accepted that nobody can read: one addressed to "my organisation"
  when nobody there answers it (no advisor or manager but the asker), or to "the
  partnership" when nobody in it answers it, is refused (``services.ask_for_advice``);
  the page then offers the partnership's advisors in place of the organisation's, and
  says so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from infoshare.advice.models import AddressedTo
from infoshare.core.access import memberships_of
from infoshare.core.roles import Role

ASKER_ROLES: tuple[str, ...] = (Role.PRACTITIONER, Role.MANAGER, Role.ADVISOR, Role.SENIOR_LEAD)
ANSWER_ROLES: tuple[str, ...] = (Role.ADVISOR, Role.MANAGER)


@dataclass(frozen=True)
class AnswerScope:
    advisor_orgs: frozenset[int]
    advisor_partnerships: frozenset[int]
    manager_orgs: frozenset[int]
    #: The person's own id: the requests addressed to them by name.
    person_id: int | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.advisor_orgs or self.advisor_partnerships or self.manager_orgs)

    def q(self) -> Q:
        """The advice requests this person answers (a filter on AdviceRequest)."""
        condition = (
            # A request to a named advisor is seen by the asker's organisation's advisors too.
            Q(
                addressed_to__in=(AddressedTo.ORGANISATION, AddressedTo.ADVISOR),
                organisation_id__in=self.advisor_orgs,
            )
            | Q(addressed_to=AddressedTo.PARTNERSHIP, partnership_id__in=self.advisor_partnerships)
            | Q(organisation_id__in=self.manager_orgs)
        )
        if self.person_id is not None:
            condition |= Q(
                addressed_to=AddressedTo.ADVISOR,
                advisor_id=self.person_id,
                partnership_id__in=self.advisor_partnerships,
            )
        return condition

    def covers(
        self,
        *,
        addressed_to: str,
        organisation_id: int,
        partnership_id: int,
        advisor_id: int | None = None,
    ) -> bool:
        return organisation_id in self.manager_orgs or self.as_advisor(
            addressed_to=addressed_to,
            organisation_id=organisation_id,
            partnership_id=partnership_id,
            advisor_id=advisor_id,
        )

    def as_advisor(
        self,
        *,
        addressed_to: str,
        organisation_id: int,
        partnership_id: int,
        advisor_id: int | None = None,
    ) -> bool:
        """Whether the person answers such a request as its advisor (else, if at all, as a
        manager of the asker's organisation)."""
        if addressed_to == AddressedTo.PARTNERSHIP:
            return partnership_id in self.advisor_partnerships
        if addressed_to == AddressedTo.ADVISOR and self.is_named(advisor_id, partnership_id):
            return True
        return organisation_id in self.advisor_orgs

    def is_named(self, advisor_id: int | None, partnership_id: int) -> bool:
        """Whether the person is the advisor a request names, and still an advisor in its
        partnership (one who has left answers it no longer)."""
        return (
            self.person_id is not None
            and advisor_id == self.person_id
            and partnership_id in self.advisor_partnerships
        )


def scope_of(held: Iterable[tuple[str, int, int]], person_id: int | None = None) -> AnswerScope:
    """What these (role, organisation id, partnership id) memberships answer. Given the
    memberships of several people, it answers what any of them answers (each condition is
    a union), which is how ``selectors.who_answers_for`` tells whether anyone would."""
    held = list(held)
    return AnswerScope(
        advisor_orgs=frozenset(org for role, org, _ in held if role == Role.ADVISOR),
        advisor_partnerships=frozenset(p for role, _, p in held if role == Role.ADVISOR),
        manager_orgs=frozenset(org for role, org, _ in held if role == Role.MANAGER),
        person_id=person_id,
    )


def answer_scope(user: object) -> AnswerScope:
    return scope_of(memberships_of(user), getattr(user, "pk", None))


def asking_organisation_ids(user: object) -> list[int]:
    """The organisations a person may ask for advice in, in a stable order."""
    return sorted({org for role, org, _ in memberships_of(user) if role in ASKER_ROLES})


def asked_by(user: object) -> Q:
    """What the user asked, in the organisations where they may still ask: someone who has
    left an organisation no longer reads, follows up or closes what they asked there, nor
    is told of its replies."""
    return Q(
        asked_by_id=getattr(user, "pk", None), organisation_id__in=asking_organisation_ids(user)
    )


def is_asker(user: object, *, asked_by_id: int, organisation_id: int) -> bool:
    """Whether the user is the asker of such a request and still may ask in its
    organisation (the same rule as ``asked_by``, for one request already fetched)."""
    if asked_by_id != getattr(user, "pk", None):
        return False
    return organisation_id in asking_organisation_ids(user)
