"""Helpers for the partnerships tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.test.utils import CaptureQueriesContext

from infoshare.accounts.models import User
from infoshare.audit.models import AuditEvent
from infoshare.core.roles import Role
from infoshare.partnerships.models import Membership


def count_queries(client: Any, url: str) -> int:
    """How many queries a GET of ``url`` makes (to compare two data sizes)."""
    client.get(url)  # the first request after signing in also records the session
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def audit_events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


@pytest.fixture
def bulk_staff() -> Callable[..., list[User]]:
    """Adds ``count`` practitioners to ``org`` with two queries (bulk_create)."""

    def make(org: Any, count: int, prefix: str = "bulk") -> list[User]:
        password = make_password(None)
        people = User.objects.bulk_create(
            User(email=f"{prefix}{n}@example.org", full_name=f"Staff {n:04d}", password=password)
            for n in range(count)
        )
        Membership.objects.bulk_create(
            Membership(person=person, organisation=org, role=Role.PRACTITIONER) for person in people
        )
        return people

    return make
