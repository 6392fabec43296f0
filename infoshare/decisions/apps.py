from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "infoshare.decisions"
    label = "decisions"

    def ready(self) -> None:
        from infoshare.core.access import register
        from infoshare.decisions import access

        register(access.RULES)
