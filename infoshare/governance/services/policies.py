"""Policies and procedures: drafts, versions and publication (toolkit objective 3,
"Create the environment": build the principles into governance and policies).

Organisation-level policies are written by the organisation's senior lead or
advisor; partnership-level ones by the partnership administrator. A published
version is never edited: a change is a new draft version, and publishing it retires
the version it replaces."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from infoshare.audit.services import for_change, record
from infoshare.core.errors import Conflict, DomainError, ValidationFailed
from infoshare.core.roles import Role
from infoshare.governance import permissions
from infoshare.governance.audit import Action
from infoshare.governance.files import check_pdf
from infoshare.governance.models import (
    BODY_MAX,
    TITLE_MAX,
    Policy,
    PolicyKind,
    PolicyLevel,
    PolicyStatus,
)
from infoshare.governance.services._common import (
    PLANNED_YEARS_AHEAD,
    admin_partnership,
    date_problem,
    text,
)
from infoshare.partnerships.models import Organisation

MSG_NOT_POLICY_EDITOR = (
    "Only a senior lead or advisor of the organisation (or, for partnership policies, "
    "a partnership administrator) can change this policy"
)
MSG_NOT_AN_OWNER = (
    "Select an owner from the list: a senior lead or advisor of the organisation (or, for "
    "partnership policies, a partnership administrator)"
)
MSG_TEXT_OR_PDF = "Enter the policy text or upload a PDF"
MSG_NOT_BOTH = "Enter the policy text or upload a PDF, not both"
MSG_ONLY_DRAFTS = "Only a draft can be changed. Start a new version instead"
MSG_REVIEW_IN_PAST = "The review date must be today or in the future"


def _check_fields(
    *, title: str, kind: str, body: str, review_date: dt.date | None
) -> tuple[str, str, dt.date]:
    fields: dict[str, str] = {}
    try:
        title = text(title, field="title", label="a title", max_length=TITLE_MAX, one_line=True)
    except DomainError as error:
        fields["title"] = error.message
    try:
        body = text(body, field="body", label="the text", max_length=BODY_MAX, required=False)
    except DomainError as error:
        fields["body"] = error.message
    if kind not in PolicyKind.values:
        fields["kind"] = "Select whether this is a policy or a procedure"
    if review_date is None:
        fields["review_date"] = "Enter the review date"
    elif review_date < timezone.localdate():
        # A review date already past would make the policy overdue as soon as it is saved.
        fields["review_date"] = MSG_REVIEW_IN_PAST
    elif problem := date_problem(
        review_date, label="Review date", years_ahead_at_most=PLANNED_YEARS_AHEAD
    ):
        fields["review_date"] = problem
    if fields or review_date is None:
        raise ValidationFailed(fields)
    return title, body, review_date


def _check_owner(
    owner_id: int | None, *, actor: Any, organisation_id: int | None, partnership_id: int
) -> int:
    from infoshare.governance.selectors import policy_owners

    if owner_id is None:
        return int(actor.pk)
    owners = policy_owners(organisation_id=organisation_id, partnership_id=partnership_id)
    if not owners.filter(person_id=owner_id).exists():
        raise DomainError("invalid_owner", MSG_NOT_AN_OWNER, field="owner")
    return owner_id


def _check_content(body: str, document: UploadedFile | None, *, has_document: bool) -> None:
    if document is not None:
        check_pdf(document)
    _check_text_or_pdf(body, will_have_document=document is not None or has_document)


def _check_text_or_pdf(body: str, *, will_have_document: bool) -> None:
    if not body and not will_have_document:
        raise DomainError("text_or_pdf", MSG_TEXT_OR_PDF, field="body")
    if body and will_have_document:
        raise DomainError("text_and_pdf", MSG_NOT_BOTH, field="body")


def _require_editor(actor: Any, policy: Policy) -> None:
    if not permissions.can_manage_policy(
        actor,
        level=policy.level,
        organisation_id=policy.organisation_id,
        partnership_id=policy.partnership_id,
    ):
        raise DomainError("forbidden", MSG_NOT_POLICY_EDITOR)


def _locked_policy(actor: Any, policy_id: int) -> Policy:
    from infoshare.governance.selectors import get_policy_for

    get_policy_for(actor, policy_id)  # not found when missing or not visible
    policy = for_change(Policy.objects).get(pk=policy_id)
    _require_editor(actor, policy)
    return policy


def _unlocked_policy(actor: Any, policy_id: int) -> Policy:
    """The policy ``_locked_policy`` finds, with its checks, read without a lock: for
    the checks made before slow work, which holds neither the audit chain nor a row
    (docs/architecture.md, "Lock order"); they are made again once it is locked."""
    from infoshare.governance.selectors import get_policy_for

    policy = get_policy_for(actor, policy_id)  # not found when missing or not visible
    _require_editor(actor, policy)
    return policy


def create_policy(
    *,
    actor: Any,
    level: str,
    organisation_id: int | None,
    title: str,
    kind: str,
    body: str = "",
    document: UploadedFile | None = None,
    review_date: dt.date | None,
    owner_id: int | None = None,
    partnership_id: int | None = None,
    idempotency_key: str = "",
) -> Policy:
    """Creates version 1 of a policy or procedure as a draft. For a partnership policy,
    ``partnership_id`` is needed only from someone who administers more than one
    partnership; an organisation policy belongs to the organisation's partnership.

    With an idempotency key (the new-policy page's own, with a digest of what was sent),
    the same key sent again by the same person returns the draft it made."""
    if level == PolicyLevel.ORGANISATION:
        organisation = (
            Organisation.objects.filter(pk=organisation_id).first() if organisation_id else None
        )
        if organisation is None:
            raise DomainError("required", "Select the organisation", field="organisation")
        partnership_id = organisation.partnership_id
    elif level == PolicyLevel.PARTNERSHIP:
        organisation_id = None
        if not permissions.partnerships_where(actor, Role.PARTNERSHIP_ADMIN):
            raise DomainError("forbidden", MSG_NOT_POLICY_EDITOR)
        partnership_id = admin_partnership(actor, partnership_id)
    else:
        raise DomainError("invalid_level", "Select the level of the policy", field="level")
    if not permissions.can_manage_policy(
        actor, level=level, organisation_id=organisation_id, partnership_id=partnership_id
    ):
        raise DomainError("forbidden", MSG_NOT_POLICY_EDITOR)
    title, body, review = _check_fields(title=title, kind=kind, body=body, review_date=review_date)
    _check_content(body, document, has_document=False)
    owner = _check_owner(
        owner_id, actor=actor, organisation_id=organisation_id, partnership_id=partnership_id
    )
    if (existing := _made_with_key(actor, idempotency_key)) is not None:
        return existing
    try:
        return _create_policy(
            actor,
            {
                "partnership_id": partnership_id,
                "level": level,
                "organisation_id": organisation_id,
                "title": title,
                "kind": kind,
                "body": body,
                "owner_id": owner,
                "review_date": review,
                "idempotency_key": idempotency_key,
            },
            document,
        )
    except IntegrityError:
        # A repeat sent at the same moment won the race: its draft is the one.
        if (existing := _made_with_key(actor, idempotency_key)) is None:
            raise
        return existing


def _made_with_key(actor: Any, idempotency_key: str) -> Policy | None:
    if not idempotency_key:
        return None
    return Policy.objects.filter(created_by=actor, idempotency_key=idempotency_key).first()


def _create_policy(actor: Any, fields: dict[str, Any], document: UploadedFile | None) -> Policy:
    with transaction.atomic():
        policy = Policy(
            **fields,
            status=PolicyStatus.DRAFT,
            version=1,
            created_by=actor,
        )
        if document is not None:
            policy.document_name = (document.name or "")[-200:]
            policy.document.save("upload.pdf", document, save=False)
        policy.save()
        record(
            action=Action.POLICY_CREATED,
            actor=actor,
            organisation_id=policy.organisation_id,
            obj=policy,
            data={
                "level": policy.level,
                "kind": policy.kind,
                "has_document": policy.has_document,
            },
        )
    return policy


def update_policy(
    *,
    actor: Any,
    policy_id: int,
    title: str,
    kind: str,
    body: str = "",
    document: UploadedFile | None = None,
    remove_document: bool = False,
    review_date: dt.date | None,
    owner_id: int | None = None,
) -> Policy:
    """Changes a draft. Published and retired versions never change.

    A new PDF is written to storage before the audit chain and the policy are locked, so
    that every other write goes on meanwhile (docs/architecture.md, "Lock order"): the
    change is checked without a lock first, then again once locked; a file not kept
    (refused then, or the change failing) is deleted from storage."""
    title, body, review = _check_fields(title=title, kind=kind, body=body, review_date=review_date)
    stored: FieldFile | None = None
    if document is not None:
        unlocked = _unlocked_policy(actor, policy_id)
        _check_change(
            actor,
            unlocked,
            body=body,
            upload=document,
            new_document=True,
            remove_document=remove_document,
            owner_id=owner_id,
        )
        unlocked.document.save("upload.pdf", document, save=False)
        stored = unlocked.document
    try:
        with transaction.atomic():
            policy = _locked_policy(actor, policy_id)
            keep_document, policy.owner_id = _check_change(
                actor,
                policy,
                body=body,
                upload=None,  # checked before it was stored
                new_document=stored is not None,
                remove_document=remove_document,
                owner_id=owner_id,
            )
            policy.title, policy.kind, policy.body, policy.review_date = (
                title,
                kind,
                body,
                review,
            )
            if document is not None and stored is not None:
                policy.document_name = (document.name or "")[-200:]
                policy.document = stored.name  # type: ignore[assignment]
            elif not keep_document:
                # The file stays on disk: an earlier version may still point at it.
                policy.document = ""  # type: ignore[assignment]
                policy.document_name = ""
            policy.save()
            record(
                action=Action.POLICY_CHANGED,
                actor=actor,
                organisation_id=policy.organisation_id,
                obj=policy,
                data={"version": policy.version, "has_document": policy.has_document},
            )
    except Exception:
        if stored is not None:
            stored.delete(save=False)  # never saved with a policy: nothing points at it
        raise
    return policy


def _check_change(
    actor: Any,
    policy: Policy,
    *,
    body: str,
    upload: UploadedFile | None,
    new_document: bool,
    remove_document: bool,
    owner_id: int | None,
) -> tuple[bool, int]:
    """``update_policy``'s checks of the change to ``policy`` as read (without a lock
    before a new PDF is stored, then locked), after those of ``_locked_policy``: ``upload``
    is a new PDF still to check. Returns whether the policy keeps the PDF it has, and the
    id of its owner."""
    if policy.status != PolicyStatus.DRAFT:
        raise Conflict("not_draft", MSG_ONLY_DRAFTS)
    keep_document = policy.has_document and not remove_document
    if upload is not None:
        check_pdf(upload)
    _check_text_or_pdf(body, will_have_document=new_document or keep_document)
    if owner_id is None or owner_id == policy.owner_id:
        return keep_document, policy.owner_id
    owner = _check_owner(
        owner_id,
        actor=actor,
        organisation_id=policy.organisation_id,
        partnership_id=policy.partnership_id,
    )
    return keep_document, owner


def new_policy_version(*, actor: Any, policy_id: int) -> Policy:
    """Starts a draft of the next version from a published one; the published
    version stays in force until the draft is published."""
    with transaction.atomic():
        policy = _locked_policy(actor, policy_id)
        if policy.status != PolicyStatus.PUBLISHED:
            raise Conflict("not_published", "Only the published version can be revised")
        existing = Policy.objects.filter(previous=policy).first()
        if existing is not None:
            return existing  # a draft of the next version already exists: carry on with it
        draft = Policy.objects.create(
            partnership_id=policy.partnership_id,
            level=policy.level,
            organisation_id=policy.organisation_id,
            title=policy.title,
            kind=policy.kind,
            body=policy.body,
            document=policy.document.name,
            document_name=policy.document_name,
            owner_id=policy.owner_id,
            review_date=policy.review_date,
            status=PolicyStatus.DRAFT,
            version=policy.version + 1,
            previous=policy,
            created_by=actor,
        )
        record(
            action=Action.POLICY_VERSION_CREATED,
            actor=actor,
            organisation_id=policy.organisation_id,
            obj=draft,
            data={"version": draft.version, "previous_id": policy.pk},
        )
    return draft


def publish_policy(*, actor: Any, policy_id: int) -> Policy:
    """Publishes a draft; the version it replaces is retired. People it applies to
    are then asked to acknowledge the new version."""
    with transaction.atomic():
        policy = _locked_policy(actor, policy_id)
        if policy.status != PolicyStatus.DRAFT:
            raise Conflict("not_draft", "This version is already published or retired")
        retired = None
        if policy.previous_id is not None:
            retired = for_change(Policy.objects).get(pk=policy.previous_id)
            if retired.status == PolicyStatus.PUBLISHED:
                retired.status = PolicyStatus.RETIRED
                retired.save(update_fields=["status"])
        policy.status = PolicyStatus.PUBLISHED
        policy.published_at = timezone.now()
        policy.published_by = actor
        policy.save(update_fields=["status", "published_at", "published_by"])
        record(
            action=Action.POLICY_PUBLISHED,
            actor=actor,
            organisation_id=policy.organisation_id,
            obj=policy,
            data={"version": policy.version, "retired_id": retired.pk if retired else None},
        )
    return policy
