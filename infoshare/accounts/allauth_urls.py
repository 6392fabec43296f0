"""The parts of django-allauth that Infoshare serves (no legacy redirects)."""

from allauth.urls import build_provider_urlpatterns
from django.urls import URLPattern, URLResolver, include, path

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("allauth.account.urls")),
    path("2fa/", include("allauth.mfa.urls")),
    path("3rdparty/", include("allauth.socialaccount.urls")),
    path("sessions/", include("allauth.usersessions.urls")),
    *build_provider_urlpatterns(),
]
