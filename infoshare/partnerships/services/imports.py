"""Bulk staff import from an HR export: preview, then import all rows or none."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import DatabaseError, transaction
from django.utils import timezone

from infoshare.accounts.models import User
from infoshare.audit.services import for_change, lock_chain, record
from infoshare.core.errors import DomainError
from infoshare.partnerships import emails, staff_import
from infoshare.partnerships import errors as msg
from infoshare.partnerships.audit import Action
from infoshare.partnerships.emails import Delivery, FailureAudit, InvitationMail
from infoshare.partnerships.models import (
    Invitation,
    Membership,
    Organisation,
    StaffImport,
    Team,
)
from infoshare.partnerships.selectors import (
    is_partnership_admin_for,
    token_digest,
)
from infoshare.partnerships.services.people import (
    AddedElsewhere,
    tell_other_organisations,
    works_for,
)
from infoshare.partnerships.services.rules import (
    INVITATION_DAYS,
    grantable_roles,
    require_admin,
)

_CHUNK = 500  # stays under SQLite's parameter limit


@dataclass(frozen=True)
class Imported:
    staff_import: StaffImport
    invitations: Delivery  # the invitation emails, sent after the import commits


# --- bulk import ---------------------------------------------------------------------


def _check_import(actor: Any, organisation: Organisation, rows: list[dict[str, Any]]) -> Any:
    partnership_wide = is_partnership_admin_for(actor, organisation)
    checked, summary = staff_import.check_rows(
        rows,
        organisation=organisation,
        grantable=grantable_roles(actor, organisation),
        partnership_wide=partnership_wide,
    )
    if _refuse_grants_the_actor_may_not_make(actor, checked):
        summary = staff_import.summarise(checked)
    return checked, summary


def _refuse_grants_the_actor_may_not_make(actor: Any, rows: list[dict[str, Any]]) -> bool:
    """The rules of inviting one person (``services.people.invite_person``), for each row
    that would give an existing account a new role: nobody gives themselves a role. (An
    account that is not this partnership's is refused by ``staff_import.check_rows``, in
    the same words.) Such rows become problems (so nothing is imported). True when any
    row changed."""
    own_email = str(getattr(actor, "email", "") or "").strip().lower()
    changed = False
    for row in rows:
        if row["outcome"] == staff_import.NEW_MEMBERSHIP and row["email"] == own_email:
            row["problems"].append(msg.ROW_OWN_ROLES)
            row["outcome"] = ""
            changed = True
    return changed


def preview_staff_import(
    *, actor: Any, organisation: Organisation, filename: str, content: bytes
) -> StaffImport:
    """Reads the HR export and records each row's problems and outcome; saves no staff."""
    require_admin(actor, organisation)
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
            data={
                "filename": upload.filename,
                "summary": summary,
                # The addresses the file asked about: how many, and those of an account
                # that is not this partnership's (its rows say only that they cannot be
                # added). The upload's rows keep every address.
                "emails_checked": len({row["email"] for row in checked if row["email"]}),
                "emails_not_addable": staff_import.not_addable(checked),
            },
        )
    return upload


def run_staff_import(
    *, actor: Any, staff_import_id: int, organisation: Organisation, send_invitations: bool = False
) -> Imported:
    """Imports every row or none (one transaction). The rows are checked again first, as
    staff may have changed since the preview. Importing the same file again changes
    nothing: a person who already holds the role is left unchanged. Invitations that the
    mail server refuses leave the import in place (``Imported.invitations``)."""
    require_admin(actor, organisation)
    try:
        with transaction.atomic():
            upload = for_change(StaffImport.objects).get(
                pk=staff_import_id, organisation=organisation
            )
            if upload.status != StaffImport.Status.PENDING:
                raise DomainError("import_not_pending", msg.IMPORT_NOT_PENDING)
            checked, summary = _check_import(actor, organisation, upload.rows)
            if summary["problems"]:
                raise DomainError("import_has_problems", msg.IMPORT_HAS_PROBLEMS)
            elsewhere = _working_elsewhere(checked)
            mails, per_org = _apply_rows(actor, upload, checked, invite=send_invitations)
            _tell_other_organisations(actor, upload, elsewhere, per_org)
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
            delivery = emails.send_invitations(mails, _email_failure_audits(actor, upload, per_org))
    except DomainError as error:
        if error.code != "import_not_pending":
            _mark_failed(actor, staff_import_id, organisation, error.message)
        raise
    except DatabaseError as exc:
        _mark_failed(actor, staff_import_id, organisation, "The database refused a row")
        raise DomainError("import_failed", msg.IMPORT_HAS_PROBLEMS) from exc
    return Imported(upload, delivery)


def _working_elsewhere(rows: list[dict[str, Any]]) -> list[AddedElsewhere]:
    """The rows that give an existing account a role while it also works for another
    organisation (read before the import saves anything): those organisations are told,
    as when one person is added (``services.people.invite_person``)."""
    adding = [row for row in rows if row["outcome"] == staff_import.NEW_MEMBERSHIP]
    if not adding:
        return []
    emails_ = sorted({row["email"] for row in adding})
    people: dict[str, User] = {}
    others: dict[int, dict[int, str]] = {}
    for start in range(0, len(emails_), _CHUNK):
        found = list(User.objects.filter(email__in=emails_[start : start + _CHUNK]))
        people.update((person.email, person) for person in found)
        others.update(works_for([person.pk for person in found]))
    orgs = Organisation.objects.in_bulk({row["organisation_id"] for row in adding})
    added = []
    for row in adding:
        person = people.get(row["email"])
        if person is None:
            continue
        elsewhere = {
            pk: name for pk, name in others[person.pk].items() if pk != row["organisation_id"]
        }
        if elsewhere:
            added.append(
                AddedElsewhere(person, orgs[row["organisation_id"]], row["role"], elsewhere)
            )
    return added


def _tell_other_organisations(
    actor: Any,
    upload: StaffImport,
    added: list[AddedElsewhere],
    per_org: dict[int, dict[str, Any]],
) -> None:
    """Tells the people given a role who also work for another organisation, and that
    organisation's administrators; the import's audit event names them."""
    for data in per_org.values():
        data["from_other_organisations"] = []
    if not added:
        return
    told = tell_other_organisations(
        actor=actor, added=added, obj=upload, data={"staff_import_id": upload.pk}
    )
    mails, failures = [], []
    for org_id in sorted({a.organisation.pk for a in added}):
        theirs = [a for a in added if a.organisation.pk == org_id]
        per_org[org_id]["from_other_organisations"] = [
            {
                "person_id": a.person.pk,
                "other_organisation_ids": sorted(a.others),
                "notified_person_ids": told.get(a.person.pk, []),
            }
            for a in theirs
        ]
        mails += [
            InvitationMail(
                a.person.email,
                a.person.full_name,
                a.organisation.name,
                also_at=tuple(sorted(a.others.values())),
                added_by=str(actor),
            )
            for a in theirs
        ]
        failures.append(
            FailureAudit(
                action=Action.ADDED_ELSEWHERE_EMAIL_FAILED,
                actor=actor,
                organisation_id=org_id,
                obj=upload,
                data={"staff_import_id": upload.pk, "emails": [a.person.email for a in theirs]},
            )
        )
    emails.send_invitations(mails, failures)


def _email_failure_audits(
    actor: Any, upload: StaffImport, per_org: dict[int, dict[str, Any]]
) -> list[FailureAudit]:
    """If the mail server refuses the invitations: one event for each organisation whose
    new people were not emailed, naming them (never their links)."""
    return [
        FailureAudit(
            action=Action.INVITATION_EMAIL_FAILED,
            actor=actor,
            organisation_id=org_id,
            obj=upload,
            data={"staff_import_id": upload.pk, "emails": data["new_people"], "resent": False},
        )
        for org_id, data in sorted(per_org.items())
        if data["new_people"]
    ]


def _mark_failed(actor: Any, import_id: int, organisation: Organisation, reason: str) -> None:
    with transaction.atomic():
        lock_chain()  # the lock order (docs/architecture.md): the chain, then the rows
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


def _teams_for(
    actor: Any, upload: StaffImport, rows: list[dict[str, Any]]
) -> dict[tuple[int, str], Team]:
    """The teams the rows name, creating those that do not exist yet; each new team is
    audited as ``services.create_team`` does, naming the import that created it."""
    teams: dict[tuple[int, str], Team] = {}
    for org_id, name in sorted({(r["organisation_id"], r["team"]) for r in rows if r["team"]}):
        found = Team.objects.filter(organisation_id=org_id, name__iexact=name).first()
        if found is None:
            found = Team.objects.create(organisation_id=org_id, name=name)
            record(
                action=Action.TEAM_CREATED,
                actor=actor,
                organisation_id=org_id,
                obj=found,
                data={"name": name, "staff_import_id": upload.pk},
            )
        teams[(org_id, name)] = found
    return teams


def _apply_rows(
    actor: Any, upload: StaffImport, rows: list[dict[str, Any]], *, invite: bool
) -> tuple[list[InvitationMail], dict[int, dict[str, Any]]]:
    """Writes the new people, teams, memberships (and invitations) in bulk."""
    todo = [row for row in rows if row["outcome"] != staff_import.UNCHANGED]
    teams = _teams_for(actor, upload, todo)
    unusable = make_password(None)  # one "no password yet" value: hashing 10,000 is slow
    new_people = [
        User(email=row["email"], full_name=row["name"], password=unusable)
        for row in todo
        if row["outcome"] == staff_import.NEW_PERSON
    ]
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
