"""Writers wait their turn on the embedded default: two imports, the worker loop and an editor publishing in the
admin, each its own process on one SQLite file, all finish without "database is locked" (and on PostgreSQL too).

Before: both imports, the editor's POSTs and hundreds of worker passes died with OperationalError.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from tests import factories
from tests.content_models.importing.sample_lines import guide, jsonl, local_text, topic

ROOT = Path(__file__).resolve().parents[2]
GUIDES_PER_IMPORT = 8
ADMIN_ROUNDS = 3


def database_url(tmp_path) -> str:
    """The test database as a URL the writer processes can open (SQLite: a file copy of the in-memory one)."""
    if connection.vendor == "sqlite":
        target = tmp_path / "portal.sqlite3"
        connection.ensure_connection()
        import sqlite3

        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        return f"sqlite:///{target}"
    s = connection.settings_dict
    return f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


def import_file(tmp_path, name: str) -> Path:
    lines = [topic(slug=f"emne-{name}")]
    for n in range(GUIDES_PER_IMPORT):
        slug = f"{name}-vejledning-{n}"
        sections = [{"key": f"s{k}", "heading": f"Afsnit {k}", "body_html": f"<p>Tekst {k}.</p>"} for k in range(6)]
        lines += [guide(slug=slug, sections=sections, topics=[f"emne-{name}"]),
                  local_text(guide=slug, section="s0", body_html="<p>Lokal tekst.</p>")]
    path = tmp_path / f"import-{name}.jsonl"
    path.write_bytes(jsonl(lines))
    return path


def writer(url: str, *arguments) -> subprocess.Popen:
    environ = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "cms.settings.test", "DATABASE_URL": url,
               "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "tests.security.concurrent_writers", *map(str, arguments)],
                            cwd=ROOT, env=environ, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def outcome(process: subprocess.Popen, timeout: float = 300) -> dict:
    stdout, stderr = process.communicate(timeout=timeout)
    lines = stdout.strip().splitlines()
    assert lines, stderr[-3000:]
    return json.loads(lines[-1])


@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_imports_the_worker_and_an_editor_write_at_once_without_errors(tmp_path):
    page = factories.make_guide(slug="flytning-i-admin", title="Flytning")
    approver = factories.national_approver()
    files = [import_file(tmp_path, name) for name in ("a", "b")]
    url = database_url(tmp_path)
    stop = tmp_path / "stop"

    worker = writer(url, "worker", stop)
    writers = [writer(url, "import", path) for path in files] + [writer(url, "admin", page.pk, approver.username,
                                                                        ADMIN_ROUNDS)]
    results = [outcome(process) for process in writers]
    stop.touch()
    results.append(outcome(worker))

    assert [(r["role"], r["ok"], r.get("error", "")) for r in results] == [
        ("import", True, ""), ("import", True, ""), ("admin", True, ""), ("worker", True, "")]
    assert results[0]["summary"] == results[1]["summary"] == (
        f"Imported: {2 * GUIDES_PER_IMPORT + 1} changed, 0 unchanged, 0 invalid.")
    assert results[3]["passes"] > 1
    state = outcome(writer(url, "report", page.pk))
    assert state["live_guides"] == 2 * GUIDES_PER_IMPORT + 1
    assert state["live_local_texts"] == 2 * GUIDES_PER_IMPORT
    assert state["title"] == f"Flytning, version {ADMIN_ROUNDS}"
    assert set(state["lag"].values()) == {0}  # the worker caught up with every event
