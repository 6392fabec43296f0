"""An agreement's owner manages it only while they still hold a managing role (senior
lead or advisor) in its lead organisation (permissions.is_current_owner): someone who
has moved on is its owner in name only, and the lead organisation's senior leads and
advisors manage it as before."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from infoshare.agreements import reviews, services
from infoshare.agreements.models import Agreement, Status
from infoshare.agreements.tests.factories import make_agreement
from infoshare.core.roles import Role
from infoshare.partnerships.models import Membership
from infoshare.partnerships.tests.factories import MembershipFactory

HOME = reverse("core:home")


def _post(client: Any, url: str, body: object) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


def _move(person: Any, *, to: Any, role: str = Role.ADVISOR) -> None:
    """The person starts in ``to`` and their other memberships end today."""
    Membership.objects.filter(person=person).update(ends_on=timezone.localdate())
    MembershipFactory(person=person, organisation=to, role=role)


@pytest.fixture
def owned(client: Any, advisor: Any, home_org: Any) -> Agreement:
    """A draft created through the API by the home council's advisor, leading for it."""
    client.force_login(advisor)
    body = {
        "lead_organisation_id": home_org.pk,
        "title": "Council and schools protocol",
        "kind": "overarching_protocol",
        "purpose": "Systematic sharing",
        "lawful_bases": ["art6_e"],
        "review_date": "2027-05-01",
    }
    response = _post(client, reverse("api-1:agreement_create"), body)
    assert response.status_code == 201, response.content
    agreement = Agreement.objects.get(pk=response.json()["id"])
    assert agreement.owner_id == advisor.pk
    return agreement


def _pages(agreement: Agreement) -> dict[str, str]:
    return {
        name: reverse(f"agreements:{name}", args=[agreement.pk])
        for name in ("agreement_edit", "party_add", "agreement_submit", "agreement_withdraw")
    }


class TestOwnerWhoHasMoved:
    @pytest.fixture(autouse=True)
    def _moved(self, owned: Any, advisor: Any, other_org: Any, client: Any) -> None:
        _move(advisor, to=other_org)  # now an advisor at the school
        client.force_login(advisor)

    def test_the_management_pages_are_refused(self, client, owned) -> None:
        for url in _pages(owned).values():
            assert client.get(url).status_code == 403, url

    def test_editing_and_withdrawing_change_nothing(self, client, owned) -> None:
        pages = _pages(owned)
        edit = client.post(
            pages["agreement_edit"],
            {"title": "Renamed", "kind": "overarching_protocol", "purpose": "p"},
        )
        assert edit.status_code == 403
        withdraw = client.post(pages["agreement_withdraw"], {"reason": "Leaving"})
        assert withdraw.status_code == 403
        owned.refresh_from_db()
        assert owned.title == "Council and schools protocol"
        assert owned.status == Status.DRAFT

    def test_the_page_still_names_them_as_owner_without_the_owners_actions(
        self, client, owned, advisor
    ) -> None:
        response = client.get(reverse("agreements:agreement_detail", args=[owned.pk]))
        assert response.status_code == 200
        html = response.content.decode()
        assert f'<dd class="govuk-summary-list__value">{advisor}</dd>' in html
        for url in _pages(owned).values():
            assert f'href="{url}"' not in html

    def test_the_lead_organisations_senior_lead_manages_it(self, client, owned, senior_lead):
        client.force_login(senior_lead)
        assert client.get(_pages(owned)["agreement_edit"]).status_code == 200
        withdraw = client.post(_pages(owned)["agreement_withdraw"], {"reason": "Owner left"})
        assert withdraw.status_code == 302
        owned.refresh_from_db()
        assert owned.status == Status.WITHDRAWN


def test_a_non_managing_role_in_the_lead_organisation_ends_it_too(
    client, owned, advisor, home_org, other_org
) -> None:
    """Still in the council, but now as a practitioner (and an advisor at the school)."""
    _move(advisor, to=other_org)
    MembershipFactory(person=advisor, organisation=home_org, role=Role.PRACTITIONER)
    client.force_login(advisor)
    assert client.get(_pages(owned)["agreement_edit"]).status_code == 403
    assert client.post(_pages(owned)["agreement_withdraw"], {"reason": "x"}).status_code == 403


def test_an_owner_still_in_the_lead_organisation_keeps_managing(
    client, owned, advisor, other_org
) -> None:
    """Joining a second organisation changes nothing while the first role goes on."""
    MembershipFactory(person=advisor, organisation=other_org, role=Role.ADVISOR)
    client.force_login(advisor)
    assert client.get(_pages(owned)["agreement_edit"]).status_code == 200
    assert client.post(_pages(owned)["agreement_withdraw"], {"reason": "x"}).status_code == 302


def test_a_former_owner_no_longer_records_an_external_partys_signature(
    client, owned, advisor, home_org, senior_lead, other_org
) -> None:
    """Through the API: the signature of an external party is the managers' to record."""
    services.add_party(
        actor=advisor,
        agreement_id=owned.pk,
        organisation_id=home_org.pk,
        signatory_id=senior_lead.pk,
    )
    external = services.add_party(
        actor=advisor,
        agreement_id=owned.pk,
        external_party_name="Regional Housing Association",
        external_signatory_name="Jo Bloggs",
    )
    services.submit_for_signature(actor=advisor, agreement_id=owned.pk)
    _move(advisor, to=other_org)
    client.force_login(advisor)
    url = reverse("api-1:agreement_sign", args=[owned.pk])
    response = _post(client, url, {"party_id": external.pk})
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "not_signatory"
    external.refresh_from_db()
    assert external.signed_at is None


def test_reviews_due_leave_a_former_owners_home_page(
    client, advisor, partnership_admin, home_org, other_org
) -> None:
    due = timezone.localdate() + dt.timedelta(days=10)
    mine = make_agreement(
        lead_organisation=home_org,
        owner=advisor,
        title="Advisor protocol",
        status=Status.ACTIVE,
        review_date=due,
    )
    admins = make_agreement(
        lead_organisation=home_org,
        owner=partnership_admin,
        title="Partnership admin protocol",
        status=Status.ACTIVE,
        review_date=due,
    )
    client.force_login(advisor)
    assert mine.title in client.get(HOME).content.decode()
    _move(advisor, to=other_org)
    client.force_login(advisor)
    assert mine.title not in client.get(HOME).content.decode()
    # A partnership administrator manages every agreement of the partnership: theirs stays.
    client.force_login(partnership_admin)
    assert admins.title in client.get(HOME).content.decode()


def test_the_review_reminder_goes_to_who_manages_the_agreement_now(
    advisor, senior_lead, partnership_admin, home_org, other_org
) -> None:
    today = timezone.localdate()
    agreement = make_agreement(
        lead_organisation=home_org,
        owner=advisor,
        title="Council and schools protocol",
        status=Status.ACTIVE,
        review_date=today + dt.timedelta(days=10),
    )
    assert reviews.send_review_reminder(agreement_id=agreement.pk, today=today)
    assert [message.to for message in mail.outbox] == [[advisor.email]]

    _move(advisor, to=other_org)
    Agreement.objects.filter(pk=agreement.pk).update(last_reminded_on=None)
    assert reviews.send_review_reminder(agreement_id=agreement.pk, today=today)
    # The council's senior lead manages it now; the advisor who moved is not told.
    assert mail.outbox[-1].to == [senior_lead.email]

    # With nobody left to manage it in the council, the partnership's administrators are.
    Membership.objects.filter(person=senior_lead).update(ends_on=today)
    Agreement.objects.filter(pk=agreement.pk).update(last_reminded_on=None)
    assert reviews.send_review_reminder(agreement_id=agreement.pk, today=today)
    assert mail.outbox[-1].to == [partnership_admin.email]
