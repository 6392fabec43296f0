"""Every governance form refuses bad input the way the rest of the service does: re-shown
with the GOV.UK error summary, what was typed kept, answering 400; and free text holding
control characters (or far too long) is refused by the form and by the service alike."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse

from infoshare.core.dates import years_ahead
from infoshare.core.errors import DomainError
from infoshare.governance import services
from infoshare.governance.models import (
    BODY_MAX,
    REASON_MAX,
    TITLE_MAX,
    CommonStandard,
    PlanPriority,
    Policy,
    PolicyStatus,
    PositionStatement,
    StandardAdoption,
)
from infoshare.governance.tests.factories import make_policy, make_standard

BELL = "Bell\x07here"
ONE_MB = "a" * 1_000_000
KEPT = "Typed answer kept 7391"


@dataclass(frozen=True)
class Form:
    """One governance form: who fills it in, where, a valid answer, and its text fields
    (name -> label, maximum length, one line)."""

    name: str
    user: str
    valid: dict[str, str]
    text: dict[str, tuple[str, int, bool]]
    #: A change to ``valid`` the form refuses, leaving the text fields as typed.
    wrong: dict[str, str]
    #: The message ``wrong`` gives.
    wrong_message: str


TITLE = ("Title", TITLE_MAX, True)
#: A policy's review date must be today or later: a year from the real today.
REVIEW_DATE = years_ahead(1).isoformat()
FORMS = [
    Form(
        "statement_publish",
        "senior_lead",
        {"title": "Our position", "body": "We share.", "effective_date": "2026-04-01"},
        {"title": TITLE, "body": ("Statement", BODY_MAX, False)},
        {"effective_date": "31/02/2026"},
        "Effective date must be a real date",
    ),
    Form(
        "policy_create",
        "advisor",
        {"title": "Policy", "kind": "policy", "body": "Share.", "review_date": REVIEW_DATE},
        {"title": TITLE, "body": ("Text", BODY_MAX, False)},
        {"review_date": "soon"},
        "Review date must be a real date",
    ),
    Form(
        "policy_edit",
        "senior_lead",
        {"title": "Policy", "kind": "policy", "body": "Share.", "review_date": REVIEW_DATE},
        {"title": TITLE, "body": ("Text", BODY_MAX, False)},
        {"kind": "memo"},
        "Select whether this is a policy or a procedure",
    ),
    Form(
        "standard_create",
        "partnership_admin",
        {"title": "Named advisor", "description": "Name one."},
        {"title": TITLE, "description": ("Description", BODY_MAX, False)},
        {"description": ""},
        "Enter the description",
    ),
    Form(
        "adoption_record",
        "senior_lead",
        {"status": "not_adopted", "reason": "No advisor yet.", "target_date": ""},
        {"reason": ("Reason for not adopting it", REASON_MAX, False)},
        {"status": "adopting"},
        "Enter the target date for adopting the standard",
    ),
    Form(
        "priority_create",
        "partnership_admin",
        {"title": "Early help", "description": "First.", "order": ""},
        {"title": TITLE, "description": ("Description", BODY_MAX, False)},
        {"order": "first"},
        "Position must be a whole number",
    ),
]
TEXT_FIELDS = [(form, field) for form in FORMS for field in form.text]


def _ids(value: Any) -> str:
    return value.name if isinstance(value, Form) else str(value)


def _saved() -> int:
    return (
        PositionStatement.objects.count()
        + Policy.objects.exclude(status=PolicyStatus.DRAFT, title="Draft to edit").count()
        + CommonStandard.objects.exclude(title="Standard to adopt").count()
        + StandardAdoption.objects.count()
        + PlanPriority.objects.count()
    )


@pytest.fixture
def open_form(request: Any, client: Any, home_org: Any, partnership: Any) -> Any:
    """Signs in the form's user and gives its URL and the valid answer for it."""

    def open_(form: Form) -> tuple[str, dict[str, str]]:
        user = request.getfixturevalue(form.user)
        client.force_login(user)
        data = dict(form.valid)
        if form.name == "statement_publish":
            url = reverse("governance:statement_publish", kwargs={"org_id": home_org.pk})
        elif form.name == "policy_create":
            url = reverse("governance:policy_create")
            data["where"] = str(home_org.pk)
        elif form.name == "policy_edit":
            draft = make_policy(
                organisation=home_org, owner=user, status=PolicyStatus.DRAFT, title="Draft to edit"
            )
            url = reverse("governance:policy_edit", kwargs={"policy_id": draft.pk})
            data["owner"] = str(user.pk)
        elif form.name == "adoption_record":
            standard = make_standard(partnership=partnership, title="Standard to adopt")
            url = reverse(
                "governance:adoption_record",
                kwargs={"org_id": home_org.pk, "standard_id": standard.pk},
            )
        else:
            url = reverse(f"governance:{form.name}")
        return url, data

    return open_


@pytest.mark.parametrize("form", FORMS, ids=_ids)
def test_a_valid_answer_is_saved(client: Any, open_form: Any, form: Form) -> None:
    url, data = open_form(form)
    response = client.post(url, data)
    assert response.status_code == 302
    assert _saved() == 1


@pytest.mark.parametrize("form", FORMS, ids=_ids)
def test_a_form_with_errors_answers_400_and_keeps_what_was_typed(
    client: Any, open_form: Any, form: Form
) -> None:
    url, data = open_form(form)
    typed = next(iter(form.text))
    response = client.post(url, {**data, typed: KEPT, **form.wrong})
    page = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in page
    assert form.wrong_message in page
    assert KEPT in page
    assert _saved() == 0


@pytest.mark.parametrize("form", FORMS, ids=_ids)
def test_an_empty_post_is_explained_not_ignored(client: Any, open_form: Any, form: Form) -> None:
    url, _ = open_form(form)
    response = client.post(url, {})
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    assert _saved() == 0


@pytest.mark.parametrize(("form", "field"), TEXT_FIELDS, ids=_ids)
def test_a_control_character_is_refused_and_the_answer_kept(
    client: Any, open_form: Any, form: Form, field: str
) -> None:
    url, data = open_form(form)
    label, _, one_line = form.text[field]
    response = client.post(url, {**data, field: BELL})
    page = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in page
    if one_line:
        assert f"{label} must be a single line, without line breaks, tabs or control" in page
    else:
        assert f"{label} must not contain control characters" in page
    assert BELL in page
    assert _saved() == 0


@pytest.mark.parametrize(("form", "field"), TEXT_FIELDS, ids=_ids)
def test_a_megabyte_of_text_is_refused_with_the_limit(
    client: Any, open_form: Any, form: Form, field: str
) -> None:
    url, data = open_form(form)
    label, limit, _ = form.text[field]
    response = client.post(url, {**data, field: ONE_MB})
    page = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in page
    assert f"{label} must be {limit} characters or fewer" in page
    assert _saved() == 0


@pytest.mark.parametrize(
    ("form", "field"), [(f, n) for f, n in TEXT_FIELDS if not f.text[n][2]], ids=_ids
)
def test_a_multi_line_answer_keeps_its_line_breaks_and_tabs(
    client: Any, open_form: Any, form: Form, field: str
) -> None:
    url, data = open_form(form)
    response = client.post(url, {**data, field: "First line.\r\n\r\n\tIndented second."})
    assert response.status_code == 302
    assert _saved() == 1


@pytest.mark.parametrize("title", ["Early\thelp", "Early\nhelp", "Bell\x07", "Null\x00"])
def test_the_services_refuse_control_characters_in_a_title(partnership_admin, title) -> None:
    with pytest.raises(DomainError) as refused:
        services.publish_common_standard(actor=partnership_admin, title=title, description="d")
    assert refused.value.fields == {  # type: ignore[attr-defined]
        "title": "Title must be a single line, without line breaks, tabs or control characters"
    }
    with pytest.raises(DomainError) as refused:
        services.add_plan_priority(actor=partnership_admin, title=title)
    assert refused.value.field == "title"


def test_the_services_refuse_control_characters_in_multi_line_text(
    senior_lead, home_org, partnership
) -> None:
    with pytest.raises(DomainError) as refused:
        services.publish_position_statement(
            actor=senior_lead,
            organisation_id=home_org.pk,
            title="Ours",
            body="One\x1btwo",
            effective_date=None,
        )
    assert refused.value.fields["body"] == "Statement must not contain control characters"  # type: ignore[attr-defined]
    standard = make_standard(partnership=partnership)
    with pytest.raises(DomainError) as refused:
        services.record_adoption(
            actor=senior_lead,
            standard_id=standard.pk,
            organisation_id=home_org.pk,
            status="not_adopted",
            target_date=None,
            reason="No\x7f",
        )
    assert (refused.value.field, refused.value.message) == (
        "reason",
        "Reason must not contain control characters",
    )
