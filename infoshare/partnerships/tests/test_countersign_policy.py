"""An organisation's local policy on countersigning decision records is set on its
"change the details" page, and the change is audited like the others."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from infoshare.partnerships.audit import Action
from infoshare.partnerships.models import Sector
from infoshare.partnerships.tests.conftest import audit_events

QUESTION = "Do managers countersign decision records?"


def edit_url(org: Any) -> str:
    return reverse("partnerships:organisation_edit", kwargs={"org_id": org.pk})


def details(org: Any, **changes: str) -> dict[str, str]:
    return {
        "name": org.name,
        "sector": Sector.SCHOOL,
        "identifier": org.identifier,
        "countersign_required": "yes",
    } | changes


def test_the_page_asks_with_the_current_answer_chosen(
    client: Any, partnership_admin: Any, home_org: Any
) -> None:
    client.force_login(partnership_admin)
    body = client.get(edit_url(home_org)).content.decode()
    assert QUESTION in body
    assert "Managers never countersign their own records" in body
    assert 'name="countersign_required" type="radio" value="no" checked' in body
    assert 'value="yes" checked' not in body


def test_switching_countersigning_on_and_off_is_saved_and_audited(
    client: Any, partnership_admin: Any, home_org: Any
) -> None:
    home_org.sector = Sector.SCHOOL
    home_org.save()
    client.force_login(partnership_admin)
    response = client.post(edit_url(home_org), details(home_org))
    assert response.status_code == 302
    home_org.refresh_from_db()
    assert home_org.countersign_required is True
    [event] = audit_events(Action.ORGANISATION_CHANGED)
    assert event.data == {"changes": {"countersign_required": [False, True]}}
    assert event.actor_id == partnership_admin.pk
    assert event.organisation_id == home_org.pk

    client.post(edit_url(home_org), details(home_org, countersign_required="no"))
    home_org.refresh_from_db()
    assert home_org.countersign_required is False
    assert audit_events(Action.ORGANISATION_CHANGED)[-1].data == {
        "changes": {"countersign_required": [True, False]}
    }


def test_no_answer_or_a_made_up_one_is_a_govuk_error_and_changes_nothing(
    client: Any, partnership_admin: Any, home_org: Any
) -> None:
    client.force_login(partnership_admin)
    for sent in ("", "maybe"):
        response = client.post(edit_url(home_org), details(home_org, countersign_required=sent))
        assert response.status_code == 400
        body = response.content.decode()
        assert 'href="#id_countersign_required">Select yes if managers countersign' in body
        assert "valid choice" not in body
    home_org.refresh_from_db()
    assert home_org.countersign_required is False
    assert not audit_events(Action.ORGANISATION_CHANGED)


def test_saving_the_same_answer_records_no_change(
    client: Any, partnership_admin: Any, home_org: Any
) -> None:
    home_org.sector = Sector.SCHOOL
    home_org.save()
    client.force_login(partnership_admin)
    client.post(edit_url(home_org), details(home_org, countersign_required="no"))
    assert not audit_events(Action.ORGANISATION_CHANGED)


def test_adding_an_organisation_does_not_ask(client: Any, partnership_admin: Any) -> None:
    client.force_login(partnership_admin)
    body = client.get(reverse("partnerships:organisation_create")).content.decode()
    assert QUESTION not in body
