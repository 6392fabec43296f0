"""Drafting: create and change a draft, its parties; new versions; withdrawal."""

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from infoshare.accounts.models import User
from infoshare.agreements import errors, permissions
from infoshare.agreements.audit import Action
from infoshare.agreements.models import (
    IN_FORCE,
    SHORT_TEXT_MAX,
    Agreement,
    AgreementParty,
    Status,
)
from infoshare.agreements.selectors import next_version_in_preparation
from infoshare.agreements.services._common import (
    CONTENT_FIELDS,
    audit_agreement,
    clean_content,
    clean_reason,
    locked_agreement,
    require_draft,
    require_manager,
    text_problem,
)
from infoshare.audit.services import for_change
from infoshare.core.errors import Conflict, DomainError, NotFound, ValidationFailed
from infoshare.partnerships.models import Organisation


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
) -> Agreement:
    """Creates a draft owned by the actor (``start_draft_agreement`` without a key)."""
    agreement, _ = start_draft_agreement(
        actor=actor,
        lead_organisation_id=lead_organisation_id,
        content={
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
        },
    )
    return agreement


def start_draft_agreement(
    *,
    actor: User,
    lead_organisation_id: int,
    content: Mapping[str, Any],
    idempotency_key: str = "",
) -> tuple[Agreement, bool]:
    """Creates a draft owned by the actor, with ``content`` (``CONTENT_FIELDS``); returns
    (draft, created).

    With an idempotency key, a retry returns the draft the first request made (created is
    then false, even for a request racing the first). The same key sent with a different
    request (another lead organisation or other content) is refused (409) rather than
    answered with a draft that is not what was asked for. Once the draft has been changed
    on its pages, only its lead organisation is compared: what it was made with is gone."""
    unknown = set(content) - set(CONTENT_FIELDS)
    if unknown:
        raise ValidationFailed(dict.fromkeys(sorted(unknown), "Unknown field"))
    cleaned = clean_content({name: content.get(name) for name in CONTENT_FIELDS})
    organisation = Organisation.objects.filter(
        pk=lead_organisation_id,
        is_active=True,
        partnership_id__in=permissions.partnership_ids_of(actor),
    ).first()
    if organisation is None or not permissions.can_lead_for(
        actor, organisation.pk, organisation.partnership_id
    ):
        raise errors.NotAllowed(errors.CANNOT_CREATE_FOR, field="lead_organisation")
    if idempotency_key:
        existing = _made_with_key(actor, idempotency_key, organisation.pk, cleaned)
        if existing is not None:
            return existing, False
    try:
        with transaction.atomic():
            now = timezone.now()
            agreement = Agreement.objects.create(
                partnership_id=organisation.partnership_id,
                lead_organisation=organisation,
                owner=actor,
                created_by=actor,
                idempotency_key=idempotency_key,
                created_at=now,
                updated_at=now,
                **cleaned,
            )
            audit_agreement(Action.DRAFT_CREATED, actor, agreement, title=agreement.title)
    except IntegrityError:
        # A concurrent request with the same key won the race: return its draft.
        if not idempotency_key:
            raise
        existing = _made_with_key(actor, idempotency_key, organisation.pk, cleaned)
        if existing is None:
            raise
        return existing, False
    return agreement, True


def _made_with_key(
    actor: User, idempotency_key: str, lead_organisation_id: int, content: dict[str, Any]
) -> Agreement | None:
    """The draft an earlier request with this key made, if it asked for the same thing:
    the same lead organisation and, while the draft is as it was made (``updated_at`` is
    set afresh by every change), the same content."""
    existing = Agreement.objects.filter(created_by=actor, idempotency_key=idempotency_key).first()
    if existing is None:
        return None
    same = existing.lead_organisation_id == lead_organisation_id
    if same and existing.updated_at == existing.created_at:
        same = {name: getattr(existing, name) for name in CONTENT_FIELDS} == content
    if not same:
        raise Conflict("idempotency_key_reused", errors.KEY_REUSED)
    return existing


def update_draft(*, actor: User, agreement_id: int, **values: Any) -> Agreement:
    """Changes the content of a draft. Only drafts change; an agreement in force
    changes through a new version."""
    unknown = set(values) - set(CONTENT_FIELDS)
    if unknown:
        raise ValidationFailed(dict.fromkeys(sorted(unknown), "Unknown field"))
    with transaction.atomic():
        agreement = locked_agreement(actor, agreement_id)
        require_manager(actor, agreement)
        require_draft(agreement)
        current = {name: getattr(agreement, name) for name in CONTENT_FIELDS}
        content = clean_content({**current, **values})
        changed = sorted(name for name in CONTENT_FIELDS if content[name] != current[name])
        for name in CONTENT_FIELDS:
            setattr(agreement, name, content[name])
        agreement.updated_at = timezone.now()
        agreement.save()
        audit_agreement(Action.DRAFT_UPDATED, actor, agreement, changed=changed)
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
    An organisation's signatory is one of its senior leads or advisors
    (permissions.SIGNATORY_ROLES); it can be named later."""
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
        problem = text_problem(value, label=label, limit=SHORT_TEXT_MAX, one_line=True)
        if problem:
            problems[name] = problem
    if len(contact_email) > 254:
        problems["contact_email"] = "Enter an email address of 254 characters or fewer"
    elif problem := text_problem(
        contact_email, label="Contact email address", limit=254, one_line=True
    ):
        problems["contact_email"] = problem
    if organisation_id and external_party_name:
        problems["organisation"] = errors.PARTY_ORG_OR_EXTERNAL
    elif not organisation_id and not external_party_name:
        problems["organisation"] = errors.PARTY_NEEDS_ONE
    if problems:
        raise ValidationFailed(problems)
    with transaction.atomic():
        agreement = locked_agreement(actor, agreement_id)
        require_manager(actor, agreement)
        require_draft(agreement)
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
                signatory = _eligible_signatory(signatory_id, organisation)
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
        audit_agreement(Action.PARTY_ADDED, actor, agreement, party=party.name, party_id=party.pk)
    return party


def _eligible_signatory(signatory_id: int, organisation: Organisation) -> User:
    """The person, when they may sign for the organisation (permissions.SIGNATORY_ROLES)."""
    signatory = User.objects.filter(pk=signatory_id, is_active=True).first()
    if signatory is None or not permissions.can_sign_for_organisation(signatory, organisation.pk):
        raise DomainError(
            "invalid",
            errors.SIGNATORY_NOT_ELIGIBLE.format(organisation=organisation.name),
            field="signatory",
        )
    return signatory


def change_party_signatory(
    *,
    actor: User,
    agreement_id: int,
    party_id: int,
    signatory_id: int | None = None,
    external_signatory_name: str = "",
) -> AgreementParty:
    """Names (or changes) who signs for a party of a draft: for an organisation, one of its
    senior leads or advisors; for an external party, the name of the person whose
    signature the owner will record."""
    external_signatory_name = (external_signatory_name or "").strip()
    with transaction.atomic():
        agreement = locked_agreement(actor, agreement_id)
        require_manager(actor, agreement)
        require_draft(agreement)
        party = (
            for_change(agreement.parties.select_related("organisation", "signatory"), of=("self",))
            .filter(pk=party_id)
            .first()
        )
        if party is None:
            raise NotFound("Party not found")
        before = party.signatory_label
        was = (party.signatory_id, party.external_signatory_name)
        if party.organisation is not None:
            if not signatory_id:
                raise DomainError(
                    "required",
                    errors.SIGNATORY_REQUIRED.format(party=party.name),
                    field="signatory",
                )
            party.signatory = _eligible_signatory(signatory_id, party.organisation)
            party.external_signatory_name = ""
        else:
            if signatory_id:
                raise DomainError("invalid", errors.EXTERNAL_NO_USER_SIGNATORY, field="signatory")
            if not external_signatory_name:
                raise DomainError(
                    "required",
                    errors.EXTERNAL_SIGNATORY_REQUIRED,
                    field="external_signatory_name",
                )
            problem = text_problem(
                external_signatory_name, label="Signatory name", limit=SHORT_TEXT_MAX, one_line=True
            )
            if problem:
                raise DomainError("invalid", problem, field="external_signatory_name")
            party.external_signatory_name = external_signatory_name
        if (party.signatory_id, party.external_signatory_name) == was:
            return party  # the same signatory chosen again: nothing changed, nothing audited
        party.save(update_fields=["signatory", "external_signatory_name"])
        audit_agreement(
            Action.PARTY_SIGNATORY_CHANGED,
            actor,
            agreement,
            party=party.name,
            party_id=party.pk,
            signatory_id=party.signatory_id,
            signatory=party.signatory_label,
            previous_signatory=before,
        )
    return party


def remove_party(*, actor: User, agreement_id: int, party_id: int) -> Agreement:
    with transaction.atomic():
        agreement = locked_agreement(actor, agreement_id)
        require_manager(actor, agreement)
        require_draft(agreement)
        party = agreement.parties.select_related("organisation").filter(pk=party_id).first()
        if party is None:
            raise NotFound("Party not found")
        name = party.name
        party.delete()
        audit_agreement(Action.PARTY_REMOVED, actor, agreement, party=name, party_id=party_id)
    return agreement


def start_new_version(*, actor: User, agreement_id: int) -> Agreement:
    """Copies an agreement in force into a new draft version (parties included, without
    signatures). The old version stays in force until the new one is active."""
    with transaction.atomic():
        agreement = locked_agreement(actor, agreement_id)
        require_manager(actor, agreement)
        if agreement.status not in IN_FORCE:
            raise Conflict("not_in_force", errors.NEW_VERSION_ONLY_WHEN_IN_FORCE)
        pending = next_version_in_preparation(agreement)
        if pending is not None:
            raise Conflict(
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
        audit_agreement(Action.NEW_VERSION_STARTED, actor, new, previous_id=agreement.pk)
    return new


def withdraw_agreement(*, actor: User, agreement_id: int, reason: str) -> Agreement:
    """Ends an agreement (or abandons a draft). Withdrawing one never stops anyone
    sharing: it only records that this routine arrangement no longer applies."""
    reason = clean_reason(reason, errors.WITHDRAWAL_REASON_REQUIRED)
    with transaction.atomic():
        agreement = locked_agreement(actor, agreement_id)
        require_manager(actor, agreement)
        if agreement.status in (Status.WITHDRAWN, Status.EXPIRED, Status.SUPERSEDED):
            raise Conflict(
                "finished",
                errors.ALREADY_FINISHED.format(status=agreement.get_status_display().lower()),
            )
        agreement.status = Status.WITHDRAWN
        agreement.withdrawn_at = timezone.now()
        agreement.withdrawal_reason = reason
        agreement.updated_at = agreement.withdrawn_at
        agreement.save(update_fields=["status", "withdrawn_at", "withdrawal_reason", "updated_at"])
        audit_agreement(Action.WITHDRAWN, actor, agreement, reason=reason)
    return agreement
