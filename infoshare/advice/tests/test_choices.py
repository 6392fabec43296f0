"""A value the page never offered (a tampered form) gets the GOV.UK-style message of its
field, in the error summary and beside the field, and a 400: never Django's "Select a
valid choice. ... is not one of the available choices.", which echoes the tampered text."""

from __future__ import annotations

from django import forms
from django.urls import reverse

from infoshare.advice import errors
from infoshare.advice.forms import AdviceRequestForm
from infoshare.advice.models import AdviceRequest
from infoshare.advice.selectors import NameableAdvisor
from infoshare.core.roles import Role
from infoshare.partnerships.tests.factories import MembershipFactory

NEW = reverse("advice:request_new")
DJANGO_DEFAULT = "Select a valid choice"


def _valid(**overrides: str) -> dict[str, str]:
    data = {"question": "Can I tell the GP?", "name_person": "no", "addressed_to": "organisation"}
    return data | overrides


def _refused(client, data: dict[str, str], message: str) -> None:
    response = client.post(NEW, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in html
    assert html.count(message) >= 2  # in the summary and beside the field
    assert DJANGO_DEFAULT not in html
    assert "is not one of the available choices" not in html
    assert not AdviceRequest.objects.exists()


def test_a_tampered_answer_to_naming_the_person_gets_the_govuk_message(
    client, practitioner
) -> None:
    client.force_login(practitioner)
    _refused(client, _valid(name_person="maybe"), errors.NAME_PERSON_MISSING)


def test_no_answer_to_naming_the_person_gets_the_same_message(client, practitioner) -> None:
    client.force_login(practitioner)
    data = _valid()
    del data["name_person"]
    _refused(client, data, errors.NAME_PERSON_MISSING)


def test_a_tampered_audience_gets_the_govuk_message(client, practitioner) -> None:
    client.force_login(practitioner)
    _refused(client, _valid(addressed_to="maybe"), errors.ADDRESSED_TO_INVALID)


def test_a_tampered_organisation_gets_the_govuk_message(client, practitioner, other_org) -> None:
    MembershipFactory(person=practitioner, organisation=other_org, role=Role.MANAGER)
    client.force_login(practitioner)
    for value in ("maybe", "999999"):
        _refused(client, _valid(organisation=value), errors.ORGANISATION_NOT_YOURS)


def test_every_choice_field_has_its_own_words_for_a_missing_or_tampered_value(
    home_org, other_org
) -> None:
    """A guard for fields added later: each choice has both messages written for it."""
    advisors = [NameableAdvisor(id=1, name="Ada Lovelace", organisations=("Other School",))]
    form = AdviceRequestForm(organisations=[home_org, other_org], advisors=advisors)
    defaults = forms.ChoiceField().error_messages
    choices = {
        name: field for name, field in form.fields.items() if isinstance(field, forms.ChoiceField)
    }
    assert set(choices) == {"organisation", "name_person", "addressed_to", "advisor"}
    for name, field in choices.items():
        for key in ("required", "invalid_choice"):
            assert field.error_messages[key] != defaults[key], (name, key)
