"""The audit trail is read by auditors only (product.md, "People who use it")."""

from infoshare.core.access import Rule, in_partnership
from infoshare.core.roles import Role

RULES: dict[str, Rule] = {
    "audit:event_list": in_partnership(Role.AUDITOR),
    "audit:event_export": in_partnership(Role.AUDITOR),
}
