"""Every data table scrolls sideways in a region of its own (WCAG 1.4.10 Reflow): the
scroll_table tag draws that region, named by the table's caption."""

import pytest
from django.template import Context, Template, TemplateSyntaxError

TABLE = '<table class="govuk-table"><caption id="{{ caption_id }}">People</caption></table>'


def _render(tag: str, **context: object) -> str:
    source = "{% load tables %}{% " + tag + " %}" + TABLE + "{% endscroll_table %}"
    return Template(source).render(Context(context))


def test_the_table_is_inside_a_focusable_region_named_by_its_caption() -> None:
    html = _render('scroll_table "people-caption"', caption_id="people-caption")
    assert html.strip() == (
        '<div class="app-table-scroll" role="region" aria-labelledby="people-caption" '
        'tabindex="0"><table class="govuk-table"><caption id="people-caption">People</caption>'
        "</table></div>"
    )


def test_the_region_can_be_named_by_several_ids_from_variables() -> None:
    html = _render(
        'scroll_table operation.id operation.id|add:"-parameters"',
        operation={"id": "create-decision"},
        caption_id="create-decision-parameters",
    )
    assert 'aria-labelledby="create-decision create-decision-parameters"' in html


def test_the_tables_html_is_not_escaped_again_and_values_in_it_are() -> None:
    html = _render('scroll_table "x"', caption_id='"><script>')
    assert '<table class="govuk-table">' in html
    assert "<script>" not in html


def test_a_region_without_a_caption_id_is_refused() -> None:
    with pytest.raises(TemplateSyntaxError):
        Template("{% load tables %}{% scroll_table %}" + TABLE + "{% endscroll_table %}")
    with pytest.raises(ValueError, match="caption"):
        _render("scroll_table missing", caption_id="people")
