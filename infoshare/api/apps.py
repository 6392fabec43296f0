from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "infoshare.api"
    label = "api"

    def ready(self) -> None:
        from infoshare.agreements.selectors import board_figures
        from infoshare.api import access
        from infoshare.core.access import register
        from infoshare.governance.board import register_board_section

        register(access.RULES)
        # Agreements and governance sit side by side in the layers and may not import each
        # other; the top layer, which assembles the service, connects the board's
        # agreements figures to the governance board view.
        register_board_section(board_figures)
