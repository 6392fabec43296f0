"""The browser fixtures and hooks of the project's e2e suite (Playwright + Debian
Chromium), reused for the agreements journey. Everything e2e/conftest.py defines is
taken over, so that this folder follows that suite as it changes. Skips without
Chromium, like the e2e suite."""

import e2e.conftest as _e2e

globals().update({name: value for name, value in vars(_e2e).items() if not name.startswith("__")})
