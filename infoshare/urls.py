from django.urls import include, path

from infoshare.api.router import api

urlpatterns = [
    path("", include("infoshare.core.urls")),
    path("account/", include("infoshare.accounts.urls")),
    path("accounts/", include("infoshare.accounts.allauth_urls")),
    path("organisations/", include("infoshare.partnerships.urls")),
    path("audit/", include("infoshare.audit.urls")),
    path("agreements/", include("infoshare.agreements.urls")),
    path("governance/", include("infoshare.governance.urls")),
    path("advice/", include("infoshare.advice.urls")),
    path("decisions/", include("infoshare.decisions.urls")),
    path("api-documentation", include("infoshare.api.urls")),
    path("api/", api.urls),
]

handler400 = "infoshare.core.views.error_400"
handler403 = "infoshare.core.views.error_403"
handler404 = "infoshare.core.views.error_404"
handler500 = "infoshare.core.views.error_500"
handler429 = "infoshare.core.views.error_429"  # allauth's rate limits
