"""Wide tables scroll sideways in a region of their own, so that the page does not.

{% load tables %}
{% scroll_table "caption-id" %}<table class="govuk-table"><caption id="caption-id">…{% endscroll_table %}

The region is named by the table's caption (a visually hidden caption is fine), can be
reached with the keyboard and scrolled with the arrow keys, and is drawn by
components/table_scroll.html, the one place its markup is kept. More than one id names the
region by all of them, in order: ``{% scroll_table operation.id caption_id %}``.
"""

from __future__ import annotations

from django import template
from django.template import Engine
from django.template.base import FilterExpression, NodeList, Parser, Token

register = template.Library()

TEMPLATE = "components/table_scroll.html"


class ScrollTableNode(template.Node):
    def __init__(self, labelled_by: list[FilterExpression], nodelist: NodeList) -> None:
        self.labelled_by = labelled_by
        self.nodelist = nodelist

    def render(self, context: template.Context) -> str:
        ids = [str(expression.resolve(context) or "").strip() for expression in self.labelled_by]
        if not all(ids):
            raise ValueError("scroll_table needs the id of the table's caption to name its region")
        table = self.nodelist.render(context)
        engine = context.template.engine if context.template else Engine.get_default()
        wrapper = engine.get_template(TEMPLATE)
        with context.push(labelled_by=" ".join(ids), table=table):
            return wrapper.render(context)


@register.tag
def scroll_table(parser: Parser, token: Token) -> ScrollTableNode:
    """``{% scroll_table caption_id %}…{% endscroll_table %}``: see the module's docstring."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(
            f"{bits[0]} needs the id of the table's caption, which names the scrolling region"
        )
    labelled_by = [parser.compile_filter(bit) for bit in bits[1:]]
    nodelist = parser.parse(("endscroll_table",))
    parser.delete_first_token()
    return ScrollTableNode(labelled_by, nodelist)
