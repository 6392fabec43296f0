"""{% who_answers_advice organisation_id as route %}: who answers the person's questions
for advice, for pages outside the advice app ("Who can I ask if I am not sure?" in the
decision flow). The same rule as the advice form and the queue (``policy``)."""

from __future__ import annotations

from typing import Any

from django import template

from infoshare.advice.selectors import WhoAnswers, asking_organisations_for, who_answers_in

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
