"""What counting deprecated fields per partner key costs a request: the same query with and without one.

    python bench/deprecated_usage.py [--rounds 300]      # temp SQLite DB, ~1 min

Three POSTs of the 98 municipalities, in interleaved rounds (so that other load on the machine hits all alike),
through Django's test client in one process (the view, the per-text document cache and the database, no HTTP):
- peer: a partner's key, no deprecated field (nothing is counted);
- counted: the same key, the same query plus the deprecated `code4` (one upsert per request, in a savepoint so a
  failure cannot abort the request's transaction: SAVEPOINT, INSERT ... ON CONFLICT, RELEASE);
- anonymous: the deprecated query without a key (found, not counted: there is no key).
Reports p50/p95 in ms and the SQL statements per request. Exit status 1 when a counted request costs more than
those three statements, or a request without a deprecated field any.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from common import REPO, bench_env, log, remove_tree

QUERIES = {
    "peer (key, no deprecated field)": ("{ municipalities { code name region { code } } }", True),
    "counted (key, code4)": ("{ municipalities { code code4 name region { code } } }", True),
    "anonymous (code4, no key)": ("{ municipalities { code code4 name region { code } } }", False),
}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=300)
    parser.add_argument("--workdir", type=Path, help="keep the database here (default: a temp dir, removed)")
    args = parser.parse_args(argv)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="bench-deprecated-usage-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        return run(workdir, args.rounds)
    finally:
        if args.workdir is None:
            remove_tree(workdir)


def run(workdir: Path, rounds: int) -> int:
    db_path = workdir / "deprecated_usage.sqlite3"
    os.environ.update(bench_env(workdir, db_path, LOG_LEVEL="WARNING"))
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from syndication.models import DeprecatedFieldUsage, Partner
    from syndication.partners.keys import issue_key

    with open(workdir / "prepare.log", "w") as out:
        call_command("migrate", "--noinput", stdout=out, stderr=out)
    partner = Partner.objects.create(name="Bench", slug="bench", requests_per_minute=100_000_000)
    _, raw_key = issue_key(partner)
    client = Client(HTTP_HOST="127.0.0.1")

    def post(query, with_key):
        headers = {"HTTP_AUTHORIZATION": f"Bearer {raw_key}"} if with_key else {}
        started = time.perf_counter()
        response = client.post("/graphql/", json.dumps({"query": query}), content_type="application/json",
                               HTTP_ACCEPT="application/json", **headers)
        elapsed = time.perf_counter() - started
        body = response.json()
        assert response.status_code == 200 and "errors" not in body and len(body["data"]["municipalities"]) == 98
        return elapsed

    statements = {}
    for name, (query, with_key) in QUERIES.items():
        post(query, with_key)  # warm: the document cache, the site root, the key's last_used_at
        with CaptureQueriesContext(connection) as captured:
            post(query, with_key)
        statements[name] = len(captured)
    timings = {name: [] for name in QUERIES}
    for _ in range(rounds):
        for name, (query, with_key) in QUERIES.items():
            timings[name].append(post(query, with_key))
    counted = DeprecatedFieldUsage.objects.get().count
    log(f"database: SQLite; {rounds} interleaved rounds; the upserted row counts {counted} requests")
    log("")
    log("| request | p50 ms | p95 ms | SQL statements |")
    log("|---|---:|---:|---:|")
    for name, values in timings.items():
        values.sort()
        p50, p95 = statistics.median(values) * 1000, values[int(len(values) * 0.95) - 1] * 1000
        log(f"| {name} | {p50:.2f} | {p95:.2f} | {statements[name]} |")
    extra = statements["counted (key, code4)"] - statements["peer (key, no deprecated field)"]
    log("")
    log(f"counting costs {extra} statement(s) per request that uses a deprecated field (savepoint, upsert, "
        "release), none otherwise")
    return 0 if extra <= 3 and counted == rounds + 2 else 1


if __name__ == "__main__":
    sys.exit(main())
