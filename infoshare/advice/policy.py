"""Who may ask for advice and who answers it: one policy for pages, API and queries.

- Anyone who makes or supervises sharing decisions may ask (practitioners, managers,
  advisors, senior leads).
- A request addressed to "my organisation" is answered by the information sharing
  advisors of the asker's organisation; one addressed to "the partnership" by every
  advisor of the partnership.
- Managers answer advice too (product.md, roles): a manager answers requests asked in
  their own organisation, whoever they were addressed to.
- The asker reads, follows up, closes and is told about their request only while they
  still hold an asking role in the organisation it was asked from: someone who has left
  that organisation no longer sees what they asked there (as ``authored_by`` does for
  the decisions they wrote).
"""

from __future__ import annotations

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

    @property
    def is_empty(self) -> bool:
        return not (self.advisor_orgs or self.advisor_partnerships or self.manager_orgs)

    def q(self) -> Q:
        """The advice requests this person answers (a filter on AdviceRequest)."""
        return (
            Q(addressed_to=AddressedTo.ORGANISATION, organisation_id__in=self.advisor_orgs)
            | Q(addressed_to=AddressedTo.PARTNERSHIP, partnership_id__in=self.advisor_partnerships)
            | Q(organisation_id__in=self.manager_orgs)
        )

    def covers(self, *, addressed_to: str, organisation_id: int, partnership_id: int) -> bool:
        return organisation_id in self.manager_orgs or self.as_advisor(
            addressed_to=addressed_to,
            organisation_id=organisation_id,
            partnership_id=partnership_id,
        )

    def as_advisor(self, *, addressed_to: str, organisation_id: int, partnership_id: int) -> bool:
        """Whether the person answers such a request as its advisor (else, if at all, as a
        manager of the asker's organisation)."""
        if addressed_to == AddressedTo.PARTNERSHIP:
            return partnership_id in self.advisor_partnerships
        return organisation_id in self.advisor_orgs


def answer_scope(user: object) -> AnswerScope:
    held = memberships_of(user)
    return AnswerScope(
        advisor_orgs=frozenset(org for role, org, _ in held if role == Role.ADVISOR),
        advisor_partnerships=frozenset(p for role, _, p in held if role == Role.ADVISOR),
        manager_orgs=frozenset(org for role, org, _ in held if role == Role.MANAGER),
    )


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
