"""The audit trail is read by auditors only (product.md, "People who use it"), and each
reads the events of their own partnerships only (``selectors.events_visible_to``)."""

from infoshare.core.access import Rule, in_partnership
from infoshare.core.roles import Role

RULES: dict[str, Rule] = {
    "audit:event_list": in_partnership(Role.AUDITOR),
    # One event in full: the same rule, and the same scope (``selectors.event_for``).
    "audit:event_detail": in_partnership(Role.AUDITOR),
    "audit:event_export": in_partnership(Role.AUDITOR),
}
