from enum import StrEnum


class Action(StrEnum):
    ORGANISATION_CREATED = "partnerships.organisation_created"
    ORGANISATION_CHANGED = "partnerships.organisation_changed"
    PERSON_INVITED = "partnerships.person_invited"
    INVITATION_ACCEPTED = "partnerships.invitation_accepted"
    ROLE_CHANGED = "partnerships.role_changed"
    MEMBERSHIP_ADDED = "partnerships.membership_added"
    PERSON_DEACTIVATED = "partnerships.person_deactivated"
    STAFF_IMPORTED = "partnerships.staff_imported"
    STAFF_EXPORTED = "partnerships.staff_exported"
    TEAM_CREATED = "partnerships.team_created"
