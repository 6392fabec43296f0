"""``{% govuk_field form.choice reveal_<value>=form.other %}``: GOV.UK's conditionally
revealed question, with the markup GOV.UK Frontend's Radios script expects (the radios
macro's): ``data-aria-controls`` on the option, the ``govuk-radios__conditional`` block
straight after that option's item, hidden (once the script runs) unless it is chosen."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.template import Context, Template

from infoshare.core.dates import DateInput


class ContactForm(forms.Form):
    how = forms.ChoiceField(
        label="How should we contact you?",
        choices=[("email", "Email"), ("phone", "Phone")],
        widget=forms.RadioSelect,
    )
    email = forms.EmailField(label="Email address", required=False)
    call_from = forms.DateField(label="From", required=False, widget=DateInput())


def _render(form: forms.Form, tag: str = "reveal_email=form.email") -> str:
    return Template("{% govuk_field form.how " + tag + " %}").render(Context({"form": form}))


def _item_of(html: str, value: str) -> str:
    """The option's radio input."""
    found = re.search(rf'<input class="govuk-radios__input"[^>]*value="{value}"[^>]*>', html)
    assert found, html
    return found.group(0)


def test_the_revealed_question_follows_its_option_and_is_controlled_by_it() -> None:
    html = _render(ContactForm())
    assert 'data-aria-controls="conditional-id_how"' in _item_of(html, "email")
    assert "data-aria-controls" not in _item_of(html, "phone")
    # The item of "Email", then its conditional block holding the question, then "Phone".
    email_item = html.index('value="email"')
    conditional = html.index('<div class="govuk-radios__conditional')
    question = html.index('name="email"')
    phone_item = html.index('value="phone"')
    assert email_item < conditional < question < phone_item
    assert html[email_item:conditional].count('class="govuk-radios__item"') == 0
    assert (
        '<div class="govuk-radios__conditional govuk-radios__conditional--hidden"'
        ' id="conditional-id_how">'
    ) in html
    assert 'data-module="govuk-radios"' in html
    # GOV.UK: a question is never revealed under inline radios.
    assert "govuk-radios--inline" not in html
    assert '<label class="govuk-label govuk-label--s" for="id_email">Email address</label>' in html


def test_the_block_is_not_marked_hidden_when_its_option_is_chosen() -> None:
    html = _render(ContactForm(data={"how": "email"}))
    assert "checked" in _item_of(html, "email")
    assert '<div class="govuk-radios__conditional" id="conditional-id_how">' in html


def test_an_option_whose_question_has_an_error_is_the_chosen_one() -> None:
    form = ContactForm(data={"how": "phone", "email": "not an address"})
    assert not form.is_valid()
    html = _render(form)
    assert "checked" in _item_of(html, "email")
    assert "checked" not in _item_of(html, "phone")
    assert '<div class="govuk-radios__conditional" id="conditional-id_how">' in html
    assert 'id="id_email-error"' in html


def test_several_options_can_each_reveal_a_question_and_a_date_box_keeps_its_width() -> None:
    html = _render(ContactForm(), "reveal_email=form.email reveal_phone=form.call_from")
    assert 'data-aria-controls="conditional-id_how-1"' in _item_of(html, "phone")
    assert 'id="conditional-id_how-1"' in html
    assert "govuk-input--width-10" in html.split('id="conditional-id_how-1"')[1]


def test_a_reveal_under_an_option_that_does_not_exist_is_refused() -> None:
    with pytest.raises(ValueError, match="no option 'post'"):
        _render(ContactForm(), "reveal_post=form.email")


def test_without_reveals_two_radios_stay_inline_and_unchanged() -> None:
    html = Template("{% govuk_field form.how %}").render(Context({"form": ContactForm()}))
    assert "govuk-radios--inline" in html
    assert "conditional" not in html


def test_several_of_the_forms_questions_can_be_revealed_under_one_option() -> None:
    html = _render(ContactForm(), 'reveal_email="email call_from"')
    conditional = html.index('<div class="govuk-radios__conditional')
    assert conditional < html.index('name="email"') < html.index('name="call_from"')
    assert html.index('name="call_from"') < html.index('value="phone"')
    # An error in the second question chooses the option it sits under.
    form = ContactForm({"how": "phone", "call_from": "40/1/2026"})
    form.is_valid()
    form.add_error("call_from", "Enter a real date")
    html = _render(form, 'reveal_email="email call_from"')
    assert " checked" in _item_of(html, "email")
    assert " checked" not in _item_of(html, "phone")
