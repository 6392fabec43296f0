from infoshare.core.access import public, signed_in

RULES = {
    "core:home": signed_in(),
    "core:healthz": public(),
    "core:accessibility": public(),
    "core:privacy": public(),
    "core:cookies": public(),
    # "Stay signed in" (the timeout warning): anyone signed in, setting up MFA too.
    "core:extend_session": signed_in(before_mfa=True),
}
