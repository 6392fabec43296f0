"""Which organisations a user works in, by role (from the access registry)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from infoshare.audit.refused_ids import mark_refused
from infoshare.core.access import memberships_of
from infoshare.core.errors import DomainError, ValidationFailed
from infoshare.core.roles import Role
from infoshare.decisions import errors
from infoshare.partnerships.models import Organisation

#: Roles that record decisions and work with the people they are about.
RECORDING_ROLES = frozenset({Role.PRACTITIONER, Role.MANAGER, Role.ADVISOR, Role.SENIOR_LEAD})
#: Roles that oversee an organisation's records.
OVERSIGHT_ROLES = frozenset({Role.MANAGER, Role.ADVISOR, Role.SENIOR_LEAD})


def orgs_where(user: Any, roles: frozenset[str]) -> set[int]:
    return {org for role, org, _ in memberships_of(user) if role in roles}


def manages(user: Any, organisation_id: int) -> bool:
    """Whether the user is a manager in the organisation."""
    return organisation_id in orgs_where(user, frozenset({Role.MANAGER}))


def partnerships_of(user: Any) -> set[int]:
    """The partnerships of every organisation the user works in."""
    return {partnership for _, _, partnership in memberships_of(user)}


def recipient_orgs(user: Any) -> set[int]:
    """The organisations whose records shared with them the user may see: those where
    they work with children and families (a recording role). An organisation's
    administrators, board members and auditors hold no such role, and see none
    (least privilege, product principle 5)."""
    return orgs_where(user, RECORDING_ROLES)


def recording_org_for(user: Any) -> int | None:
    """The organisation a new record belongs to when the user names none: the one where
    they may record. None when there is none, or more than one: someone who records for
    several organisations chooses which (``recording_org``), as the start page asks; a
    record is never filed under one of them by guesswork."""
    orgs = orgs_where(user, RECORDING_ROLES)
    return next(iter(orgs)) if len(orgs) == 1 else None


def recording_choices(user: Any) -> str:
    """The organisations where the user may record, by id and name, for a message:
    "2 (Riverside Primary School) or 6 (Northshire Police)"."""
    named = [
        f"{pk} ({name})"
        for pk, name in Organisation.objects.filter(pk__in=orgs_where(user, RECORDING_ROLES))
        .order_by("name", "pk")
        .values_list("pk", "name")
    ]
    return " or ".join([", ".join(named[:-1]), named[-1]]) if len(named) > 1 else "".join(named)


#: The API's answer to someone who records for several organisations and names none.
CHOOSE_ORGANISATION_MESSAGE = (
    "You record for more than one organisation: say which one this is for in organisation_id"
)


def recording_org(user: Any, organisation_id: int | None, *, refused: str) -> int:
    """The organisation the user acts for (starting a record, searching or adding people):
    the one named, if they may record there; with none named, the only one where they may.

    Refused with 400, naming ``organisation_id``: an organisation where they may not record
    (``refused``, and the organisations they may choose), and no organisation named by
    someone who records for more than one (the organisations they may choose, by id and
    name). Someone who records for none and names none: ``errors.NO_ORGANISATION``. The
    organisation refused is audited (``audit.refused_ids``)."""
    allowed = orgs_where(user, RECORDING_ROLES)
    if organisation_id is None:
        if not allowed:
            raise DomainError(errors.NO_ORGANISATION, errors.NO_ORGANISATION_MESSAGE)
        chosen = recording_org_for(user)
        if chosen is None:
            raise ValidationFailed(
                {"organisation_id": f"Choose one of {recording_choices(user)}"},
                CHOOSE_ORGANISATION_MESSAGE,
            )
        return chosen
    if organisation_id not in allowed:
        mark_refused("org_id", [organisation_id])
        choices = f". Choose one of {recording_choices(user)}" if allowed else ""
        raise ValidationFailed({"organisation_id": f"{refused}{choices}"}, refused)
    return organisation_id


def authored_by(user: Any) -> Q:
    """What the user wrote, in the organisations where they still hold a recording role:
    someone who has left an organisation no longer reads, resumes or amends what they
    wrote there."""
    return Q(author_id=user.pk, organisation_id__in=orgs_where(user, RECORDING_ROLES))
