from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig


def agreement_board_figures(organisation_ids: Sequence[int]) -> dict[str, Any]:
    """The board's agreements figures, in the shape the governance board section expects
    (any sequence of organisation ids)."""
    from infoshare.agreements.selectors import board_figures

    return board_figures(list(organisation_ids))


class ApiConfig(AppConfig):
    name = "infoshare.api"
    label = "api"

    def ready(self) -> None:
        from infoshare.api import access
        from infoshare.core.access import register
        from infoshare.governance.board import register_board_section

        register(access.RULES)
        # Agreements and governance sit side by side in the layers and may not import each
        # other; the top layer, which assembles the service, connects the board's
        # agreements figures to the governance board view.
        register_board_section(agreement_board_figures)
