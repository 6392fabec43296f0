"""Reflow (WCAG 1.4.10, and 1.4.4): at 320 CSS pixels wide (1280 pixels at 400% zoom) no page
with a data table scrolls sideways. A table wider than the screen scrolls in a region of its
own, named by its caption and reachable with the keyboard, while the header, navigation and
footer stay put. axe finds nothing on these pages at that width either.

Each test signs in as the demo person who sees the pages, with the demo partnership's
governance, agreements and decisions loaded."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from e2e.helpers import AxeChecker, sign_in
from infoshare.decisions.tests.factories import make_person
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


def _assert_on_screen(button: Any, where: str) -> None:
    """The button is whole on the 320-pixel screen as the page is drawn: nobody has to
    find it by scrolling the table's region sideways (it has not been scrolled)."""
    expect(button).to_be_visible()
    box = button.bounding_box()
    assert box is not None, where
    right = box["x"] + box["width"]
    placed = f"{where}: the button runs from {box['x']:.0f}px to {right:.0f}px"
    assert box["x"] >= 0, placed
    assert right <= NARROW["width"], f"{placed} on a screen {NARROW['width']}px wide"
    region = button.locator("xpath=ancestor::*[contains(@class, 'app-table-scroll')]")
    assert region.evaluate("(el) => el.scrollLeft") == 0, where
    shown = region.bounding_box()
    assert shown is not None, where
    assert right <= shown["x"] + shown["width"], f"{placed}, past its table's region"


def test_the_button_that_adds_a_person_found_is_on_screen_at_320_pixels(
    page: Any, demo: dict[str, int]
) -> None:
    """On a phone, the people found (by the search, and as possible duplicates of a new
    person) are in a table that scrolls sideways: each row's Add button comes first, so
    it is on screen without scrolling (a person who cannot see it adds them again)."""
    from infoshare.decisions.models import SharingDecision

    draft = SharingDecision.objects.get(pk=demo["draft"])
    make_person(
        organisation=draft.organisation,
        given_name="Oluwaseun",
        family_name="Featherstonehaugh-Montgomery",
        date_of_birth=dt.date(2015, 9, 30),
        local_reference="NC-CASE-2026-004512",
    )
    add = "Add Oluwaseun Featherstonehaugh-Montgomery"
    reflow = _narrow_signed_in(page, "practitioner@demo.example")

    page.goto(reverse("decisions:people", kwargs={"decision_id": draft.pk}))
    page.get_by_label("Name or NHS number", exact=True).fill("Featherstonehaugh")
    page.get_by_role("button", name="Search", exact=True).click()
    _assert_on_screen(page.get_by_role("button", name=add), "people found")
    reflow.check("people found")

    page.goto(reverse("decisions:person_new", kwargs={"decision_id": draft.pk}))
    page.get_by_label("Given name").fill("Oluwaseun")
    page.get_by_label("Family name").fill("Featherstonehaugh-Montgomery")
    page.get_by_role("button", name="Add person").click()
    _assert_on_screen(page.get_by_role("button", name=add), "possible duplicates")
    reflow.check("possible duplicates")
    reflow.assert_clean()

    # Pressed, it adds them (the form posts to the people page, as before).
    page.get_by_role("button", name=add).click()
    people_added = page.locator(".govuk-summary-list")
    expect(people_added).to_contain_text("Oluwaseun Featherstonehaugh-Montgomery")


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


def test_the_home_page_wraps_a_long_recipient_at_320_pixels(
    page: Any, demo: dict[str, int]
) -> None:
    """A draft's line on the home page (the way back to it) wraps an email address typed as
    the recipient's role, rather than widen the page (a review measured it at 584px)."""
    from infoshare.decisions.models import SharingDecision

    SharingDecision.objects.filter(pk=demo["draft"]).update(
        recipient_name="designated.safeguarding.lead@riversideprimary.northshire.sch.uk"
    )
    _narrow_signed_in(page, "practitioner@demo.example")
    page.goto(reverse("core:home"))
    expect(page.get_by_text("designated.safeguarding.lead@", exact=False).first).to_be_visible()
    measured = page.evaluate(MEASURE_JS)
    assert measured["scrollWidth"] <= NARROW["width"] + TOLERANCE_PX, measured["past"]
