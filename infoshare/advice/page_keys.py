"""A one-time key on each advice form page ("Send your question", "Send reply"), so that
the same page sent twice (a double press without JavaScript, a resent form) asks once or
replies once, as the decisions start page starts one draft.

The key given to the service also holds a digest of what was sent: a page used again
after going back, with something else typed, is sent as a new question or reply."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest

from infoshare.core.page_keys import new_page_key, sent_key

#: The hidden field that carries the page's key.
FIELD = "page_key"

__all__ = ["FIELD", "new_page_key", "posted_key"]


def posted_key(request: HttpRequest, scope: str, sent: Mapping[str, Any]) -> str:
    """The key for the service ("" when the page sent none): ``core.page_keys.sent_key``
    with this app's field."""
    return sent_key(request, FIELD, scope, sent)
