from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "infoshare.audit"
    label = "audit"
    verbose_name = "Audit trail"

    def ready(self) -> None:
        from infoshare.audit import access
        from infoshare.core.access import register

        register(access.RULES)
