"""A deploy check: production settings must have the hardening switched on."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def infoshare_production_settings(app_configs: Any, **kwargs: Any) -> list[Error]:
    errors = []
    if not settings.PRODUCTION:
        errors.append(Error("Set INFOSHARE_ENV=production for a deployment.", id="infoshare.E001"))
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3") and settings.PRODUCTION:
        errors.append(Error("Use PostgreSQL (DATABASE_URL) in production.", id="infoshare.E002"))
    return errors
