"""Access rules for the agreements pages and API (see infoshare/core/access.py).

URLs carry agreement ids, not organisation ids, so the rules here say which roles
may reach a page anywhere in the partnership; the selectors and services then check
the agreement itself (its partnership, who manages it, who signs for each party)."""

from infoshare.core.access import Rule, in_partnership
from infoshare.core.roles import ALL_ROLES, Role

#: Everyone with a role in the partnership reads the register: it is transparency.
_READ = in_partnership(*ALL_ROLES)
#: Senior leads and advisors draft and sign for their organisation; the partnership
#: admin manages every agreement of the partnership.
_MANAGE = in_partnership(Role.SENIOR_LEAD, Role.ADVISOR, Role.PARTNERSHIP_ADMIN)

RULES: dict[str, Rule] = {
    "agreements:agreement_list": _READ,
    "agreements:agreement_map": _READ,
    "agreements:export_csv": _READ,
    "agreements:export_xlsx": _READ,
    "agreements:agreement_detail": _READ,
    "agreements:document_download": _READ,
    "agreements:agreement_create": _MANAGE,
    "agreements:agreement_edit": _MANAGE,
    "agreements:party_add": _MANAGE,
    "agreements:party_remove": _MANAGE,
    "agreements:party_signatory": _MANAGE,
    "agreements:agreement_submit": _MANAGE,
    "agreements:agreement_sign": _MANAGE,
    "agreements:agreement_refuse": _MANAGE,
    "agreements:new_version": _MANAGE,
    "agreements:agreement_withdraw": _MANAGE,
    "agreements:document_upload": _MANAGE,
    "api-1:agreement_list": _READ,
    "api-1:agreement_detail": _READ,
    "api-1:agreement_create": _MANAGE,
    "api-1:agreement_sign": _MANAGE,
}
