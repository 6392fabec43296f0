"""What happens to what someone typed when the request is closed meanwhile.

An advisor's reply, typed while the asker closed the request, used to be thrown away: the
page said the request was closed and showed nothing of the reply. Now the page says who
closed it and when, and shows the reply as it was typed so that it can be copied. And a
second press of Close (a double-click) by the person who closed it is taken as done,
rather than a page saying both "You have closed" and "There is a problem"."""

from __future__ import annotations

import html as markup
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from infoshare.advice import errors
from infoshare.advice.audit import Action
from infoshare.advice.models import AdviceRequest, Status
from infoshare.audit.models import AuditEvent
from infoshare.core.times import datetime_text

pytestmark = pytest.mark.django_db

NEW = reverse("advice:request_new")
TYPED = "Yes: tell the school <b>now</b> & explain why\nto the family."


def detail(request_id: int) -> str:
    return reverse("advice:request_detail", kwargs={"request_id": request_id})


def close(request_id: int) -> str:
    return reverse("advice:request_close", kwargs={"request_id": request_id})


def text(page: str) -> str:
    return " ".join(markup.unescape(re.sub(r"<[^>]+>", " ", page)).split())


@pytest.fixture
def asked(client: Any, practitioner: Any, advisor: Any) -> AdviceRequest:
    """A question to the organisation's advisors (there is one to answer it)."""
    client.force_login(practitioner)
    data = {
        "question": "May I tell the school?",
        "name_person": "no",
        "addressed_to": "organisation",
    }
    assert client.post(NEW, data).status_code == 302
    return AdviceRequest.objects.get()


def test_a_reply_typed_while_the_asker_closed_the_request_is_shown_back(
    client: Any, asked: AdviceRequest, practitioner: Any, advisor: Any
) -> None:
    client.force_login(advisor)
    assert client.get(detail(asked.pk)).status_code == 200  # the advisor starts writing
    client.force_login(practitioner)
    assert client.post(close(asked.pk)).status_code == 302  # the asker closes it
    asked.refresh_from_db()

    client.force_login(advisor)
    response = client.post(detail(asked.pk), {"body": TYPED, "page_key": "k1"})

    page = response.content.decode()
    assert response.status_code == 400
    assert errors.REPLY_CLOSED in page
    words = text(page)
    assert "Your reply has not been sent" in words
    assert (
        f"{practitioner.full_name} closed this request on {datetime_text(asked.closed_at)}, "
        "while you were writing your reply" in words
    )
    # What they wrote, escaped, each line kept, to copy; no reply box to send it in.
    assert "What you wrote" in words
    assert "Yes: tell the school &lt;b&gt;now&lt;/b&gt; &amp; explain why<br>to the family." in page
    assert "<b>now</b>" not in page
    assert 'name="body"' not in page
    assert not asked.replies.exists()


def test_the_asker_whose_request_was_closed_is_offered_a_new_question(
    client: Any, asked: AdviceRequest, practitioner: Any, advisor: Any
) -> None:
    asked.status, asked.closed_at, asked.closed_by = Status.CLOSED, timezone.now(), advisor
    asked.first_response_at = asked.closed_at
    asked.save()
    client.force_login(practitioner)

    response = client.post(detail(asked.pk), {"body": "One more thing: the GP too?"})

    page = response.content.decode()
    assert response.status_code == 400
    assert errors.ALREADY_CLOSED in page
    assert f"{advisor.full_name} closed this request on" in text(page)
    assert "One more thing: the GP too?" in page
    assert f'href="{NEW}">ask a new question</a>' in page


def test_nothing_typed_is_nothing_shown(
    client: Any, asked: AdviceRequest, practitioner: Any, advisor: Any
) -> None:
    client.force_login(practitioner)
    client.post(close(asked.pk))
    client.force_login(advisor)
    page = client.post(detail(asked.pk), {"body": "  "}).content.decode()
    assert errors.REPLY_CLOSED in page
    assert "What you wrote" not in page


def test_close_pressed_twice_is_done_without_an_error(
    client: Any, asked: AdviceRequest, practitioner: Any
) -> None:
    first = client.post(close(asked.pk))  # its page never shown: the second press follows
    assert first.status_code == 302

    response = client.post(close(asked.pk), follow=True)

    assert response.redirect_chain == [(detail(asked.pk), 302)]
    page = response.content.decode()
    assert "You have closed this advice request" in page
    assert "There is a problem" not in page
    assert errors.ALREADY_CLOSED not in page
    closings = AuditEvent.objects.filter(action=Action.CLOSED, object_id=str(asked.pk))
    assert closings.count() == 1


def test_closing_a_request_someone_else_closed_still_says_so(
    client: Any, asked: AdviceRequest, advisor: Any
) -> None:
    asked.status, asked.closed_at, asked.closed_by = Status.CLOSED, timezone.now(), advisor
    asked.save()

    response = client.post(close(asked.pk))

    assert response.status_code == 400
    assert errors.ALREADY_CLOSED in response.content.decode()
