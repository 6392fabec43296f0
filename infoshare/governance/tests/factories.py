"""factory_boy factories for governance (used by tests and the demo)."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

import factory
from django.utils import timezone

from infoshare.governance.models import (
    CommonStandard,
    PlanPriority,
    Policy,
    PolicyLevel,
    PolicyStatus,
    PositionStatement,
    StatementStatus,
)
from infoshare.partnerships.tests.factories import OrganisationFactory, UserFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


class PositionStatementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PositionStatement

    organisation = factory.SubFactory(OrganisationFactory)
    version = factory.Sequence(lambda n: n + 1)
    title = "Our position on information sharing"
    body = "We share information to keep children safe.\n\nWe record every decision."
    effective_date = dt.date(2026, 1, 1)
    status = StatementStatus.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
    published_by = factory.SubFactory(UserFactory)


class PolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Policy

    organisation = factory.SubFactory(OrganisationFactory)
    partnership = factory.LazyAttribute(lambda o: o.organisation.partnership)
    level = PolicyLevel.ORGANISATION
    title = factory.Sequence(lambda n: f"Information sharing policy {n}")
    body = "Staff follow the seven golden rules."
    owner = factory.SubFactory(UserFactory)
    created_by = factory.SelfAttribute("owner")
    review_date = dt.date(2027, 1, 1)
    status = PolicyStatus.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


class CommonStandardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommonStandard

    partnership = factory.SubFactory("infoshare.partnerships.tests.factories.PartnershipFactory")
    title = factory.Sequence(lambda n: f"Common standard {n}")
    description = "Every organisation names an information sharing advisor."
    published_by = factory.SubFactory(UserFactory)


class PlanPriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanPriority

    partnership = factory.SubFactory("infoshare.partnerships.tests.factories.PartnershipFactory")
    title = factory.Sequence(lambda n: f"Priority {n}")
    order = factory.Sequence(lambda n: n)
    created_by = factory.SubFactory(UserFactory)


# Typed factory helpers: calling a factory class is typed as returning the factory, so
# tests that use the instance go through these to get the model type.
def make_statement(**kwargs: Any) -> PositionStatement:
    return cast(PositionStatement, PositionStatementFactory(**kwargs))


def make_policy(**kwargs: Any) -> Policy:
    return cast(Policy, PolicyFactory(**kwargs))


def make_standard(**kwargs: Any) -> CommonStandard:
    return cast(CommonStandard, CommonStandardFactory(**kwargs))


def make_priority(**kwargs: Any) -> PlanPriority:
    return cast(PlanPriority, PlanPriorityFactory(**kwargs))
