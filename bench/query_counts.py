"""SQL queries for a page of 5 and of 100 guides: GraphQL versus Wagtail's REST API v2.

    python bench/query_counts.py            # temp SQLite DB, generated content, ~3-5 min (migrate + import)

GraphQL runs the query of tests/syndication/graphql/test_query_counts.py (sections with local text for
Aarhus (751), topics, self-service links with Aarhus' own URL); Wagtail's API v2 serves the same guides
with the fields it has (summary, topics, sections, first_published_at). Counted with Django's test
client and CaptureQueriesContext (BEGIN/COMMIT of the request transaction included), after one request
of each kind has warmed the per-process caches. Exit status 1 when GraphQL's count grows with the page.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

from common import REPO, PEER_LIMIT_MAX, bench_env, generated_guides, log, remove_tree, write_jsonl

API_PATH = "/api/v2/pages/?type=content_models.GuidePage&fields=summary,topics,sections,first_published_at&limit={}"
SIZES = (5, 100)


def content(guides: int) -> list[dict]:
    """Topics, an authority, self-service links (one with Aarhus' own URL), guides and local texts."""
    topics = [{"kind": "topic", "slug": slug, "title": title, "parent": None}
              for slug, title in (("bolig", "Bolig"), ("familie", "Familie"), ("skat", "Skat"))]
    authority = {"kind": "authority", "slug": "aarhus-kommune", "name": "Aarhus Kommune", "type": "municipality",
                 "municipality": "751"}
    links = [
        {"kind": "self_service_link", "slug": f"selvbetjening-{n}", "title": f"Selvbetjening {n}",
         "description": "Søg digitalt med MitID.", "url": f"https://www.borger.dk/selvbetjening-{n}",
         "authority": "aarhus-kommune", "login": "mitid", "audience": "citizen", "topics": ["bolig"],
         "municipality_urls": {"751": f"https://aarhus.dk/selvbetjening-{n}"} if n % 2 == 0 else {}}
        for n in range(4)
    ]
    items = generated_guides(
        guides, prefix="vejledning", topics=[t["slug"] for t in topics], links=[link["slug"] for link in links],
        local_text_every=1,
    )
    return [*topics, authority, *links, *items]


def _describe(sql: str) -> str:
    """A statement in one short line: its verb and the tables it reads."""
    import re

    tables = sorted(set(re.findall(r'(?:FROM|JOIN) "([a-z_]+)"', sql)))
    verb = sql.split(None, 1)[0]
    return f"{verb} {', '.join(tables)}" if tables else sql[:60]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--guides", type=int, default=110, help="guides to generate (at least 100)")
    parser.add_argument("--workdir", type=Path, help="keep the database here (default: a temp dir, removed)")
    args = parser.parse_args(argv)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="bench-query-counts-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        return run(workdir, max(args.guides, max(SIZES)))
    finally:
        if args.workdir is None:
            remove_tree(workdir)


def run(workdir: Path, guides: int) -> int:
    db_path = workdir / "query_counts.sqlite3"
    db_path.unlink(missing_ok=True)
    os.environ.update(bench_env(workdir, db_path, LOG_LEVEL="WARNING"))
    sys.path.insert(0, str(REPO))
    import django

    # The query tests/syndication/graphql/test_query_counts.py pins.
    from tests.syndication.graphql.queries import GUIDES_QUERY

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    if not hasattr(settings, "WAGTAILAPI_LIMIT_MAX"):
        settings.WAGTAILAPI_LIMIT_MAX = PEER_LIMIT_MAX  # as the benchmark server does (bench/common.py)
    with open(workdir / "prepare.log", "w") as out:
        call_command("migrate", "--noinput", stdout=out, stderr=out)
        path = write_jsonl(workdir / "content.jsonl", content(guides))
        call_command("import_content", str(path), stdout=out, stderr=out)
    log(f"database: SQLite, {guides} generated guides (3-4 sections each, local texts for 751 and region 1082, "
        "topics, self-service links with Aarhus URLs)")

    client = Client(HTTP_HOST="127.0.0.1")

    def graphql(first):
        response = client.post("/graphql/", json.dumps({"query": GUIDES_QUERY, "variables": {"first": first}}),
                               content_type="application/json", HTTP_ACCEPT="application/json")
        body = response.json()
        assert response.status_code == 200 and "errors" not in body, body
        edges = body["data"]["guides"]["edges"]
        assert len(edges) == first, len(edges)
        return edges

    def wagtail_api(limit):
        response = client.get(API_PATH.format(limit), HTTP_ACCEPT="application/json")
        assert response.status_code == 200, response.content[:300]
        items = response.json()["items"]
        assert len(items) == limit, len(items)
        return items

    cache.clear()
    graphql(1)  # warm the per-process caches (site root paths, default locale), as the test does
    wagtail_api(1)
    counts = {}
    for name, call in (("GraphQL", graphql), ("Wagtail API v2", wagtail_api)):
        for size in SIZES:
            with CaptureQueriesContext(connection) as captured:
                items = call(size)
            counts[(name, size)] = len(captured)
            if name == "GraphQL" and size == max(SIZES):
                graphql_sql = [query["sql"] for query in captured.captured_queries]
            if name == "GraphQL" and size == max(SIZES):
                local = sum(1 for e in items for s in e["node"]["sections"] if s["localText"])
                aarhus_urls = sum(1 for e in items for link in e["node"]["selfServiceLinks"] if link["isLocalUrl"])
    log("")
    log("| API | 5 guides | 100 guides | queries per extra guide |")
    log("|---|---:|---:|---:|")
    for name in ("GraphQL", "Wagtail API v2"):
        five, hundred = counts[(name, 5)], counts[(name, 100)]
        log(f"| {name} | {five} | {hundred} | {(hundred - five) / 95:.2f} |")
    log("")
    log(f"GraphQL's {len(graphql_sql)} statements for 100 guides:")
    for number, sql in enumerate(graphql_sql, 1):
        log(f"  {number:>2}. {_describe(sql)}")
    log(f"GraphQL page of 100: {local} sections with local text, {aarhus_urls} self-service links with Aarhus' URL")
    graphql_flat = counts[("GraphQL", 5)] == counts[("GraphQL", 100)]
    log(f"GraphQL query count independent of page size: {'yes' if graphql_flat else 'NO'}; "
        f"Wagtail API v2 at 100 guides: {counts[('Wagtail API v2', 100)] / counts[('GraphQL', 100)]:.1f}x the queries")
    return 0 if graphql_flat else 1


if __name__ == "__main__":
    sys.exit(main())
