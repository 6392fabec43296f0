"""Settings for the test suite: fast hashing, in-memory mail, tasks run at once."""

from infoshare.settings import *  # noqa: F403
from infoshare.settings import DATABASES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Test people share ids from test to test and the cache outlives each test: the API's rate
# limits would add up across the suite. A test of the limits sets them low itself.
API_RATE_LIMIT = "100000/min"
API_WRITE_RATE_LIMIT = "100000/min"
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["OPTIONS"] = {"timeout": 20}
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
