"""Access rules for the advice pages and API (see infoshare/core/access.py)."""

from infoshare.core.access import Rule

RULES: dict[str, Rule] = {}
