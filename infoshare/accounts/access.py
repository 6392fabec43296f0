"""Access rules for sign-in, MFA, sessions and personal tokens."""

from infoshare.core.access import public, signed_in

_BEFORE_SIGN_IN = [
    "account_login",
    "account_logout",
    "account_inactive",
    "account_signup",  # closed: shows "sign-up is closed"; people are invited
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key",
    "account_reset_password_from_key_done",
    "account_confirm_login_code",
    "account_email_verification_sent",
    "account_confirm_email",
    "mfa_authenticate",  # the second step of signing in
    "socialaccount_login_cancelled",
    "socialaccount_login_error",
    "socialaccount_signup",
    "openid_connect_login",
    "openid_connect_callback",
]

# Reachable once signed in with a password, so that MFA can be set up.
_MFA_SET_UP = [
    "accounts:mfa_required",
    "mfa_index",
    "mfa_activate_totp",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_download_recovery_codes",
    "mfa_reauthenticate",
    "account_reauthenticate",
    "account_request_reauthentication_code",
    "account_confirm_reauthentication_code",
]

_SIGNED_IN = [
    "account_email",
    "account_change_password",
    "account_set_password",
    "mfa_deactivate_totp",
    "socialaccount_connections",
    "usersessions_list",
    "accounts:security",
    "accounts:sign_out_everywhere",
    "accounts:tokens",
    "accounts:revoke_token",
    "api-1:me",
]

RULES = {
    **{name: public() for name in _BEFORE_SIGN_IN},
    **{name: signed_in(before_mfa=True) for name in _MFA_SET_UP},
    **{name: signed_in() for name in _SIGNED_IN},
}
