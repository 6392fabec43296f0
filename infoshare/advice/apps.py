from django.apps import AppConfig


class AdviceConfig(AppConfig):
    name = "infoshare.advice"
    label = "advice"

    def ready(self) -> None:
        from infoshare.advice import access
        from infoshare.core.access import register

        register(access.RULES)
