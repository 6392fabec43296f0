"""Fixtures for the advice tests: askers and advisors in two organisations."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from infoshare.advice import services
from infoshare.core.roles import Role


@pytest.fixture
def other_advisor(make_member: Callable[..., Any], other_org: Any) -> Any:
    return make_member(Role.ADVISOR, other_org)


@pytest.fixture
def ask(practitioner: Any) -> Callable[..., Any]:
    """Asks a question as the home practitioner (or ``actor``), committing the notices."""

    def _ask(**kwargs: Any) -> Any:
        values: dict[str, Any] = {
            "actor": practitioner,
            "question": "Can I tell the school nurse about the family's housing move?",
        }
        values.update(kwargs)
        return services.ask_for_advice(**values)

    return _ask
