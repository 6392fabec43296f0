"""The demo partnership's decision records, as data: who wrote each, about whom, to whom,
and what they answered and decided (loaded by ``decisions.demo``). The people are
fictional; the organisations and staff are those ``partnerships.demo`` adds."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

PRACTITIONER = "practitioner@demo.example"
MANAGER = "manager@demo.example"
ADVISOR = "advisor@demo.example"
PARTNERSHIP_ADMIN = "partnership.admin@demo.example"
TEACHER = "teacher@demo.example"
HEALTH_VISITOR = "health.visitor@demo.example"
POLICE_ADVISOR = "police.advisor@demo.example"

COUNCIL = "Northshire Council Children's Services"
SCHOOL = "Riverside Primary School"
ACADEMY = "Hillcrest Academy"
HEALTH_TRUST = "Northshire Community Health NHS Trust"
SURGERY = "Millbrook Surgery"
POLICE = "Northshire Police"
YOUTH_JUSTICE = "Northshire Youth Justice Service"

#: The purpose of the demo's first record (the consent-based share with the school).
EARLY_HELP_PURPOSE = "To agree an early help plan with the school."


@dataclass(frozen=True)
class Subject:
    """Someone a record is about, recorded by the author's organisation (found again by
    name and date of birth, so that several records can be about the same person)."""

    given_name: str
    family_name: str
    date_of_birth: dt.date | None
    role_in_case: str = "child"
    local_reference: str = ""


@dataclass(frozen=True)
class Advice:
    """Advice asked from the draft, the advisor's reply, and the answers given after it."""

    question: str
    reply: str
    answers_after: dict[str, str]
    advisor: str = ADVISOR


@dataclass(frozen=True)
class Amendment:
    """A correction of the final record: a second version with its reason."""

    reason: str
    changes: dict[str, Any]


@dataclass(frozen=True)
class DemoRecord:
    author: str
    people: tuple[Subject, ...]
    #: Draft fields as the flow sends them, with the purpose that identifies the record.
    changes: dict[str, Any]
    answers: dict[str, str]
    #: The partnership organisation shared with (or that asked), by name.
    recipient: str = ""
    #: How many days ago the information was shared (None: not shared, or not yet).
    shared_days_ago: int | None = None
    finalise: bool = True
    step: str = ""
    advice: Advice | None = None
    amendment: Amendment | None = None
    #: The countersigning manager's comment (the council's local policy asks for it).
    countersign_comment: str | None = None

    @property
    def purpose(self) -> str:
        return str(self.changes["purpose"])


ROBIN = Subject("Robin", "Example", dt.date(2016, 5, 14), local_reference="EH-1001")

#: Answers that lead to "share" on the consent basis.
CONSENT_GIVEN = {
    "risk_of_significant_harm": "no",
    "purpose": "yes",
    "legal_duty": "no",
    "identifiable": "yes",
    "confidential": "yes",
    "consent": "given",
    "appropriate_and_secure": "yes",
}


def _without_consent(reason: str, *, risk: str = "no") -> dict[str, str]:
    """Answers that lead to "share" in the public interest, consent not sought."""
    return {
        "risk_of_significant_harm": risk,
        "purpose": "yes",
        "legal_duty": "no",
        "identifiable": "yes",
        "confidential": "yes",
        "consent": "not_sought",
        "consent_not_sought_reason": reason,
        "public_interest": "yes",
        "appropriate_and_secure": "yes",
    }


RECORDS: tuple[DemoRecord, ...] = (
    # The first two are the demo's original records; tests and browser tests rely on them.
    DemoRecord(
        author=PRACTITIONER,
        people=(ROBIN,),
        recipient=SCHOOL,
        shared_days_ago=0,
        changes={
            "direction": "sharing_out",
            "recipient_name": "Designated safeguarding lead",
            "purpose": EARLY_HELP_PURPOSE,
            "outcome": "shared",
            "reasons": "The parents agreed that the school should know, so that it can help.",
            "gateway": "consent",
            "article6": ["art6_1_e"],
            "information_categories": ["family_and_relationships", "education"],
            "information_description": "Summary of the early help assessment.",
            "facts": "Attendance 82% this term.",
            "opinion": "The family would benefit from a school-based key worker (my view).",
            "method": "secure_email",
            "person_told": "yes",
        },
        answers=CONSENT_GIVEN,
    ),
    DemoRecord(
        author=PRACTITIONER,
        people=(ROBIN,),
        changes={"purpose": "Police asked about a child seen with injuries."},
        answers={"risk_of_significant_harm": "yes"},
        finalise=False,
        step="question:purpose",
    ),
    # A decision not to share, with its reasons.
    DemoRecord(
        author=PRACTITIONER,
        people=(
            Subject("Dean", "Harper", dt.date(1988, 9, 3), "parent", "EH-1017"),
            Subject("Mia", "Harper", dt.date(2019, 1, 22), local_reference="EH-1018"),
        ),
        changes={
            "direction": "request_received",
            "recipient_name": "Tenancy officer",
            "external_recipient": "Northshire Homes housing association",
            "purpose": (
                "The housing association asked whether Mr Harper has mental health needs, "
                "to weigh up a complaint about noise from the flat."
            ),
            "outcome": "not_shared",
            "reasons": (
                "Mr Harper refused consent. The question is about a tenancy dispute, not "
                "about the safety of Mia or anyone else, and nothing suggests a risk of "
                "harm. The public interest does not outweigh his wishes, so I did not "
                "share. I suggested the officer asks Mr Harper directly and told him the "
                "request had been made."
            ),
        },
        answers={
            "risk_of_significant_harm": "no",
            "purpose": "yes",
            "legal_duty": "no",
            "identifiable": "yes",
            "confidential": "yes",
            "consent": "refused",
            "public_interest": "no",
        },
    ),
    # Shared in part: the consent covered the school move, not the father's history.
    DemoRecord(
        author=PRACTITIONER,
        people=(Subject("Noah", "Bennett", dt.date(2015, 2, 9), local_reference="EH-1022"),),
        recipient=ACADEMY,
        shared_days_ago=84,
        changes={
            "direction": "sharing_out",
            "recipient_name": "Head of Year 7",
            "purpose": "To help Noah settle at secondary school in September.",
            "outcome": "shared_in_part",
            "reasons": (
                "Noah's mother agreed to the academy knowing about his early help plan and "
                "his attendance. She did not agree to sharing his father's time in prison, "
                "which the academy does not need to support Noah, so I left it out."
            ),
            "gateway": "consent",
            "article6": ["art6_1_e"],
            "information_categories": ["education", "family_and_relationships"],
            "information_description": "The early help plan and Noah's attendance for Year 6.",
            "facts": "Attendance 88% in Year 6. Early help plan since March.",
            "opinion": "A named adult to go to in the first weeks would help him (my view).",
            "method": "secure_email",
            "person_told": "yes",
        },
        answers=CONSENT_GIVEN,
    ),
    # An urgent share in the public interest, consent not sought because seeking it would
    # put the child at greater risk.
    DemoRecord(
        author=PRACTITIONER,
        people=(
            Subject("Ava", "Whitmore", dt.date(2018, 7, 30), local_reference="EH-1031"),
            Subject("Lee", "Barton", None, "other"),
        ),
        recipient=POLICE,
        shared_days_ago=0,
        changes={
            "direction": "sharing_out",
            "recipient_name": "Public Protection Unit",
            "purpose": (
                "Ava said at a home visit that her mother's partner hit her last night. "
                "To make a child protection referral straight away."
            ),
            "outcome": "shared",
            "reasons": (
                "Ava is at risk of significant harm. Asking her mother or Mr Barton for "
                "consent could put Ava at greater risk before the police and social care "
                "can act, so I did not seek it. Protecting Ava outweighs the family's "
                "confidentiality."
            ),
            "gateway": "public_interest",
            "article6": ["art6_1_e"],
            "special_category": True,
            "article9": ["art9_2_g"],
            "schedule1": ["sch1_p2_18"],
            "information_categories": ["concerns", "family_and_relationships", "health"],
            "information_description": "What Ava said, the bruise I saw and who lives at home.",
            "facts": "Bruise about 3 cm on Ava's upper left arm. Ava said: 'Lee hit me.'",
            "opinion": "Ava seemed frightened to go home (my view).",
            "method": "phone",
            "person_told": "no",
            "reason_not_told": (
                "Telling Ava's mother now could put Ava at greater risk; the police and "
                "social care will decide when to tell her."
            ),
        },
        answers=_without_consent("increase_risk_of_harm", risk="yes"),
    ),
    # A request from the police, answered; the manager countersigns it.
    DemoRecord(
        author=PRACTITIONER,
        people=(Subject("Gary", "Holt", dt.date(1985, 11, 17), "parent", "EH-1040"),),
        recipient=POLICE,
        shared_days_ago=12,
        changes={
            "direction": "request_received",
            "recipient_name": "DC Laura Finch",
            "purpose": (
                "The police asked for Mr Holt's current address, to arrest him for an "
                "assault on a neighbour."
            ),
            "outcome": "shared",
            "reasons": (
                "Asking Mr Holt for consent would warn him and prejudice the police "
                "investigation of a serious crime. Only his address was asked for and "
                "shared; nothing about his son's early help plan."
            ),
            "gateway": "public_interest",
            "article6": ["art6_1_e"],
            "information_categories": ["identity_and_contact"],
            "information_description": "Mr Holt's current address.",
            "method": "secure_email",
            "person_told": "no",
            "reason_not_told": "Telling him would prejudice the police investigation.",
        },
        answers=_without_consent("prejudice_crime_prevention"),
        countersign_comment="Proportionate: the address only, as the police asked.",
    ),
    # Advice asked from the record, answered by the advisor and kept with it.
    DemoRecord(
        author=PRACTITIONER,
        people=(ROBIN,),
        recipient=SURGERY,
        shared_days_ago=5,
        changes={
            "direction": "sharing_out",
            "recipient_name": "Dr Anna Webb, GP",
            "purpose": (
                "To tell Robin's GP about two missed health appointments and his weight loss."
            ),
            "outcome": "shared",
            "reasons": (
                "Robin's mother refused consent. On the advisor's advice, the public "
                "interest in Robin's health outweighs her wishes: I shared the missed "
                "appointments and his weights only, and told her I had."
            ),
            "gateway": "public_interest",
            "article6": ["art6_1_e"],
            "special_category": True,
            "article9": ["art9_2_h"],
            "schedule1": ["sch1_p1_2"],
            "information_categories": ["health"],
            "information_description": "Dates of the missed appointments and his weights.",
            "facts": "Two appointments missed this term. 2 kg lost in four months.",
            "method": "secure_email",
            "person_told": "yes",
        },
        answers={
            "risk_of_significant_harm": "no",
            "purpose": "yes",
            "legal_duty": "no",
            "identifiable": "yes",
            "confidential": "yes",
            "consent": "refused",
            "public_interest": "not_sure",
        },
        advice=Advice(
            question=(
                "A parent has refused consent for me to tell the GP that her child missed "
                "two health appointments and has lost weight. There is no immediate risk. "
                "Is there enough public interest to share without consent?"
            ),
            reply=(
                "Yes. The child's health could suffer without the GP knowing, and the GP "
                "needs only the missed appointments and the weights. Share just those, "
                "tell the parent you have unless that would put the child at risk, and "
                "record your reasons."
            ),
            answers_after={"public_interest": "yes", "appropriate_and_secure": "yes"},
        ),
    ),
    # Amended: the date it was shared was wrong in version 1.
    DemoRecord(
        author=PRACTITIONER,
        people=(Subject("Freya", "Nolan", dt.date(2017, 4, 2), local_reference="EH-1046"),),
        recipient=SCHOOL,
        shared_days_ago=41,
        changes={
            "direction": "sharing_out",
            "recipient_name": "Special educational needs coordinator",
            "purpose": "To share the team around the family meeting's actions for Freya.",
            "outcome": "shared",
            "reasons": "Freya's father agreed that the school should have the actions.",
            "gateway": "consent",
            "article6": ["art6_1_e"],
            "information_categories": ["education", "family_and_relationships"],
            "information_description": "The actions agreed at the meeting.",
            "method": "secure_email",
            "person_told": "yes",
        },
        answers=CONSENT_GIVEN,
        amendment=Amendment(
            reason=(
                "The date shared was wrong: I entered the date of the meeting, but the "
                "actions were sent two days later."
            ),
            changes={"shared_days_ago": 39},
        ),
    ),
    # Written by the manager, so that the team's and organisation's lists have two authors.
    DemoRecord(
        author=MANAGER,
        people=(Subject("Ethan", "Price", dt.date(2010, 3, 12), local_reference="EH-1052"),),
        recipient=YOUTH_JUSTICE,
        shared_days_ago=26,
        changes={
            "direction": "sharing_out",
            "recipient_name": "Case manager",
            "purpose": "To agree one plan for Ethan with the youth justice service.",
            "outcome": "shared",
            "reasons": (
                "Ethan and his mother both agreed. One plan avoids asking the family the "
                "same questions twice."
            ),
            "gateway": "consent",
            "article6": ["art6_1_e"],
            "information_categories": ["family_and_relationships", "education"],
            "information_description": "The early help plan and the family's goals.",
            "method": "meeting",
            "person_told": "yes",
        },
        answers=CONSENT_GIVEN,
    ),
    # Shared with the council by the health visitor.
    DemoRecord(
        author=HEALTH_VISITOR,
        people=(
            Subject("Grace", "Adebayo", dt.date(1996, 8, 21), "parent", "HV-2231"),
            Subject("Eli", "Adebayo", dt.date(2025, 9, 4), local_reference="HV-2232"),
        ),
        recipient=COUNCIL,
        shared_days_ago=19,
        changes={
            "direction": "sharing_out",
            "recipient_name": "Early Help duty worker",
            "purpose": "To ask Early Help to support Grace with housing and her low mood.",
            "outcome": "shared",
            "reasons": "Grace asked for help and agreed to Early Help being told.",
            "gateway": "consent",
            "article6": ["art6_1_e"],
            "special_category": True,
            "article9": ["art9_2_a"],
            "information_categories": ["health", "housing_and_finances"],
            "information_description": "Grace's postnatal depression and her housing.",
            "facts": "Eli is gaining weight well. The flat has damp in two rooms.",
            "method": "portal",
            "person_told": "yes",
        },
        answers=CONSENT_GIVEN,
    ),
    # Early Help's answer to the health visitor: shared back with the NHS trust.
    DemoRecord(
        author=PRACTITIONER,
        people=(Subject("Grace", "Adebayo", dt.date(1996, 8, 21), "parent", "EH-1063"),),
        recipient=HEALTH_TRUST,
        shared_days_ago=15,
        changes={
            "direction": "sharing_out",
            "recipient_name": "Hana Novak, health visitor",
            "purpose": "To tell the health visitor what support Early Help has arranged for Grace.",
            "outcome": "shared",
            "reasons": "Grace agreed that her health visitor should know the plan.",
            "gateway": "consent",
            "article6": ["art6_1_e"],
            "information_categories": ["housing_and_finances", "family_and_relationships"],
            "information_description": "The support plan: a housing referral and a parents' group.",
            "method": "secure_email",
            "person_told": "yes",
        },
        answers=CONSENT_GIVEN,
    ),
    # Shared with the council and with the school by the police, after a domestic incident.
    DemoRecord(
        author=POLICE_ADVISOR,
        people=(
            Subject("Kerry", "Dunn", dt.date(1991, 2, 14), "parent", "NSP-7781"),
            Subject("Alfie", "Dunn", dt.date(2019, 10, 8), local_reference="NSP-7782"),
        ),
        recipient=COUNCIL,
        shared_days_ago=8,
        changes={
            "direction": "sharing_out",
            "recipient_name": "Front door duty social worker",
            "purpose": "To tell children's services about a domestic incident Alfie saw.",
            "outcome": "shared",
            "reasons": (
                "Officers attended a domestic incident with Alfie in the house. Asking "
                "for consent with the partner present could increase the risk to Kerry "
                "and Alfie; children's services need to know to offer support."
            ),
            "gateway": "public_interest",
            "article6": ["art6_1_e"],
            "information_categories": ["concerns", "family_and_relationships"],
            "information_description": "The incident log and who was present.",
            "method": "portal",
            "person_told": "yes",
        },
        answers=_without_consent("increase_risk_of_harm"),
    ),
    DemoRecord(
        author=POLICE_ADVISOR,
        people=(Subject("Alfie", "Dunn", dt.date(2019, 10, 8), local_reference="NSP-7782"),),
        recipient=SCHOOL,
        shared_days_ago=8,
        changes={
            "direction": "sharing_out",
            "recipient_name": "Designated safeguarding lead",
            "purpose": "To let Alfie's school support him the morning after a domestic incident.",
            "outcome": "shared",
            "reasons": (
                "The school can support Alfie only if it knows. Seeking consent with the "
                "partner present could increase the risk; only the fact of the incident "
                "was shared."
            ),
            "gateway": "public_interest",
            "article6": ["art6_1_e"],
            "information_categories": ["concerns"],
            "information_description": "That police attended a domestic incident at home.",
            "method": "phone",
            "person_told": "yes",
        },
        answers=_without_consent("increase_risk_of_harm"),
    ),
    # Shared with the council by the school.
    DemoRecord(
        author=TEACHER,
        people=(Subject("Oscar", "Lane", dt.date(2018, 12, 1), local_reference="RPS-0412"),),
        recipient=COUNCIL,
        shared_days_ago=33,
        changes={
            "direction": "sharing_out",
            "recipient_name": "Early Help duty worker",
            "purpose": "To ask for early help for Oscar, who often arrives hungry and late.",
            "outcome": "shared",
            "reasons": "Oscar's mother agreed to a referral to Early Help.",
            "gateway": "consent",
            "article6": ["art6_1_e"],
            "information_categories": ["education", "concerns"],
            "information_description": "Oscar's attendance and what staff have noticed.",
            "facts": "Late 14 times this half term. Asks for food at breakfast club.",
            "method": "secure_email",
            "person_told": "yes",
        },
        answers=CONSENT_GIVEN,
    ),
)

#: Everyone the demo records need (seed_demo adds them).
NEEDED = {record.author for record in RECORDS} | {ADVISOR, MANAGER, PARTNERSHIP_ADMIN}
