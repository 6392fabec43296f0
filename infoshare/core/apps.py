from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "infoshare.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from infoshare.core import access_rules, checks  # noqa: F401 - registers the system check
        from infoshare.core.access import register

        register(access_rules.RULES)
