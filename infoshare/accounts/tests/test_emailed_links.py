"""The links in sign-in's emails (allauth's) are on the service's own address, SITE_URL,
whatever address the request came to: behind a proxy, or with a forged Host header (any
of ALLOWED_HOSTS), a password reset link must never point anywhere else, as the links in
the service's other emails (invitations, advice, reminders) never do."""

from __future__ import annotations

import re
from typing import Any

from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.core import context
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse

SITE = "https://infoshare.example.org"
#: Another of the test settings' ALLOWED_HOSTS: the address the request was sent to.
OTHER_HOST = "localhost"


def _links(body: str) -> list[str]:
    return re.findall(r"https?://\S+", body)


def test_a_reset_asked_for_at_another_address_links_to_site_url(
    client: Any, practitioner: Any, settings: Any
) -> None:
    settings.SITE_URL = f"{SITE}/"  # a trailing slash makes no double one
    response = client.post(
        reverse("account_reset_password"), {"email": practitioner.email}, HTTP_HOST=OTHER_HOST
    )

    assert response.status_code == 302
    [message] = mail.outbox
    [link] = _links(str(message.body))
    assert link.startswith(f"{SITE}/accounts/password/reset/key/"), link
    assert OTHER_HOST not in str(message.body)
    # The link is the one allauth checks: it opens the page to choose a new password.
    opened = client.get(link.removeprefix(SITE), follow=True)
    assert opened.status_code == 200
    assert "new password" in opened.content.decode().lower()


def test_an_address_to_confirm_is_linked_on_site_url(practitioner: Any, settings: Any) -> None:
    settings.SITE_URL = SITE
    address = EmailAddress.objects.create(
        user=practitioner, email="also@example.org", primary=False, verified=False
    )
    request = RequestFactory().get("/", HTTP_HOST=OTHER_HOST)
    request.user = practitioner
    with context.request_context(request):
        get_adapter(request).send_confirmation_mail(
            request, EmailConfirmationHMAC(address), signup=False
        )

    [message] = mail.outbox
    [link] = _links(str(message.body))
    assert link.startswith(f"{SITE}/accounts/confirm-email/"), link


def test_no_email_is_given_the_requests_address(practitioner: Any, settings: Any) -> None:
    """Any other link allauth puts in an email's context (the sign-up page it offers an
    unknown address, the site it names) is on SITE_URL too."""
    settings.SITE_URL = SITE
    request = RequestFactory().get("/", HTTP_HOST=OTHER_HOST)
    request.user = practitioner
    seen: dict[str, Any] = {}
    adapter = get_adapter(request)

    def render(prefix: str, email: Any, ctx: dict[str, Any], *args: Any, **kw: Any) -> Any:
        seen.update(ctx)
        return original(prefix, email, ctx, *args, **kw)

    original = adapter.render_mail
    adapter.render_mail = render  # type: ignore[method-assign]
    with context.request_context(request):
        adapter.send_mail(
            "account/email/unknown_account",
            "nobody@example.org",
            {"signup_url": f"http://{OTHER_HOST}/accounts/signup/?next=%2F"},
        )

    assert seen["signup_url"] == f"{SITE}/accounts/signup/?next=%2F"
    assert seen["current_site"].domain == "infoshare.example.org"
    assert len(mail.outbox) == 1
