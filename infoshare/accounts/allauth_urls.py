"""The parts of django-allauth that Infoshare serves (no legacy redirects)."""

from allauth.urls import build_provider_urlpatterns
from django.urls import URLPattern, URLResolver, include, path

from infoshare.accounts.views import usersessions_list

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("allauth.account.urls")),
    path("2fa/", include("allauth.mfa.urls")),
    path("3rdparty/", include("allauth.socialaccount.urls")),
    # allauth's sessions page (usersessions_list), listing the sessions in one query.
    path("sessions/", usersessions_list, name="usersessions_list"),
    *build_provider_urlpatterns(),
]
