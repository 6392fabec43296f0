from enum import StrEnum


class Action(StrEnum):
    SIGNED_IN = "accounts.signed_in"
    SIGN_IN_FAILED = "accounts.sign_in_failed"
    SIGNED_OUT = "accounts.signed_out"
    PASSWORD_CHANGED = "accounts.password_changed"
    PASSWORD_RESET = "accounts.password_reset"
    MFA_ACTIVATED = "accounts.mfa_activated"
    MFA_DEACTIVATED = "accounts.mfa_deactivated"
    MFA_CODE_FAILED = "accounts.mfa_code_failed"
    MFA_ATTEMPTS_LIMITED = "accounts.mfa_attempts_limited"
    RECOVERY_CODES_GENERATED = "accounts.recovery_codes_generated"
    RECOVERY_CODES_REGENERATED = "accounts.recovery_codes_regenerated"
    RECOVERY_CODE_USED = "accounts.recovery_code_used"
    TOKEN_CREATED = "accounts.token_created"
    TOKEN_REVOKED = "accounts.token_revoked"
    ALL_TOKENS_REVOKED = "accounts.all_tokens_revoked"
    SIGNED_OUT_EVERYWHERE = "accounts.signed_out_everywhere"
    #: API requests refused by the rate limit: at most one event per person and limit
    #: in each period of the limit (accounts.api_limits).
    API_RATE_LIMITED = "accounts.api_rate_limited"
