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
        from django.core import checks

        from infoshare.decisions.checks import pdf_fonts

        checks.register(pdf_fonts)
        from infoshare.advice.links import set_decision_finder
        from infoshare.decisions.advice_links import own_decision

        set_decision_finder(own_decision)
        home.register(decision_home.panels)
        navigation.register(
            navigation.NavItem("Decisions", "decisions:my_decisions", order=20),
        )
        from infoshare.audit import labels
        from infoshare.decisions.audit import Action

        labels.register(Action)
