"""Access rules for the advice pages and API (see infoshare/core/access.py).

These URLs carry no ``org_id``: the rule admits people with a role anywhere in the
partnership, and the selectors narrow each list and object to what the person asked
or answers ("not yours" is a 404)."""

from infoshare.advice.policy import ANSWER_ROLES, ASKER_ROLES
from infoshare.core.access import Rule, in_partnership

_ASKERS = in_partnership(*ASKER_ROLES)
_ANSWERERS = in_partnership(*ANSWER_ROLES)

RULES: dict[str, Rule] = {
    # The area's address: the queue for those who answer, the asker's own list otherwise.
    "advice:index": in_partnership(*dict.fromkeys(ASKER_ROLES + ANSWER_ROLES)),
    "advice:request_new": _ASKERS,
    "advice:request_sent": _ASKERS,
    "advice:my_requests": _ASKERS,
    "advice:queue": _ANSWERERS,
    # Beside the queue: what those who answer have answered, and what has been closed.
    "advice:queue_answered": _ANSWERERS,
    "advice:queue_closed": _ANSWERERS,
    "advice:request_detail": _ASKERS,
    # The asker, or someone who answers it (an advisor is an asker role too).
    "advice:request_close": _ASKERS,
    "api-1:advice_requests": _ASKERS,
    "api-1:advice_request": _ASKERS,
    "api-1:advice_request_replies": _ASKERS,
}
