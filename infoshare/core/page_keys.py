"""A one-time key on a form page, so that the same page sent twice (a double press without
JavaScript, a resent form) does its work once, as the API's Idempotency-Key does: the
decisions start page (one draft) and the advice pages (one question, one reply)."""

from __future__ import annotations

import re
import uuid

from django.http import HttpRequest

#: A page's own key: a UUID in hex.
PAGE_KEY = re.compile(r"[0-9a-f]{32}")


def new_page_key() -> str:
    return uuid.uuid4().hex


def page_key(request: HttpRequest, field: str) -> str:
    """The key the page sent in its hidden ``field``, or "" when it sent none (or not one
    of ours)."""
    key = request.POST.get(field, "")
    return key if PAGE_KEY.fullmatch(key) else ""
