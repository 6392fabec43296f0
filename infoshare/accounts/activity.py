"""Keeps a signed-in session alive while it is used, without writing on every request.

The idle timeout runs from the last time the session was touched. Touching means saving
the session (which renews its expiry) and recording the device's activity for the "your
sessions" page (allauth's user sessions). Doing both on every request cost three writes a
page; here they happen at most once a minute per session. The session lifetime is the idle
timeout plus that minute (see settings), so nobody is signed out earlier than promised.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from allauth.usersessions.internal import usersessionkit
from django.http import HttpRequest, HttpResponse

#: Seconds between two touches of the same session.
TOUCH_EVERY = 60
SEEN_KEY = "_infoshare_seen_at"


def clock() -> float:
    return time.time()


class SessionActivityMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = request.session
        # API token requests carry no session cookie: never create a session for them.
        if session.session_key and getattr(request, "api_token", None) is None:
            user = request.user
            now = int(clock())
            seen = session.get(SEEN_KEY)
            if user.is_authenticated and (
                not isinstance(seen, int) or not 0 <= now - seen < TOUCH_EVERY
            ):
                usersessionkit.track_activity(request, user=user, session=session)
                session[SEEN_KEY] = now  # modifies the session: saved, expiry renewed
        return self.get_response(request)
