"""A one-time key on a form page, so that the same page sent twice (a double press without
JavaScript, a resent form) does its work once, as the API's Idempotency-Key does: the
decisions start page (one draft) and the advice pages (one question, one reply)."""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.contrib.messages.storage.base import BaseStorage
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


def sent_key(request: HttpRequest, field: str, scope: str, sent: Mapping[str, Any]) -> str:
    """The key for a service's ``idempotency_key`` ("" when the page sent none): ``scope``,
    the page's key and a digest of ``sent`` (what the form read). The same page sent twice
    gives the same key; the page used again after going Back, with something else typed,
    gives another, and so does its work again, as asked."""
    key = page_key(request, field)
    if not key:
        return ""
    digest = hashlib.sha256(repr(sorted(sent.items())).encode()).hexdigest()[:32]
    return f"{scope}-{key}-{digest}"


def success_once(request: HttpRequest, text: str) -> None:
    """Says ``text`` on the next page, unless it is waiting to be said already: a page sent
    twice, whose first answer was never shown (a double press), says it once."""
    waiting = messages.get_messages(request)
    said = any(str(message) == text for message in waiting)
    if isinstance(waiting, BaseStorage):
        waiting.used = False  # read, not shown: they stay for the next page
    if not said:
        messages.success(request, text)
