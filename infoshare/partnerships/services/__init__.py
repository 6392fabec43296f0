"""What administrators do with organisations, teams and staff. Each function is one
transaction and writes its audit event in that transaction (architecture pattern 1)."""

from infoshare.partnerships.services.credentials import (
    TwoFactorReset,
    resend_invitation,
    reset_two_factor,
)
from infoshare.partnerships.services.imports import Imported, preview_staff_import, run_staff_import
from infoshare.partnerships.services.organisations import (
    create_organisation,
    create_team,
    update_organisation,
)
from infoshare.partnerships.services.people import (
    EndedRole,
    Invited,
    accept_invitation,
    change_role,
    deactivate_membership,
    ended_role,
    invite_person,
)
from infoshare.partnerships.services.rules import (
    INVITATION_DAYS,
    Forbidden,
    change_refusal,
    grantable_roles,
    organisations_of,
    organisations_of_people,
    resend_refusal,
    role_change_refusal,
    two_factor_reset_refusal,
)

__all__ = [
    "INVITATION_DAYS",
    "EndedRole",
    "Forbidden",
    "Imported",
    "Invited",
    "TwoFactorReset",
    "accept_invitation",
    "change_refusal",
    "change_role",
    "create_organisation",
    "create_team",
    "deactivate_membership",
    "ended_role",
    "grantable_roles",
    "invite_person",
    "organisations_of",
    "organisations_of_people",
    "preview_staff_import",
    "resend_invitation",
    "resend_refusal",
    "reset_two_factor",
    "role_change_refusal",
    "run_staff_import",
    "two_factor_reset_refusal",
    "update_organisation",
]
