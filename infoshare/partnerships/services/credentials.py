"""Getting a person back into their account: a new invitation link, or a reset of their
two-factor authentication. Each acts on the person's whole account, not only on their role
in one organisation, so it is done by someone who administers every organisation where the
person works (``rules.whole_account_refusal``): an administrator of one of them alone
could otherwise take over the account of another organisation's staff. Each is one
transaction with its audit event, and the email goes after it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from infoshare.accounts.models import User
from infoshare.accounts.services import RevokeReason, end_sessions, revoke_all_api_tokens
from infoshare.audit.services import for_change, record
from infoshare.core.errors import DomainError
from infoshare.partnerships import emails
from infoshare.partnerships import errors as msg
from infoshare.partnerships.audit import Action
from infoshare.partnerships.emails import Delivery, InvitationMail
from infoshare.partnerships.models import Membership
from infoshare.partnerships.selectors import holds_partnership_role
from infoshare.partnerships.services.people import Invited, email_failure_audit
from infoshare.partnerships.services.rules import (
    lock_org,
    organisations_of,
    replace_invitation,
    require_admin,
    resend_refusal,
    two_factor_reset_refusal,
)


@dataclass(frozen=True)
class TwoFactorReset:
    person: User
    sessions: int
    tokens: int
    delivery: Delivery


def _current_person(membership: Membership) -> User:
    """The membership's person, locked, while the membership is still current."""
    if not Membership.objects.active().filter(pk=membership.pk).exists():
        raise DomainError("membership_ended", msg.MEMBERSHIP_ENDED)
    person = for_change(User.objects).get(pk=membership.person_id)
    if not person.is_active:
        raise DomainError("person_deactivated", msg.PERSON_DEACTIVATED)
    return person


def resend_invitation(*, actor: Any, membership: Membership) -> Invited:
    """Sends a person who has not accepted their invitation yet a new one-time link (for
    7 days), for when the email did not arrive or the link expired. Every link sent to
    them before stops working, marked as replaced so that its page sends them to the
    newer one."""
    organisation = membership.organisation
    require_admin(actor, organisation)
    with transaction.atomic():
        lock_org(organisation)
        person = _current_person(membership)
        refusal = resend_refusal(
            actor, organisation, person, person_organisations=organisations_of(person.pk)
        )
        if refusal is not None:
            raise refusal
        token, invitation, withdrawn = replace_invitation(person, organisation, actor)
        record(
            action=Action.INVITATION_RESENT,
            actor=actor,
            organisation_id=organisation.pk,
            obj=invitation,
            data={"person_id": person.pk, "email": person.email, "withdrawn": withdrawn},
        )
        mail = InvitationMail(person.email, person.full_name, organisation.name, token)
        audit = email_failure_audit(actor, membership, person, invitation, resent=True)
        delivery = emails.send_invitations([mail], [audit])
    return Invited(person, membership, False, token, delivery)


def reset_two_factor(*, actor: Any, membership: Membership) -> TwoFactorReset:
    """For a person who has lost their authenticator app and recovery codes: removes
    their authenticators, ends every session and revokes their API tokens, and emails
    them. They sign in with their password next and set up an app again.

    Nobody resets their own. The two-factor authentication of someone with a
    partnership-wide role is reset by a partnership administrator only, and that of
    someone who also works for another organisation by someone who administers every
    organisation where they work (``rules.two_factor_reset_refusal``)."""
    from allauth.mfa.models import Authenticator

    organisation = membership.organisation
    require_admin(actor, organisation)
    with transaction.atomic():
        lock_org(organisation)
        person = _current_person(membership)
        authenticators = Authenticator.objects.filter(user=person)
        kinds = sorted(set(authenticators.values_list("type", flat=True)))
        refusal = two_factor_reset_refusal(
            actor,
            organisation,
            person.pk,
            partnership_wide=holds_partnership_role(person.pk),
            has_two_factor=bool(kinds),
            person_organisations=organisations_of(person.pk),
        )
        if refusal is not None:
            raise refusal
        authenticators.delete()
        sessions = end_sessions(person)
        tokens = revoke_all_api_tokens(
            actor=actor,
            person=person,
            reason=RevokeReason.TWO_FACTOR_RESET,
            organisation_id=organisation.pk,
        )
        record(
            action=Action.TWO_FACTOR_RESET,
            actor=actor,
            organisation_id=organisation.pk,
            obj=person,
            data={
                "person_id": person.pk,
                "email": person.email,
                "authenticators": kinds,
                "sessions": sessions,
                "tokens": tokens,
            },
        )
        message = emails.two_factor_reset_message(person.email, person.full_name, organisation.name)
        failed = emails.FailureAudit(
            action=Action.TWO_FACTOR_RESET_EMAIL_FAILED,
            actor=actor,
            organisation_id=organisation.pk,
            obj=person,
            data={"person_id": person.pk, "email": person.email},
        )
        delivery = emails.send_after_commit([message], [failed])
    return TwoFactorReset(person, sessions, tokens, delivery)
