"""What a record's page offers the staff of the organisation it was shared with, so that
they can act on what they received: ask their own advisors about it, and record their own
decision (about sharing it onward, say). The record stays the sending organisation's; the
receiving organisation decides for itself, and records that (product.md, principle 4:
record every decision, to share or not to share, with the reasons; the guidance's "seek
advice" when in doubt)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from infoshare.core.access import memberships_of, rule_for
from infoshare.decisions.models import SharingDecision
from infoshare.decisions.selectors.decisions import is_shared_with

#: The pages linked to, by URL name: asking for advice (with the record attached) and
#: starting a record.
ASK_ADVICE = "advice:request_new"
START = "decisions:start"


def received_links(user: Any, decision: SharingDecision) -> dict[str, str]:
    """The links to offer on the record's page, by name (``ask_advice``, ``start``), to a
    reader in the organisation the record was shared with (``is_shared_with``): each only
    when the reader holds, in that organisation, a role that the access rule of the page
    linked to admits, so that nobody is offered a page that refuses them. The sending
    organisation's staff, and a reader whose role at the receiving organisation is of
    another kind (an administrator), are offered neither. The advice page takes the record
    (``?decision=``: advice may be asked about any record the asker may see that is not
    someone else's draft, ``advice_links.may_see``); the start page takes nothing, so a
    new record names its people afresh. From the memberships already read: no query."""
    organisation_id = decision.recipient_organisation_id
    if not is_shared_with(decision, organisation_id):
        return {}
    held = {role for role, org, _ in memberships_of(user) if org == organisation_id}
    links: dict[str, str] = {}
    if _admitted(ASK_ADVICE, held):
        links["ask_advice"] = f"{reverse(ASK_ADVICE)}?{urlencode({'decision': decision.pk})}"
    if _admitted(START, held):
        links["start"] = reverse(START)
    return links


def _admitted(url_name: str, held: set[str]) -> bool:
    rule = rule_for(url_name)
    return rule is not None and bool(held & rule.roles)
