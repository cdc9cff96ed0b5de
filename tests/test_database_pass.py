"""CI's PostgreSQL pass (TESTS_USING_THE_DATABASE_ONLY=true) runs every test that uses the database, and only
those: a test left out there must not need the database, or PostgreSQL would never run it."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FILES = ["tests/content_models/test_html_sanitiser.py", "tests/search/test_database_engine.py",
         "tests/frontend/browser/test_phone.py"]


def _collected(**environ) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", *FILES],
        cwd=ROOT, env={**os.environ, **environ}, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return {line for line in result.stdout.splitlines() if "::" in line}


def test_the_database_pass_leaves_out_only_the_tests_without_the_database():
    everything = _collected(TESTS_USING_THE_DATABASE_ONLY="false")
    database = _collected(TESTS_USING_THE_DATABASE_ONLY="true")
    left_out = everything - database
    assert database < everything
    # The sanitiser is a pure function; the engine's tests use the database (a marker), the browser's the live
    # server (a fixture).
    assert left_out and all(test.startswith("tests/content_models/test_html_sanitiser.py") for test in left_out)
    assert any(test.startswith("tests/search/test_database_engine.py") for test in database)
    assert any(test.startswith("tests/frontend/browser/test_phone.py") for test in database)
