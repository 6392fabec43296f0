from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "infoshare.governance"
    label = "governance"

    def ready(self) -> None:
        from infoshare.core.access import register
        from infoshare.governance import access

        register(access.RULES)
