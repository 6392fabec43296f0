"""What people do with agreements: draft, add parties, send for signature, sign or
refuse, start a new version, withdraw, attach documents.

Each function takes the actor, runs in one transaction and writes its audit event
in that transaction. Sign-off: every party's named signatory approves in the service
and the agreement becomes active when all have signed (issue 4). A change to an
agreement in force is a new version that goes through sign-off again; the old version
stays in force until the new one is active, and is then superseded.

None of this is ever a precondition for sharing (product.md principle 2)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from infoshare.accounts.models import User
from infoshare.agreements import errors, permissions
from infoshare.agreements.audit import Action
from infoshare.agreements.documents import check_upload
from infoshare.agreements.lawful_bases import ALL_CODES
from infoshare.agreements.models import (
    IN_FORCE,
    IN_PREPARATION,
    LONG_TEXT_MAX,
    SHORT_TEXT_MAX,
    TITLE_MAX,
    Agreement,
    AgreementDocument,
    AgreementParty,
    Kind,
    Status,
)
from infoshare.audit.services import record
from infoshare.core.errors import DomainError, NotFound, ValidationFailed
from infoshare.partnerships.models import Organisation

#: Fields copied from one version to the next, and changed by update_draft.
CONTENT_FIELDS = (
    "title",
    "kind",
    "purpose",
    "data_items",
    "lawful_bases",
    "retention",
    "security_arrangements",
    "privacy_information",
    "start_date",
    "review_date",
    "end_date",
)
_TEXT_LIMITS = {
    "title": TITLE_MAX,
    "purpose": LONG_TEXT_MAX,
    "data_items": LONG_TEXT_MAX,
    "retention": LONG_TEXT_MAX,
    "security_arrangements": LONG_TEXT_MAX,
    "privacy_information": LONG_TEXT_MAX,
}
_FIELD_NAMES = {
    "title": "Title",
    "purpose": "Purpose",
    "data_items": "Data items",
    "retention": "Retention",
    "security_arrangements": "Security arrangements",
    "privacy_information": "Privacy information",
}


def _clean_content(values: dict[str, Any]) -> dict[str, Any]:
    """Checks the content of a draft; raises ValidationFailed naming every bad field."""
    problems: dict[str, str] = {}
    cleaned = dict(values)
    for name, limit in _TEXT_LIMITS.items():
        text = str(cleaned.get(name) or "").strip()
        cleaned[name] = text
        if len(text) > limit:
            problems[name] = f"{_FIELD_NAMES[name]} must be {limit} characters or fewer"
        elif "\x00" in text:
            problems[name] = f"{_FIELD_NAMES[name]} must not contain null characters"
    if not cleaned["title"]:
        problems["title"] = "Enter a title"
    if not cleaned["purpose"]:
        problems["purpose"] = "Enter the purpose of the sharing"
    if cleaned.get("kind") not in Kind.values:
        problems["kind"] = "Choose the type of agreement"
    bases = list(dict.fromkeys(cleaned.get("lawful_bases") or []))
    unknown = [code for code in bases if code not in ALL_CODES]
    if unknown:
        problems["lawful_bases"] = errors.UNKNOWN_LAWFUL_BASIS.format(code=unknown[0])
    cleaned["lawful_bases"] = bases
    start, review, end = (
        cleaned.get("start_date"),
        cleaned.get("review_date"),
        cleaned.get("end_date"),
    )
    if start and end and end < start:
        problems["end_date"] = errors.ENDS_BEFORE_START
    if start and review and review < start:
        problems["review_date"] = errors.REVIEW_BEFORE_START
    if problems:
        raise ValidationFailed(problems)
    return cleaned


def _locked(actor: User, agreement_id: int) -> Agreement:
    agreement = (
        Agreement.objects.select_for_update()
        .filter(pk=agreement_id, partnership_id__in=permissions.partnership_ids_of(actor))
        .first()
    )
    if agreement is None:
        raise NotFound("Agreement not found")
    return agreement


def _require_manager(actor: User, agreement: Agreement) -> None:
    if not permissions.can_manage(actor, agreement):
        raise errors.NotAllowed(errors.NOT_ALLOWED)


def _require_draft(agreement: Agreement) -> None:
    if agreement.status != Status.DRAFT:
        raise DomainError("not_a_draft", errors.NOT_A_DRAFT)


def _audit(action: Action, actor: User | None, agreement: Agreement, **data: Any) -> None:
    record(
        action=action,
        actor=actor,
        organisation_id=agreement.lead_organisation_id,
        obj=agreement,
        data={"version": agreement.version, "status": agreement.status, **data},
    )


def create_draft_agreement(
    *,
    actor: User,
    lead_organisation_id: int,
    title: str,
    kind: str,
    purpose: str,
    data_items: str = "",
    lawful_bases: Iterable[str] = (),
    retention: str = "",
    security_arrangements: str = "",
    privacy_information: str = "",
    start_date: dt.date | None = None,
    review_date: dt.date | None = None,
    end_date: dt.date | None = None,
    idempotency_key: str = "",
) -> Agreement:
    """Creates a draft owned by the actor. The same Idempotency-Key from the same person
    returns the draft already made instead of a second one."""
    idempotency_key = (idempotency_key or "").strip()
    if len(idempotency_key) > 100:
        raise DomainError(
            "invalid", "Idempotency-Key must be 100 characters or fewer", field="idempotency_key"
        )
    if idempotency_key:
        existing = Agreement.objects.filter(
            created_by=actor, idempotency_key=idempotency_key
        ).first()
        if existing is not None:
            return existing
    content = _clean_content(
        {
            "title": title,
            "kind": kind,
            "purpose": purpose,
            "data_items": data_items,
            "lawful_bases": list(lawful_bases),
            "retention": retention,
            "security_arrangements": security_arrangements,
            "privacy_information": privacy_information,
            "start_date": start_date,
            "review_date": review_date,
            "end_date": end_date,
        }
    )
    organisation = Organisation.objects.filter(
        pk=lead_organisation_id,
        is_active=True,
        partnership_id__in=permissions.partnership_ids_of(actor),
    ).first()
    if organisation is None or not permissions.can_lead_for(
        actor, organisation.pk, organisation.partnership_id
    ):
        raise errors.NotAllowed(errors.CANNOT_CREATE_FOR, field="lead_organisation")
    try:
        with transaction.atomic():
            agreement = Agreement.objects.create(
                partnership_id=organisation.partnership_id,
                lead_organisation=organisation,
                owner=actor,
                created_by=actor,
                idempotency_key=idempotency_key,
                **content,
            )
            _audit(Action.DRAFT_CREATED, actor, agreement, title=agreement.title)
    except IntegrityError:
        # Two requests with the same key at once: the other one made it.
        existing = Agreement.objects.filter(
            created_by=actor, idempotency_key=idempotency_key
        ).first()
        if idempotency_key and existing is not None:
            return existing
        raise
    return agreement


def update_draft(*, actor: User, agreement_id: int, **values: Any) -> Agreement:
    """Changes the content of a draft. Only drafts change; an agreement in force
    changes through a new version."""
    unknown = set(values) - set(CONTENT_FIELDS)
    if unknown:
        raise ValidationFailed(dict.fromkeys(sorted(unknown), "Unknown field"))
    with transaction.atomic():
        agreement = _locked(actor, agreement_id)
        _require_manager(actor, agreement)
        _require_draft(agreement)
        current = {name: getattr(agreement, name) for name in CONTENT_FIELDS}
        content = _clean_content({**current, **values})
        changed = sorted(name for name in CONTENT_FIELDS if content[name] != current[name])
        for name in CONTENT_FIELDS:
            setattr(agreement, name, content[name])
        agreement.updated_at = timezone.now()
        agreement.save()
        _audit(Action.DRAFT_UPDATED, actor, agreement, changed=changed)
    return agreement


def add_party(
    *,
    actor: User,
    agreement_id: int,
    organisation_id: int | None = None,
    external_party_name: str = "",
    contact_name: str = "",
    contact_email: str = "",
    signatory_id: int | None = None,
    external_signatory_name: str = "",
) -> AgreementParty:
    """Adds an organisation of the partnership or a named external party to a draft.
    An organisation's signatory is one of its senior leads or advisors."""
    external_party_name = (external_party_name or "").strip()
    external_signatory_name = (external_signatory_name or "").strip()
    contact_name = (contact_name or "").strip()
    contact_email = (contact_email or "").strip()
    problems: dict[str, str] = {}
    for name, value, label in (
        ("external_party_name", external_party_name, "External party name"),
        ("external_signatory_name", external_signatory_name, "Signatory name"),
        ("contact_name", contact_name, "Contact name"),
    ):
        if len(value) > SHORT_TEXT_MAX:
            problems[name] = f"{label} must be {SHORT_TEXT_MAX} characters or fewer"
        elif "\x00" in value:
            problems[name] = f"{label} must not contain null characters"
    if len(contact_email) > 254 or "\x00" in contact_email:
        problems["contact_email"] = "Enter an email address of 254 characters or fewer"
    if organisation_id and external_party_name:
        problems["organisation"] = errors.PARTY_ORG_OR_EXTERNAL
    elif not organisation_id and not external_party_name:
        problems["organisation"] = errors.PARTY_NEEDS_ONE
    if problems:
        raise ValidationFailed(problems)
    with transaction.atomic():
        agreement = _locked(actor, agreement_id)
        _require_manager(actor, agreement)
        _require_draft(agreement)
        organisation = None
        signatory = None
        if organisation_id:
            organisation = Organisation.objects.filter(
                pk=organisation_id, partnership_id=agreement.partnership_id, is_active=True
            ).first()
            if organisation is None:
                raise DomainError(
                    "invalid", errors.PARTY_ORG_NOT_IN_PARTNERSHIP, field="organisation"
                )
            if agreement.parties.filter(organisation=organisation).exists():
                raise DomainError(
                    "duplicate",
                    errors.PARTY_EXISTS.format(name=organisation.name),
                    field="organisation",
                )
            if signatory_id:
                signatory = User.objects.filter(pk=signatory_id, is_active=True).first()
                if signatory is None or not permissions.can_sign_for_organisation(
                    signatory, organisation.pk
                ):
                    raise DomainError(
                        "invalid",
                        errors.SIGNATORY_NOT_ELIGIBLE.format(organisation=organisation.name),
                        field="signatory",
                    )
            external_signatory_name = ""
        else:
            if signatory_id:
                raise DomainError("invalid", errors.EXTERNAL_NO_USER_SIGNATORY, field="signatory")
            if agreement.parties.filter(
                organisation__isnull=True, external_party_name__iexact=external_party_name
            ).exists():
                raise DomainError(
                    "duplicate",
                    errors.PARTY_EXISTS.format(name=external_party_name),
                    field="external_party_name",
                )
        party = AgreementParty.objects.create(
            agreement=agreement,
            organisation=organisation,
            external_party_name="" if organisation else external_party_name,
            contact_name=contact_name,
            contact_email=contact_email,
            signatory=signatory,
            external_signatory_name=external_signatory_name,
        )
        _audit(Action.PARTY_ADDED, actor, agreement, party=party.name, party_id=party.pk)
    return party


def remove_party(*, actor: User, agreement_id: int, party_id: int) -> Agreement:
    with transaction.atomic():
        agreement = _locked(actor, agreement_id)
        _require_manager(actor, agreement)
        _require_draft(agreement)
        party = agreement.parties.select_related("organisation").filter(pk=party_id).first()
        if party is None:
            raise NotFound("Party not found")
        name = party.name
        party.delete()
        _audit(Action.PARTY_REMOVED, actor, agreement, party=name, party_id=party_id)
    return agreement


def submit_for_signature(*, actor: User, agreement_id: int) -> Agreement:
    """Sends a draft to its parties' signatories. An agreement is between two or more
    parties, and each party needs a named signatory."""
    with transaction.atomic():
        agreement = _locked(actor, agreement_id)
        _require_manager(actor, agreement)
        _require_draft(agreement)
        parties = list(agreement.parties.select_related("organisation", "signatory"))
        if len(parties) < 2:
            raise DomainError("too_few_parties", errors.NEED_TWO_PARTIES)
        missing = [party.name for party in parties if not party.has_signatory]
        if missing:
            raise DomainError(
                "signatory_missing", errors.NEED_SIGNATORIES.format(names=", ".join(missing))
            )
        AgreementParty.objects.filter(agreement=agreement).update(
            signed_at=None, signed_by=None, refused_at=None, refusal_reason=""
        )
        agreement.status = Status.AWAITING_SIGNATURE
        agreement.updated_at = timezone.now()
        agreement.save(update_fields=["status", "updated_at"])
        _audit(Action.SUBMITTED_FOR_SIGNATURE, actor, agreement, parties=len(parties))
    return agreement


def _party_to_sign(actor: User, agreement: Agreement, party_id: int | None) -> AgreementParty:
    """The party the actor signs (or refuses) for: the one naming them as signatory,
    or an external party whose signature the agreement's manager records."""
    parties = agreement.parties.select_related("organisation").select_for_update(of=("self",))
    if party_id is not None:
        party = parties.filter(pk=party_id).first()
        if party is None:
            raise NotFound("Party not found")
    else:
        party = parties.filter(signatory_id=actor.pk, signed_at__isnull=True).first()
        if party is None:
            raise errors.NotSignatory(errors.NOTHING_TO_SIGN)
    if party.is_external:
        allowed = permissions.can_manage(actor, agreement)
    else:
        allowed = party.signatory_id == actor.pk and permissions.can_sign_for_organisation(
            actor,
            party.organisation_id,  # type: ignore[arg-type]
        )
    if not allowed:
        raise errors.NotSignatory(errors.NOT_YOUR_SIGNATURE.format(party=party.name))
    if party.signed_at is not None:
        raise DomainError("already_signed", errors.ALREADY_SIGNED.format(party=party.name))
    return party


def sign_agreement(*, actor: User, agreement_id: int, party_id: int | None = None) -> Agreement:
    """The named signatory approves for their party. When every party has signed the
    agreement becomes active, and the version it replaces (if any) is superseded."""
    with transaction.atomic():
        agreement = _locked(actor, agreement_id)
        if agreement.status != Status.AWAITING_SIGNATURE:
            raise DomainError("not_awaiting", errors.NOT_AWAITING)
        party = _party_to_sign(actor, agreement, party_id)
        now = timezone.now()
        party.signed_at = now
        party.signed_by = actor
        party.save(update_fields=["signed_at", "signed_by"])
        _audit(
            Action.SIGNED,
            actor,
            agreement,
            party=party.name,
            party_id=party.pk,
            recorded_for_external=party.is_external,
        )
        if not agreement.parties.filter(signed_at__isnull=True).exists():
            _activate(actor, agreement, now)
    return agreement


def _activate(actor: User, agreement: Agreement, now: dt.datetime) -> None:
    agreement.status = Status.ACTIVE
    agreement.activated_at = now
    agreement.updated_at = now
    agreement.save(update_fields=["status", "activated_at", "updated_at"])
    _audit(Action.ACTIVATED, actor, agreement)
    if agreement.previous_id is None:
        return
    previous = Agreement.objects.select_for_update().get(pk=agreement.previous_id)
    if previous.status in IN_FORCE:
        previous.status = Status.SUPERSEDED
        previous.updated_at = now
        previous.save(update_fields=["status", "updated_at"])
        _audit(Action.SUPERSEDED, actor, previous, superseded_by=agreement.pk)


def _reason(reason: str, missing: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("reason_required", missing, field="reason")
    if len(reason) > LONG_TEXT_MAX or "\x00" in reason:
        raise DomainError(
            "invalid",
            f"Reason must be {LONG_TEXT_MAX} characters or fewer, without null characters",
            field="reason",
        )
    return reason


def refuse_to_sign(
    *, actor: User, agreement_id: int, reason: str, party_id: int | None = None
) -> Agreement:
    """The named signatory declines, with a reason. The agreement goes back to draft so
    that its manager can change it and send it again (all parties then sign again)."""
    reason = _reason(reason, errors.REFUSAL_REASON_REQUIRED)
    with transaction.atomic():
        agreement = _locked(actor, agreement_id)
        if agreement.status != Status.AWAITING_SIGNATURE:
            raise DomainError("not_awaiting", errors.NOT_AWAITING)
        party = _party_to_sign(actor, agreement, party_id)
        party.refused_at = timezone.now()
        party.refusal_reason = reason
        party.save(update_fields=["refused_at", "refusal_reason"])
        agreement.status = Status.DRAFT
        agreement.updated_at = timezone.now()
        agreement.save(update_fields=["status", "updated_at"])
        _audit(Action.REFUSED, actor, agreement, party=party.name, party_id=party.pk, reason=reason)
    return agreement


def start_new_version(*, actor: User, agreement_id: int) -> Agreement:
    """Copies an agreement in force into a new draft version (parties included, without
    signatures). The old version stays in force until the new one is active."""
    with transaction.atomic():
        agreement = _locked(actor, agreement_id)
        _require_manager(actor, agreement)
        if agreement.status not in IN_FORCE:
            raise DomainError("not_in_force", errors.NEW_VERSION_ONLY_WHEN_IN_FORCE)
        pending = agreement.next_versions.filter(status__in=IN_PREPARATION).first()
        if pending is not None:
            raise DomainError(
                "version_exists", errors.NEW_VERSION_EXISTS.format(version=pending.version)
            )
        new = Agreement.objects.create(
            partnership_id=agreement.partnership_id,
            lead_organisation_id=agreement.lead_organisation_id,
            owner_id=agreement.owner_id,
            created_by=actor,
            version=agreement.version + 1,
            previous=agreement,
            series=agreement.series,
            **{name: getattr(agreement, name) for name in CONTENT_FIELDS},
        )
        AgreementParty.objects.bulk_create(
            AgreementParty(
                agreement=new,
                organisation_id=party.organisation_id,
                external_party_name=party.external_party_name,
                contact_name=party.contact_name,
                contact_email=party.contact_email,
                signatory_id=party.signatory_id,
                external_signatory_name=party.external_signatory_name,
            )
            for party in agreement.parties.all()
        )
        _audit(Action.NEW_VERSION_STARTED, actor, new, previous_id=agreement.pk)
    return new


def withdraw_agreement(*, actor: User, agreement_id: int, reason: str) -> Agreement:
    """Ends an agreement (or abandons a draft). Withdrawing one never stops anyone
    sharing: it only records that this routine arrangement no longer applies."""
    reason = _reason(reason, errors.WITHDRAWAL_REASON_REQUIRED)
    with transaction.atomic():
        agreement = _locked(actor, agreement_id)
        _require_manager(actor, agreement)
        if agreement.status in (Status.WITHDRAWN, Status.EXPIRED, Status.SUPERSEDED):
            raise DomainError(
                "finished",
                errors.ALREADY_FINISHED.format(status=agreement.get_status_display().lower()),
            )
        agreement.status = Status.WITHDRAWN
        agreement.withdrawn_at = timezone.now()
        agreement.withdrawal_reason = reason
        agreement.updated_at = agreement.withdrawn_at
        agreement.save(update_fields=["status", "withdrawn_at", "withdrawal_reason", "updated_at"])
        _audit(Action.WITHDRAWN, actor, agreement, reason=reason)
    return agreement


def upload_document(*, actor: User, agreement_id: int, upload: Any) -> AgreementDocument:
    """Attaches a PDF, DOCX or ODT (at most 10 MB, checked by content as well as name)."""
    checked = check_upload(upload)
    with transaction.atomic():
        agreement = _locked(actor, agreement_id)
        _require_manager(actor, agreement)
        original = str(upload.name).replace("\\", "/").rsplit("/", 1)[-1][:255]
        document = AgreementDocument(
            agreement=agreement,
            original_name=original,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            uploaded_by=actor,
        )
        document.file.save(original, upload, save=False)
        try:
            document.save()
            _audit(
                Action.DOCUMENT_UPLOADED,
                actor,
                agreement,
                document_id=document.pk,
                name=original,
                sha256=checked.sha256,
            )
        except Exception:
            document.file.delete(save=False)
            raise
    return document


def record_document_download(*, actor: User, document: AgreementDocument) -> None:
    with transaction.atomic():
        _audit(
            Action.DOCUMENT_DOWNLOADED,
            actor,
            document.agreement,
            document_id=document.pk,
            name=document.original_name,
        )


def record_register_export(*, actor: User, file_format: str, rows: int) -> None:
    with transaction.atomic():
        record(
            action=Action.REGISTER_EXPORTED,
            actor=actor,
            object_type="agreements.Agreement",
            data={"format": file_format, "rows": rows},
        )
