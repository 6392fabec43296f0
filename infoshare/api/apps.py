from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "infoshare.api"
    label = "api"

    def ready(self) -> None:
        from infoshare.api import access
        from infoshare.core.access import register

        register(access.RULES)
