"""Server-side render time of the citizen site, against API peers serving the same content, in one run.

    python bench/frontend_render.py            # fresh DB with the demo content in a temp dir, ~3 min

Scenarios, all against the same gunicorn (production settings, SQLite file, demo content, same client load):
  (a) frontend  GET /soeg/?q=flytning                       search results page (facets, highlights, pagination)
  (b) frontend  GET /vejledninger/flytning/ (kommune=751)   guide page with Aarhus' local text and local URLs,
                rendered on every request (a session cookie bypasses the server-side page cache)
  (f) frontend  the same guide page from the page cache     frontend/response_cache.py, warm
  (c) peer      GET /api/v2/pages/?search=flytning          Wagtail's own REST API searching pages (JSON, no template)
  (d) peer      GraphQL POST guide(slug, municipality:751)  the same guide and local text as JSON
  (e) frontend  GET (b) with If-None-Match: <ETag>          conditional GET (304, no body)

The search page is never cached on the server and (b) bypasses the page cache, so (a) and (b) measure
the render; (f) is what most anonymous readers get.
Client threads default to the worker count: a request never waits for a worker, and latency is the
server's own time plus the loopback. Goal: p95 under 100 ms for (a) and (b). Exit status 1 when a request
fails, a page lacks the content it must show, or the goal is not met.
"""

from __future__ import annotations

import argparse
import json
import sys

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

GOAL_P95_MS = 100.0
SEARCH_PATH = "/soeg/?q=flytning"
GUIDE_PATH = "/vejledninger/flytning/"
HTML_HEADERS = {"Accept": "text/html", "Host": "127.0.0.1"}
LOCAL_HEADERS = {**HTML_HEADERS, "Cookie": "kommune=751"}
# Any session cookie (here one no session has) makes a request personal to the page cache: always rendered.
UNCACHED_HEADERS = {**HTML_HEADERS, "Cookie": "kommune=751; sessionid=bench-no-such-session"}
JSON_HEADERS = {"Accept": "application/json", "Content-Type": "application/json", "Host": "127.0.0.1"}
# The peer for the search page: Wagtail's own API search. (GraphQL `search` would be the closer peer, but it
# records analytics inside the request transaction and fails with "database is locked" on SQLite under
# concurrent load, so it cannot be measured with more than one client.)
WAGTAIL_SEARCH_PATH = "/api/v2/pages/?search=flytning&limit=10&fields=title,search_description"
GRAPHQL_GUIDE = (
    'query { guide(slug: "flytning", municipality: "751") { slug title summary url topics { slug title } '
    "sections { key heading bodyHtml localText { bodyHtml } } selfServiceLinks { slug title url login } } }"
)
# What each frontend page must show for the measurement to count.
MUST_CONTAIN = {
    SEARCH_PATH: [b"resultater for", b"<mark>", b'class="pagination"', b'name="type"'],
    GUIDE_PATH: [b"Lokal information fra Aarhus Kommune", b"accordion-button"],
}


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    add_run_arguments(parser, threads=None, requests=1500, seconds=20)
    args = parser.parse_args(argv)
    args.threads = args.threads or args.workers
    return args


def _ratio(value: float, reference: float) -> float:
    return value / reference if reference else float("nan")


def check_pages(port: int) -> tuple[list[str], str]:
    """Problems with what the pages show (empty when fine), and the guide page's ETag."""
    problems, etag = [], ""
    for path, headers in ((SEARCH_PATH, HTML_HEADERS), (GUIDE_PATH, LOCAL_HEADERS)):
        status, response_headers, body = request_once(port, "GET", path, headers=headers)
        if status != 200:
            problems.append(f"{path}: HTTP {status}: {body[:300]!r}")
            continue
        problems += [f"{path}: lacks {needle!r}" for needle in MUST_CONTAIN[path] if needle not in body]
        log(f"  {path}: {len(body)} bytes, Cache-Control {response_headers.get('cache-control')}, "
            f"ETag {response_headers.get('etag')}")
        if path == GUIDE_PATH:
            etag = response_headers.get("etag", "")
    guide_body = json.dumps({"query": GRAPHQL_GUIDE}).encode()
    status, _, body = request_once(port, "POST", "/graphql/", guide_body, JSON_HEADERS)
    data = json.loads(body) if status == 200 else {}
    if status != 200 or data.get("errors") or not data.get("data", {}).get("guide"):
        problems.append(f"GraphQL guide: HTTP {status}: {body[:300]!r}")
    status, _, body = request_once(port, "GET", WAGTAIL_SEARCH_PATH, headers=JSON_HEADERS)
    if status != 200 or not json.loads(body).get("meta", {}).get("total_count"):
        problems.append(f"Wagtail API search: HTTP {status}: {body[:300]!r}")
    return problems, etag


def print_table(results: dict[str, LoadResult]) -> None:
    log("| scenario | requests | rps | p50 ms | p95 ms | server CPU ms/req |")
    log("|---|---:|---:|---:|---:|---:|")
    for name, result in results.items():
        log(f"| {name} | {result.requests} | {result.rps:.1f} | {result.p50:.1f} | {result.p95:.1f} | "
            f"{result.server_cpu_ms_per_request:.2f} |")


def verdicts(results: dict[str, LoadResult], keys: dict[str, str]) -> tuple[list[str], bool]:
    lines, met_all = [], True
    for key, peer, label in (("a", "c", "search results page"), ("b", "d", "guide page")):
        result, reference = results[keys[key]], results[keys[peer]]
        met = result.p95 < GOAL_P95_MS
        met_all &= met
        lines.append(
            f"{label}: p50 {result.p50:.1f} ms, p95 {result.p95:.1f} ms (goal p95 < {GOAL_P95_MS:.0f} ms -> "
            f"{'MET' if met else 'NOT MET'}); p95 {_ratio(result.p95, reference.p95):.2f}x, "
            f"server CPU {_ratio(result.server_cpu_ms_per_request, reference.server_cpu_ms_per_request):.2f}x "
            f"peer {keys[peer][:3]}"
        )
    for key, label in (("e", "conditional GET (304)"), ("f", "guide page from the page cache")):
        result = results[keys[key]]
        lines.append(f"{label}: p50 {result.p50:.1f} ms, p95 {result.p95:.1f} ms, "
                     f"{_ratio(result.p95, results[keys['b']].p95):.2f}x the rendered guide page")
    return lines, met_all


def measure(server: Server, args) -> int:
    port = server.port
    log("")
    log("content check:")
    problems, etag = check_pages(port)
    if problems or not etag:
        for problem in problems or ["the guide page has no ETag"]:
            log(f"  FAILED: {problem}")
        return 1
    log("  OK: the pages show results, facets, highlights and Aarhus' local text; the peers answer")
    scenarios = {
        "a": Scenario("(a) frontend search page", "GET", SEARCH_PATH, headers=HTML_HEADERS),
        "b": Scenario("(b) frontend guide page, kommune=751, rendered", "GET", GUIDE_PATH, headers=UNCACHED_HEADERS),
        "c": Scenario("(c) Wagtail API v2 search GET", "GET", WAGTAIL_SEARCH_PATH, headers=JSON_HEADERS),
        "d": Scenario("(d) GraphQL guide POST, municipality 751", "POST", "/graphql/",
                      body=json.dumps({"query": GRAPHQL_GUIDE}).encode(), headers=JSON_HEADERS, forbid=b'"errors"'),
        "e": Scenario("(e) frontend guide If-None-Match (304)", "GET", GUIDE_PATH,
                      headers={**LOCAL_HEADERS, "If-None-Match": etag}, expect_status=304, expect_length=0),
        "f": Scenario("(f) frontend guide page, page cache warm", "GET", GUIDE_PATH, headers=LOCAL_HEADERS),
    }
    results = measure_scenarios(server, scenarios.values(), args, summary=lambda result: f"p50 {result.p50:.1f} ms")
    if results is None:
        return 1
    log("")
    print_table(results)
    log("")
    lines, met = verdicts(results, {key: scenario.name for key, scenario in scenarios.items()})
    for line in lines:
        log(line)
    if report_failures(results):
        return 1
    return 0 if met else 1


def main(argv=None) -> int:
    args = parse_args(argv)
    with bench_workdir(args, "bench-frontend-") as workdir:
        db_path = workdir / "bench.sqlite3"
        env = bench_env(workdir, db_path)
        log_run_setup(args, db_path)
        prepare_or_reuse(args, workdir, env, db_path, total_guides=0)  # the demo content only
        with Server(env, workdir, workers=args.workers) as server:
            log(f"gunicorn listening on 127.0.0.1:{server.port} (pid {server.process.pid})")
            return measure(server, args)


if __name__ == "__main__":
    sys.exit(main())
