"""Reflow (WCAG 1.4.10, and 1.4.4): at 320 CSS pixels wide (1280 pixels at 400% zoom) no page
with a data table scrolls sideways. A table wider than the screen scrolls in a region of its
own, named by its caption and reachable with the keyboard, while the header, navigation and
footer stay put. axe finds nothing on these pages at that width either.

Each test signs in as the demo person who sees the pages, with the demo partnership's
governance, agreements and decisions loaded."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from e2e.helpers import AxeChecker, sign_in
from infoshare.partnerships.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NARROW = {"width": 320, "height": 640}
# Sub-pixel rounding of the layout, not a scrollbar's worth of overflow.
TOLERANCE_PX = 1

# What makes the page wider than the screen (nothing, when it reflows): the document's width,
# the widest elements past the right edge, and every table not inside a scrolling region.
MEASURE_JS = """() => {
    const width = document.documentElement.clientWidth;
    const past = [];
    for (const el of document.querySelectorAll('body *')) {
        const box = el.getBoundingClientRect();
        if (box.width > 0 && box.right > width + 1 && !el.closest('.app-table-scroll')) {
            past.push(`${el.tagName.toLowerCase()}.${el.className} (to ${Math.round(box.right)}px)`);
        }
    }
    const loose = [...document.querySelectorAll('table')]
        .filter((table) => !table.closest('.app-table-scroll'))
        .map((table) => (table.caption ? table.caption.textContent.trim() : table.outerHTML.slice(0, 80)));
    const unnamed = [...document.querySelectorAll('.app-table-scroll')]
        .filter((region) => {
            const ids = (region.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean);
            return region.getAttribute('role') !== 'region' || region.tabIndex !== 0 || !ids.length
                || ids.some((id) => !document.getElementById(id)?.textContent.trim());
        })
        .map((region) => region.outerHTML.slice(0, 120));
    return {
        scrollWidth: document.documentElement.scrollWidth,
        tables: document.querySelectorAll('table').length,
        past: past.slice(0, 5),
        loose,
        unnamed,
    };
}"""


@pytest.fixture
def demo(demo_people: Any) -> dict[str, int]:
    """The whole demo (as `make demo` loads it) and the ids the pages need."""
    from infoshare.accounts.models import User
    from infoshare.agreements.demo import load_demo_agreements
    from infoshare.agreements.models import Agreement
    from infoshare.decisions.demo import EARLY_HELP_PURPOSE, load_demo_decisions
    from infoshare.decisions.models import Person, SharingDecision, Status
    from infoshare.decisions.services import amend_decision
    from infoshare.governance.demo import load_demo as load_demo_governance
    from infoshare.governance.models import Policy
    from infoshare.governance.services import new_policy_version
    from infoshare.partnerships.models import Organisation

    load_demo_governance()
    load_demo_agreements()
    load_demo_decisions()
    council = Organisation.objects.get(name="Northshire Council Children's Services")
    # The demo's consent-based share with the school (one of many final records).
    final = SharingDecision.objects.get(status=Status.FINAL, purpose=EARLY_HELP_PURPOSE)
    draft = SharingDecision.objects.get(status=Status.DRAFT)
    policy = Policy.objects.get()
    # A second version of each, so that their pages show the table of versions.
    amend_decision(actor=final.author, decision_id=final.pk, reason="The date was wrong.")
    new_policy_version(
        actor=User.objects.get(email="partnership.admin@demo.example"), policy_id=policy.pk
    )
    return {
        "council": council.pk,
        "agreement": Agreement.objects.order_by("pk").values_list("pk", flat=True)[0],
        "final": final.pk,
        "draft": draft.pk,
        "person": Person.objects.get(given_name="Robin").pk,
        "policy": policy.pk,
    }


class ReflowChecker:
    """Checks each page at 320 pixels wide and reports every page's problems together."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.axe = AxeChecker(page)
        self.problems: list[str] = []

    def visit(self, url: str) -> None:
        response = self.page.goto(url)
        assert response is not None
        assert response.status == 200, f"{url}: {response.status}"
        self.check(url)

    def check(self, label: str) -> None:
        found = self.page.evaluate(MEASURE_JS)
        if not found["tables"]:
            self.problems.append(f"{label}: no table to check (has the demo changed?)")
        if found["scrollWidth"] > NARROW["width"] + TOLERANCE_PX:
            self.problems.append(
                f"{label}: the page is {found['scrollWidth']}px wide at {NARROW['width']}px; "
                f"past the edge: {found['past']}"
            )
        if found["loose"]:
            self.problems.append(f"{label}: tables outside a scrolling region: {found['loose']}")
        if found["unnamed"]:
            self.problems.append(
                f"{label}: regions not named by a caption or not focusable: {found['unnamed']}"
            )
        self.axe.check(label)

    def assert_clean(self) -> None:
        problems = self.problems + self.axe.reports
        assert not problems, "\n\n".join(problems)


def _narrow_signed_in(page: Any, email: str) -> ReflowChecker:
    page.set_viewport_size(NARROW)
    sign_in(page, email, DEMO_PASSWORD, DEMO_TOTP_SECRET)
    return ReflowChecker(page)


def test_a_practitioners_table_pages_reflow_at_320_pixels(page: Any, demo: dict[str, int]) -> None:
    reflow = _narrow_signed_in(page, "practitioner@demo.example")
    council = {"org_id": demo["council"]}
    for url in (
        reverse("decisions:my_decisions"),
        reverse("decisions:person_detail", kwargs={"person_id": demo["person"]}),
        reverse("decisions:decision_detail", kwargs={"decision_id": demo["final"]}),
        reverse("agreements:agreement_list"),
        reverse("agreements:agreement_detail", kwargs={"agreement_id": demo["agreement"]}),
        reverse("agreements:agreement_map"),
        reverse("governance:policy_list"),
        reverse("governance:policy_list") + "?level=partnership",
        reverse("governance:policy_list") + "?level=organisation",
        reverse("governance:position_statement", kwargs=council),
        reverse("governance:standard_list"),
        reverse("accounts:security"),
        reverse("accounts:tokens"),
        reverse("usersessions_list"),
        reverse("core:cookies"),
        reverse("api:documentation"),
    ):
        reflow.visit(url)

    # Adding a person the organisation has already recorded lists the possible duplicates.
    page.goto(reverse("decisions:person_new", kwargs={"decision_id": demo["draft"]}))
    page.get_by_label("Given name").fill("Robin")
    page.get_by_label("Family name").fill("Example")
    page.get_by_role("button", name="Add person").click()
    expect(page.get_by_role("table")).to_be_visible()
    reflow.check("possible duplicates when adding a person")

    reflow.assert_clean()


@pytest.mark.parametrize(
    ("email", "url_name"),
    [
        ("manager@demo.example", "decisions:team_decisions"),
        ("senior.lead@demo.example", "decisions:organisation_decisions"),
        ("head.teacher@demo.example", "decisions:shared_with_us"),
    ],
)
def test_decision_lists_reflow_at_320_pixels(
    page: Any, demo: dict[str, int], email: str, url_name: str
) -> None:
    reflow = _narrow_signed_in(page, email)
    reflow.visit(reverse(url_name))
    reflow.assert_clean()
    # A reference is one word even in a narrow column: it does not break at its hyphens.
    reference = page.locator("td a.app-reference").first
    expect(reference).to_have_text(re.compile(r"^ISD-\d{4}-\d{6}"))
    expect(reference).to_have_css("white-space", "nowrap")


def test_a_senior_leads_acknowledgements_reflow_at_320_pixels(
    page: Any, demo: dict[str, int]
) -> None:
    reflow = _narrow_signed_in(page, "senior.lead@demo.example")
    reflow.visit(reverse("governance:acknowledgements", kwargs={"org_id": demo["council"]}))
    reflow.assert_clean()


def test_a_partnership_admins_table_pages_reflow_at_320_pixels(
    page: Any, demo: dict[str, int]
) -> None:
    reflow = _narrow_signed_in(page, "partnership.admin@demo.example")
    council = {"org_id": demo["council"]}
    for url in (
        reverse("partnerships:organisation_list"),
        reverse("partnerships:organisation_detail", kwargs=council),
        reverse("partnerships:staff_list", kwargs=council),
        reverse("governance:board"),
        reverse("governance:policy_detail", kwargs={"policy_id": demo["policy"]}),
    ):
        reflow.visit(url)
    reflow.assert_clean()


def test_the_advice_queue_reflows_at_320_pixels(page: Any, demo: dict[str, int]) -> None:
    from infoshare.accounts.models import User
    from infoshare.advice.models import AddressedTo
    from infoshare.advice.tests.factories import AdviceRequestFactory

    AdviceRequestFactory(
        organisation_id=demo["council"],
        asked_by=User.objects.get(email="practitioner@demo.example"),
        addressed_to=AddressedTo.ORGANISATION,
    )
    reflow = _narrow_signed_in(page, "advisor@demo.example")
    reflow.visit(reverse("advice:queue"))
    reflow.assert_clean()


def test_the_audit_trail_reflows_at_320_pixels(page: Any, demo: dict[str, int]) -> None:
    """The widest table there is (ids, addresses, request ids and each event's details)."""
    reflow = _narrow_signed_in(page, "auditor@demo.example")
    reflow.visit(reverse("audit:event_list"))
    reflow.assert_clean()
