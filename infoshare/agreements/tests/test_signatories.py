"""Naming who signs for each party: who may be chosen, the page to change it, what the
page says when an organisation has nobody who can sign, and the send page's links to it."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.urls import reverse

from infoshare.agreements import errors, services
from infoshare.agreements.audit import Action
from infoshare.agreements.demo import load_demo_agreements
from infoshare.agreements.models import Agreement, AgreementParty, Kind, Status
from infoshare.audit.models import AuditEvent
from infoshare.core.errors import DomainError
from infoshare.core.roles import Role
from infoshare.partnerships.demo import load_demo
from infoshare.partnerships.tests.factories import OrganisationFactory


def _html(response: Any) -> str:
    return response.content.decode()


def _signatory_url(agreement: Any, party: Any) -> str:
    return reverse("agreements:party_signatory", args=[agreement.pk, party.pk])


@pytest.fixture
def unnamed(senior_lead: Any, home_org: Any, other_org: Any) -> Any:
    """A draft whose second party (Other School) has no signatory yet."""
    agreement = services.create_draft_agreement(
        actor=senior_lead,
        lead_organisation_id=home_org.pk,
        title="Attendance sharing",
        kind=Kind.DATA_SHARING_AGREEMENT,
        purpose="Early help when attendance falls",
    )
    services.add_party(
        actor=senior_lead,
        agreement_id=agreement.pk,
        organisation_id=home_org.pk,
        signatory_id=senior_lead.pk,
    )
    services.add_party(actor=senior_lead, agreement_id=agreement.pk, organisation_id=other_org.pk)
    return agreement


def _school_party(agreement: Any, other_org: Any) -> AgreementParty:
    return AgreementParty.objects.get(agreement=agreement, organisation=other_org)


def test_an_organisation_administrator_cannot_be_named_or_sign(
    client, senior_lead, other_org, make_member, unnamed
) -> None:
    """Signing binds the organisation: its senior leads and advisors do it. Its
    organisation administrator manages staff, teams and roles only, so is not offered,
    is refused when sent anyway (page, service), and cannot open sign or refuse."""
    school_admin = make_member(Role.ORG_ADMIN, other_org, full_name="Sara Admin")
    head = make_member(Role.SENIOR_LEAD, other_org, full_name="Helen Head")
    teacher = make_member(Role.PRACTITIONER, other_org, full_name="Tom Teacher")
    party = _school_party(unnamed, other_org)
    refused = errors.SIGNATORY_NOT_ELIGIBLE.format(organisation="Other School")
    assert (
        refused
        == "The signatory must be a senior lead or information sharing advisor of Other School"
    )
    client.force_login(senior_lead)

    page = _html(client.get(_signatory_url(unnamed, party)))
    assert "Only a senior lead or information sharing advisor of Other School" in page
    assert f'value="{head.pk}"' in page
    assert "Senior lead, Other School" in page
    assert f'value="{school_admin.pk}"' not in page
    assert "Organisation administrator" not in page
    assert f'value="{teacher.pk}"' not in page  # a practitioner cannot sign
    add_page = _html(client.get(reverse("agreements:party_add", args=[unnamed.pk])))
    assert "Helen Head" in add_page
    assert "Sara Admin" not in add_page

    response = client.post(_signatory_url(unnamed, party), {"signatory": school_admin.pk})
    assert response.status_code == 400
    assert "There is a problem" in _html(response)
    with pytest.raises(DomainError, match=refused):
        services.change_party_signatory(
            actor=senior_lead,
            agreement_id=unnamed.pk,
            party_id=party.pk,
            signatory_id=school_admin.pk,
        )
    party.refresh_from_db()
    assert party.signatory_id is None
    assert not AuditEvent.objects.filter(action=Action.PARTY_SIGNATORY_CHANGED).exists()

    # The school's senior lead is named instead, and the agreement can be sent.
    assert client.post(_signatory_url(unnamed, party), {"signatory": head.pk}).status_code == 302
    party.refresh_from_db()
    assert party.signatory_id == head.pk
    event = AuditEvent.objects.get(action=Action.PARTY_SIGNATORY_CHANGED)
    assert event.actor_id == senior_lead.pk
    assert event.data["party_id"] == party.pk
    assert event.data["signatory_id"] == head.pk
    client.post(reverse("agreements:agreement_submit", args=[unnamed.pk]))
    assert Agreement.objects.get(pk=unnamed.pk).status == Status.AWAITING_SIGNATURE
    client.post(reverse("agreements:agreement_sign", args=[unnamed.pk]))

    sign = reverse("agreements:agreement_sign", args=[unnamed.pk])
    refuse = reverse("agreements:agreement_refuse", args=[unnamed.pk])
    api_sign = reverse("api-1:agreement_sign", args=[unnamed.pk])
    client.force_login(school_admin)
    assert client.get(f"{sign}?party={party.pk}").status_code == 403
    assert client.post(sign, {"party": party.pk}).status_code == 403
    assert client.get(f"{refuse}?party={party.pk}").status_code == 403
    assert client.post(refuse, {"party": party.pk, "reason": "No"}).status_code == 403
    assert (
        client.post(
            api_sign, json.dumps({"party_id": party.pk}), content_type="application/json"
        ).status_code
        == 403
    )
    party.refresh_from_db()
    assert party.signed_at is None
    assert Agreement.objects.get(pk=unnamed.pk).status == Status.AWAITING_SIGNATURE

    client.force_login(head)
    assert client.get(f"{sign}?party={party.pk}").status_code == 200
    assert client.post(sign, {"party": party.pk}).status_code == 302
    assert Agreement.objects.get(pk=unnamed.pk).status == Status.ACTIVE


def test_an_organisation_administrator_cannot_be_named_when_adding_a_party(
    senior_lead, other_org, make_member, unnamed
) -> None:
    school_admin = make_member(Role.ORG_ADMIN, other_org)
    party = _school_party(unnamed, other_org)
    services.remove_party(actor=senior_lead, agreement_id=unnamed.pk, party_id=party.pk)
    with pytest.raises(DomainError, match="senior lead or information sharing advisor of Other"):
        services.add_party(
            actor=senior_lead,
            agreement_id=unnamed.pk,
            organisation_id=other_org.pk,
            signatory_id=school_admin.pk,
        )
    assert not AgreementParty.objects.filter(agreement=unnamed, organisation=other_org).exists()


def test_a_named_signatory_can_be_changed(
    client, senior_lead, other_org, other_signatory, make_member, draft
) -> None:
    advisor = make_member(Role.ADVISOR, other_org)
    party = _school_party(draft, other_org)
    client.force_login(senior_lead)
    page = _html(client.get(_signatory_url(draft, party)))
    assert re.search(rf'value="{other_signatory.pk}"\s+checked', page)
    assert "Change signatory" in _html(
        client.get(reverse("agreements:agreement_detail", args=[draft.pk]))
    )
    assert client.post(_signatory_url(draft, party), {"signatory": advisor.pk}).status_code == 302
    party.refresh_from_db()
    assert party.signatory_id == advisor.pk
    event = AuditEvent.objects.get(action=Action.PARTY_SIGNATORY_CHANGED)
    assert event.data["previous_signatory"] == str(other_signatory)
    # The same person chosen again changes nothing, so nothing more is audited.
    assert client.post(_signatory_url(draft, party), {"signatory": advisor.pk}).status_code == 302
    assert AuditEvent.objects.filter(action=Action.PARTY_SIGNATORY_CHANGED).count() == 1


def test_someone_who_cannot_sign_for_the_organisation_is_refused(
    client, senior_lead, other_org, make_member, unnamed
) -> None:
    teacher = make_member(Role.PRACTITIONER, other_org)
    make_member(Role.SENIOR_LEAD, other_org)
    party = _school_party(unnamed, other_org)
    client.force_login(senior_lead)
    for chosen in (teacher.pk, senior_lead.pk, "", "abc"):
        response = client.post(_signatory_url(unnamed, party), {"signatory": chosen})
        assert response.status_code == 400, chosen
        assert "There is a problem" in _html(response)
    party.refresh_from_db()
    assert party.signatory_id is None
    with pytest.raises(DomainError, match="senior lead or information sharing advisor of Other"):
        services.change_party_signatory(
            actor=senior_lead,
            agreement_id=unnamed.pk,
            party_id=party.pk,
            signatory_id=teacher.pk,
        )


def test_the_page_says_why_nobody_can_sign_and_what_to_do(
    client, senior_lead, partnership, make_member, unnamed
) -> None:
    trust: Any = OrganisationFactory(partnership=partnership, name="Community Health Trust")
    make_member(Role.PRACTITIONER, trust)
    make_member(Role.ORG_ADMIN, trust)  # manages staff; does not sign
    party = services.add_party(actor=senior_lead, agreement_id=unnamed.pk, organisation_id=trust.pk)
    client.force_login(senior_lead)
    response = client.get(_signatory_url(unnamed, party))
    page = _html(response)
    assert response.status_code == 200
    assert "Nobody can sign for Community Health Trust yet" in page
    assert "must be a senior lead or information sharing advisor of it" in page
    assert (
        "Ask an organisation administrator of Community Health Trust, or your partnership "
        "administrator, to give the person who will sign for it"
    ) in page
    assert "the senior lead or information sharing advisor role in Infoshare" in page
    assert reverse("agreements:party_remove", args=[unnamed.pk, party.pk]) in page
    response = client.post(_signatory_url(unnamed, party), {"signatory": senior_lead.pk})
    assert response.status_code == 400
    assert errors.NOBODY_CAN_SIGN.format(organisation="Community Health Trust") in _html(response)


def test_an_external_partys_signatory_is_named(client, senior_lead, unnamed) -> None:
    party = services.add_party(
        actor=senior_lead, agreement_id=unnamed.pk, external_party_name="Neighbouring Council"
    )
    client.force_login(senior_lead)
    url = _signatory_url(unnamed, party)
    assert 'name="external_signatory_name"' in _html(client.get(url))
    response = client.post(url, {"external_signatory_name": ""})
    assert response.status_code == 400
    assert "Enter the name of the person who signs" in _html(response)
    assert client.post(url, {"external_signatory_name": "Jo Bloggs"}).status_code == 302
    party.refresh_from_db()
    assert party.external_signatory_name == "Jo Bloggs"


def test_only_the_agreements_managers_change_signatories(
    client, foreign_org_user, practitioner, unnamed, other_org
) -> None:
    url = _signatory_url(unnamed, _school_party(unnamed, other_org))
    for person in (foreign_org_user, practitioner):
        client.force_login(person)
        assert client.get(url).status_code == 403
        assert client.post(url, {"signatory": person.pk}).status_code == 403


def test_sending_without_signatories_links_to_where_each_can_be_named(
    client, senior_lead, other_org, unnamed
) -> None:
    party = _school_party(unnamed, other_org)
    client.force_login(senior_lead)
    response = client.post(reverse("agreements:agreement_submit", args=[unnamed.pk]))
    page = _html(response)
    assert response.status_code == 400
    summary = page.split('class="govuk-error-summary"', 1)[1].split("</div>\n</div>", 1)[0]
    assert "Name a signatory for every party" in summary
    assert f'<a href="{_signatory_url(unnamed, party)}">Name a signatory for Other School</a>' in (
        summary
    )
    assert Agreement.objects.get(pk=unnamed.pk).status == Status.DRAFT


def test_sending_with_one_party_links_to_adding_another(client, senior_lead, home_org) -> None:
    agreement = services.create_draft_agreement(
        actor=senior_lead,
        lead_organisation_id=home_org.pk,
        title="Alone",
        kind=Kind.DATA_SHARING_AGREEMENT,
        purpose="p",
    )
    client.force_login(senior_lead)
    page = _html(client.post(reverse("agreements:agreement_submit", args=[agreement.pk])))
    assert f'<a href="{reverse("agreements:party_add", args=[agreement.pk])}">' in page


def test_every_demo_agreement_can_be_sent_or_is_already(client, db) -> None:
    load_demo()
    load_demo_agreements()
    drafts = list(Agreement.objects.filter(status=Status.DRAFT))
    assert drafts
    for agreement in drafts:
        client.force_login(agreement.owner)
        response = client.post(reverse("agreements:agreement_submit", args=[agreement.pk]))
        assert response.status_code == 302, _html(response)
        agreement.refresh_from_db()
        assert agreement.status == Status.AWAITING_SIGNATURE
