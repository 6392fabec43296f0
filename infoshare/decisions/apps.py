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
        from infoshare.advice.links import set_decision_finder, set_decision_visibility
        from infoshare.decisions.advice_links import decision_asked_about, may_see

        set_decision_finder(decision_asked_about)
        set_decision_visibility(may_see)
        home.register(decision_home.panels)
        home.register(decision_home.shared_panels)
        navigation.register(
            navigation.NavItem("Decisions", "decisions:my_decisions", order=20),
            navigation.NavItem(
                "Shared with your organisation", "decisions:shared_with_us", order=25
            ),
        )
        from infoshare.audit import labels, mentions
        from infoshare.decisions.audit import Action
        from infoshare.decisions.audit_mentions import RecordMentions

        labels.register(Action)
        mentions.set_source(RecordMentions())
