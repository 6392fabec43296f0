from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "infoshare.agreements"
    label = "agreements"
    verbose_name = "Information sharing agreements"

    def ready(self) -> None:
        from infoshare.agreements import access
        from infoshare.agreements.audit import Action
        from infoshare.agreements.home import agreement_panels
        from infoshare.audit import labels
        from infoshare.core import home
        from infoshare.core.access import register
        from infoshare.core.navigation import NavItem
        from infoshare.core.navigation import register as register_nav

        register(access.RULES)
        labels.register(Action)
        home.register(agreement_panels)
        register_nav(NavItem("Agreements", "agreements:agreement_list", order=70))
