"""factory_boy factories for people and decision records (tests and benchmarks)."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

import factory
from django.utils import timezone

from infoshare.decisions import engine
from infoshare.decisions.models import Person, SharingDecision, Status
from infoshare.partnerships.tests.factories import OrganisationFactory, UserFactory

#: Answers that lead to "share" on the consent basis, all key questions answered.
CONSENT_ANSWERS = {
    "risk_of_significant_harm": "no",
    "purpose": "yes",
    "legal_duty": "no",
    "identifiable": "yes",
    "confidential": "yes",
    "consent": "given",
    "appropriate_and_secure": "yes",
}


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    organisation = factory.SubFactory(OrganisationFactory)
    given_name = factory.Sequence(lambda n: f"Alex{chr(97 + n % 26)}")
    family_name = factory.Sequence(lambda n: f"Taylor{chr(97 + (n // 26) % 26)}")
    date_of_birth = dt.date(2015, 4, 1)
    created_by = factory.SubFactory(UserFactory)


class DecisionFactory(factory.django.DjangoModelFactory):
    """A final record of a consent-based share (pass status="draft" for a draft)."""

    class Meta:
        model = SharingDecision
        skip_postgeneration_save = True

    # A range of its own (9xxxxx), so factory records never clash with references the
    # real flow hands out from ISD-2026-000001 upwards.
    reference = factory.Sequence(lambda n: f"ISD-2026-9{n + 1:05d}")
    organisation = factory.SubFactory(OrganisationFactory)
    author = factory.SubFactory(UserFactory)
    status = Status.FINAL
    edition = "hmg-2008"
    answers = factory.LazyFunction(lambda: dict(CONSENT_ANSWERS))
    recommendation = "share"
    basis = "consent"
    direction = "sharing_out"
    purpose = "To arrange support at school"
    outcome = "shared"
    reasons = "Consent given; the school needs to know to help"
    gateway = "consent"
    article6 = factory.LazyFunction(lambda: ["art6_1_e"])
    information_categories = factory.LazyFunction(lambda: ["education"])
    information_description = "Attendance concerns"
    person_told = "yes"
    method = "secure_email"
    shared_on = factory.LazyFunction(timezone.localdate)
    finalised_at = factory.LazyFunction(timezone.now)
    external_recipient = "Youth club"

    @factory.post_generation
    def people(obj: SharingDecision, create: bool, extracted: Any, **kwargs: Any) -> None:  # noqa: N805
        if create and extracted:
            obj.people.set(extracted)


def make_person(**kwargs: Any) -> Person:
    return cast(Person, PersonFactory(**kwargs))


def make_decision(**kwargs: Any) -> SharingDecision:
    return cast(SharingDecision, DecisionFactory(**kwargs))


def answer_questions(
    decision: SharingDecision, answers: dict[str, str] | None = None, **fields: Any
) -> SharingDecision:
    """Makes a draft's key questions all answered, as if its author had reached check
    answers: the answers it has, then `answers`, then each question the engine still needs
    answered as in the consent-based share (or with its first answer). Other `fields` are
    set too (such as outcome="shared" for the pages about the sharing)."""
    decision.refresh_from_db()
    given = decision.answers | (answers or {})
    given.setdefault("risk_of_significant_harm", "no")
    while (key := engine.next_unanswered(given, decision.edition)) is not None:
        question = engine.get_edition(decision.edition).question(key)
        given[key] = CONSENT_ANSWERS.get(key, question.values[0])
    SharingDecision.objects.filter(pk=decision.pk).update(answers=given, **fields)
    decision.refresh_from_db()
    return decision
