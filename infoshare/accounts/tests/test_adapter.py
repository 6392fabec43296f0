"""What the allauth adapters promise (the README's single sign-on instructions rely on it)."""

from __future__ import annotations

from allauth.socialaccount.adapter import get_adapter
from django.conf import settings


def test_single_sign_on_never_creates_or_matches_an_account_by_email(rf) -> None:
    # Only a provider account the person linked while signed in signs them in.
    assert settings.SOCIALACCOUNT_EMAIL_AUTHENTICATION is False
    assert settings.SOCIALACCOUNT_AUTO_SIGNUP is False
    assert get_adapter().is_open_for_signup(rf.get("/"), None) is False
