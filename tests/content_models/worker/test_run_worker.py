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
