"""Position statements and acknowledgements (toolkit objective 1, "Champion": a clear
senior-management position that staff have read)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from infoshare.audit.services import record
from infoshare.core.errors import DomainError, NotFound, ValidationFailed
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
from infoshare.governance.selectors import get_policy_for, policies_to_acknowledge_by
from infoshare.governance.services._common import (
    MSG_NOT_CURRENT,
    MSG_NOT_SENIOR_LEAD,
    text,
)
from infoshare.partnerships.models import Organisation


def publish_position_statement(
    *, actor: Any, organisation_id: int, title: str, body: str, effective_date: dt.date | None
) -> PositionStatement:
    """Publishes a new version of the organisation's position statement; the version
    in force until now becomes superseded. Only that organisation's senior lead may
    publish (product.md: the senior lead "publishes the position statement")."""
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
    if fields or effective_date is None:
        raise ValidationFailed(fields)
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().filter(pk=organisation_id).first()
        if organisation is None:
            raise NotFound("Organisation not found")
        statements = PositionStatement.objects.filter(organisation=organisation)
        last = statements.aggregate(last=Max("version"))["last"] or 0
        current = statements.filter(status=StatementStatus.PUBLISHED).first()
        if current is not None:
            current.status = StatementStatus.SUPERSEDED
            current.save(update_fields=["status"])
        statement = PositionStatement.objects.create(
            organisation=organisation,
            version=last + 1,
            title=title,
            body=body,
            effective_date=effective_date,
            status=StatementStatus.PUBLISHED,
            published_at=timezone.now(),
            published_by=actor,
        )
        record(
            action=Action.POSITION_STATEMENT_PUBLISHED,
            actor=actor,
            organisation_id=organisation.pk,
            obj=statement,
            data={
                "version": statement.version,
                "supersedes_version": current.version if current else None,
            },
        )
    return statement


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
    if statement.status != StatementStatus.PUBLISHED:
        raise DomainError("not_current", MSG_NOT_CURRENT)
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
        raise DomainError("not_current", MSG_NOT_CURRENT)
    ack: Acknowledgement = _acknowledge(
        actor,
        action=Action.POLICY_ACKNOWLEDGED,
        organisation_id=found.organisation_id,
        policy=found,
    )
    return ack
