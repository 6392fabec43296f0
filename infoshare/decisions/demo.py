"""Demo decisions for the demo partnership (`manage.py seed_demo_decisions` after
`seed_demo`): enough records, as varied as real practice, that every decisions page has
something on it. The people are fictional.

Every record is written through the services a practitioner's pages use (drafts, people,
advice, finalising, amending, countersigning), so that references, audit events and the
records' rules are real. Idempotent: a demo record is recognised by its author and
purpose, and one already there is left as it is (so a second run adds nothing, and a
database seeded by an earlier version of this loader gets only the records it lacks).
Finalising always happens now; the dates the services let a record give are the days the
information was shared, spread over the last few months.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from infoshare.accounts.models import User
from infoshare.advice import services as advice_services
from infoshare.decisions import services
from infoshare.decisions.demo_records import (
    EARLY_HELP_PURPOSE,
    MANAGER,
    NEEDED,
    PARTNERSHIP_ADMIN,
    RECORDS,
    Advice,
    Amendment,
    DemoRecord,
    Subject,
)
from infoshare.decisions.models import Person, SharingDecision
from infoshare.partnerships.models import Organisation
from infoshare.partnerships.services.organisations import update_organisation

__all__ = ["EARLY_HELP_PURPOSE", "load_demo_decisions"]


@transaction.atomic
def load_demo_decisions() -> int:
    """Adds the demo records that are not there yet; returns how many are present (0
    when the demo partnership has not been loaded)."""
    users = {user.email: user for user in User.objects.filter(email__in=NEEDED)}
    organisations = {org.name: org for org in Organisation.objects.all()}
    if len(users) != len(NEEDED) or not all(
        record.recipient in organisations for record in RECORDS if record.recipient
    ):
        return 0
    for demo in RECORDS:
        author = users[demo.author]
        if not SharingDecision.objects.filter(author=author, purpose=demo.purpose).exists():
            _add(demo, users, organisations)
    return len(RECORDS)


def _shared_on(days_ago: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days_ago)


def _add(demo: DemoRecord, users: dict[str, Any], organisations: dict[str, Any]) -> None:
    author = users[demo.author]
    draft, _ = services.start_draft(actor=author)
    people = [_person_id(author, draft, subject) for subject in demo.people]
    changes = dict(demo.changes)
    if demo.recipient:
        changes["recipient_organisation_id"] = organisations[demo.recipient].pk
    if demo.shared_days_ago is not None:
        changes["shared_on"] = _shared_on(demo.shared_days_ago)
    services.update_draft(
        actor=author,
        decision_id=draft.pk,
        changes=changes,
        answers=demo.answers,
        people=people,
        step=demo.step,
    )
    if demo.advice is not None:
        _ask_advice(author, draft.pk, demo.advice, users)
    if not demo.finalise:
        return
    final = services.finalise_decision(actor=author, decision_id=draft.pk)
    if demo.amendment is not None:
        final = _amend(author, final, demo.amendment)
    if demo.countersign_comment is not None:
        _countersign(final, demo.countersign_comment, users)


def _person_id(author: Any, draft: SharingDecision, subject: Subject) -> int:
    """The person the author's organisation has already recorded, or a new one added to
    the draft."""
    known = Person.objects.filter(
        organisation_id=draft.organisation_id,
        given_name=subject.given_name,
        family_name=subject.family_name,
        date_of_birth=subject.date_of_birth,
    ).first()
    if known is not None:
        return known.pk
    person = services.add_new_person(
        actor=author,
        decision_id=draft.pk,
        given_name=subject.given_name,
        family_name=subject.family_name,
        date_of_birth=subject.date_of_birth,
        local_reference=subject.local_reference,
        role_in_case=subject.role_in_case,
        confirm_different=True,
    )
    return person.pk


def _ask_advice(author: Any, decision_id: int, advice: Advice, users: dict[str, Any]) -> None:
    """Asks the author's organisation's advisors from the draft (without naming the
    person), has the advisor reply, and gives the answers the advice settled: the reply
    is kept with the record when it is finalised."""
    asked = advice_services.ask_for_advice(
        actor=author, question=advice.question, context_decision_id=decision_id
    )
    advice_services.reply_to_advice(
        actor=users[advice.advisor], request_id=asked.pk, body=advice.reply
    )
    services.update_draft(actor=author, decision_id=decision_id, answers=advice.answers_after)


def _amend(author: Any, final: SharingDecision, amendment: Amendment) -> SharingDecision:
    """Version 2 of the record, with its reason, finalised (version 1 is superseded)."""
    draft, _ = services.amend_decision(actor=author, decision_id=final.pk, reason=amendment.reason)
    changes = dict(amendment.changes)
    days_ago = changes.pop("shared_days_ago", None)
    if days_ago is not None:
        changes["shared_on"] = _shared_on(days_ago)
    services.update_draft(actor=author, decision_id=draft.pk, changes=changes)
    return services.finalise_decision(actor=author, decision_id=draft.pk)


def _countersign(final: SharingDecision, comment: str, users: dict[str, Any]) -> None:
    """The manager countersigns the record. The council's local policy asks managers to
    countersign its records; the partnership administrator turns it on if it is off."""
    organisation = Organisation.objects.get(pk=final.organisation_id)
    if not organisation.countersign_required:
        update_organisation(
            actor=users[PARTNERSHIP_ADMIN],
            organisation=organisation,
            name=organisation.name,
            sector=organisation.sector,
            identifier=organisation.identifier,
            countersign_required=True,
        )
    services.countersign_decision(actor=users[MANAGER], decision_id=final.pk, comment=comment)
