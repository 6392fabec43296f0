from django.urls import reverse

from infoshare.governance.models import Acknowledgement, PolicyStatus
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
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "not_current"


def test_api_needs_authentication(client, db) -> None:
    assert client.get(reverse("api-1:governance_policy_list")).status_code == 401
