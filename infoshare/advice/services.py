"""Asking for advice, replying and closing: each one transaction, audited.

The guidance (HM Government 2008, golden rule 3): "Seek advice if you are in any
doubt, without disclosing the identity of the person where possible." Requests are
therefore anonymous unless the asker chooses to name the person, and emails about a
named person carry only a link, never the question.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from infoshare.advice import errors, notifications
from infoshare.advice.audit import Action
from infoshare.advice.links import decision_link, may_see_decision
from infoshare.advice.models import (
    IDEMPOTENCY_KEY_MAX_LENGTH,
    PERSON_DESCRIPTION_MAX_LENGTH,
    QUESTION_MAX_LENGTH,
    REPLY_MAX_LENGTH,
    AddressedTo,
    AdviceReply,
    AdviceRequest,
    AnsweredAs,
    Status,
)
from infoshare.advice.policy import answer_scope, asking_organisation_ids
from infoshare.advice.selectors import (
    can_answer,
    get_advice_request_for,
    is_asker,
    may_name_advisor,
    who_answers_in,
)
from infoshare.audit.refused_ids import mark_refused
from infoshare.audit.services import for_change, lock_chain, record
from infoshare.core.errors import Conflict, DomainError, NotFound, ValidationFailed
from infoshare.core.numbers import MAX_ID
from infoshare.core.text import CONTROL_CHARACTERS, HTML_TAG, LONE_SURROGATE
from infoshare.partnerships.models import Organisation


def _text(
    value: str | None,
    *,
    max_length: int,
    missing: str | None,
    too_long: str,
    control: str,
    html: str,
) -> tuple[str, str | None]:
    """(cleaned text, error message or None). ``missing=None`` means optional.

    Text is plain text, as in every decision field: HTML tags are refused (what is stored
    is always escaped when shown, so this is for clarity, not safety)."""
    text = (value or "").strip()
    if not text:
        return "", missing
    if len(text) > max_length:
        return text, too_long
    if CONTROL_CHARACTERS.search(text) or LONE_SURROGATE.search(text):
        return text, control
    if HTML_TAG.search(text):
        return text, html
    return text, None


def _resolve_organisation(actor: Any, organisation_id: int | None) -> Organisation:
    allowed = asking_organisation_ids(actor)
    if organisation_id is None:
        if len(allowed) != 1:
            message = errors.ORGANISATION_MISSING if allowed else errors.ORGANISATION_NOT_YOURS
            raise DomainError(errors.Code.NO_ORGANISATION, message, field="organisation")
        organisation_id = allowed[0]
    if organisation_id not in allowed:
        mark_refused("org_id", [organisation_id])  # audited as a refusal
        raise DomainError(
            errors.Code.NO_ORGANISATION, errors.ORGANISATION_NOT_YOURS, field="organisation"
        )
    return Organisation.objects.get(pk=organisation_id)


def ask_for_advice(
    *,
    actor: Any,
    question: str,
    addressed_to: str = AddressedTo.ORGANISATION,
    organisation_id: int | None = None,
    about_person_named: bool = False,
    person_description: str = "",
    urgent: bool = False,
    context_decision_id: int | None = None,
    idempotency_key: str = "",
    advisor_id: int | None = None,
    for_draft: bool = False,
) -> AdviceRequest:
    """A practitioner (or manager, advisor, senior lead) asks the advisors a question.

    Addressed to "advisor", ``advisor_id`` names the one advisor asked: one the asker may
    name in the organisation's partnership (``selectors.nameable_advisors_for``), never
    themselves; the advisors of the asker's organisation see it too (``policy``). It is
    given with "advisor" only.

    ``context_decision_id`` names the decision the question is asked from. The advice
    asked from a decision is kept with its record when the record is finalised, so the
    asker must be someone who may see that decision (the decisions app says who:
    ``links.may_see_decision``); otherwise NotFound, the same for "missing" and "not
    yours", and audited as a refusal of that decision (``audit.refused_ids``). Only advice
    asked from the asker's own draft is kept (domain spec section 6: the record holds the
    advice sought while it was made); a final record never changes. ``for_draft``: the page
    it was sent from showed the decision as the asker's draft, to keep the question with;
    if it has been finalised since (in another tab, say), the question is not asked
    (``errors.DECISION_FINALISED``), so that the asker knows, and chooses to ask anyway.

    With an idempotency key (the page's own, see ``page_keys``), the same key sent again
    returns the request it asked, and nobody is told twice."""
    idempotency_key = _checked_key(idempotency_key)
    existing = _asked_with_key(actor, idempotency_key)
    if existing is not None:
        return existing
    fields = _question_fields(
        actor,
        question=question,
        addressed_to=addressed_to,
        about_person_named=about_person_named,
        person_description=person_description,
        urgent=urgent,
        context_decision_id=context_decision_id,
        advisor_id=advisor_id,
    )
    fields["idempotency_key"] = idempotency_key
    organisation = _resolve_organisation(actor, organisation_id)
    resent = _resent_question(actor, organisation, fields) if idempotency_key else None
    if resent is not None:
        return resent
    return _create_or_find(actor, organisation, fields, for_draft=for_draft)[0]


def _create_or_find(
    actor: Any, organisation: Organisation, fields: dict[str, Any], *, for_draft: bool = False
) -> tuple[AdviceRequest, bool]:
    """``_create_request``, or, when a concurrent request with the same key won the race
    (its question was sent), that request: (request, created)."""
    try:
        return _create_request(actor, organisation, fields, for_draft=for_draft), True
    except IntegrityError:
        existing = _asked_with_key(actor, fields["idempotency_key"])
        if existing is None:
            raise
        return existing, False


def ask_for_advice_once(
    *, actor: Any, idempotency_key: str, organisation_id: int | None = None, **asked: Any
) -> tuple[AdviceRequest, bool]:
    """The API's ask (``ask_for_advice``, the same arguments); returns (request, created).
    It honours the client's Idempotency-Key as the decisions API does: the same key from
    the same person with the same question (the same organisation, words and people asked)
    returns the request it asked, as it is now, not created again and nobody told twice;
    the same key with another question is refused (409) rather than answered with a
    request that is not what was asked. Without a key, every call asks."""
    idempotency_key = _checked_key(idempotency_key)
    fields = _question_fields(actor, **asked)
    fields["idempotency_key"] = idempotency_key
    organisation = _resolve_organisation(actor, organisation_id)
    existing = _asked_with_key(actor, idempotency_key)
    if existing is None:
        existing, created = _create_or_find(actor, organisation, fields)
        if created:
            return existing, True
    same = existing.organisation_id == organisation.pk and all(
        getattr(existing, name) == value for name, value in fields.items()
    )
    if not same:
        raise Conflict(errors.Code.KEY_REUSED, errors.KEY_REUSED)
    return existing, False


def _question_fields(
    actor: Any,
    *,
    question: str,
    addressed_to: str = AddressedTo.ORGANISATION,
    about_person_named: bool = False,
    person_description: str = "",
    urgent: bool = False,
    context_decision_id: int | None = None,
    advisor_id: int | None = None,
) -> dict[str, Any]:
    """The question's fields, checked (``ValidationFailed`` naming each bad one) and
    cleaned, once the asker is found to be someone who may ask from its decision."""
    problems: dict[str, str] = {}
    question, problem = _text(
        question,
        max_length=QUESTION_MAX_LENGTH,
        missing=errors.QUESTION_MISSING,
        too_long=errors.QUESTION_TOO_LONG,
        control=errors.QUESTION_CONTROL,
        html=errors.QUESTION_HTML,
    )
    if problem:
        problems["question"] = problem
    description = ""
    if about_person_named:
        description, problem = _text(
            person_description,
            max_length=PERSON_DESCRIPTION_MAX_LENGTH,
            missing=errors.DESCRIPTION_MISSING,
            too_long=errors.DESCRIPTION_TOO_LONG,
            control=errors.DESCRIPTION_CONTROL,
            html=errors.DESCRIPTION_HTML,
        )
        if problem:
            problems["person_description"] = problem
    if addressed_to not in AddressedTo.values:
        problems["addressed_to"] = errors.ADDRESSED_TO_INVALID
    elif addressed_to == AddressedTo.ADVISOR and advisor_id is None:
        problems["advisor"] = errors.ADVISOR_MISSING
    elif addressed_to != AddressedTo.ADVISOR and advisor_id is not None:
        problems["advisor"] = errors.ADVISOR_NOT_ASKED
    if advisor_id is not None and not 0 < advisor_id <= MAX_ID:
        problems["advisor"] = errors.ADVISOR_NOT_OFFERED
    if context_decision_id is not None and not 0 < context_decision_id <= MAX_ID:
        problems["decision"] = errors.DECISION_INVALID
    if problems:
        raise ValidationFailed(problems)
    if context_decision_id is not None and not may_see_decision(actor, context_decision_id):
        mark_refused("decision_id", [context_decision_id])  # audited as a refusal
        raise NotFound(errors.DECISION_NOT_FOUND)
    return {
        "addressed_to": addressed_to,
        "advisor_id": advisor_id,
        "question": question,
        "about_person_named": about_person_named,
        "person_description": description,
        "urgent": urgent,
        "context_decision_id": context_decision_id,
    }


#: A page sent again after going Back carries a new page key (the page is fetched afresh),
#: so the same words from the same person this soon, to the same people, with nothing
#: said since, are the same question or reply.
RESENT_WITHIN = dt.timedelta(minutes=30)


def _resent_question(
    actor: Any, organisation: Organisation, fields: dict[str, Any]
) -> AdviceRequest | None:
    """The same question, sent again from a fresh page: asked for the same organisation,
    of the same people, in the same words, and not yet replied to. The same words for
    another organisation, or to other people, are another question."""
    same = {name: value for name, value in fields.items() if name != "idempotency_key"}
    return (
        AdviceRequest.objects.filter(
            asked_by_id=actor.pk,
            organisation_id=organisation.pk,
            created_at__gte=timezone.now() - RESENT_WITHIN,
            status=Status.OPEN,
            replies__isnull=True,
            **same,
        )
        .order_by("-created_at")
        .first()
    )


def _reply_sent_again(actor: Any, advice_request: AdviceRequest, body: str) -> AdviceReply | None:
    """The same reply, sent again from a fresh page: only while it is still the last word
    in the thread. Once anyone has written since (the asker's follow-up), the same words
    are a new reply, and are sent."""
    last = advice_request.replies.order_by("-created_at", "-id").first()
    if (
        last is not None
        and last.author_id == actor.pk
        and last.body == body
        and last.created_at >= timezone.now() - RESENT_WITHIN
    ):
        return last
    return None


def _asked_with_key(actor: Any, idempotency_key: str) -> AdviceRequest | None:
    if not idempotency_key:
        return None
    return AdviceRequest.objects.filter(
        asked_by_id=actor.pk, idempotency_key=idempotency_key
    ).first()


def _checked_key(idempotency_key: str) -> str:
    key = (idempotency_key or "").strip()
    if len(key) > IDEMPOTENCY_KEY_MAX_LENGTH:
        raise ValidationFailed({"idempotency_key": errors.KEY_TOO_LONG})
    return key


def _create_request(
    actor: Any, organisation: Organisation, fields: dict[str, Any], *, for_draft: bool = False
) -> AdviceRequest:
    with transaction.atomic():
        # The audit chain first (docs/architecture.md, "Lock order"): finalising a draft
        # takes it before the draft, so the draft is final already here, or is finalised
        # after this question is saved, and keeps it.
        lock_chain()
        if for_draft:
            _check_still_a_draft(actor, fields["context_decision_id"])
        advisor_id = fields["advisor_id"]
        if advisor_id is not None and not may_name_advisor(
            actor, advisor_id, organisation.partnership_id
        ):
            mark_refused("advisor_id", [advisor_id])
            raise ValidationFailed({"advisor": errors.ADVISOR_NOT_OFFERED})
        _check_someone_answers(actor, organisation, fields["addressed_to"])
        advice_request = AdviceRequest.objects.create(
            organisation=organisation,
            partnership_id=organisation.partnership_id,
            asked_by=actor,
            **fields,
        )
        record(
            action=Action.REQUESTED,
            actor=actor,
            organisation_id=organisation.pk,
            obj=advice_request,
            data={
                "addressed_to": fields["addressed_to"],
                "advisor_id": advisor_id,
                "urgent": fields["urgent"],
                "about_person_named": fields["about_person_named"],
                "context_decision_id": fields["context_decision_id"],
            },
        )
        request_id = advice_request.pk
        transaction.on_commit(lambda: notifications.notify_new_request(request_id), robust=True)
    return advice_request


def _check_still_a_draft(actor: Any, decision_id: int | None) -> None:
    """A question to be kept with the asker's draft is not asked once the draft is final
    (``ask_for_advice(for_draft=)``)."""
    if decision_id is None:
        return
    link = decision_link(actor, actor.pk, decision_id)
    if link is not None and not link.is_draft:
        raise DomainError(errors.Code.DECISION_FINALISED, errors.DECISION_FINALISED)


def _check_someone_answers(actor: Any, organisation: Organisation, addressed_to: str) -> None:
    """A question nobody can read is never accepted (``policy``): addressed to "my
    organisation" where nobody but the asker answers, or to a partnership where nobody
    does. A named advisor answers what is addressed to them (``may_name_advisor``)."""
    if addressed_to == AddressedTo.ADVISOR:
        return
    who = who_answers_in(actor, organisation)
    if who.answers(addressed_to):
        return
    template = errors.NOBODY_IN_ORGANISATION if who.partnership_answers else errors.NOBODY_ANSWERS
    raise ValidationFailed({"addressed_to": template.format(organisation=organisation.name)})


def reply_to_advice(
    *, actor: Any, request_id: int, body: str, idempotency_key: str = ""
) -> AdviceReply:
    """An advisor (or manager) answers, or the asker follows up.

    The first reply by someone answering sets ``first_response_at`` once: time to first
    response is kept for measurement. A follow-up from the asker puts an answered
    request back in the queue, waiting from the follow-up (``followed_up_at``). A reply
    keeps the role it was written in: advisor, or manager (policy: managers answer too).

    With an idempotency key (the page's own, see ``page_keys``), the same key sent again
    returns the reply it made, even once the request is closed, and nobody is told twice."""
    idempotency_key = _checked_key(idempotency_key)
    body = _checked_reply(body)
    try:
        return _reply(actor, request_id, body, idempotency_key)[0]
    except IntegrityError:
        # A concurrent request with the same key won the race: its reply was sent.
        existing = _replied_with_key(actor, request_id, idempotency_key)
        if existing is None:
            raise
        return existing


def reply_to_advice_once(
    *, actor: Any, request_id: int, body: str, idempotency_key: str
) -> tuple[AdviceReply, bool]:
    """The API's reply (``reply_to_advice``); returns (reply, created). It honours the
    client's Idempotency-Key as the decisions API does: the same key from the same person
    with the same reply to the same request returns the reply it made, even once the
    request is closed, not sent again and nobody told twice; the same key with another
    reply, or to another request, is refused (409). Without a key, every call replies."""
    idempotency_key = _checked_key(idempotency_key)
    body = _checked_reply(body)
    try:
        return _reply(actor, request_id, body, idempotency_key, from_api=True)
    except IntegrityError:
        # A concurrent request with the same key won the race.
        if _replied_with_key(actor, request_id, idempotency_key) is None:
            raise
        return _reply(actor, request_id, body, idempotency_key, from_api=True)


def _checked_reply(body: str) -> str:
    body, problem = _text(
        body,
        max_length=REPLY_MAX_LENGTH,
        missing=errors.REPLY_MISSING,
        too_long=errors.REPLY_TOO_LONG,
        control=errors.REPLY_CONTROL,
        html=errors.REPLY_HTML,
    )
    if problem:
        raise ValidationFailed({"body": problem})
    return body


def _replied_with_key(actor: Any, request_id: int, idempotency_key: str) -> AdviceReply | None:
    if not idempotency_key:
        return None
    return AdviceReply.objects.filter(
        request_id=request_id, author_id=actor.pk, idempotency_key=idempotency_key
    ).first()


def _sent_with_api_key(
    actor: Any, request_id: int, body: str, idempotency_key: str
) -> AdviceReply | None:
    """The reply the API's Idempotency-Key made, if it is the same reply to the same
    request (a key is the person's own, whatever they reply to); otherwise a conflict."""
    if not idempotency_key:
        return None
    existing = (
        AdviceReply.objects.filter(author_id=actor.pk, idempotency_key=idempotency_key)
        .order_by("id")
        .first()
    )
    if existing is not None and (existing.request_id, existing.body) != (request_id, body):
        raise Conflict(errors.Code.KEY_REUSED, errors.KEY_REUSED)
    return existing


def _reply(
    actor: Any, request_id: int, body: str, idempotency_key: str, *, from_api: bool = False
) -> tuple[AdviceReply, bool]:
    """(reply, created): a key's reply made before is returned, not made again. A page's
    key (``from_api`` False) also finds the same words sent again from a fresh page
    (``_reply_sent_again``); the API's only the reply the key made."""
    with transaction.atomic():
        get_advice_request_for(actor, request_id)  # NotFound when not theirs
        advice_request = for_change(AdviceRequest.objects).get(pk=request_id)
        if from_api:
            existing = _sent_with_api_key(actor, request_id, body, idempotency_key)
        else:
            existing = _replied_with_key(actor, request_id, idempotency_key)
            if existing is None and idempotency_key:
                existing = _reply_sent_again(actor, advice_request, body)
        if existing is not None:
            return existing, False
        # The asker follows up only while they may still ask in the request's organisation.
        asker = is_asker(actor, advice_request)
        if advice_request.status == Status.CLOSED:
            message = errors.closed_message(is_asker=asker)
            raise DomainError(errors.Code.CLOSED, message, field="body")
        by_advisor = can_answer(actor, advice_request)
        if not by_advisor and not asker:
            raise DomainError(errors.Code.NOT_ALLOWED, errors.CANNOT_REPLY, field="body")
        now = timezone.now()
        first_response = by_advisor and advice_request.first_response_at is None
        if by_advisor:
            advice_request.status = Status.ANSWERED
            if first_response:
                advice_request.first_response_at = now
        elif advice_request.status == Status.ANSWERED:
            # A follow-up to an answer: it waits again, from now.
            advice_request.status = Status.OPEN
            advice_request.followed_up_at = now
        advice_request.save(update_fields=["status", "first_response_at", "followed_up_at"])
        reply = AdviceReply.objects.create(
            request=advice_request,
            author=actor,
            by_advisor=by_advisor,
            answered_as=_answered_as(actor, advice_request) if by_advisor else "",
            body=body,
            created_at=now,
            idempotency_key=idempotency_key,
        )
        record(
            action=Action.REPLIED,
            actor=actor,
            organisation_id=advice_request.organisation_id,
            obj=advice_request,
            data={"reply_id": reply.pk, "by_advisor": by_advisor, "first_response": first_response},
        )
        reply_id = reply.pk
        transaction.on_commit(lambda: notifications.notify_reply(reply_id), robust=True)
    return reply, True


def _answered_as(actor: Any, advice_request: AdviceRequest) -> str:
    """Advisor when the person answers this request as an advisor, else manager (someone
    answering who is not its advisor answers as a manager of the asker's organisation)."""
    as_advisor = answer_scope(actor).as_advisor(
        addressed_to=advice_request.addressed_to,
        organisation_id=advice_request.organisation_id,
        partnership_id=advice_request.partnership_id,
        advisor_id=advice_request.advisor_id,
    )
    return AnsweredAs.ADVISOR if as_advisor else AnsweredAs.MANAGER


def close_advice_request(*, actor: Any, request_id: int) -> AdviceRequest:
    """The asker closes the request once they have what they need; someone who answers it
    (an advisor, or a manager of the asker's organisation: ``policy``) may close it too,
    but only once it has been answered (a reply tells the asker why), and the asker is then
    emailed. The request keeps who closed it (``closed_by``), as the audit event does."""
    with transaction.atomic():
        get_advice_request_for(actor, request_id)  # NotFound when not theirs
        advice_request = for_change(AdviceRequest.objects).get(pk=request_id)
        by_advisor = can_answer(actor, advice_request)
        if not by_advisor and not is_asker(actor, advice_request):
            raise DomainError(errors.Code.NOT_ALLOWED, errors.CANNOT_CLOSE)
        if advice_request.status == Status.CLOSED:
            message = errors.CLOSED_BEFORE if by_advisor else errors.ALREADY_CLOSED
            raise DomainError(errors.Code.CLOSED, message)
        if by_advisor and advice_request.first_response_at is None:
            raise DomainError(errors.Code.NOT_ANSWERED, errors.CLOSE_UNANSWERED)
        advice_request.status = Status.CLOSED
        advice_request.closed_at = timezone.now()
        advice_request.closed_by = actor
        advice_request.save(update_fields=["status", "closed_at", "closed_by"])
        record(
            action=Action.CLOSED,
            actor=actor,
            organisation_id=advice_request.organisation_id,
            obj=advice_request,
            data={
                "answered": advice_request.first_response_at is not None,
                "by_advisor": by_advisor,
            },
        )
        if by_advisor:
            closed_id, closer_id = advice_request.pk, actor.pk
            transaction.on_commit(
                lambda: notifications.notify_closed(closed_id, closer_id), robust=True
            )
    return advice_request
