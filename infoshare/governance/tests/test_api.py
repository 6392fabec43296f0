from typing import get_args

from django.urls import reverse

from infoshare.core.api import LAST_PAGE
from infoshare.governance import api
from infoshare.governance.models import Acknowledgement, PolicyLevel, PolicyStatus
from infoshare.governance.services._common import MSG_NOT_CURRENT
from infoshare.governance.tests.factories import PolicyFactory, make_policy


def test_list_returns_policies_that_apply(client, practitioner, home_org, other_org) -> None:
    mine = make_policy(organisation=home_org)
    PolicyFactory(organisation=other_org)
    PolicyFactory(organisation=home_org, status=PolicyStatus.DRAFT)
    client.force_login(practitioner)
    response = client.get(reverse("api-1:governance_policy_list"))
    assert response.status_code == 200
    body = response.json()
    assert [item["id"] for item in body["items"]] == [mine.pk]
    assert body["count"] == 1
    assert body["items"][0]["acknowledged"] is False


def test_read_gives_not_found_for_another_organisations_policy(
    client, practitioner, other_org
) -> None:
    policy = make_policy(organisation=other_org)
    client.force_login(practitioner)
    response = client.get(reverse("api-1:governance_policy_read", kwargs={"policy_id": policy.pk}))
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_acknowledge_is_idempotent(client, practitioner, home_org) -> None:
    policy = make_policy(organisation=home_org)
    client.force_login(practitioner)
    url = reverse("api-1:governance_policy_acknowledge", kwargs={"policy_id": policy.pk})
    first = client.post(url, content_type="application/json")
    second = client.post(url, content_type="application/json")
    assert first.status_code == second.status_code == 200
    assert first.json()["acknowledged_at"] == second.json()["acknowledged_at"]
    assert Acknowledgement.objects.filter(policy=policy).count() == 1
    read = client.get(reverse("api-1:governance_policy_read", kwargs={"policy_id": policy.pk}))
    assert read.json()["acknowledged"] is True


def test_acknowledging_a_retired_version_is_refused(client, practitioner, home_org) -> None:
    policy = make_policy(organisation=home_org, status=PolicyStatus.RETIRED)
    client.force_login(practitioner)
    url = reverse("api-1:governance_policy_acknowledge", kwargs={"policy_id": policy.pk})
    response = client.post(url, content_type="application/json")
    assert response.status_code == 409  # a state that forbids it, not a bad request
    assert response.json()["error"] == {"code": "not_current", "message": MSG_NOT_CURRENT}
    assert not Acknowledgement.objects.exists()


def test_the_list_narrows_to_a_level_and_refuses_an_unknown_one(
    client, practitioner, home_org, partnership
) -> None:
    mine = make_policy(organisation=home_org)
    shared = make_policy(organisation=None, partnership=partnership, level=PolicyLevel.PARTNERSHIP)
    client.force_login(practitioner)
    url = reverse("api-1:governance_policy_list")
    for level, expected in (("organisation", mine), ("partnership", shared)):
        response = client.get(url, {"level": level})
        assert [item["id"] for item in response.json()["items"]] == [expected.pk], level
    assert get_args(api.LevelName) == tuple(PolicyLevel.values)  # every level, and only those
    for level in ("zzz", "ORGANISATION", ""):
        response = client.get(url, {"level": level})
        assert response.status_code == 400, level
        assert list(response.json()["error"]["fields"]) == ["level"], level


def test_the_page_said_is_the_page_served(client, practitioner, home_org) -> None:
    make_policy(organisation=home_org)
    client.force_login(practitioner)
    url = reverse("api-1:governance_policy_list")
    for asked, served in (("99999999999999999999", LAST_PAGE), ("0", 1), ("-3", 1), ("2", 2)):
        body = client.get(url, {"page": asked, "page_size": 1}).json()
        assert body["page"] == served, asked
        assert len(body["items"]) == (1 if served == 1 else 0), asked


def test_api_needs_authentication(client, db) -> None:
    assert client.get(reverse("api-1:governance_policy_list")).status_code == 401
