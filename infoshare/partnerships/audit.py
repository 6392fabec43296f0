from enum import StrEnum


class Action(StrEnum):
    # A new partnership, made by ``manage.py create_partnership`` (no page makes one).
    PARTNERSHIP_CREATED = "partnerships.partnership_created"
    ORGANISATION_CREATED = "partnerships.organisation_created"
    ORGANISATION_CHANGED = "partnerships.organisation_changed"
    PERSON_INVITED = "partnerships.person_invited"
    INVITATION_ACCEPTED = "partnerships.invitation_accepted"
    INVITATION_RESENT = "partnerships.invitation_resent"
    INVITATION_EMAIL_FAILED = "partnerships.invitation_email_failed"
    # An organisation administrator's invitation of an account that is not the
    # partnership's (``errors.CANNOT_ADD_ACCOUNT``): the address they tried.
    INVITATION_REFUSED = "partnerships.invitation_refused"
    TWO_FACTOR_RESET = "partnerships.two_factor_reset"
    TWO_FACTOR_RESET_EMAIL_FAILED = "partnerships.two_factor_reset_email_failed"
    ROLE_CHANGED = "partnerships.role_changed"
    MEMBERSHIP_ADDED = "partnerships.membership_added"
    # In the audit trail of each other organisation where a person added elsewhere works.
    MEMBERSHIP_ADDED_ELSEWHERE = "partnerships.membership_added_elsewhere"
    ADDED_ELSEWHERE_EMAIL_FAILED = "partnerships.added_elsewhere_email_failed"
    PERSON_DEACTIVATED = "partnerships.person_deactivated"
    MEMBERSHIP_ENDED = "partnerships.membership_ended"
    STAFF_IMPORT_UPLOADED = "partnerships.staff_import_uploaded"
    STAFF_IMPORTED = "partnerships.staff_imported"
    STAFF_IMPORT_FAILED = "partnerships.staff_import_failed"
    STAFF_EXPORTED = "partnerships.staff_exported"
    TEAM_CREATED = "partnerships.team_created"
