from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "infoshare.audit"
    label = "audit"
    verbose_name = "Audit trail"

    def ready(self) -> None:
        from infoshare.audit import access, labels
        from infoshare.audit.audit import Action
        from infoshare.core.access import register
        from infoshare.core.navigation import NavItem
        from infoshare.core.navigation import register as register_nav

        register(access.RULES)
        labels.register(Action)
        register_nav(NavItem("Audit trail", "audit:event_list", order=90))
