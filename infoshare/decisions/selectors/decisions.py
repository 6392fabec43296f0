"""Reads of decision records, scoped to the user ("missing" and "not yours" are both 404).

Who may see a record:
- its author (drafts included), and the author of an earlier version, once someone else's
  amendment has superseded it (the final versions that followed theirs);
- managers of the recording organisation (drafts included, to chase urgent ones);
- advisors and senior leads of the recording organisation (finalised records);
- staff of the recipient organisation (final records shared with it).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from django.db import transaction
from django.db.models import Q, QuerySet

from infoshare.audit.services import record
from infoshare.core.errors import NotFound
from infoshare.core.roles import Role
from infoshare.decisions.audit import Action
from infoshare.decisions.models import Outcome, SharingDecision, Status
from infoshare.decisions.selectors.scope import authored_by, orgs_where, recipient_orgs

FINALISED = (Status.FINAL, Status.SUPERSEDED)
SHARED = (Outcome.SHARED, Outcome.SHARED_IN_PART)


def shared_with(organisations: Any, *, through: str = "") -> Q:
    """Records a receiving organisation holds: the final and superseded versions that
    shared something with one of the organisations (never a draft). ``through`` is the
    path to the record from the model queried (``"decisions__"`` from a person)."""
    return Q(
        **{
            f"{through}recipient_organisation_id__in": organisations,
            f"{through}status__in": FINALISED,
            f"{through}outcome__in": SHARED,
        }
    )


def is_shared_with(decision: SharingDecision, organisation_id: int | None) -> bool:
    """``shared_with`` for one record already read and one organisation."""
    return (
        organisation_id is not None
        and decision.recipient_organisation_id == organisation_id
        and decision.status in FINALISED
        and decision.outcome in SHARED
    )


def with_related(queryset: QuerySet[SharingDecision]) -> QuerySet[SharingDecision]:
    """What a record page or export shows beside the record: who recorded it, where, and
    who received it."""
    return queryset.select_related("organisation", "author", "recipient_organisation")


def decisions_visible_to(user: Any) -> QuerySet[SharingDecision]:
    managed = orgs_where(user, frozenset({Role.MANAGER}))
    overseen = orgs_where(user, frozenset({Role.ADVISOR, Role.SENIOR_LEAD}))
    received = recipient_orgs(user)
    # What they wrote (while they still record for its organisation), and records someone
    # else amended after this user wrote a version: served by the (author, status, updated)
    # index, and few.
    amended = SharingDecision.objects.filter(authored_by(user), status=Status.SUPERSEDED)
    visible = (
        authored_by(user)
        | Q(reference__in=amended.values("reference"), status__in=FINALISED)
        | Q(organisation_id__in=managed)
        | Q(organisation_id__in=overseen, status__in=FINALISED)
        | shared_with(received)
    )
    return with_related(SharingDecision.objects.filter(visible))


def get_decision_for(user: Any, decision_id: int) -> SharingDecision:
    decision = decisions_visible_to(user).filter(pk=decision_id).first()
    if decision is None:
        raise NotFound()
    return decision


def view_decision_for(user: Any, decision_id: int, *, via: str = "page") -> SharingDecision:
    """The record, for showing to the user; the view is audited, with how it was read
    (``via``: a page, a PDF download, the API), so that a copy that left the service can
    be told from a look at a page."""
    decision = get_decision_for(user, decision_id)
    record_decision_viewed(user, decision, via=via)
    return decision


def record_decision_viewed(user: Any, decision: SharingDecision, *, via: str = "page") -> None:
    """Audits that the user was shown the record (``view_decision_for``'s event), for a page
    that reads it with ``get_decision_for`` and must check more (a rule, making a PDF)
    before it is shown: written only once it is, so that a refused or failed request claims
    no view."""
    record(
        action=Action.VIEWED_DECISION,
        actor=user,
        organisation_id=decision.organisation_id,
        obj=decision,
        data={"reference": decision.reference, "version": decision.version, "via": via},
    )


class Listed(Protocol):
    """What the audit of a list needs of each record shown: a model instance (the API) or
    a list page's row (``lists.DecisionRow``)."""

    @property
    def organisation_id(self) -> int: ...

    @property
    def label(self) -> str: ...


def record_listed(user: Any, decisions: Sequence[Listed], data: dict[str, Any]) -> None:
    """Records read through a list (the API's, or a list page showing the names of the
    people they are about): one event for each organisation whose records were read,
    naming them, so that each organisation's audit shows them. An empty list records
    nothing. In one transaction; inside a caller's (a page writing its other events with
    these), with no savepoint of its own: if one fails, all roll back."""
    by_organisation: dict[int, list[str]] = {}
    for decision in decisions:
        by_organisation.setdefault(decision.organisation_id, []).append(decision.label)
    if not by_organisation:
        return
    with transaction.atomic(savepoint=False):
        for organisation_id, labels in sorted(by_organisation.items()):
            record(
                action=Action.LISTED_DECISIONS,
                actor=user,
                organisation_id=organisation_id,
                data=data | {"records": labels},
            )


def own_records(user: Any) -> QuerySet[SharingDecision]:
    """The records the user wrote for an organisation where they still hold a recording
    role: only these can they go on writing (or amend as their author). Someone who has
    left an organisation no longer acts for it through what they wrote there."""
    return SharingDecision.objects.filter(authored_by(user))


def get_draft_for(user: Any, decision_id: int) -> SharingDecision:
    """A draft the user is writing: only its author may change it, while they still
    record for its organisation."""
    decision = (
        with_related(own_records(user).filter(status=Status.DRAFT)).filter(pk=decision_id).first()
    )
    if decision is None:
        raise NotFound()
    return decision


def drafts_of(user: Any) -> QuerySet[SharingDecision]:
    return own_records(user).filter(status=Status.DRAFT).order_by("-updated_at", "-id")


def versions_of(user: Any, decision: SharingDecision) -> list[SharingDecision]:
    """The versions of the record (same reference) that ``user`` may see, newest first:
    a draft amendment, or a version never shared with the user's organisation, stays out."""
    return list(
        decisions_visible_to(user)
        .filter(reference=decision.reference)
        .select_related(None)
        .select_related("author")
        .order_by("-version")
    )
