"""Bulk import speed: the national mix fresh and again unchanged, then 30,000 local texts, on SQLite and PostgreSQL.

    python bench/import_speed.py                       # both databases (PostgreSQL from --postgres-url)
    python bench/import_speed.py --database sqlite     # or postgresql
    python bench/import_speed.py --quick               # a tenth of everything (a smoke run, ~1 min)

The mix is bench.common.national_mix(): 1,000 guides of 4 sections, 500 self-service links with 10 municipal
URLs each, 4,000 local texts and one topic (5,501 items). Each import runs in its own process against a freshly
migrated database (SQLite in a temp dir; PostgreSQL: a scratch database created on the server of --postgres-url
and dropped afterwards), with cms.settings.bench (the production settings). The time is that of run_import
(what `manage.py import_content FILE` does after Django has started); memory is the process's peak RSS above
what it held once Django was set up. Afterwards the script checks the events and revisions the imports wrote.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import (  # noqa: E402
    REPO, bench_env, load_average, local_text_mix, log, machine_description, manage, national_mix, remove_tree,
    write_jsonl,
)

GOALS = {"fresh": {"sqlite": 100, "postgresql": 200}, "unchanged": {"sqlite": 2000, "postgresql": 2000}}
LOCAL_TEXT_GOAL_SECONDS = 300  # 30,000 local texts on PostgreSQL


def child(path: str) -> None:
    """In the child process: time run_import on ``path`` and print what happened as JSON."""
    import django

    django.setup()
    from content_models.importing.runner import run_import

    setup_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    with open(path, "rb") as source:
        result = run_import(source)
    seconds = time.perf_counter() - started
    print(json.dumps({
        "seconds": seconds, "changed": result.changed, "unchanged": result.unchanged, "errors": len(result.errors),
        "setup_rss_mb": setup_rss / 1024, "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }))


def run_child(env: dict, path: Path) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", str(path)], cwd=REPO, env=env, capture_output=True,
                         text=True, timeout=3600)
    if out.returncode != 0:
        raise RuntimeError(f"import of {path.name} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def counts(env: dict) -> dict:
    script = (
        "import django, json; django.setup(); "
        "from content_models.models import PublishingEvent; from wagtail.models import Revision; "
        "print(json.dumps({'events': PublishingEvent.objects.count(), 'revisions': Revision.objects.count(), "
        "'first_events': PublishingEvent.objects.values('kind', 'object_id').distinct().count()}))"
    )
    out = subprocess.run([sys.executable, "-c", script], cwd=REPO, env=env, capture_output=True, text=True,
                         check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _postgres(admin_url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(sql)


def measure(database: str, workdir: Path, files: dict, args) -> list[tuple]:
    db_path = workdir / f"{database}.sqlite3"
    env = bench_env(workdir, db_path)
    scratch = None
    if database == "postgresql":
        scratch = f"bench_import_{os.getpid()}"
        _postgres(args.postgres_url, f'CREATE DATABASE "{scratch}"')
        parts = urlsplit(args.postgres_url)
        env["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{scratch}"))
    try:
        log(f"{database}: migrating a fresh database ...")
        manage(env, "migrate", "--noinput", logfile=workdir / f"{database}-migrate.log")
        rows = []
        for name, path in (("fresh", files["mix"]), ("unchanged", files["mix"]), ("local texts", files["local"])):
            result = run_child(env, path)
            items = result["changed"] + result["unchanged"]
            rows.append((database, name, items, result, load_average()))
            log(f"{database}: {name}: {items} items in {result['seconds']:.1f} s = {items / result['seconds']:.0f}"
                f" items/s, peak RSS +{result['peak_rss_mb'] - result['setup_rss_mb']:.0f} MB, errors "
                f"{result['errors']}, load average {load_average()}")
        written = counts(env)
        log(f"{database}: {written['events']} events for {written['first_events']} items, "
            f"{written['revisions']} revisions")
        # Every item but the topic is published once, and so is every municipal URL of a link.
        expected = files["items"] - 1 + files["local_count"] + files["urls"]
        if written["events"] != expected or written["first_events"] != expected:
            raise RuntimeError(f"{database}: expected {expected} PUBLISHED events, one per item: {written}")
        return rows
    finally:
        if scratch:
            _postgres(args.postgres_url, f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--postgres-url", default=os.environ.get("BENCH_POSTGRES_URL",
                                                                  "postgres://portal@127.0.0.1:54329/postgres"),
                        help="a PostgreSQL server's maintenance database; a scratch database is made beside it")
    parser.add_argument("--local-texts", type=int, default=30000, help="local texts of the second file")
    parser.add_argument("--quick", action="store_true", help="a tenth of everything")
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return 0

    scale = 10 if args.quick else 1
    workdir = Path(tempfile.mkdtemp(prefix="bench-import-"))
    try:
        guides, links, local = 1000 // scale, 500 // scale, 4000 // scale
        mix = write_jsonl(workdir / "mix.jsonl", national_mix(guides=guides, links=links, local_texts=local))
        items = sum(1 for _ in open(mix, encoding="utf-8"))
        count = args.local_texts // scale
        local_file = write_jsonl(workdir / "local_texts.jsonl",
                                 local_text_mix(count, guides=guides, offset=local, seed=99))
        # Each self-service link's municipal URLs are published items of their own (kind self_service_url).
        files = {"mix": mix, "local": local_file, "items": items, "local_count": count, "urls": links * 10}
        log(f"machine: {machine_description()}")
        log(f"files: {items} items ({guides} guides, {links} links with 10 URLs, {local} local texts, 1 topic); "
            f"{count} more local texts for 98 municipalities")
        rows = []
        for database in (("sqlite", "postgresql") if args.database == "both" else (args.database,)):
            rows += measure(database, workdir, files, args)
    finally:
        remove_tree(workdir)

    log("\n| database | import | items | seconds | items/s | peak RSS above setup | load average |")
    log("|---|---|---:|---:|---:|---:|---|")
    failed = False
    for database, name, items, result, load in rows:
        rate = items / result["seconds"]
        log(f"| {database} | {name} | {items} | {result['seconds']:.1f} | {rate:.0f} | "
            f"{result['peak_rss_mb'] - result['setup_rss_mb']:.0f} MB | {load} |")
    log("")
    for database, name, items, result, _ in rows:
        rate = items / result["seconds"]
        goal = GOALS.get(name, {}).get(database)
        if goal:
            met = rate >= goal
            failed |= not met
            log(f"goal {name} on {database} >= {goal} items/s: {rate:.0f} -> {'MET' if met else 'NOT MET'}")
        elif name == "local texts" and database == "postgresql":
            met = result["seconds"] < LOCAL_TEXT_GOAL_SECONDS
            failed |= not met and not args.quick
            log(f"goal {items} local texts on postgresql < {LOCAL_TEXT_GOAL_SECONDS} s: {result['seconds']:.0f} s "
                f"-> {'MET' if met else 'NOT MET'}")
    return 1 if failed and not args.quick else 0


if __name__ == "__main__":
    sys.exit(main())
