from infoshare.core.access import Rule

RULES: dict[str, Rule] = {}
