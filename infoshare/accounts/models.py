"""People who sign in (by email) and their personal API tokens."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone


class UserManager(BaseUserManager["User"]):
    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in. Never deleted once they have records: deactivated instead."""

    email = models.EmailField(unique=True, max_length=254)
    full_name = models.CharField(max_length=150)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    deactivated_at = models.DateTimeField(null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]
        indexes = [models.Index(Lower("full_name"), name="user_full_name_lower")]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


#: How long a new personal API token lasts, in days: the person chooses one on creation.
TOKEN_LIFETIME_DAYS = (30, 60, 90)
DEFAULT_TOKEN_LIFETIME_DAYS = 90


def default_token_expiry() -> datetime:
    return timezone.now() + timedelta(days=DEFAULT_TOKEN_LIFETIME_DAYS)


class TokenAccess(models.TextChoices):
    """What a personal API token may do. A read-only token may read (GET, HEAD, OPTIONS,
    and the few POST operations that only read: ``core.api.READ_ONLY_OPERATIONS``); a
    full-access one may do whatever its owner's roles allow."""

    READ_ONLY = "read_only", "Read only"
    FULL = "full", "Full access"


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 digest is stored; the secret is shown once.

    A token stops working when it expires, when its owner revokes it, and when all of the
    owner's tokens are revoked (signing out everywhere, a password change or reset, and
    deactivation)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=80)
    prefix = models.CharField(max_length=12, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(default=default_token_expiry)
    #: Read only unless full access was chosen; tokens made before the choice existed
    #: keep the full access they were made with (migration 0003).
    access = models.CharField(
        max_length=10, choices=TokenAccess.choices, default=TokenAccess.READ_ONLY
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and not self.is_expired

    @property
    def read_only(self) -> bool:
        return self.access != TokenAccess.FULL
