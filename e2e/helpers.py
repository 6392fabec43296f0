"""Helpers for the browser tests: axe-core checks, TOTP codes and signing in."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any

from infoshare.partnerships.tests.factories import fresh_totp_code

AXE_JS = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
AXE_RULESETS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
HOME = re.compile(r"^https?://[^/]+/$")
CODE_LABEL = "Code from your authenticator app"
# (axe rule, element selector) pairs caused by a page that this suite does not own and that
# are waiting for a fix there; each entry names the fix. Empty: nothing is waived.
KNOWN_LAYOUT_VIOLATIONS: set[tuple[str, str]] = set()


def _format_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"]:
            lines.append(f"  - {', '.join(map(str, node['target']))}: {node['html'][:200]}")
            summary = node.get("failureSummary")
            if summary:
                lines.append("    " + summary.replace("\n", "\n    "))
    return "\n".join(lines)


def _without_known(violations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    kept = []
    for violation in violations:
        nodes = [
            node
            for node in violation["nodes"]
            if (violation["id"], ", ".join(map(str, node["target"]))) not in KNOWN_LAYOUT_VIOLATIONS
        ]
        if nodes:
            kept.append({**violation, "nodes": nodes})
    return kept


def axe_violations(page: Any) -> str:
    """Runs axe-core on the page as it is; returns the violations as readable text ("" if none).

    The script goes in through the DevTools protocol (page.evaluate), which the page's
    Content Security Policy does not govern, so the page is checked exactly as served. A
    page still loading is waited for (axe on a document being replaced finds no document)."""
    page.wait_for_load_state("load")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return JSON.stringify(r.violations);
        }""",
        AXE_RULESETS,
    )
    violations = _without_known(json.loads(result))
    if not violations:
        return ""
    return f"axe found violations on {page.url}:\n" + _format_violations(violations)


def assert_accessible(page: Any) -> None:
    report = axe_violations(page)
    assert not report, report


class AxeChecker:
    """Checks several pages in one test and reports every page's violations together."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.reports: list[str] = []
        self.checked: list[str] = []

    def check(self, label: str) -> None:
        self.checked.append(label)
        report = axe_violations(self.page)
        if report:
            self.reports.append(f"[{label}] {report}")

    def assert_clean(self) -> None:
        assert not self.reports, "\n\n".join(self.reports)


def totp_code(secret: str, at: float | None = None) -> str:
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    counter = int(time.time() if at is None else at) // 30
    return format_hotp_value(hotp_value(secret, counter))


def sign_in_with_password(page: Any, email: str, password: str) -> None:
    """The first step of signing in, through the real page."""
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_load_state()


def sign_in(page: Any, email: str, password: str, totp_secret: str) -> None:
    """Signs in through the real pages: email and password, then the authenticator code,
    landing on the home page."""
    sign_in_with_password(page, email, password)
    page.wait_for_url("**/accounts/2fa/authenticate/")
    page.get_by_label(CODE_LABEL).fill(fresh_totp_code(totp_secret))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(HOME)


def wrong_code(secret: str) -> str:
    """A 6-digit code that the server will not accept at any counter in its window."""
    now = int(time.time())
    near = {totp_code(secret, now + 30 * step) for step in range(-3, 4)}
    return next(code for code in ("000000", "111111", "222222", "333333") if code not in near)
