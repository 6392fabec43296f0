"""Demo decisions for the demo partnership (`manage.py seed_demo_decisions` after
`seed_demo`). Idempotent: when the demo practitioner already has records, nothing changes.
The people are fictional."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from infoshare.accounts.models import User
from infoshare.decisions import services
from infoshare.decisions.models import SharingDecision
from infoshare.partnerships.models import Organisation

PRACTITIONER = "practitioner@demo.example"
SCHOOL = "Riverside Primary School"


@transaction.atomic
def load_demo_decisions() -> int:
    """Adds a finalised consent-based share and an urgent draft; returns how many
    records the demo practitioner has."""
    author = User.objects.filter(email=PRACTITIONER).first()
    school = Organisation.objects.filter(name=SCHOOL).first()
    if author is None or school is None:
        return 0
    existing = SharingDecision.objects.filter(author=author).count()
    if existing:
        return existing
    final, _ = services.start_draft(actor=author)
    child = services.add_new_person(
        actor=author,
        decision_id=final.pk,
        given_name="Robin",
        family_name="Example",
        date_of_birth=dt.date(2016, 5, 14),
        local_reference="EH-1001",
        role_in_case="child",
        confirm_different=True,
    )
    services.update_draft(
        actor=author,
        decision_id=final.pk,
        changes={
            "direction": "sharing_out",
            "recipient_organisation_id": school.pk,
            "recipient_name": "Designated safeguarding lead",
            "purpose": "To agree an early help plan with the school.",
            "outcome": "shared",
            "reasons": "The parents agreed that the school should know, so that it can help.",
            "gateway": "consent",
            "article6": ["art6_1_e"],
            "information_categories": ["family_and_relationships", "education"],
            "information_description": "Summary of the early help assessment.",
            "facts": "Attendance 82% this term.",
            "opinion": "The family would benefit from a school-based key worker (my view).",
            "method": "secure_email",
            "shared_on": timezone.localdate(),
            "person_told": "yes",
        },
        answers={
            "risk_of_significant_harm": "no",
            "purpose": "yes",
            "legal_duty": "no",
            "identifiable": "yes",
            "confidential": "yes",
            "consent": "given",
            "appropriate_and_secure": "yes",
        },
    )
    services.finalise_decision(actor=author, decision_id=final.pk)
    urgent, _ = services.start_draft(actor=author)
    services.update_draft(
        actor=author,
        decision_id=urgent.pk,
        changes={"purpose": "Police asked about a child seen with injuries."},
        answers={"risk_of_significant_harm": "yes"},
        people=[child.pk],
        step="question:purpose",
    )
    return 2
