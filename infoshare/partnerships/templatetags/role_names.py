"""``{{ membership.role|role_in_sentence }}``: a role's name in the middle of a sentence
(``partnerships.role_names``)."""

from __future__ import annotations

from django import template

from infoshare.partnerships.role_names import role_in_sentence as _role_in_sentence

register = template.Library()


@register.filter
def role_in_sentence(role: object) -> str:
    return _role_in_sentence(role)
