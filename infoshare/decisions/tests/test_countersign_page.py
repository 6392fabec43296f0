"""Countersigning: the manager reads the record before countersigning it, can reach every
record waiting for them, and a second countersignature sends them to the record."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from infoshare.core.roles import Role
from infoshare.core.times import datetime_text
from infoshare.decisions.home import PANEL_SIZE
from infoshare.decisions.models import SharingDecision
from infoshare.decisions.summary import record_rows
from infoshare.decisions.tests.factories import make_decision, make_person


def countersign_url(decision: Any) -> str:
    return reverse("decisions:countersign", kwargs={"decision_id": decision.pk})


def detail_url(decision: Any) -> str:
    return reverse("decisions:decision_detail", kwargs={"decision_id": decision.pk})


@pytest.fixture
def waiting(practitioner: Any, home_org: Any, other_org: Any) -> SharingDecision:
    home_org.countersign_required = True
    home_org.save(update_fields=["countersign_required"])
    child = make_person(organisation=home_org, given_name="Eve", family_name="Okafor")
    return make_decision(
        author=practitioner,
        organisation=home_org,
        recipient_organisation=other_org,
        external_recipient="",
        people=[child],
        purpose="Keep Eve safe at school",
        reasons="Her mother agreed; the school needs to know",
        information_description="Eve's attendance since March",
    )


def test_the_countersign_page_shows_the_records_summary_and_links_to_the_record(
    client: Any, manager: Any, waiting: Any
) -> None:
    client.force_login(manager)
    response = client.get(countersign_url(waiting))
    assert response.status_code == 200
    body = response.content.decode()
    # The record page's own rows, every one of them, before the Countersign button.
    button = body.index(">Countersign</button>")
    for row in record_rows(waiting, viewer=manager):
        if row["value"]:
            assert f'<dt class="govuk-summary-list__key">{row["label"]}</dt>' in body[:button]
    for said in ("Eve Okafor", "Keep Eve safe at school", "Her mother agreed", "Other School"):
        assert said in body[:button]
    assert f'href="{detail_url(waiting)}?from=countersign">Read the full record' in body


def test_the_summary_is_the_record_pages_not_a_copy(
    client: Any, manager: Any, waiting: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from infoshare.decisions.views import records

    marked = [{"label": "A row only the shared function gives", "value": "x", "href": ""}]
    monkeypatch.setattr(records, "record_rows", lambda decision, **_: marked)
    client.force_login(manager)
    assert (
        "A row only the shared function gives"
        in client.get(countersign_url(waiting)).content.decode()
    )


def test_countersigning_again_from_another_tab_goes_to_the_record_saying_by_whom_and_when(
    client: Any, make_member: Any, home_org: Any, manager: Any, waiting: Any
) -> None:
    other = make_member(Role.MANAGER, home_org, full_name="Mo Manager")
    moment = timezone.now()
    SharingDecision.objects.filter(pk=waiting.pk).update(
        countersigned_by=other, countersigned_at=moment
    )
    client.force_login(manager)
    for response in (
        client.get(countersign_url(waiting), follow=True),
        client.post(countersign_url(waiting), {"comment": "Agreed"}, follow=True),
    ):
        assert response.redirect_chain == [(detail_url(waiting), 302)]
        body = response.content.decode()
        assert (
            f"{waiting.label} was countersigned already, by Mo Manager on {datetime_text(moment)}"
            in body
        )
    waiting.refresh_from_db()
    assert waiting.countersigned_by_id == other.pk
    assert waiting.countersign_comment == ""


def test_a_countersignature_given_while_the_page_was_open_is_not_a_page_not_found(
    client: Any, make_member: Any, home_org: Any, manager: Any, waiting: Any, monkeypatch: Any
) -> None:
    """The other manager countersigns between the page's check and the service's lock."""
    from infoshare.decisions import services

    other = make_member(Role.MANAGER, home_org, full_name="Mo Manager")
    real = services.countersign_decision

    def first_the_other(**kwargs: Any) -> Any:
        real(actor=other, decision_id=kwargs["decision_id"])
        return real(**kwargs)

    monkeypatch.setattr(services, "countersign_decision", first_the_other)
    client.force_login(manager)
    response = client.post(countersign_url(waiting), {"comment": "Agreed"}, follow=True)
    assert response.redirect_chain == [(detail_url(waiting), 302)]
    assert f"{waiting.label} was countersigned already, by Mo Manager" in response.content.decode()


def test_the_home_panel_links_to_every_record_the_manager_can_countersign(
    client: Any, manager: Any, practitioner: Any, home_org: Any, waiting: Any
) -> None:
    for _ in range(PANEL_SIZE):
        make_decision(author=practitioner, organisation=home_org)
    done = make_decision(
        author=practitioner,
        organisation=home_org,
        countersigned_by=manager,
        countersigned_at=timezone.now(),
    )
    client.force_login(manager)
    home = client.get(reverse("core:home")).content.decode()
    link = re.search(r'href="([^"]+)">See all records you can countersign<', home)
    assert link is not None
    href = link.group(1).replace("&amp;", "&")
    # The organisation's list, as the panel covers the organisations the person manages
    # (a team list would leave out records by people outside their team).
    assert href == f"{reverse('decisions:organisation_decisions')}?countersigned=yours"
    listed = client.get(href)
    assert listed.status_code == 200
    body = listed.content.decode()
    assert body.count("govuk-table__row") == 1 + PANEL_SIZE + 1  # header and 11 waiting
    assert waiting.label in body
    assert done.label not in body


def test_the_panels_link_opens_exactly_what_it_lists_the_managers_own_left_out(
    client: Any, manager: Any, home_org: Any, waiting: Any
) -> None:
    # The panel lists what the manager may countersign, never their own record (someone
    # else countersigns it); its link opens the same records. "Waiting for a
    # countersignature" stays the organisation's fact, their own included.
    own = make_decision(author=manager, organisation=home_org)
    client.force_login(manager)
    home = client.get(reverse("core:home")).content.decode()
    panel = home[home.index("Records to countersign") :].split("See all records")[0]
    assert own.label not in panel
    assert waiting.label in panel
    href = reverse("decisions:organisation_decisions")
    yours = client.get(href, {"countersigned": "yours"}).content.decode()
    assert own.label not in yours
    assert waiting.label in yours
    assert '<option value="yours" selected>You can countersign</option>' in yours
    body = client.get(href, {"countersigned": "waiting"}).content.decode()
    assert own.label in body
    assert waiting.label in body


def test_the_countersigned_filter_narrows_the_team_and_organisation_lists(
    client: Any, manager: Any, practitioner: Any, home_org: Any, waiting: Any
) -> None:
    done = make_decision(
        author=practitioner,
        organisation=home_org,
        countersigned_by=manager,
        countersigned_at=timezone.now(),
    )
    client.force_login(manager)
    for name in ("decisions:team_decisions", "decisions:organisation_decisions"):
        body = client.get(reverse(name), {"countersigned": "done"}).content.decode()
        assert done.label in body
        assert waiting.label not in body
        body = client.get(reverse(name), {"countersigned": "waiting"}).content.decode()
        assert waiting.label in body
        assert done.label not in body
        refused = client.get(reverse(name), {"countersigned": "soon"})
        assert refused.status_code == 400
        assert "Select a countersignature option from the list" in refused.content.decode()


def test_the_waiting_filter_leaves_out_organisations_that_do_not_countersign(
    client: Any, manager: Any, practitioner: Any, home_org: Any
) -> None:
    record = make_decision(author=practitioner, organisation=home_org)
    client.force_login(manager)
    body = client.get(
        reverse("decisions:team_decisions"), {"countersigned": "waiting"}
    ).content.decode()
    assert record.label not in body


def test_records_shared_with_us_offer_no_countersignature_filter(
    client: Any, practitioner: Any
) -> None:
    client.force_login(practitioner)
    body = client.get(reverse("decisions:shared_with_us")).content.decode()
    assert 'name="countersigned"' not in body
    assert 'name="countersigned"' in client.get(reverse("decisions:my_decisions")).content.decode()


def test_the_countersign_page_costs_the_same_however_many_people_the_record_is_about(
    client: Any, manager: Any, home_org: Any, waiting: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(manager)
    client.get(countersign_url(waiting))
    counts = []
    for size in (1, 8):
        waiting.people.set([make_person(organisation=home_org) for _ in range(size)])
        with CaptureQueriesContext(connection) as queries:
            assert client.get(countersign_url(waiting)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


DASH = "\N{EN DASH}"


def test_the_countersign_and_amend_pages_titles_match_their_headings(
    client: Any, manager: Any, practitioner: Any, waiting: Any
) -> None:
    """GOV.UK: the page title is the h1 (with what the caption adds), then the service."""
    client.force_login(manager)
    body = client.get(countersign_url(waiting)).content.decode()
    title = f"Countersign the record {DASH} Decision {waiting.label} {DASH} Infoshare"
    assert f"<title>{title}</title>" in body
    assert '<h1 class="govuk-heading-l">Countersign the record</h1>' in body
    client.force_login(practitioner)
    amend = reverse("decisions:amend", kwargs={"decision_id": waiting.pk})
    body = client.get(amend).content.decode()
    title = f"Amend the record {DASH} Decision {waiting.label} {DASH} Infoshare"
    assert f"<title>{title}</title>" in body
    assert '<h1 class="govuk-heading-l">Amend the record</h1>' in body


def test_a_countersignature_not_made_is_told_in_an_alert_and_on_opening_only_informs(
    client: Any, make_member: Any, home_org: Any, manager: Any, waiting: Any
) -> None:
    """Sent: the manager's countersignature was not made, so the banner is an alert, which
    GOV.UK Frontend focuses; opening the page of a record countersigned already informs."""
    other = make_member(Role.MANAGER, home_org, full_name="Mo Manager")
    SharingDecision.objects.filter(pk=waiting.pk).update(
        countersigned_by=other, countersigned_at=timezone.now()
    )
    client.force_login(manager)
    banner = re.compile(r'<div class="govuk-notification-banner(?: [^"]*)?"[^>]*>')
    sent = client.post(countersign_url(waiting), {"comment": "Agreed"}, follow=True)
    [alert] = banner.findall(sent.content.decode())
    assert 'role="alert"' in alert
    opened = client.get(countersign_url(waiting), follow=True)
    [region] = banner.findall(opened.content.decode())
    assert 'role="region"' in region
