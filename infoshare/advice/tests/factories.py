"""factory_boy factories for advice requests and replies."""

from __future__ import annotations

import factory

from infoshare.advice.models import AddressedTo, AdviceReply, AdviceRequest
from infoshare.partnerships.tests.factories import OrganisationFactory, UserFactory


class AdviceRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdviceRequest

    organisation = factory.SubFactory(OrganisationFactory)
    partnership = factory.SelfAttribute("organisation.partnership")
    asked_by = factory.SubFactory(UserFactory)
    addressed_to = AddressedTo.ORGANISATION
    question = factory.Sequence(lambda n: f"May I share the school report with the GP? ({n})")


class AdviceReplyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdviceReply

    request = factory.SubFactory(AdviceRequestFactory)
    author = factory.SubFactory(UserFactory)
    by_advisor = True
    body = "Yes: explain to the family why, unless that would put the child at risk."
