"""Creates the first partnership, its first organisation and its first partnership
administrator, who is emailed an invitation to set a password and two-factor
authentication (README, "Running in production")."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from infoshare.core.errors import DomainError, ValidationFailed
from infoshare.partnerships.models import Sector
from infoshare.partnerships.services.first_partnership import (
    FirstPartnership,
    create_partnership,
    resend_first_invitation,
)

#: The command's option for each field a refusal may name.
_OPTIONS = {
    "name": "--name",
    "admin_name": "--admin-name",
    "admin_email": "--admin-email",
    "organisation_name": "--organisation",
    "organisation_sector": "--organisation-type",
    "organisation_identifier": "--organisation-identifier",
}

_NEEDED = ("name", "organisation", "organisation_type", "admin_email", "admin_name")


def _types() -> str:
    return "\n".join(f"  {value:<20} {label}" for value, label in Sector.choices)


class Command(BaseCommand):
    help = (
        "Creates a partnership, its first organisation and its first partnership "
        "administrator, and emails the administrator an invitation to set their password "
        "and two-factor authentication. Refuses, changing nothing, if the partnership "
        "exists. With --resend-invitation and --admin-email only, sends that administrator "
        "a new link instead (while they have not set a password)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", help="The partnership's name")
        parser.add_argument("--organisation", help="The name of its first organisation")
        parser.add_argument(
            "--organisation-type",
            help=f"The first organisation's type, one of: {', '.join(Sector.values)}",
        )
        parser.add_argument(
            "--organisation-identifier",
            default="",
            help="ODS code, school URN or similar (optional)",
        )
        parser.add_argument("--admin-email", help="The partnership administrator's email address")
        parser.add_argument("--admin-name", help="The partnership administrator's full name")
        parser.add_argument(
            "--resend-invitation",
            action="store_true",
            help="Send a new invitation link to --admin-email, a partnership administrator "
            "who has not set a password yet (when the first email was not sent or expired)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["resend_invitation"]:
            self._resend(options)
            return
        missing = [f"--{key.replace('_', '-')}" for key in _NEEDED if not options.get(key)]
        if missing:
            raise CommandError(f"Nothing was changed. Give {', '.join(missing)}")
        sector = options["organisation_type"]
        if sector not in Sector.values:
            raise CommandError(
                f"--organisation-type must be one of these (not “{sector}”):\n{_types()}"
            )
        try:
            created = create_partnership(
                name=options["name"],
                organisation_name=options["organisation"],
                sector=sector,
                identifier=options["organisation_identifier"],
                admin_email=options["admin_email"],
                admin_name=options["admin_name"],
            )
        except ValidationFailed as failed:
            lines = [f"  {_OPTIONS.get(k, k)}: {v}" for k, v in failed.fields.items()]
            raise CommandError("Nothing was changed. Correct these:\n" + "\n".join(lines)) from None
        except DomainError as refused:
            raise CommandError(refused.message) from None
        person = created.person
        self.stdout.write(
            f"Created the partnership “{created.partnership.name}” with the organisation "
            f"“{created.organisation.name}”, and {person.full_name} ({person.email}) as its "
            "partnership administrator."
        )
        self._report(created)

    def _resend(self, options: dict[str, Any]) -> None:
        if not options.get("admin_email"):
            raise CommandError("Nothing was changed. Give --admin-email with --resend-invitation")
        try:
            sent = resend_first_invitation(admin_email=options["admin_email"])
        except DomainError as refused:
            raise CommandError(refused.message) from None
        self._report(sent)

    def _report(self, done: FirstPartnership) -> None:
        email = done.person.email
        if done.delivery.failed:
            raise CommandError(
                f"The invitation email to {email} could not be sent (the log says why). "
                "Check the EMAIL_ settings, then send a new link with:\n"
                f"  python manage.py create_partnership --resend-invitation --admin-email {email}"
            )
        self.stdout.write(
            f"An invitation has been sent to {email}. Its link works once and expires in "
            "7 days: they set their password, then two-factor authentication."
        )
