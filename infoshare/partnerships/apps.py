from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "infoshare.partnerships"
    label = "partnerships"
    verbose_name = "Partnership, organisations and people"

    def ready(self) -> None:
        from infoshare.audit import labels, scope
        from infoshare.core import home as core_home
        from infoshare.core import navigation
        from infoshare.core.access import register, set_role_source
        from infoshare.partnerships import access, home
        from infoshare.partnerships.audit import Action
        from infoshare.partnerships.roles_source import AuditScopeSource, MembershipRoleSource

        set_role_source(MembershipRoleSource())
        scope.set_source(AuditScopeSource())
        register(access.RULES)
        labels.register(Action)
        core_home.register(home.panels)
        navigation.register(*home.NAV_ITEMS)
