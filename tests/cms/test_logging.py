"""Log lines are JSON and never carry CPR numbers or e-mail addresses."""

import json
import logging
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cms.logging import JsonFormatter, RedactPersonalDataFilter
from cms.personal_data import redact

ROOT = Path(__file__).resolve().parents[2]


def format_record(message, *args, **extra):
    record = logging.makeLogRecord({"msg": message, "args": args, "levelname": "INFO", "name": "portal", **extra})
    RedactPersonalDataFilter().filter(record)
    return json.loads(JsonFormatter().format(record))


def test_log_lines_are_json_with_extra_fields():
    line = format_record("abonnement oprettet", consumer="digital-post")
    assert line["message"] == "abonnement oprettet"
    assert line["consumer"] == "digital-post"
    assert line["level"] == "INFO"


def test_cpr_numbers_and_emails_are_redacted_in_messages_and_arguments():
    line = format_record("borger %s skrev fra %s", "010190-1234", "jens@example.dk")
    assert "1234" not in line["message"] and "jens@" not in line["message"]
    assert line["message"] == "borger [cpr] skrev fra [email]"
    assert format_record("cpr 0101901234 slået op")["message"] == "cpr [cpr] slået op"


def test_other_numbers_survive():
    assert format_record("ordre 12345 på 99 kr")["message"] == "ordre 12345 på 99 kr"


MANAGE = [sys.executable, str(ROOT / "manage.py")]


def _environ(database: Path, **settings) -> dict:
    return {
        **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "OPENSEARCH_URL", "REDIS_URL")},
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev", "DATABASE_URL": f"sqlite:///{database}", **settings,
    }


@pytest.fixture(scope="module")
def migrated_database(tmp_path_factory) -> Path:
    """An empty, migrated SQLite database, made once for the module (each test works on its own copy)."""
    database = tmp_path_factory.mktemp("migrated") / "db.sqlite3"
    migrated = subprocess.run([*MANAGE, "migrate", "--noinput", "-v", "0"], env=_environ(database),
                              capture_output=True, text=True, timeout=300)
    assert migrated.returncode == 0, migrated.stderr
    return database


@pytest.mark.slow
@pytest.mark.parametrize("log_level", ["INFO", "DEBUG"])
def test_an_import_prints_its_summary_not_a_line_per_background_task(tmp_path, migrated_database, log_level):
    """Wagtail's background tasks (two INFO lines each through django-tasks) stay out of an import: it runs them
    once, batched, at its end (content_models/background.py), so not even LOG_LEVEL=DEBUG lists one per save."""
    database = shutil.copy(migrated_database, tmp_path / "db.sqlite3")
    environ = _environ(database, LOG_LEVEL=log_level, MEDIA_ROOT=str(tmp_path / "media"))
    lines = tmp_path / "content.jsonl"
    lines.write_text(
        '{"kind":"topic","slug":"bolig","title":"Bolig"}\n'
        '{"kind":"guide","slug":"flytning","title":"Flytning","summary":"Flyt.","topics":["bolig"],'
        '"sections":[{"key":"anmeld","heading":"Anmeld","body_html":"<p>Anmeld.</p>"}]}\n',
        encoding="utf-8",
    )
    result = subprocess.run([*MANAGE, "import_content", str(lines)], env=environ, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    assert "Imported: 2 changed" in result.stdout
    output = result.stdout + result.stderr
    assert "django_tasks" not in output
    if log_level == "INFO":
        assert len(output.splitlines()) < 10, output


@pytest.mark.parametrize("run", ["+" * 200_000, "%20" * 70_000, "a." * 100_000], ids=["plus", "percent", "dots"])
def test_redacting_a_long_run_without_an_address_is_linear(run):
    """A GET with 10,000 encoded spaces in its query string cost 2 s of CPU in the log formatter: the e-mail pattern
    tried the run again from every position. Quadratic would take minutes here; linear takes milliseconds."""
    started = time.perf_counter()
    assert redact(f"q={run}&mail=jens@example.dk") == f"q={run}&mail=[email]"
    assert time.perf_counter() - started < 2
