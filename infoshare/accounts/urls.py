from django.urls import path

from infoshare.accounts import views

app_name = "accounts"
urlpatterns = [
    path("security", views.security, name="security"),
    path("mfa-required", views.mfa_required, name="mfa_required"),
    path("sign-out-everywhere", views.sign_out_everywhere, name="sign_out_everywhere"),
    path("tokens", views.tokens, name="tokens"),
    path("tokens/<int:token_id>/revoke", views.revoke_token, name="revoke_token"),
]
