"""Governance content for the demo partnership. Idempotent: running it again changes
nothing. Call after ``partnerships.demo.load_demo`` (wired in by the seed command)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from infoshare.accounts.models import User
from infoshare.governance import services
from infoshare.governance.models import CommonStandard, PlanPriority, Policy, PositionStatement
from infoshare.partnerships.models import Membership

STATEMENT = (
    "Sharing information is vital to keeping children and young people safe and to "
    "giving them the help they need early.\n\n"
    "We expect our staff to use their professional judgement, following the seven golden "
    "rules, and we will support them when they do. The absence of a protocol is never a "
    "reason not to share."
)
STANDARDS = [
    ("Named information sharing advisor", "Every organisation names an advisor staff can ask."),
    ("Record every decision", "Decisions to share, and not to share, are recorded with reasons."),
]
PRIORITIES = [
    "Share early to support families through early help",
    "Make the seven golden rules part of every induction",
    "Measure confidence in information sharing every year",
]


@transaction.atomic
def load_demo() -> None:
    lead = User.objects.filter(email="senior.lead@demo.example").first()
    admin = User.objects.filter(email="partnership.admin@demo.example").first()
    if lead is None or admin is None:
        return
    for role, org_id, _ in _memberships(lead):
        if (
            role == "senior_lead"
            and not PositionStatement.objects.filter(organisation_id=org_id).exists()
        ):
            services.publish_position_statement(
                actor=lead,
                organisation_id=org_id,
                title="Our position on information sharing",
                body=STATEMENT,
                effective_date=dt.date(2026, 4, 1),
            )
    for title, description in STANDARDS:
        if not CommonStandard.objects.filter(title=title).exists():
            services.publish_common_standard(actor=admin, title=title, description=description)
    for title in PRIORITIES:
        if not PlanPriority.objects.filter(title=title).exists():
            services.add_plan_priority(actor=admin, title=title)
    title = "Partnership information sharing policy"
    if not Policy.objects.filter(title=title).exists():
        policy = services.create_policy(
            actor=admin,
            level="partnership",
            organisation_id=None,
            title=title,
            kind="policy",
            body="All partner organisations follow the cross-government guidance.",
            review_date=timezone.localdate() + dt.timedelta(days=365),
        )
        services.publish_policy(actor=admin, policy_id=policy.pk)


def _memberships(user: User) -> list[tuple[str, int, int]]:
    return list(
        Membership.objects.active()
        .filter(person=user)
        .values_list("role", "organisation_id", "organisation__partnership_id")
    )
