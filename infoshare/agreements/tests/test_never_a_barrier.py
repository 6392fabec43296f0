"""The never-a-barrier rule (product.md principle 2): the absence, expiry or withdrawal
of an agreement never prevents recording or sharing and is never shown as a reason
not to share. The end-to-end check (a decision between two organisations records
normally) lives in decisions; here the agreements side of the contract."""

from __future__ import annotations

import datetime as dt
import inspect
import re
from pathlib import Path

import pytest
from django.urls import reverse

from infoshare.agreements import reviews, selectors, services
from infoshare.agreements.models import Agreement, Status

APP = Path(__file__).resolve().parents[1]
BARRIER_WORDS = re.compile(
    r"cannot share|can't share|must not share|do not share without|must have an agreement"
    r"|agreement is required|required before sharing|not allowed to share|sharing is blocked",
    re.IGNORECASE,
)


def test_the_selector_finds_the_agreement_in_force_between_two_organisations(
    active, home_org, other_org
) -> None:
    assert selectors.active_agreement_between(home_org.pk, other_org.pk) == active
    assert selectors.active_agreement_between(other_org.pk, home_org.pk) == active


def test_the_selector_gives_none_when_there_is_no_agreement(home_org, other_org) -> None:
    assert selectors.active_agreement_between(home_org.pk, other_org.pk) is None
    assert selectors.active_agreement_between(home_org.pk, home_org.pk) is None


def test_the_selector_gives_none_for_a_draft_or_one_awaiting_signature(
    draft, senior_lead, home_org, other_org
) -> None:
    assert selectors.active_agreement_between(home_org.pk, other_org.pk) is None
    services.submit_for_signature(actor=senior_lead, agreement_id=draft.pk)
    assert selectors.active_agreement_between(home_org.pk, other_org.pk) is None


def test_the_selector_gives_none_for_an_expired_agreement(active, home_org, other_org) -> None:
    Agreement.objects.filter(pk=active.pk).update(end_date=dt.date(2027, 1, 31))
    reviews.mark_expired_agreements(today=dt.date(2027, 2, 1))
    active.refresh_from_db()
    assert active.status == Status.EXPIRED
    assert selectors.active_agreement_between(home_org.pk, other_org.pk) is None


def test_the_selector_gives_none_for_a_withdrawn_agreement(
    active, senior_lead, home_org, other_org
) -> None:
    services.withdraw_agreement(actor=senior_lead, agreement_id=active.pk, reason="Ended")
    assert selectors.active_agreement_between(home_org.pk, other_org.pk) is None


def test_an_agreement_under_review_is_still_in_force(active, home_org, other_org) -> None:
    Agreement.objects.filter(pk=active.pk).update(status=Status.UNDER_REVIEW)
    assert selectors.active_agreement_between(home_org.pk, other_org.pk) == active


def test_the_newest_version_is_the_one_found(
    active, senior_lead, other_signatory, home_org, other_org
) -> None:
    new = services.start_new_version(actor=senior_lead, agreement_id=active.pk)
    assert selectors.active_agreement_between(home_org.pk, other_org.pk) == active
    services.submit_for_signature(actor=senior_lead, agreement_id=new.pk)
    services.sign_agreement(actor=senior_lead, agreement_id=new.pk)
    services.sign_agreement(actor=other_signatory, agreement_id=new.pk)
    assert selectors.active_agreement_between(home_org.pk, other_org.pk) == new


def test_nothing_in_agreements_offers_a_way_to_block_sharing() -> None:
    """No function that could be used as a gate: names like may_share, can_share,
    require_agreement or check_before_sharing do not exist anywhere in the app."""
    gate = re.compile(
        r"^(may|can|allow|permit|block|prevent|require|check|must|ensure)_?.*shar|^require_agreement",
        re.IGNORECASE,
    )
    for path in APP.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for match in re.finditer(r"^\s*def (\w+)", path.read_text(), re.MULTILINE):
            assert not gate.search(match.group(1)), f"{path.name}: {match.group(1)}"


def test_the_selector_only_informs() -> None:
    source = inspect.getsource(selectors.active_agreement_between)
    assert "raise" not in source
    assert inspect.signature(selectors.active_agreement_between).return_annotation in (
        "Agreement | None",
        Agreement | None,
    )


def test_no_template_or_message_gives_an_agreement_as_a_reason_not_to_share() -> None:
    for path in [*APP.rglob("*.html"), *APP.rglob("*.py")]:
        if "tests" in path.parts:
            continue
        found = BARRIER_WORDS.search(path.read_text())
        assert found is None, f"{path.relative_to(APP)}: {found.group(0) if found else ''}"


@pytest.mark.parametrize("status", [Status.WITHDRAWN, Status.EXPIRED, Status.ACTIVE])
def test_the_register_and_detail_pages_never_say_not_to_share(
    client, practitioner, active, status
) -> None:
    Agreement.objects.filter(pk=active.pk).update(status=status)
    client.force_login(practitioner)
    for url in (
        reverse("agreements:agreement_list"),
        reverse("agreements:agreement_detail", args=[active.pk]),
        reverse("agreements:agreement_map"),
    ):
        html = client.get(url).content.decode()
        assert BARRIER_WORDS.search(html) is None, url
    detail = client.get(reverse("agreements:agreement_detail", args=[active.pk])).content.decode()
    assert "with or without an agreement" in detail
