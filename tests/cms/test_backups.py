"""Backups and recovery as the README's "Production" section describes them, done for real (the OpenSearch
rebuild is in tests/search/test_rebuild.py).

- a PostgreSQL dump restored into an empty database holds the same content;
- export_content into an empty database restores the same content (a logical backup);
- search rebuilt from the database (search_reindex) answers the judged queries exactly as before.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from uuid import uuid4

import pytest
from django.core.management import call_command
from django.db import connection

from content_models.importing.export import export_lines
from content_models.worker.drain import drain
from search import service
from search.types import SearchRequest

ROOT = Path(__file__).resolve().parents[2]
DEMO_FILE = ROOT / "content_models" / "demo" / "data" / "demo_content.jsonl"
QUERIES = ROOT / "bench" / "relevance" / "queries.jsonl"


def judged_queries(limit=40):
    lines = QUERIES.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()][:limit]


def answers(engine: str) -> list[list[tuple[str, str]]]:
    answers = []
    for judged in judged_queries():
        request = SearchRequest(query=judged["query"], municipality=judged["municipality"], first=10)
        response = service.search(request, engine=engine, record=False)
        answers.append([(hit.kind, hit.slug) for hit in response.hits])
    return answers


@pytest.fixture
def demo_content(db):
    """The demo content imported and indexed (the database projection, by the worker)."""
    call_command("import_content", str(DEMO_FILE), verbosity=0)
    drain()


@pytest.mark.slow
def test_search_rebuilt_from_the_database_answers_the_judged_queries_as_before(demo_content):
    before = answers("database")
    assert sum(1 for hits in before if hits) >= 35  # the judged queries find what they should
    call_command("search_reindex", "--database-only", verbosity=0)
    assert answers("database") == before


@pytest.mark.slow
def test_export_content_is_a_logical_backup_that_restores_into_an_empty_database(demo_content, tmp_path):
    backup = tmp_path / "backup.jsonl"
    call_command("export_content", str(backup), verbosity=0)
    # A new, empty installation, as an operator would make it, restores the backup; its own export is the same.
    environ = {
        **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "OPENSEARCH_URL", "REDIS_URL")},
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev", "DATABASE_URL": f"sqlite:///{tmp_path / 'restored.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    restored = tmp_path / "restored.jsonl"
    for command in (["migrate", "--noinput"], ["import_content", str(backup)], ["export_content", str(restored)]):
        result = subprocess.run([sys.executable, str(ROOT / "manage.py"), *command, "--verbosity", "0"], env=environ,
                                capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stderr[-2000:]
    assert restored.read_text(encoding="utf-8") == backup.read_text(encoding="utf-8")
    assert backup.read_text(encoding="utf-8").count('"kind":"guide"') >= 40


@pytest.mark.slow
@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_postgresql_dump_restores_into_an_empty_database(tmp_path):
    for tool in ("pg_dump", "pg_restore", "createdb", "dropdb"):
        if shutil.which(tool) is None and not _pg_bin(tool):
            pytest.fail(f"{tool} is missing: apt-get install postgresql-client")
    call_command("import_content", str(DEMO_FILE), verbosity=0)
    before = list(export_lines())
    settings = connection.settings_dict
    environ = {**os.environ, "PGPASSWORD": settings.get("PASSWORD") or ""}
    server = ["-h", settings["HOST"] or "127.0.0.1", "-p", str(settings["PORT"] or 5432), "-U", settings["USER"]]
    dump = tmp_path / "portal.dump"
    subprocess.run([_pg_bin("pg_dump"), *server, "--format=custom", "-f", str(dump), settings["NAME"]],
                   check=True, env=environ, timeout=300)
    restored = f"restore_{uuid4().hex[:8]}"
    subprocess.run([_pg_bin("createdb"), *server, restored], check=True, env=environ, timeout=60)
    try:
        subprocess.run([_pg_bin("pg_restore"), *server, "--no-owner", "-d", restored, str(dump)], check=True,
                       env=environ, timeout=300)
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM content_models_guidepage")
            guides = cursor.fetchone()[0]
        counts = _count_in(restored, server, environ)
        assert counts["guides"] == guides > 0
        assert counts["local_texts"] == sum(1 for line in before if line["kind"] == "local_text")
        assert counts["events"] > 0  # the event log comes along: consumers resume from their cursors
    finally:
        subprocess.run([_pg_bin("dropdb"), *server, restored], env=environ, timeout=60)


def _pg_bin(tool: str) -> str:
    """The PostgreSQL client tool matching the server's major version (Debian keeps them per version)."""
    for candidate in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{tool}"), reverse=True):
        return str(candidate)
    return shutil.which(tool) or ""


def _count_in(database: str, server: list[str], environ: dict) -> dict[str, int]:
    query = ("SELECT (SELECT count(*) FROM content_models_guidepage), (SELECT count(*) FROM content_models_localtext),"
             " (SELECT count(*) FROM content_models_publishingevent)")
    result = subprocess.run([_pg_bin("psql"), *server, "-d", database, "-tAc", query], check=True, env=environ,
                            capture_output=True, text=True, timeout=60)
    guides, local_texts, events = (int(value) for value in result.stdout.strip().split("|"))
    return {"guides": guides, "local_texts": local_texts, "events": events}
