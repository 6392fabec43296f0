from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "infoshare.decisions"
    label = "decisions"

    def ready(self) -> None:
        from infoshare.core import home, navigation
        from infoshare.core.access import register
        from infoshare.decisions import access
        from infoshare.decisions import home as decision_home

        register(access.RULES)
        home.register(decision_home.panels)
        navigation.register(
            navigation.NavItem("Decisions", "decisions:my_decisions", order=20),
        )
        from infoshare.audit import labels
        from infoshare.decisions.audit import Action

        labels.register(Action)
