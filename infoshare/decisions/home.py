"""Home page panels: your drafts, urgent records not completed in time, urgent records
still in progress in a manager's team, records to countersign, drafts left by people who
have left, and records shared with your organisation."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from infoshare.core.home import Panel
from infoshare.core.pages import url_for_each
from infoshare.core.roles import Role
from infoshare.core.times import datetime_text, deadline_text, has_passed
from infoshare.decisions.models import Direction, SharingDecision, Status
from infoshare.decisions.models.decision import decision_label, recipient_label
from infoshare.decisions.selectors import drafts_of
from infoshare.decisions.selectors.lists import (
    COUNTERSIGN_YOURS,
    Filters,
    as_rows,
    countersignable_by,
    overdue_urgent,
    rows_for,
    shared_with_us,
    team_scope,
)
from infoshare.decisions.selectors.people_names import PeopleNames, split_names
from infoshare.decisions.selectors.scope import (
    RECORDING_ROLES,
    authored_by,
    orgs_where,
    recipient_orgs,
)
from infoshare.partnerships.models import Membership

PANEL_SIZE = 10


def author_left() -> Any:
    """Whether a draft's author no longer records for its organisation (they left): the
    rule of ``services.author_has_left``, for each row of a query."""
    return ~Exists(
        Membership.objects.active().filter(
            person_id=OuterRef("author_id"),
            organisation_id=OuterRef("organisation_id"),
            organisation__is_active=True,
            role__in=RECORDING_ROLES,
        )
    )


def urgent_drafts() -> QuerySet[SharingDecision]:
    return SharingDecision.objects.filter(status=Status.DRAFT, urgent=True).annotate(
        author_left=author_left()
    )


def _overdue(user: Any, team: Q | None, now: dt.datetime) -> Q:
    """Urgent drafts past their due time (``lists.overdue_urgent``, the lists' "past
    their deadline" filter): the author's own, and for managers those of their team
    (``team_scope``)."""
    scope = authored_by(user) | team if team is not None else authored_by(user)
    return scope & overdue_urgent(now)


def _in_progress(user: Any, team: Q | None, now: dt.datetime) -> Q:
    """For a manager, the urgent drafts of their team not yet due, their own left out
    ("Your drafts" shows those with their deadline); nothing for anyone else."""
    if team is None:
        return Q(pk__in=[])
    return team & Q(urgent_due_at__gt=now) & ~Q(author_id=user.pk)


def _panel(condition: Q) -> list[SharingDecision]:
    return list(
        urgent_drafts()
        .filter(condition)
        .select_related("author")
        .order_by("urgent_due_at", "id")[:PANEL_SIZE]
    )


def overdue_urgent_for(user: Any, team: Q | None = None) -> list[SharingDecision]:
    """Urgent drafts past their due time (``_overdue``), soonest due first."""
    return _panel(_overdue(user, team, timezone.now()))


def urgent_in_progress_for(user: Any, team: Q | None = None) -> list[SharingDecision]:
    """For a manager, the urgent drafts of their team not yet due (``_in_progress``),
    soonest due first: seen before they are overdue. One query, whatever their number."""
    if team is None:
        return []
    return _panel(_in_progress(user, team, timezone.now()))


def team_urgent_drafts(
    user: Any, *, overdue: bool = False, in_progress: bool = False
) -> QuerySet[SharingDecision]:
    """Every urgent draft of the manager's team, and their own: soonest due first (the
    page the two panels link to when they cannot show them all). ``overdue``: only those
    past their due time, exactly the drafts the "not completed" panel counts.
    ``in_progress``: only the team's not yet due, the manager's own left out, exactly the
    drafts the "in progress in your team" panel counts (``_in_progress``). ``overdue``
    wins when both are asked for."""
    team = team_scope(user)
    if team is None:
        return SharingDecision.objects.none()
    now = timezone.now()
    if overdue:
        scope = _overdue(user, team, now)
    elif in_progress:
        scope = _in_progress(user, team, now)
    else:
        scope = authored_by(user) | team
    return urgent_drafts().filter(scope).select_related("author").order_by("urgent_due_at", "id")


def urgent_counts(user: Any, team: Q | None) -> dict[str, int]:
    """How many each urgent panel holds in all: one query."""
    now = timezone.now()
    overdue, in_progress = _overdue(user, team, now), _in_progress(user, team, now)
    return SharingDecision.objects.filter(
        overdue | in_progress, status=Status.DRAFT, urgent=True
    ).aggregate(
        overdue=Count("pk", filter=overdue),
        in_progress=Count("pk", filter=in_progress),
    )


def leavers_drafts(user: Any) -> QuerySet[SharingDecision]:
    """Every draft, urgent or not, that the manager may delete because its author has
    left: the rule of ``services.may_delete_leavers_draft`` for each row (a draft of an
    organisation they manage whose author no longer records there, ``author_left``), so
    the same people find the same drafts that they may clear (architecture: "a leaver's
    draft is still their team's to clear"). Urgent ones first, then the longest untouched.
    One query, whatever their number; none for anyone who manages nowhere."""
    managed = orgs_where(user, frozenset({Role.MANAGER}))
    if not managed:
        return SharingDecision.objects.none()
    return (
        SharingDecision.objects.filter(
            author_left(), status=Status.DRAFT, organisation_id__in=managed
        )
        .select_related("author")
        .order_by("-urgent", "updated_at", "id")
    )


def leavers_draft_summary(decision: SharingDecision) -> str:
    """Like "Urgent · started by Priya Shah on 3 November 2026 at 9:15am, last saved 4
    November 2026 at 2:32pm" (who the record is about is left to its page, as on the urgent
    panels)."""
    started = f"by {decision.author} on {datetime_text(decision.created_at)}"
    saved = f"last saved {datetime_text(decision.updated_at)}"
    return f"{'Urgent · started' if decision.urgent else 'Started'} {started}, {saved}"


def leaver_note(decision: SharingDecision) -> str:
    return " (author has left)" if getattr(decision, "author_left", False) else ""


def due_summary(due: dt.datetime | None) -> str:
    """Like "Complete by 5:30pm on 28 November 2026", or "Was due by …" once it has passed."""
    if due is None:
        return ""
    return f"{'Was due' if has_passed(due) else 'Complete'} by {deadline_text(due)}"


def awaiting_countersignature_for(user: Any) -> list[SharingDecision]:
    """The records the manager may countersign (``lists.countersignable_by``: final
    records of their organisations, where local policy asks for a countersignature, not
    yet countersigned, never their own): urgent ones first, then the longest waiting."""
    if not orgs_where(user, frozenset({Role.MANAGER})):
        return []
    return list(
        SharingDecision.objects.filter(countersignable_by(user))
        .select_related("author")
        .order_by("-urgent", "finalised_at", "id")[:PANEL_SIZE]
    )


def countersign_summary(decision: SharingDecision) -> str:
    """Like "Urgent · finalised 26 November 2026 at 2:32pm by Priya Shah"."""
    finalised = f"finalised {datetime_text(decision.finalised_at)} by {decision.author}"
    return f"Urgent · {finalised}" if decision.urgent else finalised


def drafts_for_panel(user: Any) -> list[Any]:
    """The user's drafts, urgent ones first, then the latest, with what tells them apart
    (who they are about, who receives or asked), read in one query whatever their number."""
    return list(
        drafts_of(user)
        .order_by("-urgent", "-updated_at", "-id")
        .select_related(None)
        .values(
            "pk",
            "reference",
            "version",
            "urgent",
            "urgent_due_at",
            "updated_at",
            "direction",
            "recipient_name",
            "external_recipient",
            "recipient_organisation_id",
            "recipient_organisation__name",
            people_names=PeopleNames(),
        )[:PANEL_SIZE]
    )


def draft_summary(draft: dict[str, Any]) -> str:
    """Like "About Amara Okafor, sharing with Riverside Council. Urgent. Complete by
    5:30pm on 28 November 2026. Last saved …"."""
    people = split_names(draft["people_names"])
    about = f"About {', '.join(people)}" if people else "No one added yet"
    recipient = recipient_label(
        draft["recipient_organisation__name"]
        if draft["recipient_organisation_id"] is not None
        else None,
        draft["recipient_name"],
        draft["external_recipient"],
    )
    if recipient:
        verb = "asked by" if draft["direction"] == Direction.REQUEST_RECEIVED else "sharing with"
        about += f", {verb} {recipient}"
    urgent = ""
    if draft["urgent"]:
        due = due_summary(draft["urgent_due_at"])
        urgent = f" Urgent. {due}." if due else " Urgent."
    saved = datetime_text(draft["updated_at"])
    return f"{about}.{urgent} Last saved {saved}"


def panels(request: HttpRequest) -> list[Panel]:
    user = request.user
    if not user.is_authenticated or not orgs_where(user, RECORDING_ROLES):
        return []
    result = []
    team = team_scope(user)
    overdue = overdue_urgent_for(user, team)
    in_progress = urgent_in_progress_for(user, team)
    # The panels show PANEL_SIZE each: when one is full, one query says how many there are.
    counts = (
        urgent_counts(user, team)
        if PANEL_SIZE in (len(overdue), len(in_progress))
        else {"overdue": len(overdue), "in_progress": len(in_progress)}
    )
    # Each link opens a list of exactly what its panel counts: the overdue ones alone, in
    # the manager's team page or the person's own list; the team's not yet due alone,
    # without the manager's own (those are in "Your drafts").
    all_overdue = list_url(
        "decisions:team_urgent_drafts" if team is not None else "decisions:my_decisions",
        overdue="on",
    )
    all_in_progress = list_url("decisions:team_urgent_drafts", in_progress="on")
    if overdue:
        result.append(
            Panel(
                title="Urgent records not completed",
                items=[
                    {
                        "text": f"{decision.label}",
                        "href": reverse(
                            "decisions:resume"
                            if decision.author_id == user.pk
                            else "decisions:decision_detail",
                            kwargs={"decision_id": decision.pk},
                        ),
                        "meta": f"by {decision.author}{leaver_note(decision)}, due "
                        f"{datetime_text(decision.urgent_due_at)}",
                    }
                    for decision in overdue
                ],
                action_label=more(counts["overdue"], len(overdue), "not completed"),
                action_href=all_overdue if counts["overdue"] > len(overdue) else "",
                order=5,
            )
        )
    if in_progress:
        result.append(
            Panel(
                title="Urgent records in progress in your team",
                items=[
                    {
                        "text": decision.label,
                        "href": reverse(
                            "decisions:decision_detail", kwargs={"decision_id": decision.pk}
                        ),
                        "meta": f"by {decision.author}{leaver_note(decision)}, complete by "
                        f"{deadline_text(decision.urgent_due_at)}",
                    }
                    for decision in in_progress
                ],
                action_label=more(counts["in_progress"], len(in_progress), "in progress"),
                action_href=all_in_progress if counts["in_progress"] > len(in_progress) else "",
                order=6,
            )
        )
    waiting = awaiting_countersignature_for(user)
    if waiting:
        result.append(
            Panel(
                title="Records to countersign",
                items=[
                    {
                        "text": decision.label,
                        "href": reverse(
                            "decisions:countersign", kwargs={"decision_id": decision.pk}
                        ),
                        "meta": countersign_summary(decision),
                    }
                    for decision in waiting
                ],
                # Exactly what the panel lists: the organisation's list (a team's would leave
                # out records by people outside the manager's team), filtered to the
                # records the manager may countersign, never their own.
                action_label="See all records you can countersign",
                action_href=list_url(
                    "decisions:organisation_decisions", countersigned=COUNTERSIGN_YOURS
                ),
                order=15,
            )
        )
    result.extend(leavers_panels(user))
    drafts: list[dict[str, Any]] = [
        {
            "text": decision_label(draft["reference"], draft["version"]),
            "href": reverse("decisions:resume", kwargs={"decision_id": draft["pk"]}),
            "meta": draft_summary(draft),
        }
        for draft in drafts_for_panel(user)
    ]
    if drafts:
        # The panel's own link starts a record; this one is the last line of the list.
        drafts.append(
            {
                "text": "See all your drafts",
                "href": list_url("decisions:my_decisions", status=Status.DRAFT),
            }
        )
    result.append(
        Panel(
            title="Your drafts",
            items=drafts,
            empty="You have no decisions in progress.",
            action_label="Record an information sharing decision",
            action_href=reverse("decisions:start"),
            action_is_button=True,
            order=10,
        )
    )
    return result


LEAVERS_DRAFTS = "Drafts left by people who have left"


def leavers_panels(user: Any) -> list[Panel]:
    """For a manager, the drafts left by people who have left (``leavers_drafts``), when
    there are any: each opens the draft's page, which links to deleting it. One query (one
    more than the panel shows says whether to link to the list of them all)."""
    found = list(leavers_drafts(user)[: PANEL_SIZE + 1])
    if not found:
        return []
    detail = url_for_each("decisions:decision_detail", "decision_id")
    shown = found[:PANEL_SIZE]
    return [
        Panel(
            title=LEAVERS_DRAFTS,
            items=[
                {
                    "text": decision.label,
                    "href": detail(decision.pk),
                    "meta": leavers_draft_summary(decision),
                }
                for decision in shown
            ],
            action_label=f"See all {LEAVERS_DRAFTS.lower()}" if len(found) > len(shown) else "",
            action_href=reverse("decisions:leavers_drafts") if len(found) > len(shown) else "",
            order=16,
        )
    ]


def more(total: int, shown: int, what: str) -> str:
    """The words of the panel's link to the full list, saying how many the panel leaves
    out, when it does (the template shows no link without words)."""
    if total <= shown:
        return ""
    return f"See all {total} urgent records {what} ({total - shown} more than shown here)"


def list_url(name: str, **filters: str) -> str:
    """A list page, filtered."""
    return f"{reverse(name)}?{urlencode(filters)}"


SHARED_PANEL_SIZE = 5


def shared_panels(request: HttpRequest) -> list[Panel]:
    """The newest records other organisations shared with the person's organisation
    (for its practitioners, managers, advisors and senior leads), when there are any: one
    query. The panel shows references, senders and dates, not the people's names, so it
    is not a list to audit; the list it links to is."""
    user = request.user
    if not user.is_authenticated or not recipient_orgs(user):
        return []
    newest = rows_for(
        list(as_rows(shared_with_us(user, Filters()), with_sender=True)[:SHARED_PANEL_SIZE])
    )
    if not newest:
        return []
    detail = url_for_each("decisions:decision_detail", "decision_id")
    return [
        Panel(
            title="Shared with your organisation",
            items=[
                {
                    "text": row.label,
                    "href": detail(row.pk),
                    "meta": ("Urgent. " if row.urgent else "")
                    # A version the sender has since corrected (``lists.shared_with_us``).
                    + ("Superseded: the sender corrected it. " if row.is_superseded else "")
                    + f"From {row.organisation_name}, finalised {row.finalised_label}",
                }
                for row in newest
            ],
            action_label="See everything shared with your organisation",
            action_href=reverse("decisions:shared_with_us"),
            order=20,
        )
    ]
