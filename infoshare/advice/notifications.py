"""Emails about advice requests, sent after the change has been committed.

When the asker has named the person, an email carries only a link: the question and
the replies stay behind sign-in."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse

from infoshare.advice.models import AddressedTo, AdviceReply, AdviceRequest
from infoshare.advice.policy import is_asker
from infoshare.advice.selectors import can_answer
from infoshare.core.roles import Role
from infoshare.partnerships.models import Membership


def _link(advice_request: AdviceRequest) -> str:
    path = reverse("advice:request_detail", kwargs={"request_id": advice_request.pk})
    return f"{settings.SITE_URL.rstrip('/')}{path}"


#: Whom a new question is emailed to (``addressees``): the advisor it names, the advisors
#: of the asker's organisation or of the partnership, the managers of the asker's
#: organisation when those advisors are nobody (managers answer it too: ``policy``), or
#: nobody at all.
Emailed = Literal["advisor", "organisation", "partnership", "managers", "nobody"]


@dataclass(frozen=True)
class Addressees:
    emailed: Emailed
    emails: list[str]


def addressees(advice_request: AdviceRequest) -> Addressees:
    """Whom a request is emailed to (the asker excluded): the confirmation page says so.

    One addressed to a named advisor goes to that advisor alone while they are still an
    advisor in its partnership; otherwise (they have left) to the advisors of the asker's
    organisation, who see it too (``policy``), so that it never waits unseen. When the
    advisors it is addressed to are nobody, it goes to the managers of the asker's
    organisation, who answer it too: nobody who can answer it is left untold."""
    active = Membership.objects.active().filter(organisation__is_active=True)
    memberships = active.filter(role=Role.ADVISOR)
    others = Q(person_id=advice_request.asked_by_id)
    if advice_request.addressed_to == AddressedTo.ADVISOR:
        named = (
            memberships.filter(
                person_id=advice_request.advisor_id,
                organisation__partnership_id=advice_request.partnership_id,
            )
            .exclude(others)
            .values_list("person__email", flat=True)
        )
        if named_emails := sorted(set(named)):
            return Addressees("advisor", named_emails)
    emailed: Emailed
    if advice_request.addressed_to == AddressedTo.PARTNERSHIP:
        emailed = "partnership"
        memberships = memberships.filter(organisation__partnership_id=advice_request.partnership_id)
    else:
        emailed = "organisation"
        memberships = memberships.filter(organisation_id=advice_request.organisation_id)
    emails = sorted(set(memberships.exclude(others).values_list("person__email", flat=True)))
    if emails:
        return Addressees(emailed, emails)
    managers = active.filter(role=Role.MANAGER, organisation_id=advice_request.organisation_id)
    emails = sorted(set(managers.exclude(others).values_list("person__email", flat=True)))
    return Addressees("managers", emails) if emails else Addressees("nobody", [])


def advisor_emails(advice_request: AdviceRequest) -> list[str]:
    """The people a request is emailed to (``addressees``)."""
    return addressees(advice_request).emails


def _send(subject: str, template: str, context: dict[str, object], to: Iterable[str]) -> None:
    body = render_to_string(template, context)
    for address in to:
        # One message per person, so that nobody sees who else was told.
        send_mail(subject, body, None, [address])


def notify_new_request(request_id: int) -> None:
    advice_request = AdviceRequest.objects.select_related("organisation").get(pk=request_id)
    prefix = "Urgent: " if advice_request.urgent else ""
    _send(
        f"{prefix}New advice request {advice_request.reference}",
        "advice/emails/new_request.txt",
        {"advice_request": advice_request, "link": _link(advice_request)},
        advisor_emails(advice_request),
    )


def notify_reply(reply_id: int) -> None:
    reply = AdviceReply.objects.select_related(
        "request__organisation", "request__asked_by", "author"
    ).get(pk=reply_id)
    advice_request = reply.request
    if reply.by_advisor:
        # The asker is told only while they may still ask in the request's organisation:
        # someone who has left it no longer reads the request (``policy.asked_by``).
        asker = advice_request.asked_by
        still_asks = is_asker(
            asker, asked_by_id=asker.pk, organisation_id=advice_request.organisation_id
        )
        recipients = [asker.email] if still_asks else []
    else:
        # The advisors who answered, while they still answer it (one who has left the
        # organisation or partnership no longer reads it); otherwise, whoever answers now.
        answered_by = {
            answer.author
            for answer in advice_request.replies.filter(by_advisor=True).select_related("author")
        }
        still_answer = sorted(
            author.email for author in answered_by if can_answer(author, advice_request)
        )
        recipients = still_answer or advisor_emails(advice_request)
    _send(
        f"New reply to advice request {advice_request.reference}",
        "advice/emails/reply.txt",
        {"advice_request": advice_request, "reply": reply, "link": _link(advice_request)},
        [address for address in recipients if address and address != reply.author.email],
    )


def notify_closed(request_id: int, closed_by_id: int) -> None:
    """Someone who answers a request closed it: the asker is told, while they may still
    read it (``policy.asked_by``), for nobody can reply to it now."""
    advice_request = AdviceRequest.objects.select_related("organisation", "asked_by").get(
        pk=request_id
    )
    asker = advice_request.asked_by
    if not is_asker(asker, asked_by_id=asker.pk, organisation_id=advice_request.organisation_id):
        return
    closer = get_user_model().objects.get(pk=closed_by_id)
    _send(
        f"Advice request {advice_request.reference} has been closed",
        "advice/emails/closed.txt",
        {
            "advice_request": advice_request,
            "closed_by": closer.full_name or closer.email,
            "link": _link(advice_request),
            "ask_link": f"{settings.SITE_URL.rstrip('/')}{reverse('advice:request_new')}",
        },
        [address for address in [asker.email] if address and address != closer.email],
    )
