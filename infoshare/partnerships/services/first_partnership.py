"""Setting up a partnership from nothing: the ``create_partnership`` command's one service.

No page creates a partnership, and no one can sign in before one exists (a superuser
counts for nothing in ``core.access``), so whoever runs the service's server creates the
first partnership, its first organisation and its first partnership administrator from
the command line. The administrator is invited like anyone an administrator adds on the
staff pages: an account without a password and a one-time link (7 days) to set one, then
two-factor authentication on first sign-in. Audited as ``partnership_created``, then with
the same events as those pages (``organisation_created``, ``person_invited``), by no
person: the audit trail names "Infoshare set-up" as who did it."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction

from infoshare.accounts.models import User
from infoshare.audit.services import for_change, record
from infoshare.core.errors import DomainError, ValidationFailed
from infoshare.core.roles import Role
from infoshare.core.text import line_problem
from infoshare.partnerships import emails
from infoshare.partnerships import errors as msg
from infoshare.partnerships.audit import Action
from infoshare.partnerships.emails import Delivery, InvitationMail
from infoshare.partnerships.models import Membership, Organisation, Partnership
from infoshare.partnerships.services.organisations import clean_organisation
from infoshare.partnerships.services.people import email_failure_audit
from infoshare.partnerships.services.rules import new_invitation, replace_invitation

#: Who the audit trail names for what the command does (no person: the actor is none).
SYSTEM_LABEL = "Infoshare set-up"
#: Said in each event's data, so an auditor sees where the change came from.
VIA = "create_partnership command"

PARTNERSHIP_TAKEN = "A partnership called “{name}” already exists. Nothing was changed"
ACCOUNT_ELSEWHERE = (
    "{email} already has an account in another partnership. Nothing was changed. "
    "Use a different email address for this partnership's administrator"
)
ACCOUNT_EXISTS = (
    "{email} already has an account, with no role in any partnership. Nothing was changed. "
    "Use a different email address, or remove that account first"
)


@dataclass(frozen=True)
class FirstPartnership:
    partnership: Partnership
    organisation: Organisation
    person: User
    membership: Membership
    delivery: Delivery  # the invitation email, after commit


def _clean(name: str, admin_name: str, admin_email: str) -> tuple[str, str, str, dict[str, str]]:
    name, admin_name, admin_email = name.strip(), admin_name.strip(), admin_email.strip().lower()
    fields: dict[str, str] = {}
    if problem := line_problem(
        name,
        missing="Enter the partnership's name",
        label="Partnership name",
        max_length=msg.ORG_NAME_MAX,
    ):
        fields["name"] = problem
    if problem := line_problem(
        admin_name,
        missing="Enter the administrator's full name",
        label="Full name",
        max_length=msg.NAME_MAX,
    ):
        fields["admin_name"] = problem
    try:
        if len(admin_email) > msg.EMAIL_MAX:
            raise ValidationError("too long")
        validate_email(admin_email)
    except ValidationError:
        fields["admin_email"] = (
            "Enter the administrator's email address in the correct format, like name@example.org"
        )
    return name, admin_name, admin_email, fields


def create_partnership(
    *,
    name: str,
    organisation_name: str,
    sector: str,
    admin_email: str,
    admin_name: str,
    identifier: str = "",
) -> FirstPartnership:
    """Creates the partnership, its first organisation and the first partnership
    administrator (a new account with a one-time link to set a password), in one
    transaction; the invitation is emailed once it commits. Refused, changing nothing,
    when a partnership of that name exists (ignoring case) or when the email address
    already has an account (one person, one account: an account of another partnership is
    attached only by that partnership's administrator, never from here).

    Nobody invited them but the set-up: the audit trail names no person (actor none,
    labelled "Infoshare set-up"). ``Invitation.invited_by`` cannot be empty, so it names
    the person themselves, which marks the invitation as the set-up's
    (``Invitation.by_set_up``: no administrator invites their own account)."""
    name, admin_name, admin_email, fields = _clean(name, admin_name, admin_email)
    try:
        with transaction.atomic():
            if "name" not in fields and Partnership.objects.filter(name__iexact=name).exists():
                raise DomainError("partnership_taken", PARTNERSHIP_TAKEN.format(name=name))
            partnership = Partnership(name=name)
            if not fields:
                partnership.save()
            try:
                org_name, sector, identifier = clean_organisation(
                    partnership_id=partnership.pk or 0,
                    name=organisation_name,
                    sector=sector,
                    identifier=identifier,
                    exclude=None,
                )
            except ValidationFailed as failed:
                fields |= {f"organisation_{k}": v for k, v in failed.fields.items()}
            if fields:
                raise ValidationFailed(fields)
            existing = User.objects.filter(email__iexact=admin_email).first()
            if existing is not None:
                elsewhere = Membership.objects.filter(person=existing).exists()
                raise DomainError(
                    "account_exists",
                    (ACCOUNT_ELSEWHERE if elsewhere else ACCOUNT_EXISTS).format(email=admin_email),
                    field="admin_email",
                )
            org = Organisation.objects.create(
                partnership=partnership, name=org_name, sector=sector, identifier=identifier
            )
            # In the first organisation's trail: a partnership has no trail of its own, and
            # that is where its auditors and administrators read.
            record(
                action=Action.PARTNERSHIP_CREATED,
                actor=None,
                actor_label=SYSTEM_LABEL,
                organisation_id=org.pk,
                obj=partnership,
                data={
                    "name": partnership.name,
                    "organisation_id": org.pk,
                    "organisation": org_name,
                    "via": VIA,
                },
            )
            record(
                action=Action.ORGANISATION_CREATED,
                actor=None,
                actor_label=SYSTEM_LABEL,
                organisation_id=org.pk,
                obj=org,
                data={
                    "name": org_name,
                    "sector": sector,
                    "identifier": identifier,
                    "partnership_id": partnership.pk,
                    "partnership": partnership.name,
                    "new_partnership": True,
                    "via": VIA,
                },
            )
            person = User(email=admin_email, full_name=admin_name)
            person.set_unusable_password()
            person.save()
            membership = Membership.objects.create(
                person=person, organisation=org, role=Role.PARTNERSHIP_ADMIN
            )
            token, invitation = new_invitation(person, org, person)
            record(
                action=Action.PERSON_INVITED,
                actor=None,
                actor_label=SYSTEM_LABEL,
                organisation_id=org.pk,
                obj=membership,
                data={
                    "person_id": person.pk,
                    "email": admin_email,
                    "role": Role.PARTNERSHIP_ADMIN,
                    "team_id": None,
                    "new_person": True,
                    "reactivated": False,
                    "other_organisation_ids": [],
                    "notified_person_ids": [],
                    "via": VIA,
                },
            )
            mail = InvitationMail(person.email, person.full_name, org.name, token)
            delivery = emails.send_invitations(
                [mail], [email_failure_audit(None, membership, person, invitation, resent=False)]
            )
    except IntegrityError as exc:  # the same name created at the same moment
        raise DomainError("partnership_taken", PARTNERSHIP_TAKEN.format(name=name)) from exc
    return FirstPartnership(partnership, org, person, membership, delivery)


NO_PENDING_ADMIN = (
    "{email} is not a partnership administrator waiting to accept an invitation. "
    "Nothing was changed. Only someone who has not set a password yet is sent a new link "
    "from here; anyone else is sent one by their administrators"
)


def resend_first_invitation(*, admin_email: str) -> FirstPartnership:
    """A new one-time link for a partnership administrator who has not set a password yet,
    for when the first invitation's email was not sent or its link expired: otherwise a
    new partnership with no one able to sign in could not be reached. Every link sent to
    them before stops working, as with ``credentials.resend_invitation``."""
    admin_email = admin_email.strip().lower()
    with transaction.atomic():
        person = for_change(User.objects).filter(email__iexact=admin_email).first()
        membership = (
            Membership.objects.active()
            .filter(person=person, role=Role.PARTNERSHIP_ADMIN)
            .select_related("organisation__partnership")
            .order_by("pk")
            .first()
            if person is not None and not person.has_usable_password()
            else None
        )
        if person is None or membership is None:
            raise DomainError("no_pending_admin", NO_PENDING_ADMIN.format(email=admin_email))
        org = membership.organisation
        token, invitation, withdrawn = replace_invitation(person, org, person)
        record(
            action=Action.INVITATION_RESENT,
            actor=None,
            actor_label=SYSTEM_LABEL,
            organisation_id=org.pk,
            obj=invitation,
            data={
                "person_id": person.pk,
                "email": person.email,
                "withdrawn": withdrawn,
                "via": VIA,
            },
        )
        delivery = emails.send_invitations(
            [InvitationMail(person.email, person.full_name, org.name, token)],
            [email_failure_audit(None, membership, person, invitation, resent=True)],
        )
    return FirstPartnership(org.partnership, org, person, membership, delivery)
