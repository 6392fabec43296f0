"""Reads of agreements, scoped to the person.

The register is transparency: everyone with a role in a partnership reads all of
that partnership's agreements. An agreement of another partnership, or one that does
not exist, is "not found" either way."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.utils import timezone

from infoshare.accounts.models import User
from infoshare.agreements import permissions
from infoshare.agreements.models import (
    IN_FORCE,
    IN_PREPARATION,
    REVIEW_WINDOW_DAYS,
    Agreement,
    AgreementDocument,
    AgreementParty,
    Status,
)
from infoshare.core.errors import NotFound
from infoshare.partnerships.models import Membership, Organisation


def _parties() -> Prefetch[Any]:
    return Prefetch(
        "parties",
        queryset=AgreementParty.objects.select_related("organisation", "signatory", "signed_by"),
    )


def agreements_visible_to(user: Any) -> QuerySet[Agreement]:
    return (
        Agreement.objects.filter(partnership_id__in=permissions.partnership_ids_of(user))
        .select_related("lead_organisation", "owner")
        .prefetch_related(_parties())
    )


def _due_for_review(today: dt.date | None = None) -> Q:
    """Agreements in force whose review is due within the window, or overdue."""
    today = today or timezone.localdate()
    return Q(
        status__in=IN_FORCE,
        review_date__lte=today + dt.timedelta(days=REVIEW_WINDOW_DAYS),
    )


def awaiting_signature_of(user: Any) -> Q:
    """Parties (a filter on AgreementParty) the person is named to sign for and has not
    signed, of agreements awaiting signature."""
    return Q(
        signatory_id=getattr(user, "pk", None),
        signed_at__isnull=True,
        agreement__status=Status.AWAITING_SIGNATURE,
    )


def involving(organisation_id: int | OuterRef) -> Q:
    """Agreements (a filter on Agreement) the organisation leads or is a party to: the
    register's organisation filter and the board's counts, so they agree. Creating an
    agreement does not make its lead organisation a party, so both are looked at.

    ``organisation_id`` is an id, or ``OuterRef(...)`` to an organisation's id when this
    filters a subquery of agreements (the party test, one level further in, then refers
    to it one level further out)."""
    party_organisation = (
        OuterRef(organisation_id) if isinstance(organisation_id, OuterRef) else organisation_id
    )
    is_party = Exists(
        AgreementParty.objects.filter(
            agreement_id=OuterRef("pk"), organisation_id=party_organisation
        )
    )
    return Q(lead_organisation_id=organisation_id) | Q(is_party)


def register_for(
    user: Any,
    *,
    status: str = "",
    organisation_id: int | None = None,
    due_for_review: bool = False,
    owned_by_me: bool = False,
    to_sign: bool = False,
    today: dt.date | None = None,
) -> QuerySet[Agreement]:
    """The register, filtered. Superseded versions are left out unless asked for:
    the detail page shows each agreement's history. ``owned_by_me`` keeps the
    agreements the person owns and may still manage, ``to_sign`` those waiting for
    their signature (the home page's two agreement panels link here with them)."""
    items = agreements_visible_to(user)
    items = items.filter(status=status) if status else items.exclude(status=Status.SUPERSEDED)
    if organisation_id:
        items = items.filter(involving(organisation_id))
    if due_for_review:
        items = items.filter(_due_for_review(today))
    if owned_by_me:
        items = items.filter(permissions.owned_by(user))
    if to_sign:
        items = items.filter(
            Exists(
                AgreementParty.objects.filter(
                    awaiting_signature_of(user), agreement_id=OuterRef("pk")
                )
            )
        )
    return items.order_by("title", "-version", "pk")


def get_agreement_for(user: Any, agreement_id: int) -> Agreement:
    agreement = agreements_visible_to(user).filter(pk=agreement_id).first()
    if agreement is None:
        raise NotFound("Agreement not found")
    return agreement


@dataclass
class AgreementDetail:
    agreement: Agreement
    parties: list[AgreementParty]
    documents: list[AgreementDocument]
    versions: list[Agreement]
    can_manage: bool
    my_parties: list[AgreementParty] = field(default_factory=list)
    external_to_record: list[AgreementParty] = field(default_factory=list)
    #: The next version, while it is being prepared (a draft or awaiting signature):
    #: there is at most one, so the page links to it instead of offering to start one.
    next_version: Agreement | None = None

    @property
    def unsigned_parties(self) -> list[AgreementParty]:
        """Parties of a draft with nobody named to sign: it cannot be sent until they have."""
        if not self.agreement.is_draft:
            return []
        return [party for party in self.parties if not party.has_signatory]


def agreement_detail_for(user: Any, agreement_id: int) -> AgreementDetail:
    agreement = get_agreement_for(user, agreement_id)
    parties = list(agreement.parties.all())
    documents = list(agreement.documents.select_related("uploaded_by"))
    versions = list(
        Agreement.objects.filter(series=agreement.series).only(
            "pk", "title", "version", "status", "activated_at", "created_at", "series", "previous"
        )
    )
    versions.sort(key=lambda a: a.version, reverse=True)
    manage = permissions.can_manage(user, agreement)
    awaiting = agreement.status == Status.AWAITING_SIGNATURE
    mine = [p for p in parties if awaiting and p.signatory_id == user.pk and not p.signed_at]
    external = [p for p in parties if awaiting and manage and p.is_external and not p.signed_at]
    following = next(
        (v for v in versions if v.previous_id == agreement.pk and v.status in IN_PREPARATION),
        None,
    )
    return AgreementDetail(
        agreement, parties, documents, versions, manage, mine, external, following
    )


def next_version_in_preparation(agreement: Agreement) -> Agreement | None:
    """The draft (or awaiting signature) version that follows this one, if any."""
    return (
        Agreement.objects.filter(previous=agreement, status__in=IN_PREPARATION)
        .order_by("-version")
        .first()
    )


def get_document_for(user: Any, agreement_id: int, document_id: int) -> AgreementDocument:
    document = (
        AgreementDocument.objects.select_related("agreement")
        .filter(
            pk=document_id,
            agreement_id=agreement_id,
            agreement__partnership_id__in=permissions.partnership_ids_of(user),
        )
        .first()
    )
    if document is None:
        raise NotFound("Document not found")
    return document


def active_agreement_between(org_a_id: int, org_b_id: int) -> Agreement | None:
    """The agreement in force that both organisations are parties to, if any.

    For information only: a decision page may say "an agreement exists". The absence,
    expiry or withdrawal of an agreement is never a reason not to share (product.md
    principle 2), so nothing may refuse, warn or delay because this returns None."""
    if not org_a_id or not org_b_id or org_a_id == org_b_id:
        return None
    return (
        Agreement.objects.filter(status__in=IN_FORCE)
        .filter(
            Exists(
                AgreementParty.objects.filter(agreement_id=OuterRef("pk"), organisation_id=org_a_id)
            )
        )
        .filter(
            Exists(
                AgreementParty.objects.filter(agreement_id=OuterRef("pk"), organisation_id=org_b_id)
            )
        )
        .order_by("-activated_at", "-pk")
        .first()
    )


def reviews_due_for_owner(user: Any, *, today: dt.date | None = None) -> QuerySet[Agreement]:
    """Agreements the person owns, and may still manage, that are in force and due for
    review within the window, overdue ones first (``permissions.owned_by``: nothing they
    owned in an organisation they have left). The register's "due" and "mine" filters
    together list the same agreements."""
    return Agreement.objects.filter(permissions.owned_by(user), _due_for_review(today)).order_by(
        "review_date", "pk"
    )


def awaiting_my_signature(user: Any) -> QuerySet[AgreementParty]:
    """The parties the person is named to sign for, of agreements awaiting signature and
    not yet signed by them, oldest agreement first: only of the partnerships they still
    work in (where they may sign), so the register's "to_sign" filter lists these
    agreements."""
    return (
        AgreementParty.objects.filter(
            awaiting_signature_of(user),
            agreement__partnership_id__in=permissions.partnership_ids_of(user),
        )
        .select_related("agreement", "organisation")
        .order_by("agreement_id", "pk")
    )


def organisations_for_register(user: Any) -> QuerySet[Organisation]:
    return Organisation.objects.filter(
        partnership_id__in=permissions.partnership_ids_of(user)
    ).order_by("name")


def lead_organisation_choices(user: Any) -> list[Organisation]:
    """Organisations the person may create an agreement for."""
    admin_of = {
        partnership
        for partnership in permissions.partnership_ids_of(user)
        if permissions.is_partnership_admin(user, partnership)
    }
    managed = permissions.managed_organisation_ids(user)
    return list(
        Organisation.objects.filter(is_active=True)
        .filter(Q(pk__in=managed) | Q(partnership_id__in=admin_of))
        .order_by("name")
    )


def signatory_choices(partnership_id: int) -> list[tuple[User, str]]:
    """People who may sign for an organisation of the partnership (senior leads and
    advisors), with where they hold the role."""
    return _signatories(organisation__partnership_id=partnership_id)


def signatory_choices_for(organisation_id: int) -> list[tuple[User, str]]:
    """People who may sign for this organisation, with their roles there."""
    return _signatories(organisation_id=organisation_id)


def _signatories(**where: Any) -> list[tuple[User, str]]:
    memberships = (
        Membership.objects.active()
        .filter(
            organisation__is_active=True,
            role__in=permissions.SIGNATORY_ROLES,
            person__is_active=True,
            **where,
        )
        .select_related("person", "organisation")
        .order_by("person__full_name", "organisation__name", "role")
    )
    seen: dict[int, tuple[User, list[str]]] = {}
    for membership in memberships:
        _, places = seen.setdefault(membership.person_id, (membership.person, []))
        places.append(f"{membership.get_role_display()}, {membership.organisation.name}")
    return [(person, "; ".join(places)) for person, places in seen.values()]


def board_figures(
    organisation_ids: list[int] | tuple[int, ...], *, today: dt.date | None = None
) -> dict[str, Any]:
    """Per organisation: agreements in force, due for review within the window, and
    overdue. An agreement counts once for each organisation that leads it or is a party
    to it (``involving``, the register's organisation filter), so each figure matches
    the register filtered to that organisation. Aggregate counts only, for the
    partnership board (one query). Counts of agreements are not about people (the
    register and its map show them to all staff), so the board shows them in full,
    zero as 0."""
    today = today or timezone.localdate()
    horizon = today + dt.timedelta(days=REVIEW_WINDOW_DAYS)
    in_force = Q(status__in=IN_FORCE)

    def count(where: Q) -> Subquery[IntegerField[Any, int]]:
        agreements = (
            Agreement.objects.filter(where, involving(OuterRef("pk")))
            .order_by()
            .annotate(total=Func(F("pk"), function="COUNT", output_field=IntegerField()))
            .values("total")
        )
        return Subquery(agreements, output_field=IntegerField())

    counts = (
        Organisation.objects.filter(pk__in=organisation_ids)
        .annotate(
            active=count(in_force),
            due=count(in_force & Q(review_date__gte=today, review_date__lte=horizon)),
            overdue=count(in_force & Q(review_date__lt=today)),
        )
        .values_list("pk", "active", "due", "overdue")
    )
    rows = {org_id: [active, due, overdue] for org_id, active, due, overdue in counts}
    return {
        "title": "Information sharing agreements",
        "columns": ["In force", f"Due for review in {REVIEW_WINDOW_DAYS} days", "Overdue"],
        "rows": {org_id: rows.get(org_id, [0, 0, 0]) for org_id in organisation_ids},
        "about_people": False,
    }
