"""GraphQL versus Wagtail's own REST API v2: 50 guides with their fields, one server, one run.

    python bench/graphql_vs_wagtail_api.py            # fresh DB in a temp dir, 200 guides, ~10 min

Scenarios, all against the same gunicorn (same workers, same SQLite file, same client concurrency):
  (a) Wagtail API v2   GET /api/v2/pages/?type=content_models.GuidePage&fields=...&limit=50   (uncached)
  (b) GraphQL POST     guides(first: 50) {...}                                                 (POST is never cached)
  (c) GraphQL GET      persisted query by sha256, server-side response cache warm              (200 with body)
  (d) GraphQL GET      the same, with If-None-Match: <ETag>                                    (304, no body)

Before measuring, (a) and (b) must return the same 50 guides with the same field values. Scenarios are
interleaved in rounds so that other load on the machine hits every scenario alike. Exit status 1 when a
request fails or the check does not hold.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from datetime import datetime
from urllib.parse import urlencode

from common import (
    LoadResult,
    Scenario,
    Server,
    add_run_arguments,
    bench_env,
    bench_workdir,
    log,
    log_run_setup,
    measure_scenarios,
    prepare_or_reuse,
    report_failures,
    request_once,
)

PAGE_SIZE = 50
API_PATH = (
    "/api/v2/pages/?type=content_models.GuidePage&locale=da"
    f"&fields=summary,topics,sections,first_published_at&limit={PAGE_SIZE}"
)
# Danish pages only: GraphQL's guides() are those of one language (Danish unless asked), the API's of all locales.
# totalCount is asked for because Wagtail's API always counts (meta.total_count): the same work on both sides.
GRAPHQL_QUERY = (
    "query BenchGuides { guides(first: %d) { totalCount edges { node { slug title summary url firstPublishedAt "
    "topics { slug } sections { key heading bodyHtml } } } } }" % PAGE_SIZE
)
QUERY_HASH = hashlib.sha256(GRAPHQL_QUERY.encode("utf-8")).hexdigest()
PERSISTED = {"persistedQuery": {"version": 1, "sha256Hash": QUERY_HASH}}
JSON_HEADERS = {"Accept": "application/json", "Host": "127.0.0.1"}


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--guides", type=int, default=200, help="guides in the database (demo 41 + generated)")
    add_run_arguments(parser, threads=8, requests=2000, seconds=30)
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="extra environment for the server, e.g. DATABASE_CONN_MAX_AGE=60 (applies to every scenario)")
    return parser.parse_args(argv)


# --------------------------------------------------------------------------------------------------
# The equivalence check


def _fetch_json(port, method, path, body=None, headers=None):
    status, response_headers, raw = request_once(port, method, path, body=body, headers=headers or JSON_HEADERS)
    if status != 200:
        raise SystemExit(f"{method} {path[:80]} answered HTTP {status}: {raw[:500]!r}")
    return json.loads(raw), raw, response_headers


def _parse_time(value):
    return datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None


def compare(api_items, graphql_nodes) -> tuple[list[str], dict[str, int]]:
    """Differences between the two answers (empty when equivalent) and counts of what was compared."""
    problems: list[str] = []
    counts = {"guides": 0, "sections": 0, "bodies_identical": 0, "bodies_link_expanded": 0, "urls_equal": 0}
    if len(api_items) != PAGE_SIZE or len(graphql_nodes) != PAGE_SIZE:
        problems.append(f"page sizes: Wagtail API {len(api_items)}, GraphQL {len(graphql_nodes)} (want {PAGE_SIZE})")
    for item, node in zip(api_items, graphql_nodes):
        slug = item["meta"]["slug"]
        if slug != node["slug"]:
            problems.append(f"order/identity: Wagtail API {slug!r} where GraphQL has {node['slug']!r}")
            continue
        counts["guides"] += 1
        for api_field, gql_field in (("title", "title"), ("summary", "summary")):
            if item[api_field] != node[gql_field]:
                problems.append(f"{slug}: {api_field} differs")
        if sorted(item["topics"]) != sorted(t["slug"] for t in node["topics"]):
            problems.append(f"{slug}: topics {item['topics']} vs {[t['slug'] for t in node['topics']]}")
        if _parse_time(item["meta"]["first_published_at"]) != _parse_time(node["firstPublishedAt"]):
            problems.append(f"{slug}: first_published_at {item['meta']['first_published_at']} vs {node['firstPublishedAt']}")
        if item["meta"]["html_url"] == node["url"]:
            counts["urls_equal"] += 1
        else:
            problems.append(f"{slug}: url {item['meta']['html_url']} vs {node['url']}")
        api_sections = [(s["key"], s["heading"]) for s in item["sections"]]
        gql_sections = [(s["key"], s["heading"]) for s in node["sections"]]
        if api_sections != gql_sections:
            problems.append(f"{slug}: sections {api_sections} vs {gql_sections}")
            continue
        for api_section, gql_section in zip(item["sections"], node["sections"]):
            counts["sections"] += 1
            if api_section["body"] == gql_section["bodyHtml"]:
                counts["bodies_identical"] += 1
            elif "linktype=" in api_section["body"] or "<embed" in api_section["body"]:
                counts["bodies_link_expanded"] += 1  # Wagtail stores internal links; GraphQL expands them
            else:
                problems.append(f"{slug}/{api_section['key']}: body differs beyond link expansion")
    return problems, counts


# --------------------------------------------------------------------------------------------------
# Reporting


def _ratio(value, reference):
    return value / reference if reference else float("nan")


def print_table(results: dict[str, LoadResult], reference: str, threads: int) -> None:
    ref = results[reference]
    log("| scenario | requests | rps | p50 ms | p95 ms | rps vs (a) | p95 (a)/p95 | server CPU ms/req |")
    log("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, result in results.items():
        log(
            f"| {name} | {result.requests} | {result.rps:.1f} | {result.p50:.1f} | {result.p95:.1f} | "
            f"{_ratio(result.rps, ref.rps):.2f}x | {_ratio(ref.p95, result.p95):.2f}x | "
            f"{result.server_cpu_ms_per_request:.2f} |"
        )
    log(f"(client: {threads} threads in one process on the same machine; its CPU share is below)")
    for name, result in results.items():
        log(f"  {name}: {result.seconds:.1f} s measured, client CPU {result.client_cpu:.1f} s, "
            f"server CPU {result.server_cpu:.1f} s, failures {result.failures}")


def verdicts(results: dict[str, LoadResult], keys: dict[str, str]) -> list[str]:
    ref = results[keys["a"]]
    lines = []
    for key, goal, label in (("b", 2, "uncached GraphQL POST"), ("c", 10, "warm persisted GET (200)"),
                             ("d", 10, "warm GET with If-None-Match (304)")):
        result = results[keys[key]]
        rps_ratio, p95_ratio = _ratio(result.rps, ref.rps), _ratio(ref.p95, result.p95)
        met = rps_ratio >= goal and p95_ratio >= goal
        lines.append(
            f"goal >= {goal}x for {label}: rps {rps_ratio:.2f}x, p95 {p95_ratio:.2f}x -> {'MET' if met else 'NOT MET'}"
        )
    return lines


# --------------------------------------------------------------------------------------------------


def main(argv=None) -> int:
    args = parse_args(argv)
    with bench_workdir(args, "bench-graphql-") as workdir:
        db_path = workdir / "bench.sqlite3"
        overrides = dict(item.split("=", 1) for item in args.set)
        env = bench_env(workdir, db_path, **overrides)
        log_run_setup(args, db_path, f", environment {overrides}" if overrides else "")
        prepare_or_reuse(args, workdir, env, db_path, args.guides)
        with Server(env, workdir, workers=args.workers) as server:
            log(f"gunicorn listening on 127.0.0.1:{server.port} (pid {server.process.pid}, workers {server.worker_pids()})")
            return measure(server, args)


def measure(server: Server, args) -> int:
    port = server.port
    # Register the persisted query (a POST with query and hash), as a partner's client does once.
    register = json.dumps({"query": GRAPHQL_QUERY, "extensions": PERSISTED}).encode()
    post_headers = {**JSON_HEADERS, "Content-Type": "application/json"}
    _fetch_json(port, "POST", "/graphql/", register, post_headers)

    api_json, api_raw, _ = _fetch_json(port, "GET", API_PATH)
    post_body = json.dumps({"query": GRAPHQL_QUERY}).encode()
    gql_json, gql_raw, _ = _fetch_json(port, "POST", "/graphql/", post_body, post_headers)
    if "errors" in gql_json:
        raise SystemExit(f"GraphQL errors: {gql_json['errors']}")
    connection = gql_json["data"]["guides"]
    nodes = [edge["node"] for edge in connection["edges"]]
    problems, counts = compare(api_json["items"], nodes)
    log("")
    log("equivalence check (a) vs (b):")
    log(f"  total: Wagtail API meta.total_count {api_json['meta']['total_count']}, GraphQL totalCount {connection['totalCount']}")
    log(f"  same {counts['guides']} of {PAGE_SIZE} guides in the same order (slug), same title, summary, topics, "
        f"first published, url ({counts['urls_equal']} equal), same section keys and headings ({counts['sections']} sections)")
    log(f"  section bodies: {counts['bodies_identical']} identical, {counts['bodies_link_expanded']} differ only by "
        "Wagtail's link expansion")
    log(f"  response sizes: Wagtail API {len(api_raw)} bytes, GraphQL {len(gql_raw)} bytes")
    if api_json["meta"]["total_count"] != connection["totalCount"]:
        problems.append("total counts differ")
    if problems:
        log("  FAILED:")
        for problem in problems[:20]:
            log(f"    - {problem}")
        return 1
    log("  OK: (a) and (b) return the same pages and field values")

    get_path = "/graphql/?" + urlencode({"extensions": json.dumps(PERSISTED, separators=(",", ":"))})
    status, headers, get_raw = request_once(port, "GET", get_path, headers=JSON_HEADERS)
    if status != 200 or get_raw != gql_raw or "etag" not in headers:
        log(f"persisted GET: HTTP {status}, body equal to POST: {get_raw == gql_raw}, ETag {headers.get('etag')}")
        return 1
    etag = headers["etag"]
    log(f"  persisted GET by hash: HTTP 200, same body as the POST, ETag {etag}, Cache-Control {headers.get('cache-control')}")

    scenarios = {
        "a": Scenario("(a) Wagtail API v2 GET, uncached", "GET", API_PATH, headers=JSON_HEADERS,
                      expect_length=len(api_raw)),
        "b": Scenario("(b) GraphQL POST, uncached", "POST", "/graphql/", body=post_body, headers=post_headers,
                      expect_length=len(gql_raw), forbid=b'"errors"'),
        "c": Scenario("(c) GraphQL persisted GET, warm cache (200)", "GET", get_path, headers=JSON_HEADERS,
                      expect_length=len(gql_raw), forbid=b'"errors"'),
        "d": Scenario("(d) GraphQL GET If-None-Match (304)", "GET", get_path,
                      headers={**JSON_HEADERS, "If-None-Match": etag}, expect_status=304, expect_length=0),
    }
    log("")
    results = measure_scenarios(server, scenarios.values(), args, summary=lambda result: f"{result.rps:.1f} rps")
    if results is None:
        return 1
    log("")
    print_table(results, scenarios["a"].name, args.threads)
    log("")
    keys = {key: scenario.name for key, scenario in scenarios.items()}
    for line in verdicts(results, keys):
        log(line)
    return 1 if report_failures(results) else 0


if __name__ == "__main__":
    sys.exit(main())
