"""The home page's agreement panels: at most five each, with a link to the register
filtered to all of them when they hold more, and the same queries whatever their number."""

from __future__ import annotations

import datetime as dt
import html as html_lib
import re
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from infoshare.agreements.home import SHOWN
from infoshare.agreements.models import Agreement, Status
from infoshare.agreements.tests.factories import AgreementPartyFactory, make_agreement
from infoshare.core.roles import Role

HOME = reverse("core:home")
REGISTER = reverse("agreements:agreement_list")


def _awaiting(signatory: Any, org: Any, count: int, start: int = 0) -> list[Agreement]:
    """``count`` agreements awaiting ``signatory``'s signature for ``org``."""
    made = []
    for n in range(start, start + count):
        agreement = make_agreement(
            lead_organisation=org, title=f"To sign {n:02d}", status=Status.AWAITING_SIGNATURE
        )
        AgreementPartyFactory(agreement=agreement, organisation=org, signatory=signatory)
        made.append(agreement)
    return made


def _due(owner: Any, org: Any, count: int, start: int = 0) -> list[Agreement]:
    """``count`` active agreements owned by ``owner``, due for review within the window."""
    today = timezone.localdate()
    return [
        make_agreement(
            lead_organisation=org,
            owner=owner,
            title=f"Due {n:02d}",
            status=Status.ACTIVE,
            review_date=today + dt.timedelta(days=n % 50),
        )
        for n in range(start, start + count)
    ]


def _panel(html: str, title: str) -> str:
    """The section of the home page that holds the panel called ``title``."""
    for section in re.findall(r"<section.*?</section>", html, flags=re.S):
        if f">{title}</h2>" in section:
            return section
    raise AssertionError(f"No panel {title!r}")


def _link(section: str, words: str) -> str:
    found = re.search(r'<a class="govuk-link" href="([^"]+)">' + re.escape(words), section)
    assert found, f"No link {words!r}"
    return html_lib.unescape(found.group(1))


def _listed(client: Any, url: str) -> set[int]:
    """Every agreement the register lists at ``url`` (all its pages)."""
    response = client.get(url)
    assert response.status_code == 200
    return {agreement.pk for agreement in response.context["page_obj"].paginator.object_list}


def _queries(client: Any, url: str) -> int:
    client.get(url)  # the first request after signing in also records the session
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_forty_agreements_to_sign_show_five_and_link_to_all_forty(
    client, make_member, home_org, other_org
) -> None:
    advisor = make_member(Role.ADVISOR, home_org)
    mine = _awaiting(advisor, home_org, 40)
    # Not on the panel, nor in the register's filter: another's signature, one signed.
    _awaiting(make_member(Role.SENIOR_LEAD, other_org), other_org, 1, start=90)
    signed = _awaiting(advisor, home_org, 1, start=91)[0]
    signed.parties.update(signed_at=timezone.now(), signed_by=advisor)
    client.force_login(advisor)

    panel = _panel(client.get(HOME).content.decode(), "Agreements awaiting your signature")
    assert panel.count("Sign for Home Council") == SHOWN == 5
    words = "See all 40 agreements awaiting your signature (35 more than shown here)"
    url = _link(panel, words)
    assert url == f"{REGISTER}?to_sign=on"
    assert _listed(client, url) == {agreement.pk for agreement in mine}


def test_forty_reviews_due_show_five_and_link_to_all_forty(
    client, make_member, home_org, other_org
) -> None:
    senior_lead = make_member(Role.SENIOR_LEAD, home_org)
    mine = _due(senior_lead, home_org, 40)
    # Not on the panel, nor in the register's filter: another owner's, one not yet due.
    _due(make_member(Role.SENIOR_LEAD, other_org), other_org, 1, start=90)
    later = _due(senior_lead, home_org, 1, start=91)[0]
    Agreement.objects.filter(pk=later.pk).update(
        review_date=timezone.localdate() + dt.timedelta(days=200)
    )
    client.force_login(senior_lead)

    panel = _panel(client.get(HOME).content.decode(), "Agreements due for review")
    assert panel.count("Review due") == SHOWN
    words = "See all 40 agreements due for review (35 more than shown here)"
    url = _link(panel, words)
    assert url == f"{REGISTER}?due=on&mine=on"
    assert _listed(client, url) == {agreement.pk for agreement in mine}


def test_panels_that_show_everything_have_no_link(client, make_member, home_org) -> None:
    advisor = make_member(Role.ADVISOR, home_org)
    _awaiting(advisor, home_org, SHOWN)
    _due(advisor, home_org, SHOWN)
    client.force_login(advisor)
    html = client.get(HOME).content.decode()
    for title in ("Agreements awaiting your signature", "Agreements due for review"):
        panel = _panel(html, title)
        assert panel.count("<li>") == SHOWN
        assert "See all" not in panel
        assert f"{REGISTER}?" not in panel


def test_the_home_page_reads_the_same_queries_for_five_and_forty(
    client, make_member, home_org
) -> None:
    advisor = make_member(Role.ADVISOR, home_org)
    _awaiting(advisor, home_org, SHOWN - 1)
    _due(advisor, home_org, SHOWN - 1)
    client.force_login(advisor)
    not_full = _queries(client, HOME)
    _awaiting(advisor, home_org, 1, start=SHOWN)
    _due(advisor, home_org, 1, start=SHOWN)
    full = _queries(client, HOME)
    assert full == not_full + 2  # one COUNT for each full panel
    _awaiting(advisor, home_org, 35, start=50)
    _due(advisor, home_org, 35, start=50)
    assert _queries(client, HOME) == full


def test_the_register_lists_agreements_waiting_for_your_signature(
    client, make_member, home_org, other_org
) -> None:
    advisor = make_member(Role.ADVISOR, home_org)
    colleague = make_member(Role.SENIOR_LEAD, home_org)
    [to_sign] = _awaiting(advisor, home_org, 1)
    [theirs] = _awaiting(colleague, home_org, 1, start=1)
    client.force_login(advisor)
    html = client.get(REGISTER, {"to_sign": "on"}).content.decode()
    assert to_sign.title in html
    assert theirs.title not in html
    html = client.get(REGISTER).content.decode()
    assert to_sign.title in html
    assert theirs.title in html
    assert "Waiting for your signature" in html


def test_the_register_lists_the_agreements_you_own(client, make_member, home_org) -> None:
    advisor = make_member(Role.ADVISOR, home_org)
    colleague = make_member(Role.SENIOR_LEAD, home_org)
    [own] = _due(advisor, home_org, 1)
    [theirs] = _due(colleague, home_org, 1, start=1)
    client.force_login(advisor)
    html = client.get(REGISTER, {"mine": "on"}).content.decode()
    assert own.title in html
    assert theirs.title not in html
    assert "Only agreements you own" in html
