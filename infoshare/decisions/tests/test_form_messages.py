"""GOV.UK messages on the flow's forms: a tampered choice gets the field's own message
(once), each key question names itself when left unanswered, a date marks and links to
the box that is wrong, and "Another way" asks how."""

from __future__ import annotations

import inspect
import re
from typing import Any

import pytest
from django import forms
from django.urls import reverse

from infoshare.decisions import engine
from infoshare.decisions import forms as decision_forms
from infoshare.decisions.models import SharingDecision
from infoshare.decisions.tests.factories import answer_questions

TAMPERED = "999999"
DJANGO_DEFAULT = forms.ChoiceField.default_error_messages["invalid_choice"]


def url(name: str, decision: Any, **kwargs: Any) -> str:
    return reverse(f"decisions:{name}", kwargs={"decision_id": decision.pk, **kwargs})


def summary_of(html: str) -> list[str]:
    """Each item of the error summary, with its link."""
    found = re.search(r'govuk-error-summary__list">(.*?)</ul>', html, re.DOTALL)
    return re.findall(r"<li>(.*?)</li>", found.group(1), re.DOTALL) if found else []


@pytest.fixture
def shared(draft: SharingDecision) -> SharingDecision:
    """Every page is open: the key questions answered and "shared" chosen."""
    return answer_questions(draft, outcome="shared")


# (a) A tampered choice: the field's message, once, never Django's.


def test_every_choice_field_of_the_flows_forms_has_a_govuk_message_for_a_tampered_value() -> None:
    checked = []
    for name, form in inspect.getmembers(decision_forms, inspect.isclass):
        if not issubclass(form, forms.Form) or form.__module__ != decision_forms.__name__:
            continue
        for field_name, field in form.base_fields.items():
            if not isinstance(field, forms.ChoiceField):
                continue
            invalid = field.error_messages["invalid_choice"]
            assert invalid != DJANGO_DEFAULT, f"{name}.{field_name}"
            assert "%(value)s" not in invalid, f"{name}.{field_name}"
            if field.required:
                assert invalid == field.error_messages["required"], f"{name}.{field_name}"
            checked.append(f"{name}.{field_name}")
    assert {"RecipientForm.recipient_organisation_id", "BasesForm.article6"} <= set(checked)
    assert len(checked) >= 11


@pytest.mark.parametrize("key", [q.key for q in engine.get_edition("hmg-2008").questions])
def test_each_key_question_names_itself_when_unanswered_or_tampered(key: str) -> None:
    question = engine.get_edition("hmg-2008").question(key)
    for data in ({}, {"answer": TAMPERED}):
        form = decision_forms.QuestionForm(data, question=question)
        assert not form.is_valid()
        assert form.errors["answer"] == [question.missing_message]
    assert question.missing_message.startswith("Select")
    assert question.missing_message != "Select an answer"


def test_a_question_without_its_own_message_quotes_its_text() -> None:
    from dataclasses import replace

    plain = replace(engine.get_edition("hmg-2008").question("confidential"), missing="")
    assert plain.missing_message == "Select an answer to “Is the information confidential?”"


@pytest.mark.parametrize(
    ("page", "data", "messages"),
    [
        (
            "recipient",
            {"direction": TAMPERED, "recipient_organisation_id": TAMPERED},
            [
                "Select whether you are sharing or were asked",
                decision_forms.RECIPIENT_MISSING,
            ],
        ),
        (
            "question",
            {"answer": TAMPERED},
            ["Select yes if there is a clear and legitimate purpose to share the information"],
        ),
        ("outcome", {"outcome": TAMPERED, "reasons": "Agreed"}, ["Select what you decided"]),
        (
            "bases",
            {"gateway": TAMPERED, "article6": [TAMPERED]},
            [decision_forms.GATEWAY_MISSING, decision_forms.ARTICLE_6_MISSING],
        ),
        (
            "bases",
            {"gateway": "consent", "article6": ["art6_1_e"], "special_category": "on"}
            | {"article9": [TAMPERED]},
            [decision_forms.ARTICLE_9_MISSING],
        ),
        (
            "information",
            {"information_categories": [TAMPERED], "information_description": "Attendance"},
            ["Select the kinds of information you shared"],
        ),
        (
            "sharing",
            {"method": TAMPERED}
            | {"shared_on_day": "1", "shared_on_month": "1", "shared_on_year": "2026"},
            ["Select how you shared the information"],
        ),
        ("told", {"person_told": TAMPERED}, ["Select yes if the person was told"]),
        (
            "person_new",
            {"given_name": "Sam", "family_name": "Lee", "role_in_case": TAMPERED},
            ["Select the person&#x27;s role in the case"],
        ),
    ],
)
def test_a_tampered_choice_gets_its_fields_message_once(
    signed_in_practitioner: Any, shared: Any, page: str, data: dict[str, Any], messages: list[str]
) -> None:
    address = url("question", shared, key="purpose") if page == "question" else url(page, shared)
    response = signed_in_practitioner.post(address, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "valid choice" not in html
    assert "not one of the available choices" not in html
    assert TAMPERED not in html.replace(f"/{shared.pk}/", "")
    summary = summary_of(html)
    assert len(summary) == len(messages), summary
    for message in messages:
        assert sum(message in item for item in summary) == 1, (message, summary)
        assert html.count(message) == 2  # the summary and beside the field


# (b) A date marks, and links to, the box that is wrong.


def date_boxes(html: str, prefix: str) -> dict[str, bool]:
    """For each box of the date, whether it is marked as wrong."""
    found = {}
    for part in ("day", "month", "year"):
        tag = re.search(rf'<input [^>]*id="id_{prefix}_{part}"[^>]*>', html)
        assert tag is not None
        found[part] = "govuk-input--error" in tag.group(0)
    return found


@pytest.mark.parametrize(
    ("day", "month", "year", "wrong", "message"),
    [
        ("1", "", "2026", ["month"], "The date you shared it must include a month"),
        ("", "", "2026", ["day", "month"], "The date you shared it must include a day and month"),
        (
            "1",
            "13",
            "2026",
            ["month"],
            "The date you shared it must be a real date, for example 27 3 2024",
        ),
        ("1", "1", "26", ["year"], "Year must include 4 numbers"),
        # Not the year 26: GOV.UK's "4 numbers" are a year in full.
        ("1", "1", "0026", ["year"], "Year must include 4 numbers"),
        (
            "31",
            "2",
            "2026",
            ["day"],
            "The date you shared it must be a real date, for example 27 3 2024",
        ),
        ("", "", "", ["day", "month", "year"], "Enter the date you shared it"),
        ("1", "1", "2999", ["day", "month", "year"], "The date you shared it must be today"),
    ],
)
def test_a_wrong_date_marks_and_links_to_the_boxes_with_the_problem(
    signed_in_practitioner: Any,
    shared: Any,
    day: str,
    month: str,
    year: str,
    wrong: list[str],
    message: str,
) -> None:
    data = {
        "method": "phone",
        "shared_on_day": day,
        "shared_on_month": month,
        "shared_on_year": year,
    }
    response = signed_in_practitioner.post(url("sharing", shared), data)
    assert response.status_code == 400
    html = response.content.decode()
    [item] = summary_of(html)
    assert item.startswith(f'<a href="#id_shared_on_{wrong[0]}">{message}')
    assert date_boxes(html, "shared_on") == {p: p in wrong for p in ("day", "month", "year")}
    # One message, above the boxes, that the fieldset is described by.
    assert html.count('class="govuk-error-message"') == 1
    assert f'id="id_shared_on_{wrong[0]}-error"' in html
    assert f'-hint id_shared_on_{wrong[0]}-error"' in html


def test_a_date_of_birth_without_a_month_marks_the_month_only(
    signed_in_practitioner: Any, draft: Any
) -> None:
    data = {
        "given_name": "Sam",
        "family_name": "Lee",
        "role_in_case": "child",
        "dob_day": "1",
        "dob_month": "",
        "dob_year": "2015",
    }
    html = signed_in_practitioner.post(url("person_new", draft), data).content.decode()
    assert summary_of(html) == ['<a href="#id_dob_month">Date of birth must include a month</a>']
    assert date_boxes(html, "dob") == {"day": False, "month": True, "year": False}


def test_a_date_of_birth_in_the_year_0026_is_not_the_year_26(
    signed_in_practitioner: Any, draft: Any
) -> None:
    data = {
        "given_name": "Sam",
        "family_name": "Lee",
        "role_in_case": "child",
        "dob_day": "1",
        "dob_month": "12",
        "dob_year": "0026",
    }
    response = signed_in_practitioner.post(url("person_new", draft), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert summary_of(html) == ['<a href="#id_dob_year">Year must include 4 numbers</a>']
    assert date_boxes(html, "dob") == {"day": False, "month": False, "year": True}


# (d) "Another way" needs saying how (a conditional question under it).


def test_another_way_needs_a_description_shown_under_it(
    signed_in_practitioner: Any, shared: Any
) -> None:
    page = signed_in_practitioner.get(url("sharing", shared)).content.decode()
    # Straight after the "Another way" radio, in the GOV.UK conditional block.
    after_other = page[page.index('value="other"') :]
    reveal = after_other[after_other.index('class="govuk-radios__conditional') :]
    assert 'type="radio"' not in after_other[: after_other.index("govuk-radios__conditional")]
    assert 'name="method_detail"' in reveal.split("</fieldset>")[0]
    date = {"shared_on_day": "1", "shared_on_month": "1", "shared_on_year": "2026"}
    response = signed_in_practitioner.post(url("sharing", shared), {"method": "other"} | date)
    assert response.status_code == 400
    assert summary_of(response.content.decode()) == [
        f'<a href="#id_method_detail">{decision_forms.OTHER_METHOD_MISSING}</a>'
    ]
    shared.refresh_from_db()
    assert shared.method == ""
    said = {"method": "other", "method_detail": "Handed over at the case conference"}
    response = signed_in_practitioner.post(url("sharing", shared), said | date)
    assert response.status_code == 302
    shared.refresh_from_db()
    assert (shared.method, shared.method_detail) == ("other", said["method_detail"])


def test_a_description_left_in_the_hidden_box_is_not_kept_for_another_method(
    signed_in_practitioner: Any, shared: Any
) -> None:
    date = {"shared_on_day": "1", "shared_on_month": "1", "shared_on_year": "2026"}
    sent = {"method": "phone", "method_detail": "Handed over at the case conference"}
    assert signed_in_practitioner.post(url("sharing", shared), sent | date).status_code == 302
    shared.refresh_from_db()
    assert (shared.method, shared.method_detail) == ("phone", "")
