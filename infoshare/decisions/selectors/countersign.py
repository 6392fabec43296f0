"""Who sees a record's countersignature (who countersigned it, when, and their comment)."""

from __future__ import annotations

from typing import Any

from infoshare.core.roles import Role
from infoshare.decisions.models import SharingDecision
from infoshare.decisions.selectors.scope import RECORDING_ROLES, orgs_where
from infoshare.partnerships.models import Membership

#: What a record's countersignature reads as for someone who may not see it: as if it had
#: none (the API's fields).
NOT_SHOWN: dict[str, Any] = {
    "countersigned_by_id": None,
    "countersigned_at": None,
    "countersign_comment": "",
}


def countersign_orgs(user: Any) -> set[int]:
    """The organisations whose records' countersignatures ``user`` sees: those where
    they record decisions (``countersign_shown_to``)."""
    return orgs_where(user, RECORDING_ROLES)


def countersign_shown_to(user: Any, decision: SharingDecision) -> bool:
    """Whether the record's page, PDF and API show ``user`` its countersignature.

    Countersigning is internal to the recording organisation, as advice is
    (``selectors.advice.advice_shown_to``): only its staff see it. A receiving organisation
    sees nothing of it, not even that the record was countersigned, just as it is not told
    that advice was asked (and its list of records shared with it has no countersigning
    filter). ``user=None`` is the recording organisation's own export (subject access)."""
    return user is None or decision.organisation_id in countersign_orgs(user)


def someone_else_may_countersign(decision: SharingDecision) -> bool:
    """Whether anyone may countersign the record: a current manager of its organisation
    other than its author (nobody countersigns their own record:
    ``services.countersign_decision``). One query."""
    return (
        Membership.objects.active()
        .filter(
            organisation_id=decision.organisation_id,
            organisation__is_active=True,
            role=Role.MANAGER,
        )
        .exclude(person_id=decision.author_id)
        .exists()
    )
