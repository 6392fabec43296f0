"""The browser fixtures of the project's e2e suite (Playwright + Debian Chromium),
reused for the agreements journey. Skips without Chromium, like the e2e suite."""

from e2e.conftest import (  # noqa: F401
    _fresh_cache,
    browser,
    csp_violations,
    page,
    pytest_runtest_teardown,
)
