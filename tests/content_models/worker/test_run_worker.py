"""run_worker as an operator starts it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.slow
def test_a_worker_refuses_a_database_whose_migrations_are_behind(tmp_path):
    environ = {
        **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "OPENSEARCH_URL", "REDIS_URL")},
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    result = subprocess.run([sys.executable, str(ROOT / "manage.py"), "run_worker", "--once"], env=environ,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "migration(s) behind this release" in result.stderr
    assert "Run `python manage.py migrate` first" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.django_db
def test_the_worker_waits_out_a_database_outage_instead_of_exiting(monkeypatch, caplog):
    """A PostgreSQL restart under a running worker: one warning, the loop goes on, and it works again after."""
    from django.db import OperationalError

    from content_models.management.commands import run_worker

    passes = {"n": 0}
    real_drain = run_worker.drain

    def flaky_drain():
        passes["n"] += 1
        if passes["n"] <= 3:
            raise OperationalError("terminating connection due to administrator command")
        return real_drain()

    monkeypatch.setattr(run_worker, "drain", flaky_drain)
    monkeypatch.setattr(run_worker.time, "sleep", lambda seconds: None)
    command = run_worker.Command()
    original_pass = command._pass

    def stop_after_recovery(verbosity):
        result = original_pass(verbosity)
        if passes["n"] >= 4:
            command._stopping = True
        return result

    command._pass = stop_after_recovery
    with caplog.at_level("INFO"):
        command.handle(once=False, interval=0, verbosity=1)  # returns (no SystemExit): it stopped on request
    warnings = [r for r in caplog.records if r.levelname == "WARNING" and "database unreachable" in r.getMessage()]
    assert len(warnings) == 1 and not warnings[0].exc_info
    assert any("database answers again" in r.getMessage() for r in caplog.records)
    assert passes["n"] == 4
