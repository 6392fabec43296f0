"""Fixtures the decision flow's page tests share."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from infoshare.decisions.models import SharingDecision


@pytest.fixture
def signed_in_practitioner(client: Any, practitioner: Any) -> Any:
    client.force_login(practitioner)
    return client


@pytest.fixture
def draft(signed_in_practitioner: Any, practitioner: Any) -> SharingDecision:
    """A draft the practitioner has just started from the start page."""
    signed_in_practitioner.post(reverse("decisions:start"))
    return SharingDecision.objects.get(author=practitioner)
