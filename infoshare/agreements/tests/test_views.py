"""Drafting and sign-off pages and their error paths."""

from __future__ import annotations

import re

from django.urls import reverse

from infoshare.agreements import errors, services
from infoshare.agreements.models import Agreement, AgreementParty, Status
from infoshare.agreements.tests.factories import make_agreement


def _html(response) -> str:
    return response.content.decode()


def test_a_senior_lead_creates_a_draft_through_the_form(client, senior_lead, home_org) -> None:
    client.force_login(senior_lead)
    url = reverse("agreements:agreement_create")
    page = _html(client.get(url))
    assert "checklist for a new systematic sharing arrangement" in page
    response = client.post(
        url,
        {
            "lead_organisation": home_org.pk,
            "title": "School attendance sharing",
            "kind": "data_sharing_agreement",
            "purpose": "Children missing education",
            "gateways": ["gateway_legal_requirement"],
            "article_6": ["art6_c", "art6_e"],
            "review_date": "2027-06-30",
        },
    )
    agreement = Agreement.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("agreements:party_add", args=[agreement.pk])
    assert agreement.lawful_bases == ["gateway_legal_requirement", "art6_c", "art6_e"]
    assert str(agreement.review_date) == "2027-06-30"


def test_the_create_form_explains_every_bad_answer(client, senior_lead, home_org) -> None:
    client.force_login(senior_lead)
    response = client.post(
        reverse("agreements:agreement_create"),
        {
            "lead_organisation": "999999",
            "title": "x" * 201,
            "kind": "treaty",
            "purpose": "",
            "article_6": ["art6_z"],
            "start_date": "31/02/2026",
        },
    )
    html = _html(response)
    assert response.status_code == 400
    assert "There is a problem" in html
    for message in (
        "Choose one of the organisations listed",
        "Title must be 200 characters or fewer",
        "Choose the type of agreement",
        "Enter the purpose",
        "Choose from the Article 6 bases listed",
        "Start date must be a real date",
    ):
        assert message in html, message
    assert not Agreement.objects.exists()


def test_a_rule_broken_in_the_service_shows_in_the_error_summary(
    client, senior_lead, home_org
) -> None:
    client.force_login(senior_lead)
    response = client.post(
        reverse("agreements:agreement_create"),
        {
            "lead_organisation": home_org.pk,
            "title": "Dates wrong",
            "kind": "overarching_protocol",
            "purpose": "p",
            "start_date": "2026-05-01",
            "end_date": "2026-04-01",
        },
    )
    assert errors.ENDS_BEFORE_START in _html(response)
    assert not Agreement.objects.exists()


def test_a_practitioner_cannot_open_the_create_page(client, practitioner) -> None:
    client.force_login(practitioner)
    assert client.get(reverse("agreements:agreement_create")).status_code == 403


def test_editing_a_draft_saves_it(client, senior_lead, draft) -> None:
    client.force_login(senior_lead)
    url = reverse("agreements:agreement_edit", args=[draft.pk])
    Agreement.objects.filter(pk=draft.pk).update(review_date="2027-03-31")
    page = client.get(url).content.decode()
    assert 'name="review_date" type="text" value="31/03/2027"' in page
    response = client.post(
        url,
        {"title": "Renamed", "kind": "overarching_protocol", "purpose": "p", "retention": "1y"},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Renamed"
    assert draft.retention == "1y"


def test_a_foreign_senior_lead_cannot_edit_another_organisations_draft(
    client, foreign_org_user, draft
) -> None:
    client.force_login(foreign_org_user)
    response = client.post(
        reverse("agreements:agreement_edit", args=[draft.pk]),
        {"title": "Hijacked", "kind": "overarching_protocol", "purpose": "p"},
    )
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.title == "Early help data sharing"


def test_adding_a_party_through_the_form(client, senior_lead, home_org) -> None:
    agreement = make_agreement(lead_organisation=home_org, owner=senior_lead)
    client.force_login(senior_lead)
    url = reverse("agreements:party_add", args=[agreement.pk])
    page = _html(client.get(url))
    assert f'<option value="{senior_lead.pk}">' in page
    response = client.post(
        url,
        {
            "organisation": home_org.pk,
            "signatory": senior_lead.pk,
            "contact_email": "ig@example.org",
        },
    )
    assert response.status_code == 302
    party = AgreementParty.objects.get(agreement=agreement)
    assert party.signatory == senior_lead
    bad = client.post(url, {"contact_email": "not-an-email"})
    assert bad.status_code == 400
    assert "Enter an email address in the correct format" in _html(bad)
    bad = client.post(url, {"contact_email": "ok@example.org"})
    assert bad.status_code == 400
    assert "Choose an organisation or enter the name of an external party" in _html(bad)


def test_sign_off_through_the_pages(client, senior_lead, other_signatory, draft) -> None:
    client.force_login(senior_lead)
    submit = reverse("agreements:agreement_submit", args=[draft.pk])
    assert "Send for signature" in _html(client.get(submit))
    assert client.post(submit).status_code == 302

    detail = _html(client.get(reverse("agreements:agreement_detail", args=[draft.pk])))
    assert "You are the signatory for Home Council" in detail
    sign = reverse("agreements:agreement_sign", args=[draft.pk])
    assert "Sign for Home Council" in _html(client.get(sign))
    assert client.post(sign).status_code == 302

    client.force_login(other_signatory)
    assert client.post(sign).status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.ACTIVE


def test_refusing_needs_a_reason_on_the_page(client, senior_lead, other_signatory, draft):
    services.submit_for_signature(actor=senior_lead, agreement_id=draft.pk)
    client.force_login(other_signatory)
    url = reverse("agreements:agreement_refuse", args=[draft.pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400
    assert "Enter the reason" in _html(response)
    response = client.post(url, {"reason": "Not our data"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_a_foreign_senior_lead_cannot_sign_for_another_organisation(
    client, senior_lead, foreign_org_user, draft, home_org
) -> None:
    services.submit_for_signature(actor=senior_lead, agreement_id=draft.pk)
    party = draft.parties.get(organisation=home_org)
    client.force_login(foreign_org_user)
    url = reverse("agreements:agreement_sign", args=[draft.pk])
    response = client.post(url, {"party": party.pk})
    assert response.status_code == 400
    assert "Only the named signatory can sign for Home Council" in _html(response)
    party.refresh_from_db()
    assert party.signed_at is None


def test_a_made_up_party_is_not_found(client, senior_lead, draft) -> None:
    services.submit_for_signature(actor=senior_lead, agreement_id=draft.pk)
    client.force_login(senior_lead)
    url = reverse("agreements:agreement_sign", args=[draft.pk])
    assert client.get(url, {"party": "abc"}).status_code == 404
    assert client.get(url, {"party": "99999999"}).status_code == 404


def test_a_new_version_and_withdrawal_through_the_pages(client, senior_lead, active) -> None:
    client.force_login(senior_lead)
    response = client.post(reverse("agreements:new_version", args=[active.pk]))
    new = Agreement.objects.get(previous=active)
    assert response.url == reverse("agreements:agreement_edit", args=[new.pk])
    url = reverse("agreements:agreement_withdraw", args=[new.pk])
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "Not needed"}).status_code == 302
    new.refresh_from_db()
    active.refresh_from_db()
    assert new.status == Status.WITHDRAWN
    assert active.status == Status.ACTIVE


def test_removing_a_party_from_a_draft(client, senior_lead, draft, other_org) -> None:
    party = draft.parties.get(organisation=other_org)
    client.force_login(senior_lead)
    url = reverse("agreements:party_remove", args=[draft.pk, party.pk])
    assert "Remove Other School" in _html(client.get(url))
    assert client.post(url).status_code == 302
    assert not draft.parties.filter(pk=party.pk).exists()


def test_an_agreement_in_force_offers_to_start_a_new_version(client, senior_lead, active) -> None:
    client.force_login(senior_lead)
    html = _html(client.get(reverse("agreements:agreement_detail", args=[active.pk])))
    assert reverse("agreements:new_version", args=[active.pk]) in html
    assert "Start a new version" in html


def test_a_draft_new_version_is_continued_not_started_again(client, senior_lead, active) -> None:
    new = services.start_new_version(actor=senior_lead, agreement_id=active.pk)
    client.force_login(senior_lead)
    html = _html(client.get(reverse("agreements:agreement_detail", args=[active.pk])))
    assert "Start a new version" not in html
    assert reverse("agreements:new_version", args=[active.pk]) not in html
    link = f'href="{reverse("agreements:agreement_detail", args=[new.pk])}">'
    assert f"{link}Continue the draft of version 2</a>" in html


def test_a_new_version_awaiting_signature_is_linked(client, senior_lead, active) -> None:
    new = services.start_new_version(actor=senior_lead, agreement_id=active.pk)
    services.submit_for_signature(actor=senior_lead, agreement_id=new.pk)
    client.force_login(senior_lead)
    html = _html(client.get(reverse("agreements:agreement_detail", args=[active.pk])))
    assert "Start a new version" not in html
    link = f'href="{reverse("agreements:agreement_detail", args=[new.pk])}">'
    assert f"{link}See version 2, awaiting signature</a>" in html


def test_the_new_version_page_leads_to_the_version_already_prepared(
    client, senior_lead, active
) -> None:
    new = services.start_new_version(actor=senior_lead, agreement_id=active.pk)
    client.force_login(senior_lead)
    url = reverse("agreements:new_version", args=[active.pk])
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 302
        assert response.url == reverse("agreements:agreement_detail", args=[new.pk])
    assert Agreement.objects.filter(previous=active).count() == 1


def test_a_withdrawn_draft_version_does_not_block_a_new_one(client, senior_lead, active) -> None:
    new = services.start_new_version(actor=senior_lead, agreement_id=active.pk)
    services.withdraw_agreement(actor=senior_lead, agreement_id=new.pk, reason="Not needed")
    client.force_login(senior_lead)
    html = _html(client.get(reverse("agreements:agreement_detail", args=[active.pk])))
    assert "Start a new version" in html


def test_each_version_of_an_agreement_has_its_own_title(client, senior_lead, active) -> None:
    new = services.start_new_version(actor=senior_lead, agreement_id=active.pk)
    client.force_login(senior_lead)
    titles = set()
    for pk in (active.pk, new.pk):
        page = _html(client.get(reverse("agreements:agreement_detail", args=[pk])))
        found = re.search(r"<title>(.*?)</title>", page)
        assert found is not None
        titles.add(found.group(1))
    assert len(titles) == 2
    assert any("version 2 (draft)" in title for title in titles)
