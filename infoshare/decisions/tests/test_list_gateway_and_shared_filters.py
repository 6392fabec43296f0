"""The decision lists filter by what the practitioner recorded (the common-law gateway), not
by the basis of the guidance's recommendation; the list of records shared with your
organisation filters by who shared them and offers only the outcomes it can hold; the
API's list says what its filters take and refuses what it does not serve."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from infoshare.audit.models import AuditEvent
from infoshare.core.roles import Role
from infoshare.decisions.tests.factories import make_decision, make_person
from infoshare.decisions.tests.test_api_decisions import Api
from infoshare.partnerships.tests.factories import MembershipFactory, OrganisationFactory

ORGANISATION_LIST = "decisions:organisation_decisions"
SHARED_LIST = "decisions:shared_with_us"


def departure_in_the_public_interest(org: Any, **kwargs: Any) -> Any:
    """Shared on the public-interest gateway against a "do not share" recommendation: the
    recommendation has no basis."""
    return make_decision(
        organisation=org,
        recommendation="do_not_share",
        basis="",
        gateway="public_interest",
        departure_reason="A risk the questions did not cover",
        **kwargs,
    )


def not_shared_on_consent_advice(org: Any, **kwargs: Any) -> Any:
    """Guidance said share on consent; the practitioner did not share (no gateway)."""
    return make_decision(organisation=org, outcome="not_shared", gateway="", **kwargs)


def shared_with(org: Any, sender: Any, **kwargs: Any) -> Any:
    fields = {"organisation": sender, "recipient_organisation": org, "external_recipient": ""}
    return make_decision(**(fields | kwargs))


def body_of(response: Any) -> str:
    return str(response.content.decode())


@pytest.fixture
def teacher(make_member: Any, other_org: Any) -> Any:
    """A practitioner at the school (other_org) that others share with."""
    return make_member(Role.PRACTITIONER, other_org)


@pytest.fixture
def health(partnership: Any) -> Any:
    return OrganisationFactory(partnership=partnership, name="Third Health Trust")


# --- The organisation's list: the gateway recorded ------------------------------------------


def test_the_public_interest_filter_finds_a_departure_and_not_a_record_of_not_sharing(
    client: Any, advisor: Any, home_org: Any
) -> None:
    departure = departure_in_the_public_interest(home_org)
    not_shared = not_shared_on_consent_advice(home_org)
    on_consent = make_decision(organisation=home_org)
    client.force_login(advisor)
    url = reverse(ORGANISATION_LIST)

    public_interest = body_of(client.get(url, {"gateway": "public_interest"}))
    assert departure.reference in public_interest
    assert not_shared.reference not in public_interest
    assert on_consent.reference not in public_interest

    consent = body_of(client.get(url, {"gateway": "consent"}))
    assert on_consent.reference in consent
    assert not_shared.reference not in consent  # the recommendation's basis was consent
    assert departure.reference not in consent


def test_the_filter_is_labelled_as_the_gateway_recorded(client: Any, advisor: Any) -> None:
    client.force_login(advisor)
    body = body_of(client.get(reverse(ORGANISATION_LIST)))
    assert "Common-law gateway recorded" in body
    for label in ("Consent", "Public interest", "Legal requirement", "Not confidential"):
        assert f">{label}</option>" in body
    assert 'name="basis"' not in body


def test_an_old_basis_link_is_refused_rather_than_listing_everything(
    client: Any, advisor: Any, home_org: Any
) -> None:
    record = make_decision(organisation=home_org)
    client.force_login(advisor)
    response = client.get(reverse(ORGANISATION_LIST), {"basis": "public_interest"})
    assert response.status_code == 400
    body = body_of(response)
    assert "There is a problem" in body
    assert "The &#x27;Basis&#x27; filter is no longer offered" in body
    assert record.reference not in body


def test_the_csv_download_filters_by_the_gateway_recorded(
    client: Any, advisor: Any, home_org: Any
) -> None:
    departure = departure_in_the_public_interest(home_org)
    not_shared = not_shared_on_consent_advice(home_org)
    client.force_login(advisor)
    after = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    response = client.get(reverse("decisions:export_csv"), {"gateway": "public_interest"})
    assert response.status_code == 200
    content = response.content.decode("utf-8-sig")
    assert departure.reference in content
    assert not_shared.reference not in content
    event = AuditEvent.objects.filter(pk__gt=after, action="decisions.exported").get()
    assert event.data["filters"] == {"gateway": "public_interest"}


def test_the_csv_download_page_offers_the_gateway_filter_when_a_filter_is_wrong(
    client: Any, advisor: Any
) -> None:
    client.force_login(advisor)
    response = client.get(reverse("decisions:export_csv"), {"gateway": "maybe"})
    assert response.status_code == 400
    body = body_of(response)
    assert "Select a common-law gateway from the list" in body
    assert "Common-law gateway recorded" in body


# --- Shared with your organisation: who shared it -----------------------------------------


def test_the_shared_list_filters_by_who_shared_and_not_by_the_receiving_organisation(
    client: Any, teacher: Any, home_org: Any, other_org: Any, health: Any
) -> None:
    from_council = shared_with(other_org, home_org)
    from_health = shared_with(other_org, health)
    client.force_login(teacher)
    url = reverse(SHARED_LIST)
    body = body_of(client.get(url))
    assert "Shared by" in body
    assert "Receiving organisation" not in body
    # The organisations that may share with the school, not the school itself.
    shared_by = body[body.index('name="shared_by"') :].split("</select>")[0]
    assert f'value="{home_org.pk}"' in shared_by
    assert f'value="{health.pk}"' in shared_by
    assert f'value="{other_org.pk}"' not in shared_by

    council_only = body_of(client.get(url, {"shared_by": str(home_org.pk)}))
    assert from_council.reference in council_only
    assert from_health.reference not in council_only


def test_the_shared_list_offers_only_the_outcomes_it_can_hold(
    client: Any, teacher: Any, home_org: Any, other_org: Any
) -> None:
    record = shared_with(other_org, home_org)
    client.force_login(teacher)
    url = reverse(SHARED_LIST)
    body = body_of(client.get(url))
    outcome = body[body.index('name="outcome"') :].split("</select>")[0]
    assert 'value="shared"' in outcome
    assert 'value="shared_in_part"' in outcome
    assert 'value="not_shared"' not in outcome
    response = client.get(url, {"outcome": "not_shared"})
    assert response.status_code == 400
    assert "Select an outcome from the list" in body_of(response)
    assert record.reference not in body_of(response)


def test_a_shared_by_that_is_not_offered_is_refused(
    client: Any, teacher: Any, other_org: Any, second: Any
) -> None:
    elsewhere: Any = OrganisationFactory(partnership=second, name="Elsewhere")
    client.force_login(teacher)
    for chosen in (str(elsewhere.pk), str(other_org.pk), "x"):
        response = client.get(reverse(SHARED_LIST), {"shared_by": chosen})
        assert response.status_code == 400, chosen
        assert "Select an organisation that shares with yours" in body_of(response)


def test_someone_in_two_receiving_organisations_may_pick_either_as_the_sender(
    client: Any, teacher: Any, home_org: Any, other_org: Any
) -> None:
    MembershipFactory(person=teacher, organisation=home_org, role=Role.MANAGER)
    to_school = shared_with(other_org, home_org)
    to_council = shared_with(home_org, other_org)
    client.force_login(teacher)
    url = reverse(SHARED_LIST)
    from_school = body_of(client.get(url, {"shared_by": str(other_org.pk)}))
    assert to_council.reference in from_school
    assert to_school.reference not in from_school


def test_the_shared_list_with_its_filters_makes_the_same_number_of_queries_at_two_sizes(
    client: Any, teacher: Any, home_org: Any, other_org: Any, health: Any
) -> None:
    from infoshare.decisions.models import SharingDecision

    client.force_login(teacher)
    url = reverse(SHARED_LIST)
    query = {"shared_by": str(home_org.pk), "gateway": "consent", "outcome": "shared"}
    client.get(url, query)  # warm caches (session, MFA check)
    counts = []
    for size in (2, 30):
        while SharingDecision.objects.count() < size:
            sender = home_org if SharingDecision.objects.count() % 2 else health
            shared_with(other_org, sender, people=[make_person(organisation=sender)])
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, query).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


# --- The API's list -------------------------------------------------------------------------


def items(response: Any) -> set[int]:
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}


def test_the_api_filters_by_the_gateway_and_still_by_the_recommendations_basis(
    client: Any, advisor: Any, home_org: Any
) -> None:
    departure = departure_in_the_public_interest(home_org)
    not_shared = not_shared_on_consent_advice(home_org)
    on_consent = make_decision(organisation=home_org)
    api = Api(client, advisor)
    listed = {"scope": "organisation"}
    by_gateway = api.call("get", "decision_list", listed | {"gateway": "public_interest"})
    assert items(by_gateway) == {departure.pk}
    consent = api.call("get", "decision_list", listed | {"gateway": "consent"})
    assert items(consent) == {on_consent.pk}
    # `basis` keeps its meaning: the basis of the guidance's recommendation.
    basis = api.call("get", "decision_list", listed | {"basis": "consent"})
    assert items(basis) == {not_shared.pk, on_consent.pk}


def test_the_api_shared_scope_is_the_shared_with_your_organisation_page(
    client: Any, teacher: Any, home_org: Any, other_org: Any, health: Any
) -> None:
    from_council = shared_with(other_org, home_org)
    from_health = shared_with(other_org, health, outcome="shared_in_part")
    shared_with(other_org, home_org, outcome="not_shared")
    shared_with(health, home_org)
    api = Api(client, teacher)
    assert items(api.call("get", "decision_list", {"scope": "shared"})) == {
        from_council.pk,
        from_health.pk,
    }
    by_sender = api.call(
        "get", "decision_list", {"scope": "shared", "organisation_id": home_org.pk}
    )
    assert items(by_sender) == {from_council.pk}
    after = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    api.call("get", "decision_list", {"scope": "shared"})
    event = AuditEvent.objects.filter(pk__gt=after, action="decisions.listed_decisions").first()
    assert event is not None
    assert event.data["scope"] == "shared"


def test_the_api_shared_scope_refuses_the_filters_its_page_does_not_offer(
    client: Any, teacher: Any, home_org: Any, other_org: Any
) -> None:
    api = Api(client, teacher)
    response = api.call(
        "get",
        "decision_list",
        {
            "scope": "shared",
            "outcome": "not_shared",
            "recipient_organisation_id": other_org.pk,
            "countersigned": "done",
            "organisation_id": other_org.pk,
        },
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert (error["code"], error["message"]) == ("invalid", "Check the filters")
    assert set(error["fields"]) == {
        "outcome",
        "recipient_organisation_id",
        "countersigned",
        "organisation_id",
    }
    mine = api.call("get", "decision_list", {"scope": "mine", "organisation_id": home_org.pk})
    assert mine.status_code == 400
    assert set(mine.json()["error"]["fields"]) == {"organisation_id"}


def test_the_api_shared_scope_needs_the_roles_its_page_needs(
    client: Any, make_member: Any, other_org: Any
) -> None:
    admin = make_member(Role.ORG_ADMIN, other_org)
    response = Api(client, admin).call("get", "decision_list", {"scope": "shared"})
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"


def test_the_api_names_a_bad_scope_with_every_bad_filter(client: Any, practitioner: Any) -> None:
    response = Api(client, practitioner).call(
        "get", "decision_list", {"scope": "everything", "outcome": "maybe", "gateway": "x"}
    )
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"scope", "outcome", "gateway"}
    assert "shared" in response.json()["error"]["fields"]["scope"]


@pytest.mark.parametrize("page", ["99999999999", "100001", "0", "-1"])
def test_a_page_out_of_range_is_refused_naming_the_limit(
    client: Any, practitioner: Any, page: str
) -> None:
    response = Api(client, practitioner).call("get", "decision_list", {"page": page})
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert set(fields) == {"page"}
    assert ("100000" in fields["page"]) or ("1" in fields["page"])


def test_the_last_page_is_served(client: Any, practitioner: Any) -> None:
    response = Api(client, practitioner).call("get", "decision_list", {"page": "100000"})
    assert response.status_code == 200
    assert (response.json()["page"], response.json()["items"]) == (100000, [])
    too_far = Api(client, practitioner).call("get", "decision_list", {"page": "99999999999"})
    assert "100000" in too_far.json()["error"]["fields"]["page"]


def test_the_schema_lists_each_filters_values_and_explains_dates_and_paging(
    client: Any, db: Any
) -> None:
    operation = client.get(reverse("api-1:openapi-json")).json()["paths"]["/api/v1/decisions/"]
    parameters = {p["name"]: p for p in operation["get"]["parameters"]}
    enums = {name: p["schema"].get("enum") for name, p in parameters.items()}
    assert enums["scope"] == ["all", "mine", "team", "organisation", "shared"]
    assert enums["outcome"] == ["shared", "shared_in_part", "not_shared"]
    assert enums["gateway"] == [
        "consent",
        "public_interest",
        "legal_requirement",
        "not_confidential",
    ]
    assert set(enums["basis"]) == {
        "legal_duty",
        "not_personal_data",
        "not_confidential",
        "consent",
        "public_interest",
    }
    assert enums["countersigned"] == ["waiting", "done"]
    assert enums["status"] == ["draft", "final", "superseded"]
    assert "recommendation" in parameters["basis"]["description"]
    for name in ("date_from", "date_to"):
        assert "finalised" in parameters[name]["description"]
        assert "UK" in parameters[name]["description"]
    assert "100" in parameters["page_size"]["description"]
    assert parameters["page"]["schema"]["maximum"] == 100000
    assert "organisation_id" in parameters
