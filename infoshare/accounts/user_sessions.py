"""Where a person is signed in, read in one query however many sessions they have.

allauth's ``UserSession.objects.purge_and_list`` checks each recorded session on its own:
three queries a session (is it stored, whose is it, does it still exist) and a delete for
each dead one, so "Where you are signed in" cost 104 queries with 33 sessions. Here the
person's recorded sessions are read with the data of their stored, unexpired session
joined in (a correlated subquery on ``django_session``), the data is decoded in memory and
checked as Django's ``get_user`` checks it (the same person, a known backend, a password
hash that still matches), and the dead ones are removed in one delete.

A recorded session is dead when its stored session has expired or gone, or no longer
signs this person in (the password changed since). As allauth does, the record of a dead
session is deleted; a stored session that no longer signs the person in is deleted too
(Django's ``get_user`` would flush it on its next request), while an expired one is left
for ``clearsessions``, so the browser that held it is still told it timed out.

Both session engines Infoshare uses keep every session in the database (``db``, and
``cached_db``, which writes through); with any other engine there is no table to read, and
allauth's own check is used.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.base import SessionBase
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.core.cache import caches
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from infoshare.accounts.models import User


def _store_class() -> type[SessionBase]:
    store: type[SessionBase] = import_module(settings.SESSION_ENGINE).SessionStore
    return store


def signs_in(data: dict[str, Any], person: User) -> bool:
    """Whether decoded session data signs ``person`` in, as ``django.contrib.auth.get_user``
    decides it (without its side effects): their id, a configured backend, and a session
    hash made from their current password (or one made with a fallback secret key)."""
    if data.get(SESSION_KEY) != person._meta.pk.value_to_string(person):
        return False
    if data.get(BACKEND_SESSION_KEY) not in settings.AUTHENTICATION_BACKENDS:
        return False
    session_hash = data.get(HASH_SESSION_KEY)
    if not isinstance(session_hash, str) or not session_hash:
        return False
    return constant_time_compare(session_hash, person.get_session_auth_hash()) or any(
        constant_time_compare(session_hash, fallback)
        for fallback in person.get_session_auth_fallback_hash()
    )


def live_sessions_of(person: User) -> list[UserSession]:
    """The person's sessions that still sign them in, oldest first; the dead ones are
    removed. One query, and at most two more (the deletes) when some have died."""
    store_class = _store_class()
    if not issubclass(store_class, DatabaseSessionStore):
        return sorted(UserSession.objects.purge_and_list(person), key=lambda s: s.created_at)

    stored = store_class.get_model_class().objects.filter(
        session_key=OuterRef("session_key"), expire_date__gt=timezone.now()
    )
    recorded = list(
        UserSession.objects.filter(user_id=person.pk)
        .annotate(stored_data=Subquery(stored.values("session_data")[:1]))
        .order_by("created_at", "pk")
    )
    decoder = store_class()
    live: list[UserSession] = []
    gone: list[UserSession] = []  # expired or missing: only the record is removed
    signed_out: list[UserSession] = []  # stored, but no longer signs the person in
    for session in recorded:
        data = session.stored_data  # type: ignore[attr-defined]
        if data is None:
            gone.append(session)
        elif signs_in(decoder.decode(data), person):
            live.append(session)
        else:
            signed_out.append(session)
    _purge(store_class, gone, signed_out)
    return live


def _purge(
    store_class: type[DatabaseSessionStore],
    gone: list[UserSession],
    signed_out: list[UserSession],
) -> None:
    dead = gone + signed_out
    if dead:
        UserSession.objects.filter(pk__in=[session.pk for session in dead]).delete()
    if signed_out:
        keys = [session.session_key for session in signed_out]
        store_class.get_model_class().objects.filter(session_key__in=keys).delete()
        prefix = getattr(store_class, "cache_key_prefix", None)
        if prefix is not None:  # cached_db: the cached copy goes too
            caches[settings.SESSION_CACHE_ALIAS].delete_many([prefix + key for key in keys])
