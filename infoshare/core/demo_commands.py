"""The one guard of the demo commands (``seed_demo``, ``seed_demo_*``, ``demo_code``).

The demo partnership's sign-ins (a partnership administrator, an auditor, ...) share a
password and a two-factor secret that are published in the repository, and
``demo_code`` prints a valid two-factor code for them. Loaded into a live service, they
would let anyone sign in as those people. So these commands refuse to run when the
settings say the service is in production (``settings.PRODUCTION``, from
``INFOSHARE_ENV=production``); ``make run`` and the tests are not production."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

REFUSED_IN_PRODUCTION = (
    "The demo commands do not run in production (INFOSHARE_ENV=production): the demo "
    "sign-ins' password and two-factor secret are published"
)


class DemoCommand(BaseCommand):
    """A management command for the demo partnership only: refused in production."""

    def execute(self, *args: Any, **options: Any) -> Any:
        if getattr(settings, "PRODUCTION", False):
            raise CommandError(REFUSED_IN_PRODUCTION)
        return super().execute(*args, **options)
