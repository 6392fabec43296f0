"""Access rules for the decisions pages and API (see infoshare/core/access.py)."""

from infoshare.core.access import Rule, signed_in

RULES: dict[str, Rule] = {
    "api-1:decision_support_evaluate": signed_in(),
}
