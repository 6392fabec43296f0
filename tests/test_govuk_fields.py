"""The GOV.UK field tag renders each widget as its Design System component."""

import pytest
from django import forms
from django.template import Context, Template


class ExampleForm(forms.Form):
    colour = forms.ChoiceField(choices=[("r", "Red"), ("g", "Green")], widget=forms.RadioSelect)
    sizes = forms.MultipleChoiceField(
        choices=[("s", "Small"), ("m", "Medium")], widget=forms.CheckboxSelectMultiple
    )
    name = forms.CharField(max_length=10)


def _render(form: forms.Form, field: str) -> str:
    return Template("{% govuk_field form." + field + " %}").render(Context({"form": form}))


def test_multiple_choice_renders_as_checkboxes_so_several_can_be_ticked() -> None:
    html = _render(ExampleForm(), "sizes")
    assert 'type="checkbox"' in html
    assert 'type="radio"' not in html


def test_single_choice_renders_as_radios() -> None:
    assert 'type="radio"' in _render(ExampleForm(), "colour")


def test_an_error_links_the_summary_to_the_field() -> None:
    form = ExampleForm(data={"name": "x" * 11})
    assert not form.is_valid()
    summary = Template("{% error_summary form %}").render(Context({"form": form}))
    assert 'href="#id_name"' in summary
    assert "govuk-input--error" in _render(form, "name")


@pytest.mark.django_db
def test_a_page_without_a_count_knows_only_whether_there_is_a_next_page(rf) -> None:
    from infoshare.core.pages import paginate_without_count
    from infoshare.partnerships.models import Partnership

    for n in range(5):
        Partnership.objects.create(name=f"P{n}")
    items = Partnership.objects.order_by("name")
    first = paginate_without_count(rf.get("/?page=1&q=x"), items, per_page=2)["page_obj"]
    assert [p.name for p in first] == ["P0", "P1"]
    assert first.has_next()
    assert not first.has_previous()
    last = paginate_without_count(rf.get("/?page=3"), items, per_page=2)
    assert [p.name for p in last["page_obj"]] == ["P4"]
    assert not last["page_obj"].has_next()
    assert paginate_without_count(rf.get("/?page=1&q=x"), items)["page_query"] == "q=x&"
    assert paginate_without_count(rf.get("/?page=-3"), items)["page_obj"].number == 1
