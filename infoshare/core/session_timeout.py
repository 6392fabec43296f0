"""The idle sign-out, as people are told about it.

The server's idle timeout is the one that counts (``SESSION_IDLE_SECONDS``; a session is
touched at most once a minute, ``accounts.activity``). With JavaScript, a dialog warns
``SESSION_TIMEOUT_WARNING_SECONDS`` before it and "Stay signed in" extends the session
(``core.views.extend_session``; ``frontend/js/timeout-warning.mjs``). Signed out by the
timeout, the sign-in page says why (``core.middleware.AccessMiddleware``)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from infoshare.core import resubmit


def duration_text(seconds: int) -> str:
    """'30 minutes', '1 minute and 30 seconds', '45 seconds' (as the dialog says them)."""
    minutes, rest = divmod(max(0, int(seconds)), 60)
    parts = []
    if minutes:
        parts.append(f"{minutes} minute{'' if minutes == 1 else 's'}")
    if rest or not minutes:
        parts.append(f"{rest} second{'' if rest == 1 else 's'}")
    return " and ".join(parts)


def idle_text() -> str:
    return duration_text(settings.SESSION_IDLE_SECONDS)


def warning_text() -> str:
    return duration_text(settings.SESSION_TIMEOUT_WARNING_SECONDS)


def timed_out(request: HttpRequest) -> bool:
    """Whether this signed-out request comes from a browser whose session ran out of idle
    time: it still sends the session's cookie, the session it names is stored but past its
    expiry (signing out, or ending a session from "your sessions" or an administrator's
    reset, deletes it instead), and someone was signed in here and did not sign out (the
    last-person cookie, which signing out removes)."""
    key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not key or request.session.session_key == key or resubmit.last_person(request) is None:
        return False
    model = getattr(request.session, "model", None)  # the database-backed session stores
    if model is None:
        return False
    return bool(model.objects.filter(session_key=key, expire_date__lte=timezone.now()).exists())


def signed_out_message(*, kept: bool) -> str:
    """What the sign-in page says after the idle timeout; ``kept`` when the form they sent
    was kept for them (``core.resubmit``)."""
    why = f"You were signed out because you had not done anything for {idle_text()}."
    if kept:
        return (
            f"{why} Sign in again to carry on: what you typed has been kept, and you can "
            "check it and save it after you sign in."
        )
    return f"{why} Sign in again to carry on."
