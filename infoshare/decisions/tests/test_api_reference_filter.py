"""The API's decision list finds a record by its reference, as the list pages do: the same
cleaning, the same refusals, within the same scopes."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from infoshare.accounts.services import create_api_token
from infoshare.core.roles import Role
from infoshare.decisions.models import SharingDecision, Status
from infoshare.decisions.tests.factories import make_decision
from infoshare.partnerships.tests.factories import MembershipFactory

MALFORMED = "Enter a reference in the correct format, like ISD-2026-000123"
CONTROL = "Reference must not contain control characters"
TOO_LONG = "Reference must be 40 characters or fewer"


def listed(client: Any, user: Any, **query: Any) -> Any:
    """``GET /api/v1/decisions/`` with a personal API token of ``user``."""
    _, secret = create_api_token(actor=user, name="test")
    return client.get(
        reverse("api-1:decision_list"), query, headers={"Authorization": f"Bearer {secret}"}
    )


def ids(response: Any) -> list[int]:
    assert response.status_code == 200, response.content
    return sorted(item["id"] for item in response.json()["items"])


def amended(first: SharingDecision) -> SharingDecision:
    """A second version of ``first`` (which it supersedes), by the same author."""
    SharingDecision.objects.filter(pk=first.pk).update(status=Status.SUPERSEDED)
    return make_decision(
        reference=first.reference,
        version=2,
        previous=first,
        amendment_reason="The date was wrong",
        author=first.author,
        organisation=first.organisation,
    )


@pytest.mark.parametrize(
    "typed", ["{ref}", " {lower} ", "{ref} (version 2)", "{lower} (VERSION 1)", "{ref}(version 12)"]
)
def test_the_list_finds_one_record_by_its_reference_however_it_is_typed(
    client: Any, practitioner: Any, home_org: Any, typed: str
) -> None:
    wanted = make_decision(author=practitioner, organisation=home_org)
    other = make_decision(author=practitioner, organisation=home_org)
    reference = typed.format(ref=wanted.reference, lower=wanted.reference.lower())
    response = listed(client, practitioner, reference=reference)
    assert ids(response) == [wanted.pk]
    body = response.json()
    assert (body["count"], body["count_is_exact"]) == (1, True)
    assert body["items"][0]["reference"] == wanted.reference
    # Nothing typed (or only spaces) does not filter.
    for blank in ("", "   "):
        assert ids(listed(client, practitioner, reference=blank)) == [wanted.pk, other.pk]


def test_earlier_versions_are_found_only_where_the_list_shows_them(
    client: Any, practitioner: Any, advisor: Any, home_org: Any
) -> None:
    first = make_decision(author=practitioner, organisation=home_org)
    second = amended(first)
    make_decision(author=practitioner, organisation=home_org)
    label = f"{second.reference} (version 2)"
    # Every record you may see, earlier versions included.
    assert ids(listed(client, practitioner, reference=label)) == [first.pk, second.pk]
    assert ids(listed(client, advisor, reference=label)) == [first.pk, second.pk]
    # Your own list: the latest version you wrote of each record.
    assert ids(listed(client, practitioner, scope="mine", reference=label)) == [second.pk]
    # The organisation's list: current final records only.
    assert ids(listed(client, advisor, scope="organisation", reference=label)) == [second.pk]
    # With the status filter where it is offered, one version only.
    superseded = listed(client, practitioner, reference=first.reference, status="superseded")
    assert ids(superseded) == [first.pk]


def test_a_reference_of_another_organisation_finds_nothing(
    client: Any, practitioner: Any, foreign_org_user: Any, home_org: Any, other_org: Any
) -> None:
    theirs = make_decision(author=foreign_org_user, organisation=other_org)
    make_decision(author=practitioner, organisation=home_org)
    response = listed(client, practitioner, reference=theirs.reference)
    assert ids(response) == []
    assert response.json()["count"] == 0
    # Their own staff find it by the same reference.
    assert ids(listed(client, foreign_org_user, reference=theirs.reference)) == [theirs.pk]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("ISD-2026-000123 (version " + "2" * 15 + ")", TOO_LONG),
        ("X" * 41, TOO_LONG),
        ("ISD-2026-000123\x00", CONTROL),
        ("ISD-2026-\x01000123", CONTROL),
        ("ISD-2026-000123\x7f", CONTROL),
        ("2026-000123", MALFORMED),
        ("123", MALFORMED),
        ("ISD-26-123", MALFORMED),
        ("ISD2026000123", MALFORMED),
        ("ISD-2026-000123 (version two)", MALFORMED),
        ("ISD-2026-000123; DROP TABLE", MALFORMED),
        ("ISD\u20102026\u2010000123", MALFORMED),
        ("ISD-\u0662\u0660\u0662\u0666-000123", MALFORMED),
        ("%", MALFORMED),
    ],
)
def test_a_bad_reference_is_refused_naming_the_field_as_other_bad_filters_are(
    client: Any, practitioner: Any, home_org: Any, typed: str, message: str
) -> None:
    make_decision(author=practitioner, organisation=home_org)
    response = listed(client, practitioner, reference=typed)
    assert response.status_code == 400
    body = response.json()
    assert body == {
        "error": {
            "code": "invalid",
            "message": "Check the filters",
            "fields": {"reference": message},
        }
    }
    # The same shape as another bad filter's refusal.
    outcome = listed(client, practitioner, outcome="maybe").json()
    assert (outcome["error"]["code"], outcome["error"]["message"]) == (
        "invalid",
        "Check the filters",
    )
    assert set(outcome["error"]["fields"]) == {"outcome"}


def test_a_bad_reference_is_named_with_the_other_bad_filters(
    client: Any, practitioner: Any
) -> None:
    response = listed(client, practitioner, reference="nonsense", outcome="maybe", basis="x")
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"reference", "outcome", "basis"}


def test_scopes_still_apply_with_a_reference(
    client: Any, practitioner: Any, make_member: Any, home_org: Any
) -> None:
    colleague = make_member(Role.PRACTITIONER, home_org)
    draft = make_decision(author=colleague, organisation=home_org, status=Status.DRAFT)
    final = make_decision(author=colleague, organisation=home_org)
    # A colleague's draft and final records are theirs, not another practitioner's.
    assert ids(listed(client, practitioner, reference=draft.reference)) == []
    assert ids(listed(client, practitioner, reference=final.reference)) == []
    # A list your roles do not include is refused whatever the filter.
    refused = listed(client, practitioner, scope="organisation", reference=final.reference)
    assert refused.status_code == 403
    # An advisor of the organisation finds the final record, not the draft.
    advisor = make_member(Role.ADVISOR, home_org)
    assert ids(listed(client, advisor, scope="organisation", reference=final.reference)) == [
        final.pk
    ]
    assert ids(listed(client, advisor, reference=draft.reference)) == []
    # A manager who has a team sees only the team's records on the team list.
    manager = make_member(Role.MANAGER, home_org)
    MembershipFactory(person=manager, organisation=home_org, role=Role.ADVISOR)
    assert ids(listed(client, manager, scope="team", reference=final.reference)) == [final.pk]
    # Other filters narrow it further.
    assert ids(listed(client, advisor, reference=final.reference, outcome="not_shared")) == []


def test_the_listing_is_audited_with_what_was_shown(
    client: Any, practitioner: Any, home_org: Any
) -> None:
    from infoshare.audit.models import AuditEvent

    wanted = make_decision(author=practitioner, organisation=home_org)
    make_decision(author=practitioner, organisation=home_org)
    assert ids(listed(client, practitioner, reference=wanted.reference.lower())) == [wanted.pk]
    event = AuditEvent.objects.filter(action="decisions.listed_decisions").latest("pk")
    assert event.data["records"] == [wanted.reference]


def test_the_list_pages_refuse_what_the_api_refuses(client: Any, advisor: Any) -> None:
    client.force_login(advisor)
    for typed, message in (("123", MALFORMED), ("ISD-2026-\x01000123", CONTROL)):
        response = client.get(reverse("decisions:organisation_decisions"), {"reference": typed})
        assert response.status_code == 400
        page = response.content.decode()
        assert "govuk-error-summary" in page
        assert message in page
