"""The demo partnership loaded by `make run`. Idempotent: running it again changes nothing."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from infoshare.accounts.models import User
from infoshare.core.roles import Role
from infoshare.partnerships.models import Membership, Organisation, Partnership, Sector, Team

DEMO_PASSWORD = "Demo-sharing-2026!"  # noqa: S105 - printed for the demo; never used in production
# A fixed base32 secret so that demo people can add it to an authenticator app or
# get the current code with `python manage.py demo_code`.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105

ORGANISATIONS = [
    ("Northshire Council Children's Services", Sector.CHILDRENS_SERVICES, "NSC-CS"),
    ("Riverside Primary School", Sector.SCHOOL, "URN 112233"),
    ("Hillcrest Academy", Sector.SCHOOL, "URN 144556"),
    ("Northshire Community Health NHS Trust", Sector.HEALTH_TRUST, "RNS"),
    ("Millbrook Surgery", Sector.GP_PRACTICE, "M81001"),
    ("Northshire Police", Sector.POLICE, "NSP"),
    ("Northshire Youth Justice Service", Sector.YOUTH_JUSTICE, "NSC-YJS"),
    ("Family Support Network", Sector.VOLUNTARY, ""),
]


@dataclass(frozen=True)
class DemoPerson:
    email: str
    name: str
    role: str
    organisation: str
    team: str = ""


COUNCIL = ORGANISATIONS[0][0]
PEOPLE = [
    DemoPerson("practitioner@demo.example", "Priya Shah", Role.PRACTITIONER, COUNCIL, "Early Help"),
    DemoPerson("manager@demo.example", "Mark Evans", Role.MANAGER, COUNCIL, "Early Help"),
    DemoPerson("advisor@demo.example", "Ada Okafor", Role.ADVISOR, COUNCIL),
    DemoPerson("senior.lead@demo.example", "Sam Lee", Role.SENIOR_LEAD, COUNCIL),
    DemoPerson("org.admin@demo.example", "Olu Adeyemi", Role.ORG_ADMIN, COUNCIL),
    DemoPerson("board.member@demo.example", "Beth Morgan", Role.BOARD_MEMBER, COUNCIL),
    DemoPerson("partnership.admin@demo.example", "Pat Kowalski", Role.PARTNERSHIP_ADMIN, COUNCIL),
    DemoPerson("auditor@demo.example", "Ari Cohen", Role.AUDITOR, COUNCIL),
    DemoPerson("teacher@demo.example", "Tom Hughes", Role.PRACTITIONER, "Riverside Primary School"),
    # The head teacher signs information sharing agreements for the school.
    DemoPerson(
        "head.teacher@demo.example", "Helen Carter", Role.SENIOR_LEAD, "Riverside Primary School"
    ),
    DemoPerson(
        "school.admin@demo.example", "Sara Patel", Role.ORG_ADMIN, "Riverside Primary School"
    ),
    DemoPerson(
        "health.visitor@demo.example",
        "Hana Novak",
        Role.PRACTITIONER,
        "Northshire Community Health NHS Trust",
        "Health Visiting",
    ),
    DemoPerson("police.advisor@demo.example", "Dan Reid", Role.ADVISOR, "Northshire Police"),
]


@transaction.atomic
def load_demo() -> list[DemoPerson]:
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    partnership, _ = Partnership.objects.get_or_create(name="Northshire Children's Partnership")
    orgs = {}
    for name, sector, identifier in ORGANISATIONS:
        orgs[name], _ = Organisation.objects.get_or_create(
            partnership=partnership,
            name=name,
            defaults={"sector": sector, "identifier": identifier},
        )
    for person in PEOPLE:
        user = User.objects.filter(email=person.email).first()
        if user is None:
            user = User.objects.create_user(person.email, DEMO_PASSWORD, full_name=person.name)
        org = orgs[person.organisation]
        team = None
        if person.team:
            team, _ = Team.objects.get_or_create(organisation=org, name=person.team)
        Membership.objects.get_or_create(
            person=user,
            organisation=org,
            role=person.role,
            ends_on=None,
            defaults={"team": team},
        )
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, DEMO_TOTP_SECRET)
    return PEOPLE
