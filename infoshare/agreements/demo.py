"""Demo agreements for the demo partnership (run after ``seed_demo``). Idempotent.

Built through the services, so the demo has the same audit trail as real use:
an overarching protocol in force between the council and the police, and a draft
data sharing agreement with a school, ready to send: each party has a signatory (the
school's is its head teacher, its senior lead)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from infoshare.accounts.models import User
from infoshare.agreements import services
from infoshare.agreements.models import Agreement, Kind
from infoshare.partnerships.models import Organisation

PROTOCOL = "Northshire overarching information sharing protocol"
DRAFT = "School attendance and early help data sharing agreement"


@transaction.atomic
def load_demo_agreements() -> list[Agreement]:
    """Returns the demo agreements; does nothing when they already exist or when the
    demo partnership has not been loaded."""
    existing = list(Agreement.objects.filter(title__in=[PROTOCOL, DRAFT]))
    if existing:
        return existing
    lead = User.objects.filter(email="senior.lead@demo.example").first()
    police_advisor = User.objects.filter(email="police.advisor@demo.example").first()
    head_teacher = User.objects.filter(email="head.teacher@demo.example").first()
    council = Organisation.objects.filter(name="Northshire Council Children's Services").first()
    police = Organisation.objects.filter(name="Northshire Police").first()
    school = Organisation.objects.filter(name="Riverside Primary School").first()
    if not (lead and police_advisor and head_teacher and council and police and school):
        return []
    today = timezone.localdate()
    protocol = services.create_draft_agreement(
        actor=lead,
        lead_organisation_id=council.pk,
        title=PROTOCOL,
        kind=Kind.OVERARCHING_PROTOCOL,
        purpose="Safeguarding and promoting the welfare of children across Northshire.",
        data_items="Identifying details, concerns, assessments and plans, as needed case by case.",
        lawful_bases=["gateway_public_interest", "art6_e", "art9_g"],
        retention="As each organisation's retention schedule says.",
        security_arrangements="Secure email between the parties' domains; no removable media.",
        privacy_information="Each party's privacy notice names the others.",
        start_date=today - dt.timedelta(days=300),
        review_date=today + dt.timedelta(days=45),
    )
    services.add_party(
        actor=lead,
        agreement_id=protocol.pk,
        organisation_id=council.pk,
        signatory_id=lead.pk,
        contact_name="Sam Lee",
    )
    services.add_party(
        actor=lead,
        agreement_id=protocol.pk,
        organisation_id=police.pk,
        signatory_id=police_advisor.pk,
        contact_name="Dan Reid",
    )
    services.submit_for_signature(actor=lead, agreement_id=protocol.pk)
    services.sign_agreement(actor=lead, agreement_id=protocol.pk)
    services.sign_agreement(actor=police_advisor, agreement_id=protocol.pk)
    draft = services.create_draft_agreement(
        actor=lead,
        lead_organisation_id=council.pk,
        title=DRAFT,
        kind=Kind.DATA_SHARING_AGREEMENT,
        purpose="Offering early help to families where attendance falls.",
        lawful_bases=["gateway_legal_requirement", "art6_c", "art6_e"],
    )
    services.add_party(
        actor=lead, agreement_id=draft.pk, organisation_id=council.pk, signatory_id=lead.pk
    )
    services.add_party(
        actor=lead,
        agreement_id=draft.pk,
        organisation_id=school.pk,
        signatory_id=head_teacher.pk,
    )
    protocol.refresh_from_db()
    return [protocol, draft]
