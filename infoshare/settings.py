"""Infoshare settings. Everything that differs between machines comes from the
environment (see README, "Running in production")."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("INFOSHARE_VAR_DIR", BASE_DIR / "var"))
if not os.environ.get("DATABASE_URL"):
    # The embedded database lives here; a fresh clone has no var/ until the first command.
    VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEV_SECRET_KEY = "dev-only-insecure-key-never-use-in-production"  # noqa: S105
PRODUCTION = os.environ.get("INFOSHARE_ENV", "development") == "production"
SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)
DEBUG = env_bool("DEBUG", not PRODUCTION)

if PRODUCTION and (DEBUG or SECRET_KEY == DEV_SECRET_KEY or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "Refusing to start in production with DEBUG on or without a strong SECRET_KEY "
        "(50 or more characters)."
    )
# The audit trail's hash chain is keyed (HMAC-SHA256) with this key, kept outside the
# database, so that someone who can write to the database cannot rewrite events and their
# hashes unnoticed. Development and tests derive one from SECRET_KEY; production sets its own.
AUDIT_CHAIN_KEY = os.environ.get("AUDIT_CHAIN_KEY") or (
    "" if PRODUCTION else hashlib.sha256(f"infoshare.audit.chain|{SECRET_KEY}".encode()).hexdigest()
)
if PRODUCTION and (len(AUDIT_CHAIN_KEY) < 32 or AUDIT_CHAIN_KEY == SECRET_KEY):
    raise ImproperlyConfigured(
        "Refusing to start in production without a strong AUDIT_CHAIN_KEY "
        "(32 or more characters, different from SECRET_KEY)."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.usersessions",
    "ninja",
    "csp",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "infoshare.core",
    "infoshare.audit",
    "infoshare.accounts",
    "infoshare.partnerships",
    "infoshare.agreements",
    "infoshare.governance",
    "infoshare.advice",
    "infoshare.decisions",
    "infoshare.api",
]

MIDDLEWARE = [
    # First: answers the load balancer's /healthz whatever its Host and scheme (core/healthz.py).
    "infoshare.core.healthz.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "infoshare.core.context.RequestContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "infoshare.core.middleware.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "infoshare.core.middleware.NoStoreMiddleware",
    "infoshare.accounts.tokens.ApiTokenMiddleware",
    # After the token middleware (an API token's person), before everything that answers.
    "infoshare.audit.refusals.RefusalAuditMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "infoshare.accounts.activity.SessionActivityMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "infoshare.core.middleware.ErrorShapeMiddleware",
    "infoshare.core.middleware.AccessMiddleware",
]

ROOT_URLCONF = "infoshare.urls"
WSGI_APPLICATION = "infoshare.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "infoshare" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "infoshare.core.context_processors.navigation",
            ],
            "builtins": ["infoshare.core.templatetags.govuk"],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'infoshare.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
# The embedded database: write-ahead log, so that readers never wait for a writer.
SQLITE_OPTIONS = {
    "timeout": 20,
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["OPTIONS"] = dict(SQLITE_OPTIONS)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
        if os.environ.get("REDIS_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
# With a shared cache (Redis), sessions are read from it and written through to the database;
# a per-process memory cache would let a session ended elsewhere live on, so not then.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if os.environ.get("REDIS_URL")
    else "django.contrib.sessions.backends.db"
)

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Sign-in (django-allauth) ---------------------------------------------
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:home"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ADAPTER = "infoshare.accounts.adapter.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "infoshare.accounts.adapter.SocialAccountAdapter"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PREVENT_ENUMERATION = True
# An address with no account is emailed too (templates/account/email/unknown_account_*:
# nobody signs up here, so it says to ask for an invitation), so that asking for a reset
# takes as long for an unknown address as for a known one and the page answers the same:
# neither the answer nor its time tells whether someone has an account.
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = True
# allauth's emails are the service's own (templates/account/email/), their subjects
# naming Infoshare, without allauth's "[site] " prefix.
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# Sign-in throttling (django-allauth, counted in the shared cache). Schools and councils
# sign in from one shared (NAT) address, so the limits per address ("ip") are set for a whole
# office, and the one per account ("key", the email address) stops guessing a password.
# - "login_failed": allauth counts every password tried (``pre_authenticate``) and gives the
#   count back when the password is right (``authenticate``), so only wrong passwords stay
#   counted. 5 in 15 minutes per account; 50 in 15 minutes per address, so one person's
#   mistakes never lock out everyone at their address, and people signing in at the same
#   moment (each holding a place until their password is checked) are not refused. The
#   account's limit comes first: allauth stops at the first limit reached, so tries at an
#   account that is already locked do not use up its address's allowance. Someone locked out
#   waits or resets their password (a reset clears the count: ``AccountAdapter`` says so).
# - "login": every sign-in form sent, right or wrong, never given back: 120 a minute per
#   address (allauth's default, 30, is less than an office signing in at 9am).
# - "reset_password": 3 an hour per email address, 30 an hour per (shared) address.
ACCOUNT_RATE_LIMITS = {
    "login_failed": os.environ.get("LOGIN_FAILED_LIMIT", "5/15m/key,50/15m/ip"),
    "login": "120/m/ip",
    "reset_password": "3/h/key,30/h/ip",
}
# API rate limits (infoshare.accounts.api_limits; Django Ninja's throttling), per person:
# every request of one person (any of their tokens, or their session) counts towards
# API_RATE_LIMIT, and each one that changes something also towards API_WRITE_RATE_LIMIT.
# "<requests>/<period>", the period "s", "min", "h" or "day" ("240/min", "1000/h"). A case-
# management system working for one practitioner makes a few requests a second at its
# busiest; 240 a minute (4 a second on average) leaves it room while stopping one token
# from scraping every record, and 60 changes a minute is more than a person records.
# Counted in the default cache, which must be shared by every worker (REDIS_URL).
API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "240/min")
API_WRITE_RATE_LIMIT = os.environ.get("API_WRITE_RATE_LIMIT", "60/min")
# The client's address, for the rate limits above ("/ip") and the audit trail
# (infoshare.core.context.client_address): behind N proxies that each append the address
# they received from to X-Forwarded-For, the N-th address from the right is the client's
# (the ones further left are whatever the client sent). With 0, X-Forwarded-For is never
# trusted and REMOTE_ADDR is the client. Without this, behind a proxy every request comes
# from the proxy's address, and five failed sign-ins would lock everyone out.
_proxies = os.environ.get("TRUSTED_PROXY_COUNT", "0").strip()
if not (_proxies.isascii() and _proxies.isdigit()):
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be a whole number, 0 or more.")
TRUSTED_PROXY_COUNT = int(_proxies)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
# The request id that the audit trail and the X-Request-ID response header carry is made
# by the service for each request. Only behind a proxy that sets X-Request-ID itself (replacing any the
# client sent) may its id be taken instead, and then only when it is 8 to 64 letters,
# digits, ".", "_" or "-" (infoshare.core.context.request_id_for): otherwise a client
# could give its requests another's id, or put what it likes in the trail.
TRUSTED_REQUEST_ID_HEADER = env_bool("TRUSTED_REQUEST_ID_HEADER", False)
ACCOUNT_FORMS = {
    "login": "infoshare.accounts.allauth_forms.LoginForm",
    "reset_password": "infoshare.accounts.allauth_forms.ResetPasswordForm",
    "change_password": "infoshare.accounts.allauth_forms.ChangePasswordForm",
    "reset_password_from_key": "infoshare.accounts.allauth_forms.ResetPasswordKeyForm",
    "reauthenticate": "infoshare.accounts.allauth_forms.ReauthenticateForm",
}
MFA_FORMS = {
    "authenticate": "infoshare.accounts.allauth_forms.AuthenticateForm",
    "reauthenticate": "infoshare.accounts.allauth_forms.MfaReauthenticateForm",
    "activate_totp": "infoshare.accounts.allauth_forms.ActivateTOTPForm",
}
MFA_ADAPTER = "infoshare.accounts.adapter.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Infoshare"
MFA_RECOVERY_CODE_COUNT = 10
USERSESSIONS_TRACK_ACTIVITY = True

# Single sign-on with OpenID Connect (e.g. Microsoft Entra ID), switched on by environment.
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_PROVIDERS: dict[str, object] = {}
if os.environ.get("OIDC_CLIENT_ID"):
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = {
        "APPS": [
            {
                "provider_id": os.environ.get("OIDC_PROVIDER_ID", "entra"),
                "name": os.environ.get("OIDC_PROVIDER_NAME", "Microsoft Entra ID"),
                "client_id": os.environ["OIDC_CLIENT_ID"],
                "secret": os.environ.get("OIDC_CLIENT_SECRET", ""),
                "settings": {"server_url": os.environ.get("OIDC_SERVER_URL", "")},
            }
        ]
    }

# --- Sessions and cookies ----------------------------------------------------
SESSION_IDLE_SECONDS = int(os.environ.get("SESSION_IDLE_MINUTES", "30")) * 60
# The idle timeout runs from the last touch of the session, which happens at most once a
# minute (infoshare.accounts.activity): the lifetime is the timeout plus that minute.
SESSION_COOKIE_AGE = SESSION_IDLE_SECONDS + 60
#: How long before the idle sign-out the "You're about to be signed out" dialog opens
#: (frontend/js/timeout-warning.mjs): 2 minutes, or half the idle time when that is shorter.
SESSION_TIMEOUT_WARNING_SECONDS = min(120, SESSION_IDLE_SECONDS // 2)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
#: A stale page's form is kept for the person to confirm, not lost (core/csrf.py).
CSRF_FAILURE_VIEW = "infoshare.core.csrf.csrf_failure"
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_SSL_REDIRECT = PRODUCTION and env_bool("SECURE_SSL_REDIRECT", True)
# The load balancer's probe is never sent to https (it is answered first anyway,
# core/healthz.py; this keeps it so if the middleware order changes).
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = 31536000 if PRODUCTION else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("BEHIND_TLS_PROXY", PRODUCTION):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

from csp.constants import NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# --- Static files --------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "infoshare" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            # whitenoise's CompressedManifestStaticFilesStorage, with hashed module imports.
            "infoshare.core.static_storage.StaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Uploaded documents live outside the web root and are served only through access-checked views.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "uploads"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Email ---------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# A mail server that hangs must not hold a request, a task or a locked row for long.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Infoshare <no-reply@infoshare.invalid>")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# --- Background tasks (django-tasks) ------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND",
            "django_tasks_db.DatabaseBackend"
            if PRODUCTION
            else "django_tasks.backends.immediate.ImmediateBackend",
        )
    }
}

# --- Service settings -------------------------------------------------------------
INFOSHARE = {
    "URGENT_RECORD_HOURS": int(os.environ.get("URGENT_RECORD_HOURS", "24")),
    "PAGE_SIZE": 25,
    "IMPORT_MAX_ROWS": 10000,
}
#: Where people report accessibility problems (the accessibility statement) and send
#: feedback (the phase banner): the partnership's service team. Unset, both pages tell
#: people to ask their organisation's information sharing advisor instead.
ACCESSIBILITY_CONTACT_EMAIL = os.environ.get("ACCESSIBILITY_CONTACT_EMAIL", "")
FEEDBACK_EMAIL = os.environ.get("FEEDBACK_EMAIL", "") or ACCESSIBILITY_CONTACT_EMAIL

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False  # the service is in English; translation lookups cost on every page
USE_TZ = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint (the PDFs) logs each step of every rendering at INFO ("Step 1 - Fetching"):
    # keep its warnings and errors (a refused address, a missing font).
    "loggers": {"weasyprint.progress": {"level": "WARNING"}},
}
