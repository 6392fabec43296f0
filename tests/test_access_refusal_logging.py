"""A page refused by its access rule is an ordinary answer: the 403 page, audited, and
one line in the log ("Forbidden: /path"), never a traceback."""

from __future__ import annotations

import logging
from typing import Any

from django.urls import reverse

from infoshare.audit.models import AuditEvent


def test_a_refused_page_logs_one_line_without_a_traceback(
    client: Any, practitioner: Any, caplog: Any
) -> None:
    client.force_login(practitioner)
    path = reverse("audit:event_list")
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get(path)
    assert response.status_code == 403
    assert "errors/403.html" in [t.name for t in response.templates]
    [line] = [r for r in caplog.records if r.name == "django.request"]
    assert line.getMessage() == f"Forbidden: {path}"
    assert line.exc_info is None
    assert AuditEvent.objects.filter(action="audit.access_refused").count() == 1
