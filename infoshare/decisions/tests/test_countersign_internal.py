"""Countersigning is internal to the recording organisation, as advice is: the record's
page, PDF and API tell a receiving organisation nothing of it (not who countersigned,
when, or what they said, nor that it was countersigned at all); the recording
organisation's staff see it all."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from infoshare.core.roles import Role
from infoshare.decisions.tests.factories import make_decision

COMMENT = "Checked with the DSL: the school nurse knows the family"


@pytest.fixture
def countersigned(home_org: Any, other_org: Any, practitioner: Any, make_member: Any) -> Any:
    """A final record shared with the other organisation, countersigned with a comment."""
    home_org.countersign_required = True
    home_org.save()
    signer = make_member(Role.MANAGER, home_org, full_name="Morgan Countersigner")
    return make_decision(
        author=practitioner,
        organisation=home_org,
        recipient_organisation=other_org,
        external_recipient="",
        countersigned_by=signer,
        countersigned_at=timezone.now(),
        countersign_comment=COMMENT,
    )


def _page(client: Any, decision: Any) -> str:
    url = reverse("decisions:decision_detail", kwargs={"decision_id": decision.pk})
    response = client.get(url)
    assert response.status_code == 200
    return str(response.content.decode())


def _pdf(client: Any, decision: Any) -> str:
    url = reverse("decisions:decision_pdf", kwargs={"decision_id": decision.pk})
    response = client.get(url)
    assert response.status_code == 200
    pages = PdfReader(io.BytesIO(response.content)).pages
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in pages))


def _api(client: Any, decision: Any) -> dict[str, Any]:
    read = client.get(f"/api/v1/decisions/{decision.pk}")
    assert read.status_code == 200
    listed = client.get("/api/v1/decisions/", {"scope": "all"})
    assert listed.status_code == 200
    (item,) = [i for i in listed.json()["items"] if i["id"] == decision.pk]
    assert item == read.json() | {"evaluation": item["evaluation"]}
    return dict(read.json())


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.MANAGER, Role.ADVISOR])
def test_a_receiving_organisation_is_not_told_of_the_countersignature(
    client: Any, make_member: Any, other_org: Any, countersigned: Any, role: str
) -> None:
    client.force_login(make_member(role, other_org))
    for shown in (_page(client, countersigned), _pdf(client, countersigned)):
        assert COMMENT.split(":")[0] not in shown
        assert "Morgan Countersigner" not in shown
        assert "Countersigned" not in shown
    body = _api(client, countersigned)
    assert body["countersigned_by_id"] is None
    assert body["countersigned_at"] is None
    assert body["countersign_comment"] == ""


@pytest.mark.parametrize("who", ["author", Role.MANAGER, Role.ADVISOR, Role.SENIOR_LEAD])
def test_the_recording_organisations_staff_see_the_countersignature(
    client: Any, make_member: Any, home_org: Any, practitioner: Any, countersigned: Any, who: str
) -> None:
    client.force_login(practitioner if who == "author" else make_member(who, home_org))
    page = _page(client, countersigned)
    assert "Countersigned" in page
    assert "Morgan Countersigner" in page
    assert COMMENT in page
    pdf = _pdf(client, countersigned)
    assert "Countersigned" in pdf
    assert "Morgan Countersigner" in pdf
    assert COMMENT.split(":")[0] in pdf
    body = _api(client, countersigned)
    assert body["countersigned_by_id"] == countersigned.countersigned_by_id
    assert body["countersigned_at"] is not None
    assert body["countersign_comment"] == COMMENT


def test_someone_in_both_organisations_sees_it_as_the_recording_organisations_staff(
    client: Any, make_member: Any, home_org: Any, other_org: Any, countersigned: Any
) -> None:
    from infoshare.partnerships.tests.factories import MembershipFactory

    both = make_member(Role.PRACTITIONER, other_org)
    MembershipFactory(person=both, organisation=home_org, role=Role.ADVISOR)
    client.force_login(both)
    assert COMMENT in _page(client, countersigned)
    assert _api(client, countersigned)["countersign_comment"] == COMMENT


def test_the_api_countersigned_filter_tells_a_receiving_organisation_nothing(
    client: Any, make_member: Any, other_org: Any, home_org: Any, countersigned: Any
) -> None:
    """Filtering "every record you may see" by countersigning would have told a receiving
    organisation which of the records shared with it were countersigned."""
    waiting = make_decision(organisation=home_org, recipient_organisation=other_org)
    client.force_login(make_member(Role.PRACTITIONER, other_org))
    shown = {
        value: {
            item["id"]
            for item in client.get(
                "/api/v1/decisions/", {"scope": "all", "countersigned": value}
            ).json()["items"]
        }
        for value in ("done", "waiting")
    }
    assert shown == {"done": set(), "waiting": set()}
    everything = client.get("/api/v1/decisions/", {"scope": "all"}).json()["items"]
    assert {countersigned.pk, waiting.pk} <= {item["id"] for item in everything}
    # The recording organisation's own staff still filter by it.
    client.force_login(make_member(Role.ADVISOR, home_org))
    done = client.get("/api/v1/decisions/", {"scope": "all", "countersigned": "done"}).json()
    assert [item["id"] for item in done["items"]] == [countersigned.pk]
