"""What administrators do with organisations, teams and staff. Each function is one
transaction and writes its audit event in that transaction (architecture pattern 1)."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from infoshare.accounts.models import User
from infoshare.audit.services import record
from infoshare.core.errors import DomainError, NotFound, ValidationFailed
from infoshare.core.roles import PARTNERSHIP_ROLES, Role
from infoshare.partnerships import emails, staff_import
from infoshare.partnerships import errors as msg
from infoshare.partnerships.audit import Action
from infoshare.partnerships.emails import InvitationMail
from infoshare.partnerships.models import (
    Invitation,
    Membership,
    Organisation,
    Sector,
    StaffImport,
    Team,
)
from infoshare.partnerships.selectors import (
    can_manage_staff,
    is_partnership_admin_for,
    partnerships_administered_by,
    token_digest,
)

INVITATION_DAYS = 7


class Forbidden(DomainError):
    status = 403


@dataclass(frozen=True)
class Invited:
    person: User
    membership: Membership
    new_person: bool
    token: str  # empty when the person already had an account and was only added


# --- rules ---------------------------------------------------------------------------


def grantable_roles(actor: Any, organisation: Organisation) -> frozenset[str]:
    """Least privilege: an organisation administrator gives organisation roles only;
    partnership-wide roles (board member, partnership admin, auditor) are given by a
    partnership administrator."""
    if is_partnership_admin_for(actor, organisation):
        return frozenset(Role.values)
    if can_manage_staff(actor, organisation):
        return frozenset(Role.values) - PARTNERSHIP_ROLES
    return frozenset()


def _require_admin(actor: Any, organisation: Organisation) -> None:
    if not can_manage_staff(actor, organisation):
        raise Forbidden("forbidden", msg.NOT_AN_ADMIN)


def _require_grantable(actor: Any, organisation: Organisation, role: str) -> None:
    if role not in Role.values:
        raise DomainError("unknown_role", "Select a role", field="role")
    if role not in grantable_roles(actor, organisation):
        raise Forbidden("role_not_grantable", msg.ROLE_NOT_GRANTABLE, field="role")


def _ensure_another_org_admin(organisation: Organisation, membership: Membership) -> None:
    """An organisation always keeps at least one administrator."""
    others = (
        Membership.objects.active()
        .filter(organisation=organisation, role=Role.ORG_ADMIN)
        .exclude(pk=membership.pk)
    )
    if not others.exists():
        raise DomainError("last_org_admin", msg.LAST_ORG_ADMIN, field="role")


def _lock_org(organisation: Organisation) -> Organisation:
    return Organisation.objects.select_for_update().get(pk=organisation.pk)


def _end_date(membership: Membership) -> dt.date:
    return max(timezone.localdate(), membership.starts_on)


def _new_invitation(person: User, organisation: Organisation, actor: Any) -> tuple[str, Invitation]:
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        person=person,
        organisation=organisation,
        digest=token_digest(token),
        invited_by=actor,
        expires_at=timezone.now() + dt.timedelta(days=INVITATION_DAYS),
    )
    return token, invitation


# --- organisations and teams ---------------------------------------------------------


def _clean_organisation(
    *, partnership_id: int, name: str, sector: str, identifier: str, exclude: int | None
) -> tuple[str, str, str]:
    name, identifier = name.strip(), identifier.strip()
    fields: dict[str, str] = {}
    if not name:
        fields["name"] = "Enter the organisation's name"
    elif len(name) > msg.ORG_NAME_MAX:
        fields["name"] = f"Name must be {msg.ORG_NAME_MAX} characters or fewer"
    if sector not in Sector.values:
        fields["sector"] = "Select the organisation's sector"
    if len(identifier) > msg.IDENTIFIER_MAX:
        fields["identifier"] = f"Identifier must be {msg.IDENTIFIER_MAX} characters or fewer"
    siblings = Organisation.objects.filter(partnership_id=partnership_id)
    if exclude is not None:
        siblings = siblings.exclude(pk=exclude)
    if "name" not in fields and siblings.filter(name__iexact=name).exists():
        fields["name"] = msg.ORG_NAME_TAKEN
    taken = identifier and "identifier" not in fields
    if taken and siblings.filter(identifier__iexact=identifier).exists():
        fields["identifier"] = msg.IDENTIFIER_TAKEN
    if fields:
        raise ValidationFailed(fields)
    return name, sector, identifier


def create_organisation(
    *, actor: Any, name: str, sector: str, identifier: str = ""
) -> Organisation:
    """A partnership administrator adds an organisation to their partnership."""
    partnerships = partnerships_administered_by(actor)
    if not partnerships:
        raise Forbidden("forbidden", msg.NOT_PARTNERSHIP_ADMIN)
    partnership_id = partnerships[0]
    name, sector, identifier = _clean_organisation(
        partnership_id=partnership_id, name=name, sector=sector, identifier=identifier, exclude=None
    )
    try:
        with transaction.atomic():
            org = Organisation.objects.create(
                partnership_id=partnership_id, name=name, sector=sector, identifier=identifier
            )
            record(
                action=Action.ORGANISATION_CREATED,
                actor=actor,
                organisation_id=org.pk,
                obj=org,
                data={"name": name, "sector": sector, "identifier": identifier},
            )
    except IntegrityError as exc:
        raise DomainError("conflict", msg.ORG_NAME_TAKEN, field="name") from exc
    return org


def update_organisation(
    *, actor: Any, organisation: Organisation, name: str, sector: str, identifier: str = ""
) -> Organisation:
    """A partnership administrator corrects an organisation's name, sector or identifier."""
    if not is_partnership_admin_for(actor, organisation):
        raise Forbidden("forbidden", msg.NOT_PARTNERSHIP_ADMIN)
    name, sector, identifier = _clean_organisation(
        partnership_id=organisation.partnership_id,
        name=name,
        sector=sector,
        identifier=identifier,
        exclude=organisation.pk,
    )
    try:
        with transaction.atomic():
            org = _lock_org(organisation)
            new = {"name": name, "sector": sector, "identifier": identifier}
            changes = {k: [getattr(org, k), v] for k, v in new.items() if getattr(org, k) != v}
            if changes:
                for key, value in new.items():
                    setattr(org, key, value)
                org.save(update_fields=list(new))
                record(
                    action=Action.ORGANISATION_CHANGED,
                    actor=actor,
                    organisation_id=org.pk,
                    obj=org,
                    data={"changes": changes},
                )
    except IntegrityError as exc:
        raise DomainError("conflict", msg.ORG_NAME_TAKEN, field="name") from exc
    return org


def create_team(*, actor: Any, organisation: Organisation, name: str) -> Team:
    """Team names are unique within an organisation (ignoring case)."""
    _require_admin(actor, organisation)
    name = name.strip()
    if not name:
        raise DomainError("name_required", "Enter a name for the team", field="name")
    if len(name) > msg.TEAM_MAX:
        raise DomainError(
            "name_too_long", f"Team name must be {msg.TEAM_MAX} characters or fewer", field="name"
        )
    try:
        with transaction.atomic():
            _lock_org(organisation)
            if Team.objects.filter(organisation=organisation, name__iexact=name).exists():
                raise DomainError("team_name_taken", msg.TEAM_NAME_TAKEN, field="name")
            team = Team.objects.create(organisation=organisation, name=name)
            record(
                action=Action.TEAM_CREATED,
                actor=actor,
                organisation_id=organisation.pk,
                obj=team,
                data={"name": name},
            )
    except IntegrityError as exc:
        raise DomainError("team_name_taken", msg.TEAM_NAME_TAKEN, field="name") from exc
    return team


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
    is given the new role instead (one person, one account)."""
    _require_admin(actor, organisation)
    _require_grantable(actor, organisation, role)
    full_name, email = full_name.strip(), email.strip().lower()
    if not full_name or len(full_name) > msg.NAME_MAX:
        raise DomainError("bad_name", "Enter the person's full name", field="full_name")
    if team is not None and team.organisation_id != organisation.pk:
        raise DomainError("team_not_found", msg.TEAM_NOT_FOUND, field="team")
    with transaction.atomic():
        _lock_org(organisation)
        person = User.objects.select_for_update().filter(email=email).first()
        new_person = person is None
        reactivated = False
        if person is None:
            person = User(email=email, full_name=full_name)
            person.set_unusable_password()
            person.save()
        elif not person.is_active:
            person.is_active, person.deactivated_at, reactivated = True, None, True
            person.save(update_fields=["is_active", "deactivated_at"])
        if Membership.objects.filter(
            person=person, organisation=organisation, role=role, ends_on__isnull=True
        ).exists():
            raise DomainError("already_has_role", msg.ALREADY_HAS_ROLE, field="role")
        membership = Membership.objects.create(
            person=person, organisation=organisation, role=role, team=team
        )
        token = ""
        if not person.has_usable_password():
            token, _ = _new_invitation(person, organisation, actor)
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
            },
        )
        mail = InvitationMail(person.email, person.full_name, organisation.name, token)
        transaction.on_commit(partial(emails.send_invitations, [mail]))
    return Invited(person=person, membership=membership, new_person=new_person, token=token)


def accept_invitation(*, token: str, password: str) -> User:
    """The invited person sets their password with the one-time link. The link then
    stops working, and so do any other unused links sent to them."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update()
            .select_related("person", "organisation")
            .filter(digest=token_digest(token))
            .first()
        )
        if invitation is None:
            raise NotFound(msg.INVITATION_NOT_FOUND)
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


def _check_can_change(actor: Any, membership: Membership) -> None:
    _require_admin(actor, membership.organisation)
    if membership.role in PARTNERSHIP_ROLES and not is_partnership_admin_for(
        actor, membership.organisation
    ):
        raise Forbidden("role_not_grantable", msg.ROLE_NOT_GRANTABLE, field="role")


def change_role(*, actor: Any, membership: Membership, role: str) -> Membership:
    """Ends the old membership today and starts one with the new role, so the history of
    who held which role, when, is kept."""
    organisation = membership.organisation
    _check_can_change(actor, membership)
    _require_grantable(actor, organisation, role)
    if role == membership.role:
        raise DomainError("same_role", msg.SAME_ROLE, field="role")
    with transaction.atomic():
        _lock_org(organisation)
        old = Membership.objects.select_for_update().get(pk=membership.pk)
        if not old.is_current:
            raise DomainError("membership_ended", msg.MEMBERSHIP_ENDED)
        if old.role == Role.ORG_ADMIN:
            _ensure_another_org_admin(organisation, old)
        if Membership.objects.filter(
            person_id=old.person_id, organisation=organisation, role=role, ends_on__isnull=True
        ).exists():
            raise DomainError("already_has_role", msg.ALREADY_HAS_ROLE, field="role")
        old.ends_on = _end_date(old)
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


def deactivate_membership(*, actor: Any, membership: Membership) -> Membership:
    """Ends the membership. A person left with no current role is deactivated (they can
    no longer sign in); people are never deleted, so their records keep their author."""
    organisation = membership.organisation
    _check_can_change(actor, membership)
    with transaction.atomic():
        _lock_org(organisation)
        current = (
            Membership.objects.select_for_update().select_related("person").get(pk=membership.pk)
        )
        if not current.is_current:
            raise DomainError("membership_ended", msg.MEMBERSHIP_ENDED)
        if current.role == Role.ORG_ADMIN:
            _ensure_another_org_admin(organisation, current)
        current.ends_on = _end_date(current)
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
        record(
            action=Action.PERSON_DEACTIVATED if deactivated else Action.MEMBERSHIP_ENDED,
            actor=actor,
            organisation_id=organisation.pk,
            obj=current,
            data={"person_id": person.pk, "role": current.role, "deactivated": deactivated},
        )
    return current


# --- bulk import ---------------------------------------------------------------------


def _check_import(actor: Any, organisation: Organisation, rows: list[dict[str, Any]]) -> Any:
    return staff_import.check_rows(
        rows,
        organisation=organisation,
        grantable=grantable_roles(actor, organisation),
        partnership_wide=is_partnership_admin_for(actor, organisation),
    )


def preview_staff_import(
    *, actor: Any, organisation: Organisation, filename: str, content: bytes
) -> StaffImport:
    """Reads the HR export and records each row's problems and outcome; saves no staff."""
    _require_admin(actor, organisation)
    rows = staff_import.parse_csv(content, max_rows=settings.INFOSHARE["IMPORT_MAX_ROWS"])
    checked, summary = _check_import(actor, organisation, rows)
    with transaction.atomic():
        upload = StaffImport.objects.create(
            organisation=organisation,
            created_by=actor,
            filename=filename[:255],
            rows=checked,
            total_rows=len(checked),
            summary=summary,
        )
        record(
            action=Action.STAFF_IMPORT_UPLOADED,
            actor=actor,
            organisation_id=organisation.pk,
            obj=upload,
            data={"filename": upload.filename, "summary": summary},
        )
    return upload


def run_staff_import(
    *, actor: Any, staff_import_id: int, organisation: Organisation, send_invitations: bool = False
) -> StaffImport:
    """Imports every row or none (one transaction). The rows are checked again first, as
    staff may have changed since the preview. Importing the same file again changes
    nothing: a person who already holds the role is left unchanged."""
    _require_admin(actor, organisation)
    try:
        with transaction.atomic():
            upload = StaffImport.objects.select_for_update().get(
                pk=staff_import_id, organisation=organisation
            )
            if upload.status != StaffImport.Status.PENDING:
                raise DomainError("import_not_pending", msg.IMPORT_NOT_PENDING)
            checked, summary = _check_import(actor, organisation, upload.rows)
            if summary["problems"]:
                raise DomainError("import_has_problems", msg.IMPORT_HAS_PROBLEMS)
            mails, per_org = _apply_rows(actor, checked, invite=send_invitations)
            upload.rows, upload.summary = checked, summary
            upload.status = StaffImport.Status.IMPORTED
            upload.processed_rows = len(checked)
            upload.send_invitations = send_invitations
            upload.finished_at = timezone.now()
            upload.save()
            for org_id, data in sorted(per_org.items()):
                record(
                    action=Action.STAFF_IMPORTED,
                    actor=actor,
                    organisation_id=org_id,
                    obj=upload,
                    data={**data, "invitations_sent": send_invitations},
                )
            transaction.on_commit(partial(emails.send_invitations, mails))
    except DomainError as error:
        if error.code != "import_not_pending":
            _mark_failed(actor, staff_import_id, organisation, error.message)
        raise
    except DatabaseError as exc:
        _mark_failed(actor, staff_import_id, organisation, "The database refused a row")
        raise DomainError("import_failed", msg.IMPORT_HAS_PROBLEMS) from exc
    return upload


def _mark_failed(actor: Any, import_id: int, organisation: Organisation, reason: str) -> None:
    with transaction.atomic():
        StaffImport.objects.filter(pk=import_id, status=StaffImport.Status.PENDING).update(
            status=StaffImport.Status.FAILED,
            failure_reason=reason[:500],
            finished_at=timezone.now(),
        )
        record(
            action=Action.STAFF_IMPORT_FAILED,
            actor=actor,
            organisation_id=organisation.pk,
            object_type=StaffImport._meta.label,
            object_id=import_id,
            data={"reason": reason[:500]},
        )


def _apply_rows(
    actor: Any, rows: list[dict[str, Any]], *, invite: bool
) -> tuple[list[InvitationMail], dict[int, dict[str, Any]]]:
    """Writes the new people, teams, memberships (and invitations) in bulk."""
    todo = [row for row in rows if row["outcome"] != staff_import.UNCHANGED]
    teams: dict[tuple[int, str], Team] = {}
    for org_id, name in sorted({(r["organisation_id"], r["team"]) for r in todo if r["team"]}):
        found = Team.objects.filter(organisation_id=org_id, name__iexact=name).first()
        teams[(org_id, name)] = found or Team.objects.create(organisation_id=org_id, name=name)
    new_people = []
    for row in todo:
        if row["outcome"] == staff_import.NEW_PERSON:
            person = User(email=row["email"], full_name=row["name"])
            person.set_unusable_password()
            new_people.append(person)
    User.objects.bulk_create(new_people, batch_size=500)
    by_email = {p.email: p.pk for p in new_people}
    missing = [r["email"] for r in todo if r["email"] not in by_email]
    by_email.update(dict(User.objects.filter(email__in=missing).values_list("email", "pk")))
    memberships = [
        Membership(
            person_id=by_email[row["email"]],
            organisation_id=row["organisation_id"],
            role=row["role"],
            team=teams.get((row["organisation_id"], row["team"])),
        )
        for row in todo
    ]
    Membership.objects.bulk_create(memberships, batch_size=500)
    per_org: dict[int, dict[str, Any]] = {}
    for row in rows:
        data = per_org.setdefault(
            row["organisation_id"], {"new_people": [], "new_memberships": [], "unchanged": 0}
        )
        if row["outcome"] == staff_import.UNCHANGED:
            data["unchanged"] += 1
        else:
            data["new_memberships"].append(f"{row['email']}:{row['role']}")
            if row["outcome"] == staff_import.NEW_PERSON:
                data["new_people"].append(row["email"])
    mails: list[InvitationMail] = []
    if invite and new_people:
        orgs = dict(Organisation.objects.filter(pk__in=list(per_org)).values_list("pk", "name"))
        org_of = {row["email"]: row["organisation_id"] for row in todo}
        invitations = []
        expires = timezone.now() + dt.timedelta(days=INVITATION_DAYS)
        for person in new_people:
            token = secrets.token_urlsafe(32)
            org_id = org_of[person.email]
            invitations.append(
                Invitation(
                    person=person,
                    organisation_id=org_id,
                    digest=token_digest(token),
                    invited_by=actor,
                    expires_at=expires,
                )
            )
            mails.append(InvitationMail(person.email, person.full_name, orgs[org_id], token))
        Invitation.objects.bulk_create(invitations, batch_size=500)
    return mails, per_org
