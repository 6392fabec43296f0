from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "infoshare.accounts"
    label = "accounts"
    verbose_name = "Accounts and sign-in"

    def ready(self) -> None:
        from infoshare.accounts import access, auth_events
        from infoshare.accounts.audit import Action
        from infoshare.audit import labels
        from infoshare.core.access import register

        auth_events.connect()
        register(access.RULES)
        labels.register(Action)
