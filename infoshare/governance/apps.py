from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "infoshare.governance"
    label = "governance"

    def ready(self) -> None:
        from infoshare.core import home
        from infoshare.core.access import register
        from infoshare.core.navigation import NavItem
        from infoshare.core.navigation import register as register_nav
        from infoshare.governance import access
        from infoshare.governance.home import reading_panel

        register(access.RULES)
        register_nav(
            NavItem("Governance", "governance:policy_list", order=75),
            NavItem("Board", "governance:board", order=80),
        )
        home.register(reading_panel)
        from infoshare.audit import labels
        from infoshare.governance.audit import Action

        labels.register(Action)
