"""Common standards set by the partnership, their adoption by each organisation, and
the Children and Young People's Plan priorities."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from infoshare.audit.services import for_change, record
from infoshare.core.errors import DomainError, NotFound, ValidationFailed
from infoshare.governance import permissions
from infoshare.governance.audit import Action
from infoshare.governance.models import (
    BODY_MAX,
    REASON_MAX,
    TITLE_MAX,
    AdoptionStatus,
    CommonStandard,
    PlanPriority,
    StandardAdoption,
    StandardStatus,
)
from infoshare.governance.services._common import (
    MSG_NOT_ADOPTION_ROLE,
    MSG_REASON_REQUIRED,
    MSG_TARGET_DATE_REQUIRED,
    PLANNED_YEARS_AHEAD,
    admin_partnership,
    date_problem,
    text,
)
from infoshare.partnerships.models import Organisation


def publish_common_standard(
    *, actor: Any, title: str, description: str, partnership_id: int | None = None
) -> CommonStandard:
    """The partnership administrator publishes a common policy or standard that every
    organisation of the partnership is asked to adopt. ``partnership_id`` is needed only
    from someone who administers more than one partnership."""
    partnership_id = admin_partnership(actor, partnership_id)
    fields: dict[str, str] = {}
    try:
        title = text(title, field="title", label="a title", max_length=TITLE_MAX, one_line=True)
    except DomainError as error:
        fields["title"] = error.message
    try:
        description = text(
            description, field="description", label="a description", max_length=BODY_MAX
        )
    except DomainError as error:
        fields["description"] = error.message
    if fields:
        raise ValidationFailed(fields)
    with transaction.atomic():
        if CommonStandard.objects.filter(partnership_id=partnership_id, title=title).exists():
            raise DomainError(
                "duplicate", "A standard with this title already exists", field="title"
            )
        standard = CommonStandard.objects.create(
            partnership_id=partnership_id,
            title=title,
            description=description,
            status=StandardStatus.PUBLISHED,
            published_by=actor,
        )
        record(action=Action.COMMON_STANDARD_PUBLISHED, actor=actor, obj=standard)
    return standard


def record_adoption(
    *,
    actor: Any,
    standard_id: int,
    organisation_id: int,
    status: str,
    target_date: dt.date | None = None,
    reason: str = "",
) -> StandardAdoption:
    """Records where the organisation stands on a common standard: adopted; adopting
    (a target date is required); or not adopted (a reason is required)."""
    if not permissions.can_record_adoption(actor, organisation_id):
        raise DomainError("forbidden", MSG_NOT_ADOPTION_ROLE)
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    standard = CommonStandard.objects.filter(
        pk=standard_id, status=StandardStatus.PUBLISHED
    ).first()
    if organisation is None or standard is None:
        raise NotFound("Standard not found")
    if standard.partnership_id != organisation.partnership_id:
        raise NotFound("Standard not found")
    if status not in AdoptionStatus.values:
        raise DomainError("invalid_status", "Select where the organisation stands", field="status")
    reason = text(reason, field="reason", label="the reason", max_length=REASON_MAX, required=False)
    if status == AdoptionStatus.ADOPTING and target_date is None:
        raise DomainError("target_date_required", MSG_TARGET_DATE_REQUIRED, field="target_date")
    if status == AdoptionStatus.ADOPTING and target_date is not None:
        problem = date_problem(
            target_date, label="Target date", years_ahead_at_most=PLANNED_YEARS_AHEAD
        )
        if problem:
            raise DomainError("invalid_date", problem, field="target_date")
    if status == AdoptionStatus.NOT_ADOPTED and not reason:
        raise DomainError("reason_required", MSG_REASON_REQUIRED, field="reason")
    if status != AdoptionStatus.ADOPTING:
        target_date = None
    if status != AdoptionStatus.NOT_ADOPTED:
        reason = ""
    with transaction.atomic():
        adoption, _ = for_change(StandardAdoption.objects).update_or_create(
            standard=standard,
            organisation=organisation,
            defaults={
                "status": status,
                "target_date": target_date,
                "reason": reason,
                "updated_by": actor,
                "updated_at": timezone.now(),
            },
        )
        record(
            action=Action.ADOPTION_RECORDED,
            actor=actor,
            organisation_id=organisation.pk,
            obj=adoption,
            data={
                "standard_id": standard.pk,
                "status": status,
                "target_date": target_date.isoformat() if target_date else None,
            },
        )
    return adoption


def add_plan_priority(
    *,
    actor: Any,
    title: str,
    description: str = "",
    order: int | None = None,
    partnership_id: int | None = None,
) -> PlanPriority:
    """The partnership administrator records an information-sharing priority of the
    Children and Young People's Plan (``partnership_id`` as for common standards)."""
    partnership_id = admin_partnership(actor, partnership_id)
    title = text(title, field="title", label="a title", max_length=TITLE_MAX, one_line=True)
    description = text(
        description,
        field="description",
        label="the description",
        max_length=BODY_MAX,
        required=False,
    )
    with transaction.atomic():
        priorities = PlanPriority.objects.filter(partnership_id=partnership_id)
        if priorities.filter(title=title).exists():
            raise DomainError(
                "duplicate", "A priority with this title already exists", field="title"
            )
        if order is None:
            order = (priorities.aggregate(last=Max("order"))["last"] or 0) + 1
        priority = PlanPriority.objects.create(
            partnership_id=partnership_id,
            title=title,
            description=description,
            order=order,
            created_by=actor,
        )
        record(action=Action.PLAN_PRIORITY_ADDED, actor=actor, obj=priority)
    return priority
