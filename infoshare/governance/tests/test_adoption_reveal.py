"""Recording where an organisation stands on a common standard: "Target date" sits under
"Adopting" and "Reason for not adopting it" under "Not adopted", as GOV.UK's conditionally
revealed questions (no "Needed if..." hints). An error on one shows it with its option
chosen, and the error summary links to its box; what a box under an option not chosen
holds, right or wrong, is not part of the answer."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from infoshare.governance.models import StandardAdoption
from infoshare.governance.services._common import MSG_REASON_REQUIRED, MSG_TARGET_DATE_REQUIRED
from infoshare.governance.tests.factories import make_standard

pytestmark = pytest.mark.django_db


@pytest.fixture
def adoption_url(client: Any, senior_lead: Any, home_org: Any, partnership: Any) -> str:
    client.force_login(senior_lead)
    standard = make_standard(partnership=partnership)
    return reverse(
        "governance:adoption_record", kwargs={"org_id": home_org.pk, "standard_id": standard.pk}
    )


def radio(html: str, value: str) -> str:
    found = re.search(rf'<input class="govuk-radios__input"[^>]*value="{value}"[^>]*>', html)
    assert found, html
    return found.group(0)


def block(html: str, option_id: str) -> str:
    """The conditional block of an option, from its opening tag to the next radio item."""
    start = html.index(f'id="conditional-{option_id}"')
    start = html.rindex("<div", 0, start)
    end = html.find('class="govuk-radios__item"', start)
    return html[start : end if end != -1 else html.index("</fieldset>", start)]


def test_each_follow_up_question_is_revealed_under_its_option(
    client: Any, adoption_url: str
) -> None:
    html = client.get(adoption_url).content.decode()
    assert "data-aria-controls" not in radio(html, "adopted")
    assert 'data-aria-controls="conditional-id_status-1"' in radio(html, "adopting")
    assert 'data-aria-controls="conditional-id_status-2"' in radio(html, "not_adopted")
    date = block(html, "id_status-1")
    assert date.startswith(
        '<div class="govuk-radios__conditional govuk-radios__conditional--hidden"'
    )
    assert (
        html.index(radio(html, "adopting")) < html.index(date) < html.index('value="not_adopted"')
    )
    assert 'name="target_date"' in date
    assert "govuk-input--width-10" in date
    reason = block(html, "id_status-2")
    assert html.index(radio(html, "not_adopted")) < html.index(reason)
    assert "Reason for not adopting it</label>" in reason
    assert 'name="reason"' in reason
    assert "Needed if" not in html


@pytest.mark.parametrize(
    ("sent", "option", "box", "message"),
    [
        ({"status": "adopting"}, "adopting", "target_date", MSG_TARGET_DATE_REQUIRED),
        ({"status": "not_adopted"}, "not_adopted", "reason", MSG_REASON_REQUIRED),
        (
            {"status": "adopting", "target_date": "soon"},
            "adopting",
            "target_date",
            "Target date must be a real date",
        ),
    ],
)
def test_an_error_shows_its_option_chosen_and_the_summary_links_to_the_box(
    client: Any, adoption_url: str, sent: dict[str, str], option: str, box: str, message: str
) -> None:
    response = client.post(adoption_url, sent)
    html = response.content.decode()
    assert response.status_code == 400
    assert f'<a href="#id_{box}">{message}' in html
    assert " checked" in radio(html, option)
    assert [v for v in ("adopted", "adopting", "not_adopted") if " checked" in radio(html, v)] == [
        option
    ]
    option_id = "id_status-1" if option == "adopting" else "id_status-2"
    shown = block(html, option_id)
    assert shown.startswith(f'<div class="govuk-radios__conditional" id="conditional-{option_id}"')
    assert f'id="id_{box}-error"' in shown
    assert not StandardAdoption.objects.exists()


def test_what_is_left_under_an_option_not_chosen_is_ignored_even_if_wrong(
    client: Any, adoption_url: str
) -> None:
    sent = {"status": "not_adopted", "reason": "No advisor yet.", "target_date": "soon"}
    assert client.post(adoption_url, sent).status_code == 302
    adoption = StandardAdoption.objects.get()
    assert (adoption.status, adoption.target_date, adoption.reason) == (
        "not_adopted",
        None,
        "No advisor yet.",
    )
    sent = {"status": "adopted", "reason": "Bell\x07here", "target_date": "soon"}
    assert client.post(adoption_url, sent).status_code == 302
    adoption.refresh_from_db()
    assert (adoption.status, adoption.target_date, adoption.reason) == ("adopted", None, "")
