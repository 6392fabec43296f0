"""Access rules for the governance pages and API (see infoshare/core/access.py).

Routes with ``org_id`` use ``in_organisation`` (the organisation's own people, plus
partnership-wide roles of its partnership); the others use ``in_partnership`` and
the selectors narrow what each person sees. The services check the finer rules
again (for example: only that organisation's senior lead publishes its statement)."""

from infoshare.core.access import Rule, in_organisation, in_partnership
from infoshare.core.roles import ALL_ROLES, Role

EVERYONE = tuple(sorted(ALL_ROLES))
POLICY_WRITERS = (Role.SENIOR_LEAD, Role.ADVISOR, Role.PARTNERSHIP_ADMIN)

RULES: dict[str, Rule] = {
    "governance:to_read": in_partnership(*EVERYONE),
    "governance:position_statement": in_organisation(*EVERYONE),
    "governance:statement_publish": in_organisation(Role.SENIOR_LEAD),
    "governance:statement_acknowledge": in_organisation(*EVERYONE),
    "governance:acknowledgements": in_organisation(Role.SENIOR_LEAD),
    "governance:policy_list": in_partnership(*EVERYONE),
    "governance:policy_create": in_partnership(*POLICY_WRITERS),
    "governance:policy_detail": in_partnership(*EVERYONE),
    "governance:policy_edit": in_partnership(*POLICY_WRITERS),
    "governance:policy_publish": in_partnership(*POLICY_WRITERS),
    "governance:policy_new_version": in_partnership(*POLICY_WRITERS),
    "governance:policy_acknowledge": in_partnership(*EVERYONE),
    "governance:policy_document": in_partnership(*EVERYONE),
    "governance:standard_list": in_partnership(*EVERYONE),
    "governance:standard_create": in_partnership(Role.PARTNERSHIP_ADMIN),
    "governance:adoption_record": in_organisation(Role.SENIOR_LEAD, Role.ORG_ADMIN),
    "governance:priority_list": in_partnership(*EVERYONE),
    "governance:priority_create": in_partnership(Role.PARTNERSHIP_ADMIN),
    "governance:board": in_partnership(Role.BOARD_MEMBER, Role.PARTNERSHIP_ADMIN),
    "api-1:governance_policy_list": in_partnership(*EVERYONE),
    "api-1:governance_policy_read": in_partnership(*EVERYONE),
    "api-1:governance_policy_acknowledge": in_partnership(*EVERYONE),
}
