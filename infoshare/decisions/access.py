"""Access rules for the decisions pages and API (see infoshare/core/access.py).

Pages need a role that records or oversees decisions; the selectors then narrow each
record to its author, the recording organisation's managers, advisors and senior leads,
and the staff of the organisation it was shared with.
"""

from infoshare.core.access import Rule, in_any_organisation, signed_in
from infoshare.core.roles import Role

RECORDING = in_any_organisation(Role.PRACTITIONER, Role.MANAGER, Role.ADVISOR, Role.SENIOR_LEAD)

_FLOW = [
    "start",
    "resume",
    "people",
    "person_new",
    "recipient",
    "purpose",
    "question",
    "check_answers",
    "recommendation",
    "outcome",
    "bases",
    "information",
    "sharing",
    "told",
    "finalise",
    "confirmation",
    "discard",
    "amendment_reason",
    "my_decisions",
    # Records shared with the organisations where the person works with children and
    # families (selectors.scope.recipient_orgs: the same four roles).
    "shared_with_us",
    "amend",
]

RULES: dict[str, Rule] = {
    **{f"decisions:{name}": RECORDING for name in _FLOW},
    # Staff of a recipient organisation see records shared with it, whatever their role.
    "decisions:decision_detail": signed_in(),
    "decisions:person_detail": signed_in(),
    "decisions:team_decisions": in_any_organisation(Role.MANAGER),
    "decisions:organisation_decisions": in_any_organisation(
        Role.MANAGER, Role.ADVISOR, Role.SENIOR_LEAD
    ),
    "decisions:countersign": in_any_organisation(Role.MANAGER),
    "decisions:withdraw_amendment": in_any_organisation(Role.MANAGER),
    # A draft whose author has left (services.may_delete_leavers_draft narrows it to the
    # managers of the draft's organisation).
    "decisions:delete_leavers_draft": in_any_organisation(Role.MANAGER),
    "decisions:team_urgent_drafts": in_any_organisation(Role.MANAGER),
    # The drafts a manager may delete because their author left (home.leavers_drafts
    # narrows them to the organisations the person manages).
    "decisions:leavers_drafts": in_any_organisation(Role.MANAGER),
    "decisions:decision_pdf": signed_in(),
    "decisions:export_csv": in_any_organisation(Role.ADVISOR),
    "decisions:subject_access": in_any_organisation(Role.ADVISOR),
    # Correcting a person's details and removing one added by mistake: the roles that add
    # people (services.people.may_correct_person narrows it to the staff of the
    # organisation that recorded the person; a receiving organisation's get a 404).
    "decisions:person_change": RECORDING,
    "decisions:person_remove": RECORDING,
    "api-1:decision_support_evaluate": signed_in(),
}

_API_RECORDING = [
    "decision_create",
    "decision_update",
    "decision_finalise",
    "decision_amend",
    "people_search",
    "people_search_post",
    "people_create",
    # Correcting a person's details (the pages' rule: services.people.may_correct_person).
    "people_update",
]
RULES |= {f"api-1:{name}": RECORDING for name in _API_RECORDING}
RULES |= {
    "api-1:decision_countersign": in_any_organisation(Role.MANAGER),
    "api-1:decision_read": signed_in(),
    "api-1:decision_list": signed_in(),
    "api-1:people_read": signed_in(),
}
