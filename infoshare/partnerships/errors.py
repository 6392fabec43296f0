"""Error codes and the messages people see (tests import these constants)."""

from __future__ import annotations

NAME_MAX = 150
EMAIL_MAX = 254
ORG_NAME_MAX = 200
IDENTIFIER_MAX = 20
TEAM_MAX = 120
ROLE_MAX = 30
SEARCH_MAX = 100
IMPORT_MAX_BYTES = 5 * 1024 * 1024

NOT_AN_ADMIN = "Only an organisation administrator or a partnership administrator can do this"
NOT_PARTNERSHIP_ADMIN = "Only a partnership administrator can do this"
PARTNERSHIP_REQUIRED = (
    "Select the partnership: you are an administrator of more than one partnership"
)
NOT_YOUR_PARTNERSHIP = "Select one of the partnerships you are an administrator of"
ROLE_NOT_GRANTABLE = "Only a partnership administrator can give a partnership-wide role"
ROLE_NOT_CHANGEABLE = (
    "Only a partnership administrator can change or remove a partnership-wide role"
)
ALREADY_HAS_ROLE = "This person already has this role in this organisation"
LAST_ORG_ADMIN = (
    "You cannot remove the last organisation administrator. Give someone else this role first"
)
SAME_ROLE = "Choose a different role from the one the person has now"
MEMBERSHIP_ENDED = "This membership has already ended"
ORG_NAME_TAKEN = "An organisation with this name is already in the partnership"
IDENTIFIER_TAKEN = "Another organisation in the partnership already uses this identifier"
TEAM_NAME_TAKEN = "This organisation already has a team with this name"
TEAM_NOT_FOUND = "Select a team of this organisation"
INVITATION_NOT_FOUND = "This invitation link is not valid"
INVITATION_USED = "This invitation link has already been used"
INVITATION_EXPIRED = "This invitation link has expired"
INVITATION_REPLACED = (
    "This invitation link has been replaced by a newer invitation sent to your email address"
)
PERSON_DEACTIVATED = "This person's account is deactivated. Invite them again to reactivate it"
OWN_ROLES = "You cannot change your own roles. Ask another administrator"
# An account with no role, now or before, in this partnership: another partnership's,
# deactivated or not, or nobody's. The words say no more than that, so that an
# organisation administrator learns nothing about other partnerships' staff.
CANNOT_ADD_ACCOUNT = "You cannot add this person. Ask a partnership administrator to add them"
ALREADY_ACCEPTED = "This person has already accepted their invitation and set a password"
NO_TWO_FACTOR = "This person has not set up two-factor authentication, so there is nothing to reset"
OWN_TWO_FACTOR = "You cannot reset your own two-factor authentication. Ask another administrator"
TWO_FACTOR_NOT_YOURS = (
    "Only a partnership administrator can reset the two-factor authentication of a board "
    "member, partnership administrator or auditor"
)
# Credential actions that affect a person's whole account, not only their role here: only
# someone who administers every organisation the person works for may take them.
TWO_FACTOR_OTHER_ORGANISATION = (
    "Only a partnership administrator can reset two-factor authentication for someone "
    "who also works for another organisation"
)
TWO_FACTOR_OTHER_PARTNERSHIP = (
    "This person also works for an organisation in another partnership. Only an "
    "administrator of every organisation they work for can reset their two-factor "
    "authentication"
)
INVITATION_OTHER_ORGANISATION = (
    "Only a partnership administrator can send a new invitation to someone who also "
    "works for another organisation"
)
INVITATION_OTHER_PARTNERSHIP = (
    "This person also works for an organisation in another partnership. Only an "
    "administrator of every organisation they work for can send them a new invitation"
)

FILE_TOO_BIG = "The selected file must be smaller than 5 MB"
FILE_NOT_CSV = "The selected file must be a CSV"
FILE_NOT_UTF8 = "The selected file must be saved as UTF-8 CSV"
FILE_EMPTY = "The selected file has no rows of staff"
FILE_BAD_CSV = "The selected file could not be read as a CSV"
FILE_MISSING_COLUMNS = "The header row must name the columns: {columns}. Missing: {missing}"
FILE_TOO_MANY_ROWS = "The selected file must have {max} rows or fewer"
IMPORT_HAS_PROBLEMS = "Fix the problems in the file and upload it again. Nothing was imported"
IMPORT_NOT_PENDING = "This import has already been run"

ROW_NAME_EMPTY = "Enter the person's name"
ROW_NAME_LONG = f"Name must be {NAME_MAX} characters or fewer"
ROW_EMAIL_BAD = "Enter an email address in the correct format, like name@example.org"
ROW_EMAIL_LONG = f"Email address must be {EMAIL_MAX} characters or fewer"
ROW_EMAIL_DUPLICATE = "This email address is also on row {line}"
ROW_ROLE_UNKNOWN = "Role must be one of: {roles}"
ROW_ROLE_NOT_GRANTABLE = "Only a partnership administrator can give the role {role}"
ROW_ORG_UNKNOWN = "Organisation identifier does not match this organisation"
ROW_ORG_NOT_IN_PARTNERSHIP = "Organisation identifier does not match any organisation"
ROW_IDENTIFIER_LONG = f"Organisation identifier must be {IDENTIFIER_MAX} characters or fewer"
ROW_TEAM_LONG = f"Team must be {TEAM_MAX} characters or fewer"
ROW_PERSON_DEACTIVATED = "This person's account is deactivated"
ROW_OWN_ROLES = OWN_ROLES
ROW_CANNOT_ADD_ACCOUNT = CANNOT_ADD_ACCOUNT
# To a partnership administrator, for a deactivated account of no organisation of theirs:
# an invitation of one person starts it afresh, an import does not.
ROW_INVITE_ON_THEIR_OWN = "An import cannot add this person. Invite them on their own instead"
