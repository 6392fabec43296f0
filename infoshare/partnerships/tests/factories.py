"""factory_boy factories for partnerships and people (used by tests and benchmarks)."""

from __future__ import annotations

import datetime as dt
import time

import factory
from allauth.mfa.models import Authenticator

from infoshare.accounts.models import User
from infoshare.core.roles import Role
from infoshare.partnerships.models import Membership, Organisation, Partnership, Sector, Team

TEST_PASSWORD = "Correct-horse-battery-9"
TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def fresh_totp_code(secret: str = TEST_TOTP_SECRET, margin: float = 5.0) -> str:
    """The authenticator's current code, waiting for the next 30-second window when this
    one is nearly over: the server allows no clock tolerance, so a code must reach it in the
    window it was made, even on a loaded machine."""
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    remaining = 30 - time.time() % 30
    if remaining < margin:
        time.sleep(remaining + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership
        django_get_or_create = ("name",)

    name = "Test Partnership"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Organisation {n}")
    sector = Sector.CHILDRENS_SERVICES


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Team {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.django.Password(TEST_PASSWORD)

    @factory.post_generation
    def with_mfa(obj: User, create: bool, extracted: bool | None, **kwargs: object) -> None:  # noqa: N805
        if create and extracted is not False:
            from allauth.mfa.totp.internal.auth import TOTP

            if not Authenticator.objects.filter(user=obj, type=Authenticator.Type.TOTP).exists():
                TOTP.activate(obj, TEST_TOTP_SECRET)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    person = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.PRACTITIONER
    # Long held, not started on the day the suite runs: a test that sets the clock to a
    # fixed day (before a run after midnight) still finds the role in force.
    starts_on = dt.date(2000, 1, 1)
