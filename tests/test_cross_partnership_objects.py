"""Every route that names an object, given the real objects of one partnership, refuses a
person who holds every role in another partnership: by page and by API, to read (GET) and
to change (POST, PATCH, DELETE). The role matrix (test_role_matrix) probes each route's
rule with ids that exist nowhere; this probes the selectors behind the rules with ids that
exist, so a view that forgets to scope its lookup fails here. Routes are enumerated from
the URL resolver: a new route naming a new kind of object fails until it is given one."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core.files.base import ContentFile

from infoshare.core import access
from infoshare.core.access import Scope
from infoshare.core.roles import Role
from tests.urls import all_routes

#: Kinds of value a route may take that name no object of a partnership.
NOT_OBJECTS = {"key", "token", "uidb36", "provider_id"}
_PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")
REFUSED = {403, 404, 405}


@pytest.fixture
def objects(home_org: Any, other_org: Any, practitioner: Any, advisor: Any) -> dict[str, int]:
    """One real object of the home partnership for each kind a route names."""
    from infoshare.accounts.services import create_api_token
    from infoshare.advice.tests.factories import AdviceRequestFactory
    from infoshare.agreements.models import AgreementDocument
    from infoshare.agreements.tests.factories import AgreementPartyFactory, make_agreement
    from infoshare.audit.services import record
    from infoshare.decisions.tests.factories import make_decision, make_person
    from infoshare.governance.tests.factories import make_policy, make_standard, make_statement
    from infoshare.partnerships.models import Membership, StaffImport

    person = make_person(organisation=home_org, date_of_birth=dt.date(2015, 3, 2))
    decision = make_decision(author=practitioner, organisation=home_org, people=[person])
    agreement = make_agreement(lead_organisation=home_org, owner=advisor)
    party: Any = AgreementPartyFactory(agreement=agreement, organisation=other_org)
    document = AgreementDocument.objects.create(
        agreement=agreement,
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="signed.pdf"),
        original_name="signed.pdf",
        content_type="application/pdf",
        size=15,
        sha256="0" * 64,
        uploaded_by=advisor,
    )
    advice: Any = AdviceRequestFactory(asked_by=practitioner, organisation=home_org)
    token, _secret = create_api_token(actor=practitioner, name="Case system")
    event = record(action="decisions.viewed_decision", actor=advisor, organisation_id=home_org.pk)
    return {
        "org_id": home_org.pk,
        "decision_id": decision.pk,
        "person_id": person.pk,
        "request_id": advice.pk,
        "agreement_id": agreement.pk,
        "party_id": party.pk,
        "document_id": document.pk,
        "policy_id": make_policy(organisation=home_org).pk,
        "statement_id": make_statement(organisation=home_org).pk,
        "standard_id": make_standard(partnership=home_org.partnership).pk,
        "membership_id": Membership.objects.filter(person=practitioner).get().pk,
        "import_id": StaffImport.objects.create(organisation=home_org, created_by=advisor).pk,
        "token_id": token.pk,
        "event_id": event.pk,
    }


@pytest.fixture
def intruder(make_member: Any, second: Any) -> Any:
    """Every role there is, at an organisation of another partnership."""
    from infoshare.partnerships.tests.factories import MembershipFactory, OrganisationFactory

    elsewhere = OrganisationFactory(partnership=second, name="Elsewhere Council")
    person = make_member(Role.PRACTITIONER, elsewhere)
    for role in Role.values:
        if role != Role.PRACTITIONER:
            MembershipFactory(person=person, organisation=elsewhere, role=role)
    return person


MISSING = 999_999


def object_routes(objects: dict[str, int]) -> list[tuple[str, str, str]]:
    """(name, path, the same path naming objects that exist nowhere) of every signed-in
    route that names an object, filled with real ids."""
    found = []
    for route in all_routes():
        names = [m.group(2) for m in _PARAM.finditer(route.pattern)]
        if not names or set(names) <= NOT_OBJECTS:
            continue
        rule = access.rule_for(route.name)
        if rule is not None and rule.scope is Scope.PUBLIC:
            continue
        unknown = set(names) - set(objects) - NOT_OBJECTS
        assert not unknown, f"{route.name}: give this test a real {', '.join(sorted(unknown))}"
        values = {name: objects.get(name, "purpose") for name in names}
        missing = {name: MISSING if name in objects else "purpose" for name in names}
        found.append((route.name, route.sample_path(**values), route.sample_path(**missing)))
    return found


def test_nothing_of_one_partnership_is_served_to_another(
    client: Any, objects: dict[str, int], intruder: Any
) -> None:
    client.raise_request_exception = False
    client.force_login(intruder)
    routes = object_routes(objects)
    assert len(routes) > 40  # the enumeration found the routes
    served = []
    for name, path, nowhere in routes:
        for method in ("get", "post", "patch", "delete"):
            status = getattr(client, method)(path).status_code
            if status in REFUSED:
                continue
            # An API operation reads its body before it looks the object up: a body it
            # cannot take is refused alike (400, 415) whether the object exists or not,
            # which tells nothing. Anything else is an object served, or given away.
            if 400 <= status < 500 and getattr(client, method)(nowhere).status_code == status:
                continue
            served.append(f"{method.upper()} {path} ({name}): {status}")
    assert served == [], "\n".join(served)
