"""Inviting people, accepting invitations, changing roles and deactivating."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, Q
from django.utils import timezone

from infoshare.accounts.models import User
from infoshare.accounts.services import RevokeReason, revoke_all_api_tokens
from infoshare.audit.models import AuditEvent
from infoshare.audit.services import for_change, record
from infoshare.core.errors import DomainError, NotFound
from infoshare.core.roles import Role
from infoshare.core.text import control_problem
from infoshare.partnerships import emails
from infoshare.partnerships import errors as msg
from infoshare.partnerships.audit import Action
from infoshare.partnerships.emails import (
    AddedElsewhereNotice,
    Delivery,
    FailureAudit,
    InvitationMail,
)
from infoshare.partnerships.models import (
    Invitation,
    Membership,
    Organisation,
    Team,
)
from infoshare.partnerships.selectors import (
    can_manage_staff,
    token_digest,
)
from infoshare.partnerships.services.rules import (
    Forbidden,
    change_refusal,
    end_date,
    ensure_another_org_admin,
    lock_org,
    may_add_existing_account,
    new_invitation,
    require_admin,
    require_grantable,
    role_change_refusal,
    unended_roles,
)


@dataclass(frozen=True)
class Invited:
    person: User
    membership: Membership
    new_person: bool
    token: str  # empty when the person already had an account and was only added
    delivery: Delivery = field(default_factory=Delivery)  # the email, after commit
    # The same invitation sent again straight after (``REPEAT_WINDOW``): nothing was
    # done this time; ``membership`` is the one the first made, ``delivery`` its email.
    repeat: bool = False


@dataclass(frozen=True)
class AddedElsewhere:
    """An existing account given ``role`` in ``organisation`` while it also works for
    ``others`` (organisation id -> name; never ``organisation`` itself)."""

    person: User
    organisation: Organisation
    role: str
    others: dict[int, str]


# --- people --------------------------------------------------------------------------


def invite_person(
    *,
    actor: Any,
    organisation: Organisation,
    full_name: str,
    email: str,
    role: str,
    team: Team | None = None,
) -> Invited:
    """Gives a person a role in the organisation. A new person gets an account without a
    password and a one-time link (7 days) to set one; a person who already has an account
    is given the new role instead (one person, one account).

    Nobody gives themselves a role. An account with no role, now or before, in this
    partnership (another partnership's staff, or nobody's) is added by a partnership
    administrator only: an organisation administrator is refused in words that say
    nothing about it (``msg.CANNOT_ADD_ACCOUNT``: not where it is, nor whether it is
    deactivated), and the attempt is audited with the address. A deactivated account of
    the partnership comes back like a new one: its password, two-factor authenticators,
    single sign-on links and API tokens are removed, so the person must accept the new
    invitation (set a password, then set up two-factor) to sign in again."""
    require_admin(actor, organisation)
    full_name, email = full_name.strip(), email.strip().lower()
    if email and email == str(getattr(actor, "email", "") or "").strip().lower():
        raise Forbidden("own_roles", msg.OWN_ROLES, field="email")
    require_grantable(actor, organisation, role)
    if not full_name or len(full_name) > msg.NAME_MAX:
        raise DomainError("bad_name", "Enter the person's full name", field="full_name")
    problem = control_problem(full_name, label="Full name", one_line=True)
    if problem:
        raise DomainError("control_characters", problem, field="full_name")
    if team is not None and team.organisation_id != organisation.pk:
        raise DomainError("team_not_found", msg.TEAM_NOT_FOUND, field="team")
    try:
        return _invite(actor, organisation, full_name, email, role, team)
    except Forbidden as refusal:
        if refusal.code == "cannot_add_account":
            # Nothing else was written (the transaction rolled back); the attempt is kept.
            record(
                action=Action.INVITATION_REFUSED,
                actor=actor,
                organisation_id=organisation.pk,
                data={"email": email, "role": role},
            )
        raise


def _invite(
    actor: Any, organisation: Organisation, full_name: str, email: str, role: str, team: Team | None
) -> Invited:
    """``invite_person`` once its input is checked: one transaction."""
    with transaction.atomic():
        lock_org(organisation)
        person = for_change(User.objects).filter(email=email).first()
        new_person = person is None
        reactivated = False
        if person is None:
            person = User(email=email, full_name=full_name)
            person.set_unusable_password()
            person.save()
        else:
            if not may_add_existing_account(actor, organisation, person.pk):
                raise Forbidden("cannot_add_account", msg.CANNOT_ADD_ACCOUNT, field="email")
            if not person.is_active:
                _reset_for_reinvitation(actor, person, organisation)
                reactivated = True
        held = Membership.objects.filter(
            person=person, organisation=organisation, role=role, ends_on__isnull=True
        ).first()
        if held is not None:
            repeated = _repeat_of_invitation(actor, person, held, team)
            if repeated is not None:
                return repeated
            raise DomainError("already_has_role", msg.ALREADY_HAS_ROLE, field="role")
        others = {} if new_person else works_for([person.pk])[person.pk]
        others.pop(organisation.pk, None)  # another role here is not another organisation
        membership = Membership.objects.create(
            person=person, organisation=organisation, role=role, team=team
        )
        token, invitation = "", None
        if not person.has_usable_password():
            token, invitation = new_invitation(person, organisation, actor)
        told = tell_other_organisations(
            actor=actor,
            added=[AddedElsewhere(person, organisation, role, others)],
            obj=membership,
        )
        record(
            action=Action.PERSON_INVITED if token else Action.MEMBERSHIP_ADDED,
            actor=actor,
            organisation_id=organisation.pk,
            obj=membership,
            data={
                "person_id": person.pk,
                "email": email,
                "role": role,
                "team_id": team.pk if team else None,
                "new_person": new_person,
                "reactivated": reactivated,
                "other_organisation_ids": sorted(others),
                "notified_person_ids": told.get(person.pk, []),
            },
        )
        mail = InvitationMail(
            person.email,
            person.full_name,
            organisation.name,
            token,
            also_at=tuple(sorted(others.values())),
            added_by=str(actor) if others else "",
        )
        delivery = emails.send_invitations(
            [mail], [email_failure_audit(actor, membership, person, invitation, resent=False)]
        )
    return Invited(person, membership, new_person, token, delivery)


#: How long after an invitation the same one sent again by the same administrator (a
#: double press on "Send invitation", a form sent twice) is taken as that invitation
#: rather than a new attempt to give the person a role they already have.
REPEAT_WINDOW = dt.timedelta(minutes=5)


def _repeat_of_invitation(
    actor: Any, person: User, membership: Membership, team: Team | None
) -> Invited | None:
    """The invitation ``actor`` made within ``REPEAT_WINDOW`` that gave ``membership``, for
    the same address, role and team: the same form sent again, whose answer is the first
    one's (the role added, and its email sent or refused). None for anything else: a role
    given by someone else, earlier, or with another team is a separate attempt."""
    team_id = team.pk if team is not None else None
    if membership.team_id != team_id or getattr(actor, "pk", None) is None:
        return None
    events = AuditEvent.objects.filter(
        action__in=[Action.PERSON_INVITED, Action.MEMBERSHIP_ADDED],
        actor_id=actor.pk,
        organisation_id=membership.organisation_id,
        object_type=Membership._meta.label,
        object_id=str(membership.pk),
        occurred_at__gte=timezone.now() - REPEAT_WINDOW,
    ).values_list("data", flat=True)
    sent = (person.email, membership.role, team_id)
    if not any((d.get("email"), d.get("role"), d.get("team_id")) == sent for d in events):
        return None
    failures = AuditEvent.objects.filter(
        action=Action.INVITATION_EMAIL_FAILED,
        organisation_id=membership.organisation_id,
        object_type=Membership._meta.label,
        object_id=str(membership.pk),
    ).values_list("data", flat=True)
    failed = any(d.get("resent") is False for d in failures)
    return Invited(
        person,
        membership,
        new_person=False,
        token="",
        delivery=Delivery(sent=False) if failed else Delivery(),
        repeat=True,
    )


def works_for(person_ids: Sequence[int]) -> dict[int, dict[int, str]]:
    """For each person, the organisations where they hold a role that has not ended
    (id -> name), in one query. Read before a new role is saved, to tell the others."""
    found: dict[int, dict[int, str]] = {pk: {} for pk in person_ids}
    for person_id, org_id, _, name in unended_roles(person_ids):
        found[person_id][org_id] = name
    return found


def _administrators_of(org_ids: list[int]) -> dict[int, list[tuple[int, str, str]]]:
    """The administrators of each organisation (person id, email, name): its
    organisation administrators, or, where it has none, its partnership's administrators."""
    admins: dict[int, list[tuple[int, str, str]]] = {pk: [] for pk in org_ids}
    rows = (
        Membership.objects.active()
        .filter(organisation_id__in=org_ids, role=Role.ORG_ADMIN)
        .values_list("organisation_id", "person_id", "person__email", "person__full_name")
        .order_by("person__email")
    )
    for org_id, person_id, email, name in rows:
        admins[org_id].append((person_id, email, name))
    without = [pk for pk, found in admins.items() if not found]
    if without:
        partnership_of = dict(
            Organisation.objects.filter(pk__in=without).values_list("pk", "partnership_id")
        )
        rows = (
            Membership.objects.active()
            .filter(
                organisation__partnership_id__in=set(partnership_of.values()),
                role=Role.PARTNERSHIP_ADMIN,
            )
            .values_list(
                "organisation__partnership_id", "person_id", "person__email", "person__full_name"
            )
            .order_by("person__email")
        )
        for partnership_id, person_id, email, name in rows:
            for org_id in without:
                if partnership_of.get(org_id) == partnership_id:
                    admins[org_id].append((person_id, email, name))
    return admins


def tell_other_organisations(
    *, actor: Any, added: Sequence[AddedElsewhere], obj: Model, data: dict[str, Any] | None = None
) -> dict[int, list[int]]:
    """When existing accounts are given a role in an organisation while they also work
    for others (``AddedElsewhere.others``): each of those other organisations records it
    in its audit trail, and its administrators are emailed once the change commits (one
    email each, naming every person of theirs). Neither the actor nor the person added is
    sent this email (the person is told in their own). Returns, for each person, the ids
    of the administrators told."""
    added = [a for a in added if a.others]
    if not added:
        return {}
    skip = {getattr(actor, "pk", None)} | {a.person.pk for a in added}
    admins = {
        org_id: [admin for admin in found if admin[0] not in skip]
        for org_id, found in _administrators_of(
            sorted({o for a in added for o in a.others})
        ).items()
    }
    told: dict[int, set[int]] = {}
    # recipient id -> (email, name, their organisations concerned, one line a person)
    notices: dict[int, tuple[str, str, set[str], list[str]]] = {}
    people_of: dict[int, list[dict[str, Any]]] = {}
    for a in added:
        line = f"{a.person} ({a.person.email}): {Role(a.role).label} at {a.organisation.name}"
        for org_id, org_name in sorted(a.others.items()):
            people_of.setdefault(org_id, []).append(
                {
                    "person_id": a.person.pk,
                    "email": a.person.email,
                    "organisation_id": a.organisation.pk,
                    "role": a.role,
                }
            )
            for admin_id, email, name in admins[org_id]:
                told.setdefault(a.person.pk, set()).add(admin_id)
                notice = notices.setdefault(admin_id, (email, name or email, set(), []))
                notice[2].add(org_name)
                if line not in notice[3]:
                    notice[3].append(line)
    failures = []
    for org_id, people in sorted(people_of.items()):
        notified = sorted(admin[0] for admin in admins[org_id])
        record(
            action=Action.MEMBERSHIP_ADDED_ELSEWHERE,
            actor=actor,
            organisation_id=org_id,
            obj=obj,
            data={**(data or {}), "people": people, "notified_person_ids": notified},
        )
        if notified:
            failures.append(
                FailureAudit(
                    action=Action.ADDED_ELSEWHERE_EMAIL_FAILED,
                    actor=actor,
                    organisation_id=org_id,
                    obj=obj,
                    data={**(data or {}), "notified_person_ids": notified},
                )
            )
    messages = [
        emails.added_elsewhere_message(
            AddedElsewhereNotice(
                email=email,
                name=name,
                administers=tuple(sorted(orgs)),
                added_by=str(actor),
                people=tuple(lines),
            )
        )
        for email, name, orgs, lines in (notices[pk] for pk in sorted(notices))
    ]
    emails.send_after_commit(messages, failures)
    return {person_id: sorted(ids) for person_id, ids in told.items()}


def email_failure_audit(
    actor: Any,
    membership: Membership,
    person: User,
    invitation: Invitation | None,
    *,
    resent: bool,
) -> FailureAudit:
    """The event written if the mail server refuses the email of an invitation (or, with
    no invitation, of a role given to an existing account): the administrator is told on
    the page and can send a new invitation; the audit keeps that it happened."""
    return FailureAudit(
        action=Action.INVITATION_EMAIL_FAILED,
        actor=actor,
        organisation_id=membership.organisation_id,
        obj=membership,
        data={
            "person_id": person.pk,
            "email": person.email,
            "invitation_id": invitation.pk if invitation else None,
            "resent": resent,
        },
    )


def _reset_for_reinvitation(actor: Any, person: User, organisation: Organisation) -> None:
    """Reactivates a deactivated account without its old credentials (whoever held them
    while it was deactivated must not get back in): no password until the person accepts
    the new invitation, no two-factor authenticators or single sign-on links (set up
    again after accepting), no API tokens. Changing the password also ends its sessions."""
    from allauth.mfa.models import Authenticator
    from allauth.socialaccount.models import SocialAccount

    person.is_active, person.deactivated_at = True, None
    person.set_unusable_password()
    person.save(update_fields=["is_active", "deactivated_at", "password"])
    Authenticator.objects.filter(user=person).delete()
    SocialAccount.objects.filter(user=person).delete()
    revoke_all_api_tokens(
        actor=actor,
        person=person,
        reason=RevokeReason.DEACTIVATED,
        organisation_id=organisation.pk,
    )


def accept_invitation(*, token: str, password: str) -> User:
    """The invited person sets their password with the one-time link. The link then
    stops working, and so do any other unused links sent to them. A link replaced by a
    newer invitation (``resend_invitation``) says so, rather than that it expired."""
    with transaction.atomic():
        invitation = (
            for_change(Invitation.objects)
            .select_related("person", "organisation")
            .filter(digest=token_digest(token))
            .first()
        )
        if invitation is None:
            raise NotFound(msg.INVITATION_NOT_FOUND)
        if invitation.replaced_at is not None:
            raise DomainError("invitation_replaced", msg.INVITATION_REPLACED)
        if invitation.used_at is not None:
            raise DomainError("invitation_used", msg.INVITATION_USED)
        if invitation.expires_at <= timezone.now():
            raise DomainError("invitation_expired", msg.INVITATION_EXPIRED)
        person = invitation.person
        if not person.is_active:
            raise DomainError("person_deactivated", msg.INVITATION_EXPIRED)
        try:
            password_validation.validate_password(password, person)
        except ValidationError as exc:
            raise DomainError(
                "bad_password", " ".join(exc.messages), field="new_password1"
            ) from exc
        person.set_password(password)
        person.save(update_fields=["password"])
        now = timezone.now()
        Invitation.objects.filter(person=person, used_at__isnull=True).update(used_at=now)
        record(
            action=Action.INVITATION_ACCEPTED,
            actor=person,
            organisation_id=invitation.organisation_id,
            obj=invitation,
        )
    return person


def change_role(*, actor: Any, membership: Membership, role: str) -> Membership:
    """Ends the old membership today and starts one with the new role, so the history of
    who held which role, when, is kept. Nobody changes their own roles
    (``rules.role_change_refusal``)."""
    organisation = membership.organisation
    refusal = role_change_refusal(actor, organisation, membership)
    if refusal is not None:
        raise refusal
    require_grantable(actor, organisation, role)
    if role == membership.role:
        raise DomainError("same_role", msg.SAME_ROLE, field="role")
    with transaction.atomic():
        lock_org(organisation)
        old = for_change(Membership.objects).get(pk=membership.pk)
        if not old.is_current:
            raise DomainError("membership_ended", msg.MEMBERSHIP_ENDED)
        if old.role == Role.ORG_ADMIN:
            ensure_another_org_admin(organisation, old)
        if Membership.objects.filter(
            person_id=old.person_id, organisation=organisation, role=role, ends_on__isnull=True
        ).exists():
            raise DomainError("already_has_role", msg.ALREADY_HAS_ROLE, field="role")
        old.ends_on = end_date(old)
        old.save(update_fields=["ends_on"])
        new = Membership.objects.create(
            person_id=old.person_id,
            organisation=organisation,
            role=role,
            team_id=old.team_id,
            starts_on=old.ends_on,
        )
        record(
            action=Action.ROLE_CHANGED,
            actor=actor,
            organisation_id=organisation.pk,
            obj=new,
            data={
                "person_id": old.person_id,
                "old_role": old.role,
                "new_role": role,
                "old_membership_id": old.pk,
            },
        )
    return new


@dataclass(frozen=True)
class EndedRole:
    """What became of a role that has ended: ``role`` changed to ``new_role`` (the
    membership ``successor``, while it is current), or removed (``new_role`` empty), by
    whom and when. Following later changes, it is the last of them."""

    membership: Membership  # the role asked about, with its person
    role: str  # the role changed or removed last (the one asked about, or a later one)
    new_role: str
    successor: Membership | None
    by_id: int | None
    by: str
    at: dt.datetime


#: How many changes in a row ``ended_role`` follows, from the role asked about.
_CHANGES_FOLLOWED = 20


def ended_role(viewer: Any, organisation: Organisation, membership_id: int) -> EndedRole | None:
    """For a role of ``organisation`` that has ended, what became of it (``EndedRole``),
    so that a form sent for it after it changed says so rather than that it was not
    found. None, as for a role that never was, to anyone who does not manage the
    organisation's staff, and for a role that is current, is yet to start or ended
    otherwise than by a change or a removal."""
    if not can_manage_staff(viewer, organisation):
        return None
    ended = (
        Membership.objects.filter(
            organisation=organisation, pk=membership_id, ends_on__lte=timezone.localdate()
        )
        .select_related("person")
        .first()
    )
    if ended is None:
        return None
    found: EndedRole | None = None
    current: Membership | None = ended
    for _ in range(_CHANGES_FOLLOWED):
        if current is None or current.is_current:
            break
        event = _ending_of(current)
        if event is None:
            break
        changed = event.action == Action.ROLE_CHANGED
        successor = (
            Membership.objects.filter(organisation=organisation, pk=event.object_id).first()
            if changed
            else None
        )
        found = EndedRole(
            membership=ended,
            role=current.role,
            new_role=str(event.data.get("new_role", "")) if changed else "",
            successor=successor if successor is not None and successor.is_current else None,
            by_id=event.actor_id,
            by=_name_of(event.actor_id, event.actor_label),
            at=event.occurred_at,
        )
        current = successor
    return found


def _ending_of(membership: Membership) -> AuditEvent | None:
    """The event that ended ``membership``: its change of role or its removal."""
    label = Membership._meta.label
    return (
        AuditEvent.objects.filter(organisation_id=membership.organisation_id)
        .filter(
            Q(action=Action.ROLE_CHANGED, data__old_membership_id=membership.pk)
            | Q(
                action__in=[Action.MEMBERSHIP_ENDED, Action.PERSON_DEACTIVATED],
                object_type=label,
                object_id=str(membership.pk),
            )
        )
        .order_by("-id")
        .first()
    )


def _name_of(person_id: int | None, label: str) -> str:
    """A person's name as the staff list gives it (their email when they have none), or
    the audit trail's label for them."""
    person = User.objects.filter(pk=person_id).first() if person_id is not None else None
    if person is not None:
        return person.full_name or person.email
    return label or "another administrator"


def deactivate_membership(*, actor: Any, membership: Membership) -> Membership:
    """Ends the membership. A person left with no current role is deactivated (they can
    no longer sign in); people are never deleted, so their records keep their author."""
    organisation = membership.organisation
    refusal = change_refusal(actor, organisation, membership.role)
    if refusal is not None:
        raise refusal
    with transaction.atomic():
        lock_org(organisation)
        current = for_change(Membership.objects).select_related("person").get(pk=membership.pk)
        if not current.is_current:
            raise DomainError("membership_ended", msg.MEMBERSHIP_ENDED)
        if current.role == Role.ORG_ADMIN:
            ensure_another_org_admin(organisation, current)
        current.ends_on = end_date(current)
        current.save(update_fields=["ends_on"])
        person = current.person
        now = timezone.now()
        Invitation.objects.filter(
            person=person, organisation=organisation, used_at__isnull=True
        ).update(expires_at=now)
        still_member = Membership.objects.active().filter(person=person).exclude(pk=current.pk)
        deactivated = not still_member.exists()
        if deactivated:
            person.is_active, person.deactivated_at = False, now
            person.save(update_fields=["is_active", "deactivated_at"])
            revoke_all_api_tokens(
                actor=actor,
                person=person,
                reason=RevokeReason.DEACTIVATED,
                organisation_id=organisation.pk,
            )
        record(
            action=Action.PERSON_DEACTIVATED if deactivated else Action.MEMBERSHIP_ENDED,
            actor=actor,
            organisation_id=organisation.pk,
            obj=current,
            data={"person_id": person.pk, "role": current.role, "deactivated": deactivated},
        )
    return current
