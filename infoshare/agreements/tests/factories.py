"""factory_boy factories for agreements."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

import factory

from infoshare.agreements.models import Agreement, AgreementParty, Kind, Status
from infoshare.partnerships.tests.factories import OrganisationFactory, UserFactory


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    lead_organisation = factory.SubFactory(OrganisationFactory)
    partnership = factory.LazyAttribute(lambda o: o.lead_organisation.partnership)
    title = factory.Sequence(lambda n: f"Agreement {n}")
    kind = Kind.DATA_SHARING_AGREEMENT
    purpose = "Early help assessments for families"
    data_items = "Names, addresses, school attendance"
    lawful_bases = factory.LazyFunction(lambda: ["gateway_public_interest", "art6_e"])
    start_date = dt.date(2026, 1, 1)
    review_date = dt.date(2027, 1, 1)
    status = Status.DRAFT
    owner = factory.SubFactory(UserFactory)
    created_by = factory.LazyAttribute(lambda o: o.owner)


class AgreementPartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgreementParty

    agreement = factory.SubFactory(AgreementFactory)
    organisation = factory.SubFactory(
        OrganisationFactory, partnership=factory.SelfAttribute("..agreement.partnership")
    )
    contact_name = "Contact Person"
    contact_email = "contact@example.org"


def make_agreement(**kwargs: Any) -> Agreement:
    """An agreement from the factory, typed as the model."""
    return cast(Agreement, AgreementFactory(**kwargs))
