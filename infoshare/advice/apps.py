from django.apps import AppConfig


class AdviceConfig(AppConfig):
    name = "infoshare.advice"
    label = "advice"
    verbose_name = "Advice requests"

    def ready(self) -> None:
        from infoshare.advice import access, home
        from infoshare.advice.audit import Action
        from infoshare.audit import labels
        from infoshare.core import home as core_home
        from infoshare.core import navigation
        from infoshare.core.access import register

        register(access.RULES)
        labels.register(Action)
        core_home.register(home.panels)
        navigation.register(*home.NAV_ITEMS)
