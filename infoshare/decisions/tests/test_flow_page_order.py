"""GOV.UK's order on every page of the flow with an error: the error summary first in the
page's content, then the caption, then the heading; on a page whose question is its
heading, the caption sits in the question's legend."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from infoshare.decisions.models import SharingDecision
from infoshare.decisions.tests.factories import answer_questions

CAPTION = re.compile(r'<span class="govuk-caption-m">Decision [^<]+</span>')


@pytest.fixture
def draft(client: Any, practitioner: Any) -> SharingDecision:
    """A draft with the key questions answered and "shared" chosen: every page is open."""
    client.force_login(practitioner)
    client.post(reverse("decisions:start"))
    return answer_questions(SharingDecision.objects.get(author=practitioner), outcome="shared")


def _main(body: str) -> str:
    return body[body.index("<main") : body.index("</main>")]


@pytest.mark.parametrize(
    ("page", "data", "question_is_heading"),
    [
        ("people", {"action": "continue"}, False),
        ("purpose", {}, False),
        ("recipient", {}, False),
        ("outcome", {}, True),
        ("information", {}, False),
        ("sharing", {}, False),
        ("told", {}, True),
        ("bases", {"gateway": "no-such-gateway"}, False),
    ],
)
def test_the_error_summary_comes_before_the_caption_and_heading(
    client: Any, draft: Any, page: str, data: dict[str, str], question_is_heading: bool
) -> None:
    response = client.post(reverse(f"decisions:{page}", kwargs={"decision_id": draft.pk}), data)
    assert response.status_code == 400, page
    main = _main(response.content.decode())
    captions = CAPTION.findall(main)
    assert len(captions) == 1, captions
    summary = main.index("govuk-error-summary")
    caption = main.index(captions[0])
    heading = main.index("<h1")
    assert summary < caption < heading
    if question_is_heading:
        legend = main.index('<legend class="govuk-fieldset__legend govuk-fieldset__legend--l">')
        assert legend < caption < main.index("</legend>")


def test_a_key_question_with_an_error_puts_its_summary_first(client: Any, draft: Any) -> None:
    url = reverse("decisions:question", kwargs={"decision_id": draft.pk, "key": "purpose"})
    main = _main(client.post(url, {}).content.decode())
    caption = CAPTION.search(main)
    assert caption is not None
    assert main.index("govuk-error-summary") < caption.start() < main.index("<h1")
    assert main.index("<legend") < caption.start() < main.index("</legend>")
