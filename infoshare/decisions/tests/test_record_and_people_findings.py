"""Defects found by exploratory testers and a security review of the record pages, the
people pages and the exports, each pinned by a test: internal advice stays inside the
recording organisation, subject access is a consistent set, the PDF holds what the page
shows, a superseded version is worded for what the viewer can see, a duplicate NHS number
offers the person, every problem with a new person is shown at once, people searches are
audited, and the record and person pages have back links."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from infoshare.advice.tests.factories import AdviceReplyFactory, AdviceRequestFactory
from infoshare.audit.models import AuditEvent
from infoshare.core.roles import Role
from infoshare.decisions import services
from infoshare.decisions.models import Person, SharingDecision, Status
from infoshare.decisions.tests.factories import make_decision, make_person
from infoshare.decisions.tests.test_api_decisions import Api
from infoshare.decisions.tests.test_flow import url
from infoshare.decisions.tests.test_people_pages import back_link, error_summary, search
from infoshare.decisions.tests.test_services import complete_draft

REPLY = "Share the attendance record only, not the health notes"
QUESTION = "May I tell the police about the missed appointments?"
NHS = "9434765919"


def detail(decision: Any) -> str:
    return reverse("decisions:decision_detail", kwargs={"decision_id": decision.pk})


def pdf_url(decision: Any) -> str:
    return reverse("decisions:decision_pdf", kwargs={"decision_id": decision.pk})


def pdf_text(pdf: bytes) -> str:
    """The PDF's text, with line breaks and runs of spaces made single spaces."""
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return re.sub(r"\s+", " ", text)


def ask_advice(author: Any, answerer: Any, org: Any, draft: SharingDecision) -> None:
    asked = AdviceRequestFactory(
        organisation=org, asked_by=author, context_decision_id=draft.pk, question=QUESTION
    )
    AdviceReplyFactory(request=asked, author=answerer, body=REPLY)


@pytest.fixture
def shared_with_police(
    practitioner: Any, advisor: Any, home_org: Any, other_org: Any
) -> SharingDecision:
    """A final record shared with another organisation, with advice asked from its draft."""
    draft = complete_draft(
        practitioner, home_org, recipient_organisation_id=other_org.pk, external_recipient=""
    )
    ask_advice(practitioner, advisor, home_org, draft)
    return services.finalise_decision(actor=practitioner, decision_id=draft.pk)


# --- 1. Internal advice is for the recording organisation ---------------------------


class TestAdviceStaysInTheRecordingOrganisation:
    def test_the_receiving_organisation_sees_the_record_without_the_advice(
        self, client: Any, make_member: Any, other_org: Any, shared_with_police: Any
    ) -> None:
        client.force_login(make_member(Role.PRACTITIONER, other_org))
        page = client.get(detail(shared_with_police))
        assert page.status_code == 200
        body = page.content.decode()
        assert shared_with_police.reference in body
        assert REPLY not in body
        assert QUESTION not in body
        assert "Advice asked" not in body
        pdf = pdf_text(client.get(pdf_url(shared_with_police)).content)
        assert shared_with_police.reference in pdf
        assert "Advice asked" not in pdf
        assert "missed appointments" not in pdf
        assert "attendance record only" not in pdf

    def test_the_asker_reads_you_asked_and_colleagues_read_the_askers_name(
        self, client: Any, practitioner: Any, manager: Any, shared_with_police: Any
    ) -> None:
        client.force_login(practitioner)
        own = client.get(detail(shared_with_police)).content.decode()
        assert "<strong>You asked:</strong>" in own
        assert REPLY in own
        client.force_login(manager)
        colleague = client.get(detail(shared_with_police)).content.decode()
        assert "You asked" not in colleague
        assert f"<strong>{practitioner.full_name} asked:</strong>" in colleague
        assert REPLY in colleague
        pdf = pdf_text(client.get(pdf_url(shared_with_police)).content)
        assert f"{practitioner.full_name} asked:" in pdf
        assert "attendance record only" in pdf


# --- 2. Subject access: the organisation's records, drafts marked, as PDF and JSON --


def _bundle(client: Any, person: Any) -> zipfile.ZipFile:
    response = client.get(reverse("decisions:subject_access", kwargs={"person_id": person.pk}))
    assert response.status_code == 200
    return zipfile.ZipFile(io.BytesIO(response.content))


class TestSubjectAccess:
    def test_the_bundle_holds_final_and_superseded_records_and_the_drafts_marked(
        self, client: Any, advisor: Any, practitioner: Any, home_org: Any
    ) -> None:
        person = make_person(organisation=home_org)
        first = make_decision(organisation=home_org, people=[person], status=Status.SUPERSEDED)
        second = make_decision(
            organisation=home_org,
            people=[person],
            reference=first.reference,
            version=2,
            previous=first,
            amendment_reason="Corrected the date",
        )
        drafts = [
            make_decision(
                organisation=home_org,
                people=[person],
                author=author,
                status=Status.DRAFT,
                finalised_at=None,
            )
            for author in (advisor, practitioner)
        ]
        client.force_login(advisor)
        data = json.loads(_bundle(client, person).read("records.json"))
        # A subject access request covers the personal data held, drafts included
        # (test_subject_access_drafts.py): whoever is writing them, each marked as one.
        assert sorted((r["reference"], r["version"], r["status"]) for r in data["records"]) == [
            (first.reference, 1, "superseded"),
            (second.reference, 2, "final"),
            *sorted((draft.reference, 1, "draft") for draft in drafts),
        ]
        assert data["drafts_included"] == 2

    def test_the_json_holds_the_advice_the_pdf_shows(
        self, client: Any, advisor: Any, home_org: Any
    ) -> None:
        person = make_person(organisation=home_org)
        advice = [
            {
                "asked_at": "2026-01-05T10:00:00+00:00",
                "asked_by": "Pat Asker",
                "question": QUESTION,
                "status": "answered",
                "replies": [
                    {"by": "Ada Advisor", "at": "2026-01-05T11:00:00+00:00", "text": REPLY}
                ],
            }
        ]
        make_decision(organisation=home_org, people=[person], advice_record=advice)
        client.force_login(advisor)
        bundle = _bundle(client, person)
        pdf = pdf_text(bundle.read("records.pdf"))
        assert "attendance record only" in pdf
        (record,) = json.loads(bundle.read("records.json"))["records"]
        assert record["advice"] == advice
        assert record["organisation"] == home_org.name

    def test_the_bundle_takes_the_same_number_of_queries_for_1_and_4_records(
        self, client: Any, advisor: Any, manager: Any, home_org: Any
    ) -> None:
        person = make_person(organisation=home_org)
        client.force_login(advisor)
        export = reverse("decisions:subject_access", kwargs={"person_id": person.pk})
        client.get(export)
        counts = []
        for size in (1, 4):
            while person.decisions.count() < size:
                make_decision(
                    organisation=home_org,
                    people=[person],
                    countersigned_by=manager,
                    countersigned_at=dt.datetime(2026, 1, 6, tzinfo=dt.UTC),
                )
            with CaptureQueriesContext(connection) as queries:
                assert client.get(export).status_code == 200
            counts.append(len(queries))
        assert counts[0] == counts[1]


# --- 3. The PDF holds what the record page shows ------------------------------------


class TestRecordPdf:
    def test_the_pdf_says_whether_the_record_is_urgent(
        self, client: Any, practitioner: Any, home_org: Any
    ) -> None:
        urgent = make_decision(
            author=practitioner,
            organisation=home_org,
            urgent=True,
            urgent_due_at=dt.datetime(2026, 1, 7, tzinfo=dt.UTC),
        )
        routine = make_decision(author=practitioner, organisation=home_org)
        client.force_login(practitioner)
        assert "Urgent Yes" in pdf_text(client.get(pdf_url(urgent)).content)
        assert "Urgent No" in pdf_text(client.get(pdf_url(routine)).content)

    def test_a_drafts_pdf_shows_the_advice_its_page_shows(
        self, client: Any, practitioner: Any, advisor: Any, home_org: Any
    ) -> None:
        draft = complete_draft(practitioner, home_org)
        ask_advice(practitioner, advisor, home_org, draft)
        client.force_login(practitioner)
        assert REPLY in client.get(detail(draft)).content.decode()
        pdf = pdf_text(client.get(pdf_url(draft)).content)
        assert "attendance record only" in pdf


# --- 4. A superseded version, worded for what the viewer can see ---------------------


class TestSupersededWording:
    @pytest.fixture
    def versions(self, home_org: Any, other_org: Any) -> tuple[Any, Any]:
        first = make_decision(
            organisation=home_org, recipient_organisation=other_org, status=Status.SUPERSEDED
        )
        second = make_decision(
            organisation=home_org,
            recipient_organisation=other_org,
            reference=first.reference,
            version=2,
            previous=first,
            outcome="not_shared",
            amendment_reason="Not shared after all",
        )
        return first, second

    def test_a_viewer_who_cannot_see_the_later_version_is_not_sent_to_a_history(
        self, client: Any, foreign_org_user: Any, versions: Any
    ) -> None:
        first, _ = versions
        client.force_login(foreign_org_user)
        body = client.get(detail(first)).content.decode()
        assert "See the history below" not in body
        assert "History" not in body
        assert "A later version of this record replaces this one." in body
        assert "Home Council has corrected this record since sharing it" in body
        assert "you cannot see the corrected version" in body
        assert "Not shared after all" not in body  # the later version's reason stays unsaid

    def test_a_viewer_who_can_see_it_is_linked_to_it(
        self, client: Any, advisor: Any, versions: Any
    ) -> None:
        first, second = versions
        client.force_login(advisor)
        body = client.get(detail(first)).content.decode()
        assert f'<a class="govuk-link" href="{detail(second)}">version 2</a>' in body
        assert "History" in body
        assert "You do not have access" not in body


# --- 5 and 6. Adding a person -------------------------------------------------------


class TestAddAPerson:
    def test_a_duplicate_nhs_number_shows_that_person_to_add_instead(
        self, signed_in_practitioner: Any, draft: Any, home_org: Any
    ) -> None:
        known = make_person(
            organisation=home_org, given_name="Jamie", family_name="Smith", nhs_number=NHS
        )
        data = {
            "given_name": "Robin",
            "family_name": "Oak",
            "nhs_number": "943 476 5919",
            "role_in_case": "child",
        }
        response = signed_in_practitioner.post(url("person_new", draft), data)
        assert response.status_code == 400
        html = response.content.decode()
        assert "Jamie Smith" in html
        add_form = re.search(
            rf'<form method="post" action="{url("people", draft)}">(.*?)</form>',
            html,
            re.DOTALL,
        )
        assert add_form is not None
        assert f'name="person" value="{known.pk}"' in add_form.group(1)
        assert 'name="action" value="add"' in add_form.group(1)
        # A different person cannot be confirmed over the same NHS number.
        assert 'id="id_confirm_different"' not in html
        signed_in_practitioner.post(url("people", draft), {"action": "add", "person": known.pk})
        assert list(draft.people.all()) == [known]

    def test_every_problem_is_reported_at_once(
        self, signed_in_practitioner: Any, draft: Any
    ) -> None:
        data = {
            "given_name": "Sam\x01",
            "family_name": "L" * 300,
            "dob_day": "123",
            "dob_month": "2",
            "dob_year": "2015",
            "nhs_number": "1234567890",
            "role_in_case": "child",
        }
        response = signed_in_practitioner.post(url("person_new", draft), data)
        assert response.status_code == 400
        targets = [
            re.match(r'<a href="#id_(\w+)">', item).group(1)  # type: ignore[union-attr]
            for item in error_summary(response.content.decode())
        ]
        assert sorted(targets) == ["dob_day", "family_name", "given_name", "nhs_number"]
        assert draft.people.count() == 0


# --- 7. Searches that show people are audited ---------------------------------------


def _searches() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="decisions.searched_people").order_by("id"))


class TestPeopleSearchesAreAudited:
    def test_the_flows_search_records_who_was_shown_and_the_terms(
        self, signed_in_practitioner: Any, draft: Any, home_org: Any
    ) -> None:
        found = make_person(organisation=home_org, given_name="Jamie", family_name="Smith")
        query = {"q": "Jamie Smith", "dob_day": "1", "dob_month": "4", "dob_year": "2015"}
        search(signed_in_practitioner, draft, query)
        (event,) = _searches()
        assert event.organisation_id == home_org.pk
        assert event.data["people"] == [found.pk]
        assert event.data["query"] == {"name": "Jamie Smith", "date_of_birth": "2015-04-01"}
        search(signed_in_practitioner, draft, {"q": "Nobody Atall"})
        assert len(_searches()) == 1  # nobody shown, nothing to record

    def test_the_api_search_is_audited_without_the_nhs_number(
        self, client: Any, practitioner: Any, home_org: Any
    ) -> None:
        found = make_person(
            organisation=home_org,
            given_name="Riley",
            family_name="Evans",
            date_of_birth=dt.date(2014, 2, 3),
            nhs_number=NHS,
        )
        api = Api(client, practitioner)
        assert api.call("get", "people_search", {"date_of_birth": "2014-02-03"}).json()
        assert api.call("get", "people_search", {"q": "Riley"}).json()
        first, second = _searches()
        assert first.data["people"] == second.data["people"] == [found.pk]
        assert first.data["query"] == {"name": "", "date_of_birth": "2014-02-03"}
        assert second.data["query"] == {"name": "Riley", "date_of_birth": None}
        assert NHS not in json.dumps([first.data, second.data])

    def test_the_person_shown_for_a_duplicate_nhs_number_is_audited_without_it(
        self, signed_in_practitioner: Any, draft: Any, home_org: Any
    ) -> None:
        known = make_person(organisation=home_org, nhs_number=NHS)
        data = {"given_name": "Robin", "family_name": "Oak", "nhs_number": NHS}
        signed_in_practitioner.post(url("person_new", draft), data | {"role_in_case": "child"})
        (event,) = _searches()
        assert event.data["people"] == [known.pk]
        assert NHS not in json.dumps(event.data)
        assert NHS[-3:] in event.data["query"]["nhs_number"]

    def test_searches_take_the_same_number_of_queries_for_2_and_20_people(
        self, client: Any, practitioner: Any, draft: Any, home_org: Any
    ) -> None:
        api = Api(client, practitioner)
        search(client, draft, {"q": "Jamie"})
        api.call("get", "people_search", {"q": "Jamie"})  # warm up (the token's last use)
        counts: dict[str, list[int]] = {"page": [], "api": [], "api post": []}
        for size in (2, 20):
            while Person.objects.filter(organisation=home_org).count() < size:
                make_person(organisation=home_org, given_name="Jamie")
            with CaptureQueriesContext(connection) as queries:
                assert search(client, draft, {"q": "Jamie"}).status_code == 200
            counts["page"].append(len(queries))
            with CaptureQueriesContext(connection) as queries:
                assert len(api.call("get", "people_search", {"q": "Jamie"}).json()) == size
            counts["api"].append(len(queries))
            with CaptureQueriesContext(connection) as queries:
                found = api.call("post", "people_search_post", {"q": "Jamie"}).json()
                assert len(found) == size
            counts["api post"].append(len(queries))
        assert counts["page"][0] == counts["page"][1]
        assert counts["api"][0] == counts["api"][1]
        assert counts["api post"][0] == counts["api post"][1]
        assert [len(e.data["people"]) for e in _searches()[-3:]] == [20, 20, 20]


# --- 7b. The API's search takes its terms in a JSON body -----------------------------
# A query string is written to access logs: names and dates of birth would be kept there.


class TestPeopleSearchByPost:
    @pytest.fixture
    def api(self, client: Any, practitioner: Any) -> Api:
        return Api(client, practitioner)

    @pytest.fixture
    def riley(self, home_org: Any, other_org: Any) -> Any:
        make_person(organisation=other_org, given_name="Riley", family_name="Evans")
        make_person(organisation=home_org, given_name="Rhys", family_name="Evans")
        return make_person(
            organisation=home_org,
            given_name="Riley",
            family_name="Evans",
            date_of_birth=dt.date(2014, 2, 3),
            nhs_number=NHS,
        )

    @pytest.mark.parametrize(
        "terms",
        [
            {"q": "Rilee Evans"},
            {"q": "Evans"},
            {"date_of_birth": "2014-02-03"},
            {"q": "Riley", "date_of_birth": "2014-02-03"},
            {"q": "Nobody Atall"},
            {"q": "  "},
            {},
        ],
    )
    def test_it_answers_as_the_get_does_for_the_same_terms(
        self, api: Api, riley: Any, terms: dict[str, str]
    ) -> None:
        got = api.call("get", "people_search", terms)
        posted = api.call("post", "people_search_post", terms)
        assert got.status_code == posted.status_code == 200
        assert posted.json() == got.json()
        # Both audited alike (a search that shows nobody records nothing).
        events = _searches()
        assert len(events) in (0, 2)
        if events:
            first, second = events
            assert first.data == second.data
            assert first.organisation_id == second.organisation_id

    def test_it_is_audited_with_the_people_shown_and_the_terms(
        self, api: Api, riley: Any, home_org: Any
    ) -> None:
        response = api.call(
            "post", "people_search_post", {"q": "Riley", "date_of_birth": "2014-02-03"}
        )
        assert [person["id"] for person in response.json()] == [riley.pk]
        (event,) = _searches()
        assert event.organisation_id == home_org.pk
        assert event.data["people"] == [riley.pk]
        assert event.data["query"] == {"name": "Riley", "date_of_birth": "2014-02-03"}
        assert NHS not in json.dumps(event.data)

    def test_its_address_carries_no_terms(self, api: Api, riley: Any) -> None:
        response = api.call("post", "people_search_post", {"q": "Riley Evans"})
        assert response.status_code == 200
        assert response.request["PATH_INFO"] == "/api/v1/people/search"
        assert response.request["QUERY_STRING"] == ""

    @pytest.mark.parametrize(
        ("terms", "field"),
        [
            ({"q": "x" * 201}, "q"),
            ({"date_of_birth": "2014-02-31"}, "date_of_birth"),
            ({"date_of_birth": "yesterday"}, "date_of_birth"),
            ({"organisation_id": 999999}, "organisation_id"),
        ],
    )
    def test_bad_terms_are_refused_naming_the_field_as_the_get_does(
        self, api: Api, riley: Any, terms: dict[str, Any], field: str
    ) -> None:
        got = api.call("get", "people_search", terms)
        posted = api.call("post", "people_search_post", terms)
        assert got.status_code == posted.status_code == 400
        assert posted.json() == got.json()
        assert field in posted.json()["error"]["fields"]
        assert _searches() == []

    @pytest.mark.parametrize(
        ("body", "field"),
        [
            ({"q": 5}, "q"),
            ({"q": ["Riley"]}, "q"),
            ({"organisation_id": "1"}, "organisation_id"),
            ({"organisation_id": True}, "organisation_id"),
            ({"name": "Riley"}, "name"),  # a field it does not take is named, not ignored
        ],
    )
    def test_a_body_of_the_wrong_types_is_refused_naming_the_field(
        self, api: Api, riley: Any, body: dict[str, Any], field: str
    ) -> None:
        response = api.call("post", "people_search_post", body)
        assert response.status_code == 400
        error = response.json()["error"]
        assert set(error) == {"code", "message", "fields"}
        assert field in error["fields"]
        assert _searches() == []

    def test_a_body_that_is_not_json_is_refused(self, api: Api) -> None:
        response = api.client.post(
            reverse("api-1:people_search_post"),
            data="q=Riley",
            content_type="application/x-www-form-urlencoded",
            headers=api.headers,
        )
        assert response.status_code == 415

    def test_a_signed_in_session_must_send_its_csrf_token(
        self, practitioner: Any, riley: Any
    ) -> None:
        from django.test import Client

        browser = Client(enforce_csrf_checks=True)
        browser.force_login(practitioner)
        response = browser.post(
            reverse("api-1:people_search_post"),
            data=json.dumps({"q": "Riley"}),
            content_type="application/json",
        )
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "csrf_failed"
        assert _searches() == []

    def test_only_those_who_record_decisions_may_search(
        self, client: Any, make_member: Any, home_org: Any, riley: Any
    ) -> None:
        response = Api(client, make_member(Role.BOARD_MEMBER, home_org)).call(
            "post", "people_search_post", {"q": "Riley"}
        )
        assert response.status_code == 403
        assert _searches() == []

    def test_the_get_is_documented_as_writing_the_terms_to_access_logs(
        self, client: Any, db: Any
    ) -> None:
        paths = client.get(reverse("api-1:openapi-json")).json()["paths"]
        assert "post" in paths["/api/v1/people/search"]
        described = paths["/api/v1/people/"]["get"]["description"]
        assert "access logs" in described
        assert "POST /api/v1/people/search" in described


# --- 8. Back links ------------------------------------------------------------------


class TestBackLinks:
    @pytest.mark.parametrize(
        "came_from",
        ["/decisions/", "/decisions/team/?page=2", "/decisions/organisation/?outcome=shared"],
    )
    def test_the_record_page_leads_back_to_the_list_it_was_opened_from(
        self, client: Any, manager: Any, home_org: Any, came_from: str
    ) -> None:
        decision = make_decision(organisation=home_org)
        client.force_login(manager)
        response = client.get(detail(decision), HTTP_REFERER=f"http://testserver{came_from}")
        assert back_link(response.content.decode()) == came_from.replace("&", "&amp;")

    def test_the_record_page_leads_back_to_the_persons_page(
        self, client: Any, practitioner: Any, home_org: Any
    ) -> None:
        person = make_person(organisation=home_org)
        decision = make_decision(author=practitioner, organisation=home_org, people=[person])
        person_page = reverse("decisions:person_detail", kwargs={"person_id": person.pk})
        client.force_login(practitioner)
        response = client.get(detail(decision), HTTP_REFERER=f"http://testserver{person_page}")
        assert back_link(response.content.decode()) == person_page

    @pytest.mark.parametrize(
        "referer", ["", "https://evil.example/decisions/", "http://testserver/audit/"]
    )
    def test_otherwise_the_record_and_person_pages_lead_back_home(
        self, client: Any, practitioner: Any, home_org: Any, referer: str
    ) -> None:
        person = make_person(organisation=home_org)
        decision = make_decision(author=practitioner, organisation=home_org, people=[person])
        person_page = reverse("decisions:person_detail", kwargs={"person_id": person.pk})
        client.force_login(practitioner)
        for page in (detail(decision), person_page):
            response = client.get(page, HTTP_REFERER=referer)
            assert back_link(response.content.decode()) == reverse("core:home")


def test_times_on_a_record_read_the_govuk_way(
    client: Any, practitioner: Any, home_org: Any
) -> None:
    moment = dt.datetime(2026, 11, 27, 14, 5, tzinfo=dt.UTC)  # London keeps GMT in November
    final = make_decision(author=practitioner, organisation=home_org, finalised_at=moment)
    client.force_login(practitioner)
    page = client.get(reverse("decisions:decision_detail", kwargs={"decision_id": final.pk}))
    assert "27 November 2026 at 2:05pm" in page.content.decode()
