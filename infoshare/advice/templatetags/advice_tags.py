"""Who answers and reads advice requests, for pages.

``{% who_answers_advice organisation_id as route %}``: who answers the person's questions
for advice, for pages outside the advice app ("Who can I ask if I am not sure?" in the
decision flow). ``{% advice_readers advice_request as readers %}``: who, besides its
asker, reads one request, for its page ("Asked of"). The same rule as the advice form and
the queue (``policy``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template

from infoshare.advice.models import AddressedTo, AdviceRequest
from infoshare.advice.selectors import (
    WhoAnswers,
    asking_organisations_for,
    may_name_advisor,
    who_answers_in,
)

register = template.Library()


@register.simple_tag(takes_context=True)
def who_answers_advice(context: template.Context, organisation_id: Any = None) -> WhoAnswers | None:
    """Who else answers a question the signed-in person asks for this organisation (the
    decision's), or for the first organisation they may ask in; None when they may ask in
    none."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    organisations = asking_organisations_for(user)
    if not organisations:
        return None
    chosen = next((org for org in organisations if org.pk == organisation_id), organisations[0])
    return who_answers_in(user, chosen)


@dataclass(frozen=True)
class Readers:
    """Who reads a request besides the person who asked it."""

    #: Who at the asking organisation answers it, other than its asker and the advisor it
    #: names: its information sharing advisors (for a question to the organisation or to a
    #: named advisor) and its managers (for any question asked there).
    at_organisation: WhoAnswers
    #: The advisor it names still answers it (one who has left the partnership does not).
    named_answers: bool


@register.simple_tag
def advice_readers(advice_request: AdviceRequest) -> Readers:
    """Who reads this request besides its asker, whoever is looking at its page: worked
    out for the asker, so that it reads the same to everyone (``policy``)."""
    named = advice_request.addressed_to == AddressedTo.ADVISOR and advice_request.advisor_id
    return Readers(
        at_organisation=who_answers_in(
            advice_request.asked_by,
            advice_request.organisation,
            besides=advice_request.advisor_id if named else None,
        ),
        named_answers=bool(named)
        and may_name_advisor(
            advice_request.asked_by,
            advice_request.advisor_id or 0,
            advice_request.partnership_id,
        ),
    )
