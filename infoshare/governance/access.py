"""Access rules for the governance pages and API (see infoshare/core/access.py)."""

from infoshare.core.access import Rule

RULES: dict[str, Rule] = {}
