"""A real browser for the citizen site: Debian's Chromium driven by Playwright over pytest-django's live server.

Never `playwright install`: the browser is the system package (`apt-get install chromium`). Without it (or
without the playwright package) these tests skip on a laptop and fail in CI (CI=true).
"""

import os
import shutil
from pathlib import Path

import pytest
from django.db import connections

from tests.frontend.conftest import build_portal
from tests.unavailable import unavailable

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE_SOURCE = Path(__file__).resolve().parents[3] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="module")  # not the session: later tests get Django's own connections back
def browser(django_db_setup):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("needs the playwright package: pip install -r requirements.txt")
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        unavailable(f"needs Chromium at {CHROMIUM}: apt-get install -y chromium")
    if not AXE_SOURCE.exists():
        unavailable("needs the npm dev dependency axe-core: run `npm ci` (which installs devDependencies; "
                    "not with --omit=dev)")
    # Playwright's sync API keeps an event loop in this thread, which makes Django refuse the (synchronous)
    # ORM calls of the tests and fixtures that run while the browser is open.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    # Django's connections are context-local, and Playwright's greenlets give the tests a fresh context: the
    # connection they see lacks the snapshot of the migrated database that serialized rollback restores.
    snapshots = {
        c.alias: c._test_serialized_contents for c in connections.all() if hasattr(c, "_test_serialized_contents")
    }
    try:
        with sync_playwright() as playwright:
            instance = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-background-networking"]
            )
            for alias, snapshot in snapshots.items():
                connections[alias]._test_serialized_contents = snapshot
            yield instance
            instance.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def portal_live(django_db_serialized_rollback, transactional_db, live_server):
    """The test content, committed, so that the live server's thread sees it.

    Transactional tests empty the database afterwards; the serialized rollback brings back what the
    migrations loaded (the 98 municipalities, the root page) for the next one.
    """
    return build_portal()


class Page:
    """A browser tab on the live server that records CSP violations and console errors."""

    def __init__(self, page, base_url):
        self.page, self.base_url, self.problems = page, base_url, []
        page.on("console", lambda message: message.type == "error" and self.problems.append(message.text))
        page.on("pageerror", lambda error: self.problems.append(str(error)))

    def goto(self, path, expect_status=200):
        response = self.page.goto(self.base_url + path)
        assert response.status == expect_status, f"{path}: HTTP {response.status}"
        return response

    def __getattr__(self, name):
        return getattr(self.page, name)

    def assert_no_errors(self, allow=()):
        problems = [p for p in self.problems if not any(a in p for a in allow)]
        assert problems == [], problems


@pytest.fixture
def tab(browser, live_server):
    context = browser.new_context(locale="da-DK", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield Page(page, live_server.url)
    context.close()


def violations_on(page, paths, visit) -> dict[str, list[dict]]:
    """{path: axe violations} for each path that has any; ``visit(path)`` loads it (and may check it)."""
    failures = {}
    for path in paths:
        visit(path)
        violations = run_axe(page)
        if violations:
            failures[path] = violations
    return failures


def run_axe(page) -> list[dict]:
    """axe-core's violations of WCAG 2.1 A/AA on the page as it is now.

    axe is evaluated through the DevTools protocol, which the page's CSP (script-src 'self') does not govern:
    an injected <script> would be blocked, and must be.
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", WCAG_TAGS
    )
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]
