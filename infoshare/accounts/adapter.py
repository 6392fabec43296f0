"""allauth adapters: nobody signs themselves up; people are invited by an administrator."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: Any) -> bool:
        return False


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Single sign-on signs in people who already have an Infoshare account (matched by
    verified email); it never creates accounts."""

    def is_open_for_signup(self, request: Any, sociallogin: Any) -> bool:
        return False
