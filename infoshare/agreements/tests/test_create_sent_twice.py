"""The create page sent twice (a double press without JavaScript, a resent form) makes
one draft, and the repeat goes where the first went."""

from __future__ import annotations

import re
from typing import Any

from django.urls import reverse

from infoshare.agreements.models import Agreement

FORM = {
    "title": "School attendance sharing",
    "kind": "data_sharing_agreement",
    "purpose": "Children missing education",
    "article_6": ["art6_e"],
    "review_date": "1/1/2027",
}


def _page_key(client: Any) -> str:
    page = client.get(reverse("agreements:agreement_create")).content.decode()
    found = re.search(r'name="page_key" value="([0-9a-f]{32})"', page)
    assert found, "the create page carries its own key"
    return found.group(1)


def test_the_same_create_page_sent_twice_makes_one_draft(client, advisor, home_org) -> None:
    client.force_login(advisor)
    sent = {**FORM, "lead_organisation": home_org.pk, "page_key": _page_key(client)}
    url = reverse("agreements:agreement_create")
    first = client.post(url, sent)
    again = client.post(url, sent)
    agreement = Agreement.objects.get()
    assert first.status_code == again.status_code == 302
    assert first.url == again.url == reverse("agreements:party_add", args=[agreement.pk])
    page = client.get(again.url).content.decode()
    assert page.count("Draft agreement created. Now add the parties.") == 1


def test_the_page_used_again_with_something_else_typed_makes_another(
    client, advisor, home_org
) -> None:
    client.force_login(advisor)
    sent = {**FORM, "lead_organisation": home_org.pk, "page_key": _page_key(client)}
    url = reverse("agreements:agreement_create")
    assert client.post(url, sent).status_code == 302
    # Back to the page (the same key), another title typed: a second draft, as asked.
    assert client.post(url, {**sent, "title": "Another agreement"}).status_code == 302
    assert sorted(Agreement.objects.values_list("title", flat=True)) == [
        "Another agreement",
        "School attendance sharing",
    ]


def test_two_pages_sent_make_two_drafts(client, advisor, home_org) -> None:
    client.force_login(advisor)
    url = reverse("agreements:agreement_create")
    for _ in range(2):
        sent = {**FORM, "lead_organisation": home_org.pk, "page_key": _page_key(client)}
        assert client.post(url, sent).status_code == 302
    assert Agreement.objects.count() == 2
