"""Adding and changing organisations, and creating teams."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from infoshare.audit.services import record
from infoshare.core.errors import DomainError, ValidationFailed
from infoshare.core.text import control_problem, line_problem
from infoshare.partnerships import errors as msg
from infoshare.partnerships.audit import Action
from infoshare.partnerships.models import (
    Organisation,
    Sector,
    Team,
)
from infoshare.partnerships.selectors import (
    is_partnership_admin_for,
    partnerships_administered_by,
)
from infoshare.partnerships.services.rules import (
    Forbidden,
    lock_org,
    require_admin,
)

# --- organisations and teams ---------------------------------------------------------


def clean_organisation(
    *, partnership_id: int, name: str, sector: str, identifier: str, exclude: int | None
) -> tuple[str, str, str]:
    name, identifier = name.strip(), identifier.strip()
    fields: dict[str, str] = {}
    if problem := line_problem(
        name, missing="Enter the organisation's name", label="Name", max_length=msg.ORG_NAME_MAX
    ):
        fields["name"] = problem
    if sector not in Sector.values:
        fields["sector"] = "Select the organisation's sector"
    if len(identifier) > msg.IDENTIFIER_MAX:
        fields["identifier"] = f"Identifier must be {msg.IDENTIFIER_MAX} characters or fewer"
    elif problem := control_problem(identifier, label="Identifier", one_line=True):
        fields["identifier"] = problem
    siblings = Organisation.objects.filter(partnership_id=partnership_id)
    if exclude is not None:
        siblings = siblings.exclude(pk=exclude)
    if "name" not in fields and siblings.filter(name__iexact=name).exists():
        fields["name"] = msg.ORG_NAME_TAKEN
    taken = identifier and "identifier" not in fields
    if taken and siblings.filter(identifier__iexact=identifier).exists():
        fields["identifier"] = msg.IDENTIFIER_TAKEN
    if fields:
        raise ValidationFailed(fields)
    return name, sector, identifier


def admin_partnership(actor: Any, partnership_id: int | None) -> int:
    """The partnership an administrator acts for (a new organisation, a partnership policy,
    a common standard): the one named, which must be one of theirs; when they name none,
    their only one. Someone who administers several must say which (never the first one by
    default)."""
    ids = partnerships_administered_by(actor)
    if not ids:
        raise Forbidden("forbidden", msg.NOT_PARTNERSHIP_ADMIN)
    if partnership_id is None:
        if len(ids) > 1:
            raise DomainError("partnership_required", msg.PARTNERSHIP_REQUIRED, field="partnership")
        return ids[0]
    if partnership_id not in ids:
        raise DomainError("invalid_partnership", msg.NOT_YOUR_PARTNERSHIP, field="partnership")
    return partnership_id


def create_organisation(
    *,
    actor: Any,
    name: str,
    sector: str,
    identifier: str = "",
    partnership_id: int | None = None,
) -> Organisation:
    """A partnership administrator adds an organisation to one of their partnerships
    (``partnership_id``, which they must give when they administer more than one)."""
    partnership_id = admin_partnership(actor, partnership_id)
    name, sector, identifier = clean_organisation(
        partnership_id=partnership_id, name=name, sector=sector, identifier=identifier, exclude=None
    )
    try:
        with transaction.atomic():
            org = Organisation.objects.create(
                partnership_id=partnership_id, name=name, sector=sector, identifier=identifier
            )
            record(
                action=Action.ORGANISATION_CREATED,
                actor=actor,
                organisation_id=org.pk,
                obj=org,
                data={"name": name, "sector": sector, "identifier": identifier},
            )
    except IntegrityError as exc:
        raise DomainError("conflict", msg.ORG_NAME_TAKEN, field="name") from exc
    return org


def update_organisation(
    *,
    actor: Any,
    organisation: Organisation,
    name: str,
    sector: str,
    identifier: str = "",
    countersign_required: bool | None = None,
) -> Organisation:
    """A partnership administrator corrects an organisation's name, sector or identifier,
    and sets its local policy on countersigning decision records (``countersign_required``;
    None leaves it as it is). Audited with what changed, from and to."""
    if not is_partnership_admin_for(actor, organisation):
        raise Forbidden("forbidden", msg.NOT_PARTNERSHIP_ADMIN)
    name, sector, identifier = clean_organisation(
        partnership_id=organisation.partnership_id,
        name=name,
        sector=sector,
        identifier=identifier,
        exclude=organisation.pk,
    )
    try:
        with transaction.atomic():
            org = lock_org(organisation)
            new: dict[str, Any] = {"name": name, "sector": sector, "identifier": identifier}
            if countersign_required is not None:
                new["countersign_required"] = bool(countersign_required)
            changes = {k: [getattr(org, k), v] for k, v in new.items() if getattr(org, k) != v}
            if changes:
                for key, value in new.items():
                    setattr(org, key, value)
                org.save(update_fields=list(new))
                record(
                    action=Action.ORGANISATION_CHANGED,
                    actor=actor,
                    organisation_id=org.pk,
                    obj=org,
                    data={"changes": changes},
                )
    except IntegrityError as exc:
        raise DomainError("conflict", msg.ORG_NAME_TAKEN, field="name") from exc
    return org


def create_team(*, actor: Any, organisation: Organisation, name: str) -> Team:
    """Team names are unique within an organisation (ignoring case)."""
    require_admin(actor, organisation)
    name = name.strip()
    if not name:
        raise DomainError("name_required", "Enter a name for the team", field="name")
    if len(name) > msg.TEAM_MAX:
        raise DomainError(
            "name_too_long", f"Team name must be {msg.TEAM_MAX} characters or fewer", field="name"
        )
    problem = control_problem(name, label="Team name", one_line=True)
    if problem:
        raise DomainError("control_characters", problem, field="name")
    try:
        with transaction.atomic():
            lock_org(organisation)
            if Team.objects.filter(organisation=organisation, name__iexact=name).exists():
                raise DomainError("team_name_taken", msg.TEAM_NAME_TAKEN, field="name")
            team = Team.objects.create(organisation=organisation, name=name)
            record(
                action=Action.TEAM_CREATED,
                actor=actor,
                organisation_id=organisation.pk,
                obj=team,
                data={"name": name},
            )
    except IntegrityError as exc:
        raise DomainError("team_name_taken", msg.TEAM_NAME_TAKEN, field="name") from exc
    return team
