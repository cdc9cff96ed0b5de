from tests.frontend.browser.conftest import browser  # noqa: F401  (Debian's Chromium, one per module)
