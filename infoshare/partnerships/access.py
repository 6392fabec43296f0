"""Access rules for organisations, staff and memberships."""

from infoshare.core.access import Rule

RULES: dict[str, Rule] = {}
