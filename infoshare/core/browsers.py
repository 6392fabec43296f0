"""A browser's user agent string as a person reads it: "Chrome on Windows", not
"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 ...".

The string is read by ``ua-parser`` (the rules of Browserscope's user agent parser, kept up
to date in ``ua-parser-builtins``), not by rules of our own."""

from __future__ import annotations

from functools import lru_cache

from ua_parser import parse

UNKNOWN = "Unknown browser"

#: The few names the parser gives that a person would write otherwise.
_NAMES = {
    "Mac OS X": "macOS",
    "Chrome Mobile": "Chrome",
    "Chrome Mobile iOS": "Chrome",
    "Firefox Mobile": "Firefox",
    "Firefox iOS": "Firefox",
    "Mobile Safari": "Safari",
    "Edge Mobile": "Edge",
    "HeadlessChrome": "Headless Chrome",
}

#: Longer than any real user agent: what is past it is not read (the parser's time grows
#: with the string, and a session's user agent is whatever its browser sent).
_READ_AT_MOST = 1000


def _name(family: str | None) -> str:
    if not family or family == "Other":
        return ""
    return _NAMES.get(family, family)


@lru_cache(maxsize=512)
def browser_name(user_agent: str | None) -> str:
    """ "Chrome on Windows", "Safari on iOS", "Firefox"; "Unknown browser" for an empty or
    unreadable string."""
    if not user_agent or not user_agent.strip():
        return UNKNOWN
    result = parse(user_agent[:_READ_AT_MOST])
    browser = _name(result.user_agent.family if result.user_agent else None)
    system = _name(result.os.family if result.os else None)
    if browser and system:
        return f"{browser} on {system}"
    return browser or (f"A browser on {system}" if system else UNKNOWN)
