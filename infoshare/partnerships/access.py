"""Access rules for organisations, staff and memberships.

The middleware checks the role in the URL's organisation; the selectors then narrow
to what the person may see (404 for "missing" and "not yours")."""

from infoshare.core.access import Rule, in_organisation, in_partnership, public
from infoshare.core.roles import ALL_ROLES, Role

_ANY_ROLE = tuple(sorted(ALL_ROLES))
_STAFF_VIEWERS = (
    Role.ORG_ADMIN,
    Role.SENIOR_LEAD,
    Role.MANAGER,
    Role.ADVISOR,
    Role.PARTNERSHIP_ADMIN,
)
_STAFF_ADMINS = (Role.ORG_ADMIN, Role.PARTNERSHIP_ADMIN)

RULES: dict[str, Rule] = {
    "partnerships:organisation_list": in_partnership(*_ANY_ROLE),
    "partnerships:organisation_create": in_partnership(Role.PARTNERSHIP_ADMIN),
    "partnerships:organisation_detail": in_organisation(*_ANY_ROLE),
    "partnerships:organisation_edit": in_organisation(Role.PARTNERSHIP_ADMIN),
    "partnerships:team_create": in_organisation(*_STAFF_ADMINS),
    "partnerships:staff_list": in_organisation(*_STAFF_VIEWERS),
    "partnerships:invite": in_organisation(*_STAFF_ADMINS),
    "partnerships:invite_sent": in_organisation(*_STAFF_ADMINS),
    "partnerships:change_role": in_organisation(*_STAFF_ADMINS),
    "partnerships:deactivate": in_organisation(*_STAFF_ADMINS),
    "partnerships:resend_invitation": in_organisation(*_STAFF_ADMINS),
    "partnerships:reset_two_factor": in_organisation(*_STAFF_ADMINS),
    "partnerships:staff_import": in_organisation(*_STAFF_ADMINS),
    "partnerships:import_preview": in_organisation(*_STAFF_ADMINS),
    "partnerships:import_status": in_organisation(*_STAFF_ADMINS),
    # Reached from the invitation email, before the person has a password.
    "partnerships:accept_invitation": public(),
    "api-1:organisation_list": in_partnership(*_ANY_ROLE),
    "api-1:organisation_detail": in_organisation(*_ANY_ROLE),
    "api-1:membership_list": in_organisation(*_STAFF_VIEWERS),
}
