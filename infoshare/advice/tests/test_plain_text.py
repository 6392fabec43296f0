"""Questions, descriptions of the person and replies are plain text: HTML tags (and control
characters) are refused with a clear message, as every decision field does, through the
pages, the services and the API."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.urls import reverse

from infoshare.advice import errors, services
from infoshare.advice.models import AdviceReply, AdviceRequest
from infoshare.advice.tests.factories import AdviceRequestFactory
from infoshare.core.errors import ValidationFailed

NEW = reverse("advice:request_new")
API = "/api/v1/advice-requests"
TAGS = [
    "<img src=x onerror=alert(1)>",
    "Can I share? <script>alert(1)</script>",
    "See </p> here",
    "<!-- hidden -->",
    "< b >bold< /b >",
]
#: Angle brackets that are not tags are ordinary text.
NOT_TAGS = ["Is a score of <3 or > 5 a concern?", "Is 2 < 3? Yes", "a<>b"]


def _valid(**overrides: str) -> dict[str, str]:
    data = {"question": "Can I tell the GP?", "name_person": "no", "addressed_to": "organisation"}
    data.update(overrides)
    return data


def _detail(request_id: int) -> str:
    return reverse("advice:request_detail", kwargs={"request_id": request_id})


def _post_json(client: Any, url: str, body: object) -> Any:
    return client.post(url, data=json.dumps(body), content_type="application/json")


class TestThePages:
    @pytest.mark.parametrize("question", TAGS)
    def test_a_question_with_html_tags_is_refused_in_the_error_summary(
        self, client: Any, practitioner: Any, question: str
    ) -> None:
        client.force_login(practitioner)
        response = client.post(NEW, _valid(question=question))
        assert response.status_code == 400
        html = response.content.decode()
        assert f'<a href="#id_question">{errors.QUESTION_HTML}</a>' in html
        assert not AdviceRequest.objects.exists()

    def test_a_description_of_the_person_with_html_tags_is_refused(
        self, client: Any, practitioner: Any
    ) -> None:
        client.force_login(practitioner)
        response = client.post(
            NEW, _valid(name_person="yes", person_description="Jo <b>B</b>, born 2015")
        )
        assert response.status_code == 400
        html = response.content.decode()
        assert f'<a href="#id_person_description">{errors.DESCRIPTION_HTML}</a>' in html
        assert not AdviceRequest.objects.exists()

    def test_a_reply_with_html_tags_is_refused(
        self, client: Any, practitioner: Any, advisor: Any, home_org: Any
    ) -> None:
        asked = AdviceRequestFactory.create(organisation=home_org, asked_by=practitioner)
        client.force_login(advisor)
        response = client.post(_detail(asked.pk), {"body": "<img src=x onerror=alert(1)>"})
        assert response.status_code == 400
        html = response.content.decode()
        assert f'<a href="#id_body">{errors.REPLY_HTML}</a>' in html
        assert not AdviceReply.objects.exists()

    @pytest.mark.parametrize(
        ("data", "field", "message"),
        [
            ({"question": "Can I\x00 share?"}, "question", errors.QUESTION_CONTROL),
            (
                {"name_person": "yes", "person_description": "Jo\x00"},
                "person_description",
                errors.DESCRIPTION_CONTROL,
            ),
        ],
    )
    def test_a_null_character_gets_the_services_wording_not_djangos(
        self, client: Any, practitioner: Any, data: dict[str, str], field: str, message: str
    ) -> None:
        client.force_login(practitioner)
        response = client.post(NEW, _valid(**data))
        assert response.status_code == 400
        html = response.content.decode()
        assert f'<a href="#id_{field}">{message}</a>' in html
        assert "Null characters" not in html
        assert not AdviceRequest.objects.exists()

    def test_a_null_character_in_a_reply_gets_the_services_wording(
        self, client: Any, practitioner: Any, advisor: Any, home_org: Any
    ) -> None:
        asked = AdviceRequestFactory.create(organisation=home_org, asked_by=practitioner)
        client.force_login(advisor)
        response = client.post(_detail(asked.pk), {"body": "Yes\x00"})
        assert response.status_code == 400
        html = response.content.decode()
        assert f'<a href="#id_body">{errors.REPLY_CONTROL}</a>' in html
        assert "Null characters" not in html

    @pytest.mark.parametrize("question", NOT_TAGS)
    def test_angle_brackets_that_are_not_tags_are_accepted(
        self, client: Any, practitioner: Any, advisor: Any, question: str
    ) -> None:
        client.force_login(practitioner)
        response = client.post(NEW, _valid(question=question))
        assert response.status_code == 302
        assert AdviceRequest.objects.get().question == question


class TestTheServices:
    def test_each_field_names_its_problem(self, practitioner: Any, home_org: Any) -> None:
        with pytest.raises(ValidationFailed) as raised:
            services.ask_for_advice(
                actor=practitioner,
                question="<img src=x onerror=alert(1)>",
                about_person_named=True,
                person_description="<i>Jo</i>",
            )
        assert raised.value.fields == {
            "question": errors.QUESTION_HTML,
            "person_description": errors.DESCRIPTION_HTML,
        }
        asked = AdviceRequestFactory.create(organisation=home_org, asked_by=practitioner)
        with pytest.raises(ValidationFailed) as raised:
            services.reply_to_advice(actor=practitioner, request_id=asked.pk, body="<p>Thanks</p>")
        assert raised.value.fields == {"body": errors.REPLY_HTML}


class TestTheApi:
    @pytest.mark.parametrize(
        ("payload", "field", "message"),
        [
            ({"question": "<img src=x onerror=alert(1)>"}, "question", errors.QUESTION_HTML),
            (
                {"question": "Q", "about_person_named": True, "person_description": "<b>Jo</b>"},
                "person_description",
                errors.DESCRIPTION_HTML,
            ),
        ],
    )
    def test_html_tags_are_a_400_naming_the_field(
        self, client: Any, practitioner: Any, payload: dict[str, Any], field: str, message: str
    ) -> None:
        client.force_login(practitioner)
        response = _post_json(client, API, payload)
        assert response.status_code == 400
        assert response.json()["error"]["fields"] == {field: message}
        assert not AdviceRequest.objects.exists()

    def test_a_reply_with_html_tags_is_a_400_naming_the_field(
        self, client: Any, practitioner: Any, advisor: Any, home_org: Any
    ) -> None:
        asked = AdviceRequestFactory.create(organisation=home_org, asked_by=practitioner)
        client.force_login(advisor)
        response = _post_json(client, f"{API}/{asked.pk}/replies", {"body": "<b>Yes</b>"})
        assert response.status_code == 400
        assert response.json()["error"]["fields"] == {"body": errors.REPLY_HTML}
        assert not AdviceReply.objects.exists()
