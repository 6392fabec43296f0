"""Pressing "Finalise the record" as a browser does: from the summary page just shown."""

from __future__ import annotations

import re
from typing import Any

from django.urls import reverse


def press_finalise(client: Any, draft: Any) -> Any:
    """Opens the finalise summary, then posts its form (with the revision it showed)."""
    url = reverse("decisions:finalise", kwargs={"decision_id": draft.pk})
    page = client.get(url)
    shown = re.search(r'name="reviewed" value="(\d+)"', page.content.decode())
    return client.post(url, {"reviewed": shown.group(1)} if shown else {})
