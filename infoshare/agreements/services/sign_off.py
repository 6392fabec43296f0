"""Sign-off: send for signature, sign, refuse; activation supersedes the old version."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from infoshare.accounts.models import User
from infoshare.agreements import errors, permissions
from infoshare.agreements.audit import Action
from infoshare.agreements.models import (
    IN_FORCE,
    Agreement,
    AgreementParty,
    Status,
)
from infoshare.agreements.services._common import (
    audit_agreement,
    clean_reason,
    locked_agreement,
    require_draft,
    require_manager,
)
from infoshare.audit.services import for_change
from infoshare.core.errors import Conflict, DomainError, NotFound


def submit_for_signature(*, actor: User, agreement_id: int) -> Agreement:
    """Sends a draft to its parties' signatories. An agreement is between two or more
    parties, and each party needs a named signatory."""
    with transaction.atomic():
        agreement = locked_agreement(actor, agreement_id)
        require_manager(actor, agreement)
        require_draft(agreement)
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
        audit_agreement(Action.SUBMITTED_FOR_SIGNATURE, actor, agreement, parties=len(parties))
    return agreement


def _party_to_sign(actor: User, agreement: Agreement, party_id: int | None) -> AgreementParty:
    """The party the actor signs (or refuses) for: the one naming them as signatory,
    or an external party whose signature the agreement's manager records."""
    parties = for_change(agreement.parties.select_related("organisation"), of=("self",))
    if party_id is not None:
        party = parties.filter(pk=party_id).first()
        if party is None:
            raise NotFound("Party not found")
    else:
        party = parties.filter(signatory_id=actor.pk, signed_at__isnull=True).first()
        if party is None:
            raise errors.NotSignatory(errors.NOTHING_TO_SIGN)
    if not permissions.may_sign_for(actor, agreement, party):
        raise errors.NotSignatory(errors.NOT_YOUR_SIGNATURE.format(party=party.name))
    if party.signed_at is not None:
        raise Conflict("already_signed", errors.ALREADY_SIGNED.format(party=party.name))
    return party


def sign_agreement(*, actor: User, agreement_id: int, party_id: int | None = None) -> Agreement:
    """The named signatory approves for their party. When every party has signed the
    agreement becomes active, and the version it replaces (if any) is superseded."""
    with transaction.atomic():
        agreement = locked_agreement(actor, agreement_id)
        if agreement.status != Status.AWAITING_SIGNATURE:
            raise Conflict("not_awaiting", errors.NOT_AWAITING)
        party = _party_to_sign(actor, agreement, party_id)
        now = timezone.now()
        party.signed_at = now
        party.signed_by = actor
        party.save(update_fields=["signed_at", "signed_by"])
        audit_agreement(
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
    audit_agreement(Action.ACTIVATED, actor, agreement)
    if agreement.previous_id is None:
        return
    previous = for_change(Agreement.objects).get(pk=agreement.previous_id)
    if previous.status in IN_FORCE:
        previous.status = Status.SUPERSEDED
        previous.updated_at = now
        previous.save(update_fields=["status", "updated_at"])
        audit_agreement(Action.SUPERSEDED, actor, previous, superseded_by=agreement.pk)


def refuse_to_sign(
    *, actor: User, agreement_id: int, reason: str, party_id: int | None = None
) -> Agreement:
    """The named signatory declines, with a reason. The agreement goes back to draft so
    that its manager can change it and send it again (all parties then sign again)."""
    reason = clean_reason(reason, errors.REFUSAL_REASON_REQUIRED)
    with transaction.atomic():
        agreement = locked_agreement(actor, agreement_id)
        if agreement.status != Status.AWAITING_SIGNATURE:
            raise Conflict("not_awaiting", errors.NOT_AWAITING)
        party = _party_to_sign(actor, agreement, party_id)
        party.refused_at = timezone.now()
        party.refusal_reason = reason
        party.save(update_fields=["refused_at", "refusal_reason"])
        agreement.status = Status.DRAFT
        agreement.updated_at = timezone.now()
        agreement.save(update_fields=["status", "updated_at"])
        audit_agreement(
            Action.REFUSED, actor, agreement, party=party.name, party_id=party.pk, reason=reason
        )
    return agreement
