"""A request htmx makes for part of a page, after the session has ended, sends the whole
browser to the sign-in page (and back to the page after), rather than swapping part of
the sign-in page into the page."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.urls import reverse


def test_htmx_request_when_signed_out_redirects_the_whole_page(client: Any) -> None:
    page = reverse("decisions:my_decisions")
    response = client.get(
        f"{page}?q=Ok",
        headers={"HX-Request": "true", "HX-Current-URL": f"http://testserver{page}?q=O"},
    )
    assert response.status_code == 204
    assert response["HX-Redirect"] == f"{reverse(settings.LOGIN_URL)}?next={quote(page + '?q=O')}"


def test_htmx_request_from_another_site_comes_back_to_the_requested_page(client: Any) -> None:
    page = reverse("decisions:my_decisions")
    response = client.get(
        page, headers={"HX-Request": "true", "HX-Current-URL": "https://elsewhere.example/x"}
    )
    assert response.status_code == 204
    assert response["HX-Redirect"] == f"{reverse(settings.LOGIN_URL)}?next={quote(page)}"


def test_ordinary_request_when_signed_out_is_redirected(client: Any) -> None:
    page = reverse("decisions:my_decisions")
    response = client.get(page)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse(settings.LOGIN_URL)}?next={quote(page)}"
    assert "HX-Redirect" not in response
