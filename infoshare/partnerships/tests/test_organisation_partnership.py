"""Someone who administers two partnerships says which one a new organisation is in:
never the first by default. Someone who administers one is not asked."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from infoshare.core.errors import DomainError
from infoshare.partnerships import errors as msg
from infoshare.partnerships import services
from infoshare.partnerships.audit import Action
from infoshare.partnerships.models import Organisation, Sector
from infoshare.partnerships.tests.conftest import audit_events

QUESTION = "Which partnership is it in?"
NEW = {"name": "Hillcrest Academy", "sector": Sector.SCHOOL, "identifier": ""}


def _create_url() -> str:
    return reverse("partnerships:organisation_create")


def test_an_admin_of_two_partnerships_is_asked_which(
    client: Any, two_hats: Any, partnership: Any, second: Any, stranger: Any
) -> None:
    client.force_login(two_hats)
    page = client.get(_create_url()).content.decode()
    assert QUESTION in page
    assert 'name="partnership" type="radio"' in page
    assert "Test Partnership" in page
    assert "Second Partnership" in page
    assert "Stranger Partnership" not in page


def test_an_admin_of_two_partnerships_must_answer_the_question(
    client: Any, two_hats: Any, stranger: Any
) -> None:
    client.force_login(two_hats)
    before = Organisation.objects.count()

    missing = client.post(_create_url(), NEW)
    html = missing.content.decode()
    assert missing.status_code == 400
    assert "There is a problem" in html
    assert 'href="#id_partnership' in html
    assert "Select the partnership the organisation is in" in html

    foreign = client.post(_create_url(), {**NEW, "partnership": stranger.pk})
    assert foreign.status_code == 400
    assert "There is a problem" in foreign.content.decode()
    assert msg.NOT_YOUR_PARTNERSHIP in foreign.content.decode()
    assert Organisation.objects.count() == before


def test_an_admin_of_two_partnerships_adds_it_to_the_one_chosen(
    client: Any, two_hats: Any, partnership: Any, second: Any
) -> None:
    client.force_login(two_hats)
    response = client.post(_create_url(), {**NEW, "partnership": second.pk})
    org = Organisation.objects.get(name="Hillcrest Academy")
    assert response.status_code == 302
    assert response.url == reverse("partnerships:organisation_detail", kwargs={"org_id": org.pk})
    assert org.partnership == second
    [event] = audit_events(Action.ORGANISATION_CREATED)
    assert (event.organisation_id, event.actor_id) == (org.pk, two_hats.pk)


def test_names_are_checked_in_the_partnership_chosen(
    client: Any, two_hats: Any, partnership: Any, second: Any
) -> None:
    client.force_login(two_hats)
    taken = {**NEW, "name": "Second Council"}
    response = client.post(_create_url(), {**taken, "partnership": second.pk})
    assert msg.ORG_NAME_TAKEN in response.content.decode()
    assert client.post(_create_url(), {**taken, "partnership": partnership.pk}).status_code == 302
    assert Organisation.objects.get(name="Second Council", partnership=partnership)


def test_changing_an_organisation_does_not_ask_for_the_partnership(
    client: Any, two_hats: Any, home_org: Any
) -> None:
    client.force_login(two_hats)
    url = reverse("partnerships:organisation_edit", kwargs={"org_id": home_org.pk})
    assert QUESTION not in client.get(url).content.decode()


def test_an_admin_of_one_partnership_is_not_asked(
    client: Any, partnership_admin: Any, partnership: Any
) -> None:
    client.force_login(partnership_admin)
    assert QUESTION not in client.get(_create_url()).content.decode()
    assert client.post(_create_url(), NEW).status_code == 302
    assert Organisation.objects.get(name="Hillcrest Academy").partnership == partnership


def test_the_service_refuses_to_guess_the_partnership(
    two_hats: Any, second: Any, stranger: Any
) -> None:
    def create(**extra: Any) -> Organisation:
        return services.create_organisation(
            actor=two_hats, name="Hillcrest Academy", sector=Sector.SCHOOL, **extra
        )

    with pytest.raises(DomainError) as missing:
        create()
    assert (missing.value.message, missing.value.field) == (
        msg.PARTNERSHIP_REQUIRED,
        "partnership",
    )
    with pytest.raises(DomainError) as foreign:
        create(partnership_id=stranger.pk)
    assert (foreign.value.message, foreign.value.field) == (
        msg.NOT_YOUR_PARTNERSHIP,
        "partnership",
    )
    assert not Organisation.objects.filter(name="Hillcrest Academy").exists()
    assert create(partnership_id=second.pk).partnership == second


def test_an_admin_of_one_partnership_cannot_name_another(
    partnership_admin: Any, partnership: Any, stranger: Any
) -> None:
    with pytest.raises(DomainError) as foreign:
        services.create_organisation(
            actor=partnership_admin,
            name="Hillcrest Academy",
            sector=Sector.SCHOOL,
            partnership_id=stranger.pk,
        )
    assert foreign.value.message == msg.NOT_YOUR_PARTNERSHIP
    org = services.create_organisation(
        actor=partnership_admin,
        name="Hillcrest Academy",
        sector=Sector.SCHOOL,
        partnership_id=partnership.pk,
    )
    assert org.partnership == partnership
