"""One rule for a test whose service or tool is missing: it skips on a laptop and fails in CI (CI=true)."""

import os

import pytest


def unavailable(message: str):
    """Skip with ``message``, or fail with it when CI=true (a test skipped in CI proves nothing)."""
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)
