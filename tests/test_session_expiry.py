"""Nothing typed is lost on an expired session: the person signs in again, returns to
the same page, and what they typed is saved."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from infoshare.decisions import services


def test_text_typed_when_the_session_expired_is_saved_after_signing_in_again(
    client: Any, practitioner: Any, home_org: Any
) -> None:
    draft, _ = services.start_draft(actor=practitioner)
    page = reverse("decisions:purpose", kwargs={"decision_id": draft.pk})
    client.force_login(practitioner)
    client.get(page)
    client.session.flush()  # the 30 minutes ran out while the practitioner was typing
    client.cookies.pop("sessionid", None)

    typed = "To arrange support from the school nurse before the holidays"
    response = client.post(page, {"purpose": typed})

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    draft.refresh_from_db()
    assert draft.purpose == ""

    client.force_login(practitioner)
    back = client.get(page)  # where the sign-in page sends them ("next")

    assert back.status_code == 302  # saved, and on to the next question
    draft.refresh_from_db()
    assert draft.purpose == typed
    again = client.get(page)
    assert again.status_code == 200  # kept for one page only


def test_passwords_are_never_kept_in_the_signed_out_session(client: Any, db: Any) -> None:
    client.post(reverse("accounts:tokens"), {"name": "x", "password": "secret-value"})
    kept = client.session.get("infoshare_resubmit")
    assert kept is not None
    assert "secret-value" not in kept["data"]
    assert "name=x" in kept["data"]
