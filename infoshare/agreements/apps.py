from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "infoshare.agreements"
    label = "agreements"

    def ready(self) -> None:
        from infoshare.agreements import access
        from infoshare.core.access import register

        register(access.RULES)
