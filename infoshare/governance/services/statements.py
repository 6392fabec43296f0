"""Position statements and acknowledgements (toolkit objective 1, "Champion": a clear
senior-management position that staff have read)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from infoshare.audit.services import for_change, record
from infoshare.core.errors import Conflict, DomainError, NotFound, ValidationFailed
from infoshare.core.roles import Role
from infoshare.governance import permissions
from infoshare.governance.audit import Action
from infoshare.governance.models import (
    BODY_MAX,
    TITLE_MAX,
    Acknowledgement,
    PositionStatement,
    StatementStatus,
)
from infoshare.governance.selectors import (
    get_policy_for,
    in_force_on,
    policies_to_acknowledge_by,
)
from infoshare.governance.services._common import (
    EFFECTIVE_YEARS_AHEAD,
    MSG_NOT_CURRENT,
    MSG_NOT_SENIOR_LEAD,
    MSG_NOT_YET_IN_FORCE,
    date_problem,
    text,
)
from infoshare.partnerships.models import Organisation


def publish_position_statement(
    *,
    actor: Any,
    organisation_id: int,
    title: str,
    body: str,
    effective_date: dt.date | None,
    idempotency_key: str = "",
) -> PositionStatement:
    """Publishes a new version of the organisation's position statement. Only that
    organisation's senior lead may publish (product.md: the senior lead "publishes the
    position statement").

    Effective today or earlier, it is in force at once and the version in force until
    now is superseded. Effective later, it is scheduled: the version in force stays in
    force until that date, when the new one takes effect by itself (``in_force_on``).
    A version still scheduled is replaced by the new one before it takes effect.

    The effective date is from 1 January 2000 to a year from today (``date_problem``).
    With an idempotency key (the publish page's own), the same key sent again by the same
    person returns the version it published, and nothing else changes: the version in
    force is not superseded by a copy of itself, nor are staff asked to read it twice."""
    if Role.SENIOR_LEAD not in permissions.roles_in_organisation(actor, organisation_id):
        raise DomainError("forbidden", MSG_NOT_SENIOR_LEAD)
    fields: dict[str, str] = {}
    try:
        title = text(title, field="title", label="a title", max_length=TITLE_MAX, one_line=True)
    except DomainError as error:
        fields["title"] = error.message
    try:
        body = text(body, field="body", label="the statement", max_length=BODY_MAX)
    except DomainError as error:
        fields["body"] = error.message
    if effective_date is None:
        fields["effective_date"] = "Enter the date the statement takes effect"
    elif problem := date_problem(
        effective_date, label="Effective date", years_ahead_at_most=EFFECTIVE_YEARS_AHEAD
    ):
        fields["effective_date"] = problem
    if fields or effective_date is None:
        raise ValidationFailed(fields)
    today = timezone.localdate()
    with transaction.atomic():
        organisation = for_change(Organisation.objects).filter(pk=organisation_id).first()
        if organisation is None:
            raise NotFound("Organisation not found")
        statements = PositionStatement.objects.filter(organisation=organisation)
        if idempotency_key:
            # Read with the organisation locked: a repeat sent at the same moment waits
            # for the first, then finds what it published.
            published = statements.filter(published_by=actor, idempotency_key=idempotency_key)
            if (existing := published.first()) is not None:
                return existing
        last = statements.aggregate(last=Max("version"))["last"] or 0
        current = _settle(organisation, today)
        dropped = list(statements.filter(status=StatementStatus.SCHEDULED))
        scheduled = effective_date > today
        superseded = current if current is not None and not scheduled else None
        for old in dropped:
            old.status = StatementStatus.REPLACED  # never took effect
            old.save(update_fields=["status"])
        if superseded is not None:
            superseded.status = StatementStatus.SUPERSEDED
            superseded.save(update_fields=["status"])
        statement = PositionStatement.objects.create(
            organisation=organisation,
            version=last + 1,
            title=title,
            body=body,
            effective_date=effective_date,
            status=StatementStatus.SCHEDULED if scheduled else StatementStatus.PUBLISHED,
            published_at=timezone.now(),
            published_by=actor,
            idempotency_key=idempotency_key,
        )
        record(
            action=Action.POSITION_STATEMENT_PUBLISHED,
            actor=actor,
            organisation_id=organisation.pk,
            obj=statement,
            data={
                "version": statement.version,
                "effective_date": effective_date.isoformat(),
                "scheduled": scheduled,
                "supersedes_version": superseded.version if superseded else None,
                "replaces_scheduled_version": dropped[0].version if dropped else None,
            },
        )
    return statement


def _settle(organisation: Organisation, today: dt.date) -> PositionStatement | None:
    """Brings the stored statuses up to date (a scheduled version whose date has come is
    the published one; the one it replaced is superseded) and returns the version in
    force. Called with the organisation locked."""
    statements = for_change(PositionStatement.objects).filter(organisation=organisation)
    published = statements.filter(status=StatementStatus.PUBLISHED).first()
    due = statements.filter(status=StatementStatus.SCHEDULED, effective_date__lte=today).first()
    if due is None:
        return published
    if published is not None:
        published.status = StatementStatus.SUPERSEDED
        published.save(update_fields=["status"])
    due.status = StatementStatus.PUBLISHED
    due.save(update_fields=["status"])
    return due


def _acknowledge(actor: Any, *, action: Action, organisation_id: int | None, **doc: Any) -> Any:
    """Idempotent: a second acknowledgement of the same version returns the first."""
    with transaction.atomic():
        existing = Acknowledgement.objects.filter(person=actor, **doc).first()
        if existing is not None:
            return existing
        try:
            with transaction.atomic():
                ack = Acknowledgement.objects.create(person=actor, **doc)
        except IntegrityError:
            # Acknowledged at the same moment in another request: keep that one.
            return Acknowledgement.objects.get(person=actor, **doc)
        obj = next(iter(doc.values()))
        record(
            action=action,
            actor=actor,
            organisation_id=organisation_id,
            obj=obj,
            data={"version": obj.version},
        )
    return ack


def acknowledge_position_statement(*, actor: Any, statement_id: int) -> Acknowledgement:
    """A member of the organisation confirms they have read the current statement."""
    statement = (
        PositionStatement.objects.filter(
            pk=statement_id, organisation_id__in=permissions.organisation_ids(actor)
        )
        .exclude(status=StatementStatus.DRAFT)
        .first()
    )
    if statement is None:
        raise NotFound("Position statement not found")
    today = timezone.localdate()
    if not PositionStatement.objects.filter(pk=statement.pk).filter(in_force_on(today)).exists():
        if statement.status == StatementStatus.SCHEDULED:
            raise Conflict(
                "not_in_force",
                MSG_NOT_YET_IN_FORCE.format(date=f"{statement.effective_date:%-d %B %Y}"),
            )
        raise Conflict("not_current", MSG_NOT_CURRENT)
    ack: Acknowledgement = _acknowledge(
        actor,
        action=Action.POSITION_STATEMENT_ACKNOWLEDGED,
        organisation_id=statement.organisation_id,
        position_statement=statement,
    )
    return ack


def acknowledge_policy(*, actor: Any, policy_id: int) -> Acknowledgement:
    """A person the policy applies to (a member of its organisation, or of the
    partnership for partnership policies) confirms they have read this version."""
    policy = policies_to_acknowledge_by(actor, include_acknowledged=True).filter(pk=policy_id)
    found = policy.first()
    if found is None:
        get_policy_for(actor, policy_id)  # not found when not visible at all
        raise Conflict("not_current", MSG_NOT_CURRENT)
    ack: Acknowledgement = _acknowledge(
        actor,
        action=Action.POLICY_ACKNOWLEDGED,
        organisation_id=found.organisation_id,
        policy=found,
    )
    return ack
