"""Access rules for the decisions pages and API (see infoshare/core/access.py)."""

from infoshare.core.access import Rule

RULES: dict[str, Rule] = {}
