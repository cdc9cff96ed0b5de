"""Search relevance: nDCG@10, hit@3, MRR and zero-result rate of the judged queries in bench/relevance/ (graded
0-3; Danish, and English ones typed on the English pages), per search engine, side by side with Wagtail's stock
database search backend on the same content (the peer: what a Wagtail site gets by default).

    python bench/search_relevance.py                     # database, the stock peer; OpenSearch too when OPENSEARCH_URL is set
    python bench/search_relevance.py --engine database   # one engine (database|opensearch|both); the peer always runs
    python bench/search_relevance.py --json out.json     # also write the figures and every query's top 10
    python bench/search_relevance.py --gate              # exit 3 when nDCG@10 drops > 0.02 below bench/relevance/baseline.json
    python bench/search_relevance.py --write-baseline    # record this run's nDCG@10 per engine as the baseline
    python bench/search_relevance.py --signals           # also after 4 simulated weeks of position-biased clicks
    python bench/search_relevance.py --check             # only validate the judged set (no Django, < 1 s)

A fresh database (a temp SQLite file; with DATABASE_URL set, a throwaway test database on that server) is
migrated, the demo content imported, search/data/demo_synonyms.txt (the demo's synonyms) loaded as the search synonyms and the search
projection rebuilt; for OpenSearch an index is built under a unique SEARCH_INDEX_PREFIX and deleted afterwards.
Each query goes through search.service.search(..., record=False): the real analysis, synonyms, municipality
handling and ranking of the engine, and no query statistics written. The peer searches live pages
(Page.objects.live().search) and standards with Wagtail's database backend (modelsearch), its index built by
update_index, merged by its own score. Exit status 0 when the run completes (whether or not the goals are met),
1 when --check finds problems, 2 when the judged set is unusable, 3 when --gate finds a drop below the baseline.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import math
import os
import secrets
import statistics
import sys
import tempfile
import time
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
DEMO_FILE = REPO / "content_models" / "demo" / "data" / "demo_content.jsonl"
MUNICIPALITIES_CSV = REPO / "content_models" / "data" / "dk-geography" / "municipalities.csv"
QUERIES_FILE = BENCH / "relevance" / "queries.jsonl"
SYNONYMS_FILE = BENCH.parent / "search" / "data" / "demo_synonyms.txt"  # the demo's synonyms

BASELINE_FILE = BENCH / "relevance" / "baseline.json"
QUERY_TYPES = (
    "plain", "inflection", "typo", "synonym", "old_name", "municipality", "standard", "ascii_folding",
    "autocomplete_prefix", "colloquial", "compound", "question", "english",
)
LANGUAGES = ("da", "en")  # the searcher's page's language (preferred in the ranking); both are always searched
SEARCHED_KINDS = ("guide", "self_service_link", "step_by_step", "teaching_module", "standard")
MIN_QUERIES = {"da": 250, "en": 50}
CUTOFF = 3  # hit@3: an item graded 2 or 3 among the first 3
DEPTH = 10  # nDCG@10 and MRR look at the first 10 hits, the page a searcher sees
PEER = "wagtail"  # Wagtail's stock database search backend on the same content
GOALS = {"opensearch": 0.85, "database": 0.75}  # nDCG@10 of the acceptance criterion
PEER_FACTOR = 1.3  # ... and at least this times the peer's
GATE_TOLERANCE = 0.02
CLICKS_BY_POSITION = (10, 5, 3)  # --signals: simulated clicks on the first results, by position only
SIGNAL_WEEKS = 4  # --gate fails when an engine's nDCG@10 is more than this below the baseline


# --------------------------------------------------------------------------------------------------
# The judged set and its validation (standard library only: the test and --check run without Django)


@dataclass(frozen=True)
class Query:
    query: str
    municipality: str
    grades: tuple[tuple[str, int], ...]  # (item key, 0-3): 3 the answer, 2 useful, 1 related; unlisted 0
    type: str
    line: int
    language: str = "da"  # the page the searcher types on: /soeg/ (da) or /en/search/ (en)

    @property
    def relevant(self) -> tuple[str, ...]:
        """The items a searcher would be satisfied with (graded 2 or 3), best first."""
        return tuple(key for key, grade in sorted(self.grades, key=lambda kg: -kg[1]) if grade >= 2)

    def grade(self, key: str) -> int:
        return dict(self.grades).get(key, 0)


def _fold(text: str) -> str:
    """Lower case, æ/ø/å spelt out, accents off: how names in a query are compared."""
    text = text.lower().translate(str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"}))
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def load_queries(path: Path = QUERIES_FILE) -> list[Query]:
    """The judged queries; raises ValueError on a line that is not a JSON object with the four fields."""
    queries = []
    with open(path, encoding="utf-8") as handle:
        for number, text in enumerate(handle, 1):
            if not text.strip():
                continue
            try:
                row = json.loads(text)
                grades = row["grades"] if "grades" in row else {key: 3 if i == 0 else 2
                                                                  for i, key in enumerate(row["relevant"])}
                queries.append(Query(row["query"], row["municipality"], tuple(grades.items()), row["type"], number,
                                     row.get("language", "da")))
            except (ValueError, KeyError, TypeError, AttributeError) as exc:
                raise ValueError(f"{path.name}:{number}: not a judged query ({exc!r})") from exc
    return queries


def load_synonyms(path: Path = SYNONYMS_FILE) -> list[str]:
    """One group per non-empty line, as search.models.Synonym.terms takes it."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [" ".join(line.split()) for line in lines if line.strip() and not line.lstrip().startswith("#")]


def demo_items(path: Path = DEMO_FILE) -> tuple[set[str], dict[str, set[str]]]:
    """The live searchable items of the import file ("kind:slug", standards by identifier) and, per item,
    the places with live local content ("751" for a municipality, "region:1082" for a region).

    Later lines win, as in the importer; "live": false or "delete": true take an item or a variant out.
    """
    live: dict[str, bool] = {}
    variants: dict[tuple, bool] = {}  # (item key, place, section or "url") -> live
    with open(path, encoding="utf-8") as handle:
        for text in handle:
            row = json.loads(text)
            kind, is_live = row["kind"], row.get("live") is not False and row.get("delete") is not True
            if kind in SEARCHED_KINDS:
                key = f"{kind}:{row['identifier'] if kind == 'standard' else row['slug']}"
                live[key] = is_live
                if kind == "self_service_link":
                    for name, prefix in (("municipality_urls", ""), ("region_urls", "region:")):
                        for code in row.get(name) or {}:
                            variants[(key, prefix + code, "url")] = is_live
            elif kind in ("local_text", "self_service_url"):
                key = f"guide:{row['guide']}" if kind == "local_text" else f"self_service_link:{row['link']}"
                place = row["municipality"] if row.get("municipality") else f"region:{row['region']}"
                variants[(key, place, row.get("section", "url"))] = is_live
    places: dict[str, set[str]] = defaultdict(set)
    for (key, place, _), is_live in variants.items():
        if is_live and live.get(key):
            places[key].add(place)
    return {key for key, is_live in live.items() if is_live}, dict(places)


def municipalities(path: Path = MUNICIPALITIES_CSV) -> dict[str, tuple[str, str]]:
    """Municipality code -> (folded name, region code)."""
    with open(path, encoding="utf-8") as handle:
        return {row["kommunekode"]: (_fold(row["kommunenavn"]), row["regionskode"]) for row in csv.DictReader(handle)}


def validate(queries_path: Path = QUERIES_FILE, synonyms_path: Path = SYNONYMS_FILE,
             demo_path: Path = DEMO_FILE) -> list[str]:
    """Problems of the judged set (empty when it is usable): every relevant key is a live item of the demo
    file, every field well formed, at least MIN_QUERIES queries, every type present, each municipality query
    answerable by an item with local content there, each synonym group at least two terms."""
    try:
        queries = load_queries(queries_path)
    except (OSError, ValueError) as exc:
        return [str(exc)]
    items, places = demo_items(demo_path)
    geography = municipalities()
    problems = []
    seen = set()
    for q in queries:
        where = f"{queries_path.name}:{q.line} {q.query!r}"
        if not isinstance(q.query, str) or not q.query.strip() or q.query != q.query.lower():
            problems.append(f"{where}: the query must be non-empty lower-case text")
            continue
        if q.type not in QUERY_TYPES:
            problems.append(f"{where}: unknown type {q.type!r} (one of {', '.join(QUERY_TYPES)})")
        if q.language not in LANGUAGES:
            problems.append(f"{where}: unknown language {q.language!r} (one of {', '.join(LANGUAGES)})")
        if q.municipality and q.municipality not in geography:
            problems.append(f"{where}: unknown municipality code {q.municipality!r}")
        if (q.query, q.municipality) in seen:
            problems.append(f"{where}: judged twice")
        seen.add((q.query, q.municipality))
        if not q.relevant:
            problems.append(f"{where}: 'grades' must grade at least one item 2 or 3")
        for key, grade in q.grades:
            if grade not in (0, 1, 2, 3):
                problems.append(f"{where}: grade of {key!r} must be 0, 1, 2 or 3, not {grade!r}")
        for key, _ in q.grades:
            if key not in items:
                problems.append(f"{where}: {key!r} is not a live item of {demo_path.name}")
        if q.type == "municipality":
            words = _fold(q.query).split()
            codes = [q.municipality] if q.municipality else [
                code for code, (name, _) in geography.items() if name in words
            ]
            if not codes:
                problems.append(f"{where}: a municipality query needs a code or a municipality named in the text")
            for code in codes:
                wanted = {code, f"region:{geography.get(code, ('', ''))[1]}"}
                if not any(places.get(key, set()) & wanted for key in q.relevant):
                    problems.append(f"{where}: no relevant item has local content for municipality {code}")
    for language, minimum in MIN_QUERIES.items():
        count = sum(1 for q in queries if q.language == language)
        if count < minimum:
            problems.append(f"{queries_path.name}: {count} queries in {language!r}, at least {minimum} needed")
    missing = [t for t in QUERY_TYPES if t not in {q.type for q in queries}]
    if missing:
        problems.append(f"{queries_path.name}: no query of type {', '.join(missing)}")
    try:
        groups = load_synonyms(synonyms_path)
    except OSError as exc:
        return problems + [str(exc)]
    owner: dict[str, int] = {}
    for number, group in enumerate(groups, 1):
        terms = [term.strip() for term in group.split(",") if term.strip()]
        if len(terms) < 2:
            problems.append(f"{synonyms_path.name}: group {number} {group!r} has fewer than two terms")
        for term in terms:
            if _fold(term) in owner:
                problems.append(f"{synonyms_path.name}: {term!r} is in groups {owner[_fold(term)]} and {number}")
            owner[_fold(term)] = number
    return problems


# --------------------------------------------------------------------------------------------------
# Scoring


def log(message: str) -> None:
    print(message, flush=True)


@dataclass
class Outcome:
    query: Query
    got: list[str]  # "kind:slug" of the first DEPTH hits
    seconds: float
    engine: str  # the engine that answered (differs from the asked one when the service fell back)
    degraded: bool

    @property
    def rank(self) -> int | None:
        """Rank of the first item graded 2 or 3 within the first DEPTH."""
        return next((n for n, key in enumerate(self.got[:DEPTH], 1) if self.query.grade(key) >= 2), None)

    @property
    def hit(self) -> bool:
        return self.rank is not None and self.rank <= CUTOFF

    @property
    def reciprocal_rank(self) -> float:
        return 1 / self.rank if self.rank else 0.0

    @property
    def ndcg(self) -> float:
        return ndcg([self.query.grade(key) for key in self.got[:DEPTH]], [g for _, g in self.query.grades])


def dcg(grades: list[int]) -> float:
    return sum((2 ** grade - 1) / math.log2(position + 1) for position, grade in enumerate(grades[:DEPTH], 1))


def ndcg(found: list[int], judged: list[int]) -> float:
    """nDCG@10 with exponential gain (2^grade - 1): the found grades against the best possible order."""
    ideal = dcg(sorted(judged, reverse=True))
    return dcg(found) / ideal if ideal else 0.0


def figures(outcomes: list[Outcome]) -> dict:
    n = len(outcomes)
    return {
        "queries": n,
        "ndcg_at_10": round(sum(o.ndcg for o in outcomes) / n, 4) if n else 0.0,
        "hit_at_3": round(sum(o.hit for o in outcomes) / n, 4) if n else 0.0,
        "mrr": round(sum(o.reciprocal_rank for o in outcomes) / n, 4) if n else 0.0,
        "zero_results": round(sum(not o.got for o in outcomes) / n, 4) if n else 0.0,
    }


def _row(label: str, f: dict) -> str:
    return (f"| {label} | {f['queries']} | {f['ndcg_at_10']:.3f} | {f['hit_at_3']:.2f} | {f['mrr']:.2f} | "
            f"{f['zero_results']:.3f} |")


def report(engine: str, outcomes: list[Outcome]) -> dict:
    """Print one engine's table and misses; return its figures for --json."""
    latencies = sorted(o.seconds * 1000 for o in outcomes)
    p95 = latencies[max(0, -(-95 * len(latencies) // 100) - 1)]
    degraded = [o for o in outcomes if o.degraded or o.engine != engine]
    log(f"\n## {engine}: {len(outcomes)} queries, latency p50 {statistics.median(latencies):.1f} ms, p95 {p95:.1f} ms")
    if degraded:
        log(f"WARNING: {len(degraded)} queries were not answered by {engine} (failed, or another engine answered): "
            f"these figures are not {engine}'s alone")
    by_type = {t: figures([o for o in outcomes if o.query.type == t]) for t in QUERY_TYPES}
    by_language = {language: figures([o for o in outcomes if o.query.language == language]) for language in LANGUAGES}
    overall = figures(outcomes)
    log("")
    log("| type | queries | nDCG@10 | hit@3 | MRR | zero results |")
    log("|---|---:|---:|---:|---:|---:|")
    for t, f in by_type.items():
        if f["queries"]:
            log(_row(t, f))
    for language, f in by_language.items():
        log(_row(f"all {language}", f))
    log(_row("**all**", overall))
    misses = [o for o in outcomes if not o.hit]
    log(f"\nmisses ({len(misses)}): nothing graded 2 or 3 in the first {CUTOFF}")
    for o in misses:
        place = f" [{o.query.municipality}]" if o.query.municipality else ""
        top = ", ".join(f"{n}. {key}" for n, key in enumerate(o.got[:CUTOFF], 1)) or "nothing"
        later = f"; first relevant at rank {o.rank}" if o.rank else ""
        log(f"- {o.query.query!r}{place} ({o.query.type}): expected {', '.join(o.query.relevant)}; got {top}{later}")
    return {
        "overall": overall,
        "by_language": by_language,
        "by_type": {t: f for t, f in by_type.items() if f["queries"]},
        "degraded_queries": len(degraded),
        "latency_ms": {"p50": round(statistics.median(latencies), 2), "p95": round(p95, 2)},
        "queries": [
            {"query": o.query.query, "municipality": o.query.municipality, "type": o.query.type,
             "language": o.query.language, "grades": dict(o.query.grades), "rank": o.rank, "hit_at_3": o.hit,
             "ndcg_at_10": round(o.ndcg, 4), "got": o.got, "answered_by": o.engine}
            for o in outcomes
        ],
    }


def summary(results: dict) -> list[str]:
    """The engines and the peer side by side, with the goals."""
    peer = results.get(PEER, {}).get("overall", {}).get("ndcg_at_10")
    lines = ["| engine | queries | nDCG@10 | hit@3 | MRR | zero results | × peer | goal |",
             "|---|---:|---:|---:|---:|---:|---:|---|"]
    for engine, result in results.items():
        o = result["overall"]
        ratio = f"{o['ndcg_at_10'] / peer:.2f}" if peer and engine != PEER else "–"
        goal = ""
        if engine in GOALS:
            met = o["ndcg_at_10"] >= GOALS[engine] and (not peer or o["ndcg_at_10"] >= PEER_FACTOR * peer)
            goal = f">= {GOALS[engine]:.2f} and >= {PEER_FACTOR}× peer: {'met' if met else 'NOT met'}"
        lines.append(f"| {engine} | {o['queries']} | **{o['ndcg_at_10']:.3f}** | {o['hit_at_3']:.2f} | {o['mrr']:.2f} | "
                     f"{o['zero_results']:.3f} | {ratio} | {goal} |")
    return lines


def gate(results: dict, baseline: dict, tolerance: float = GATE_TOLERANCE) -> list[str]:
    """Engines whose nDCG@10 is more than ``tolerance`` below the baseline's (empty: the gate passes). An engine in
    the baseline but not in the run is a failure too: the gate must not pass by skipping one."""
    failures = []
    for engine, recorded in baseline.get("ndcg_at_10", {}).items():
        if engine == PEER:
            continue
        if engine not in results:
            failures.append(f"{engine}: not run (the baseline has {recorded:.3f})")
            continue
        now = results[engine]["overall"]["ndcg_at_10"]
        if now < recorded - tolerance:
            failures.append(f"{engine}: nDCG@10 {now:.3f} is more than {tolerance} below the baseline {recorded:.3f}")
    return failures


def stock_search(text: str) -> list[str]:
    """The peer: Wagtail's stock search as a Wagtail site has it (live pages, and the standards snippets), with the
    database backend, merged by the backend's own score; "kind:slug" of the first DEPTH."""
    from django.db import connection
    from wagtail.models import Page
    from wagtail.search.backends import get_search_backend

    from content_models.kinds import registry
    from content_models.models import Standard

    scored = []
    for page in Page.objects.live().public().specific().search(text).annotate_score("_score")[:DEPTH]:
        kind = registry.for_model(type(page))
        if kind is not None:
            scored.append((page._score, f"{kind.code}:{page.slug}"))
    live = set(Standard.objects.filter(live=True).values_list("pk", flat=True))
    for standard in get_search_backend().search(text, Standard).annotate_score("_score")[:DEPTH * 2]:
        if standard.pk in live:
            scored.append((standard._score, f"standard:{standard.identifier}"))
    # SQLite's bm25 is better the lower; PostgreSQL's ts_rank the higher.
    scored.sort(key=lambda item: item[0], reverse=connection.vendor != "sqlite")
    return [key for _, key in scored[:DEPTH]]


def _delete_indices(url: str, prefix: str) -> list[str]:
    """Every index under the run's own prefix (random, so nobody else's): the search index and anything
    else built under it."""
    from opensearchpy import OpenSearch

    client = OpenSearch(hosts=[url], timeout=30)
    names = sorted(client.indices.get(index=f"{prefix}*", expand_wildcards="all", allow_no_indices=True,
                                      ignore_unavailable=True))
    for name in names:
        client.indices.delete(index=name, ignore_unavailable=True)
    return names


def run(args, engines: list[str], queries: list[Query], synonyms: list[str]) -> int:
    sys.path.insert(0, str(BENCH))
    from common import bench_env, remove_tree

    opensearch_url = os.environ.get("OPENSEARCH_URL", "")
    database_url = os.environ.get("DATABASE_URL", "")
    prefix = f"relbench-{secrets.token_hex(4)}"
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="bench-search-relevance-"))
    workdir.mkdir(parents=True, exist_ok=True)
    db_path = workdir / "search_relevance.sqlite3"
    db_path.unlink(missing_ok=True)
    # OPENSEARCH_URL stays empty while the demo is imported (no admin or event indexing into OpenSearch);
    # it is set in the settings only once the content is there.
    env = bench_env(workdir, db_path, LOG_LEVEL="WARNING", OPENSEARCH_URL="", SEARCH_INDEX_PREFIX=prefix)
    if database_url:
        env["DATABASE_URL"] = database_url
    for name in ("DATABASE_URL", "REDIS_URL", "OPENSEARCH_URL", "DATABASE_CONN_MAX_AGE", "DJANGO_SETTINGS_MODULE"):
        os.environ.pop(name, None)  # nothing of the caller's services but the database asked for
    os.environ.update(env)
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    test_database = None
    index_built = False
    try:
        started = time.perf_counter()
        with open(workdir / "prepare.log", "w") as out:
            if database_url:
                # A database of its own on the caller's server: the caller's data is never touched.
                test_database = connection.settings_dict["NAME"]
                connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
            else:
                call_command("migrate", "--noinput", stdout=out, stderr=out)
            # The demo's content, as load_demo imports it (its demo accounts play no part in search). Wagtail's
            # own index is built once afterwards (update_index), not page by page on every save.
            backends = settings.WAGTAILSEARCH_BACKENDS
            settings.WAGTAILSEARCH_BACKENDS = {name: {**params, "AUTO_UPDATE": False} for name, params in backends.items()}
            try:
                call_command("import_content", str(DEMO_FILE), stdout=out, stderr=out)
            finally:
                settings.WAGTAILSEARCH_BACKENDS = backends
        from search.indexing.database_sink import rebuild as rebuild_projection
        from search.models import SearchDocument, Synonym
        from search.synonyms import forget as forget_synonyms

        Synonym.objects.all().delete()
        Synonym.objects.bulk_create([Synonym(terms=terms, active=True) for terms in synonyms])
        forget_synonyms()  # bulk_create sends no save signals: drop any cached groups explicitly
        rebuild_projection()
        documents = SearchDocument.objects.count()
        with open(workdir / "prepare.log", "a") as out:
            call_command("update_index", stdout=out, stderr=out)  # the peer's index (Wagtail's database backend)
        log(f"database: {connection.vendor}; demo imported, {len(synonyms)} synonym groups, "
            f"{documents} documents in the projection ({time.perf_counter() - started:.0f} s)")
        if "opensearch" in engines:
            settings.OPENSEARCH_URL = opensearch_url
            # Relevance, not latency, is measured: a slow first query on a cold node must not fail.
            settings.SEARCH_OPENSEARCH_TIMEOUT = 15
            from search.engines.opensearch.index import rebuild as rebuild_index

            started = time.perf_counter()
            index_built = True
            rebuild_index()  # refreshes the new index before swapping the alias to it
            log(f"OpenSearch: index under prefix {prefix} built ({time.perf_counter() - started:.1f} s)")

        from search.engines.base import EngineUnavailable
        from search.service import search
        from search.types import SearchRequest

        results = {}
        def run_queries(engine: str, clicked=None) -> list[Outcome]:
            outcomes = []
            for q in queries:
                begun = time.perf_counter()
                try:
                    request = SearchRequest(query=q.query, municipality=q.municipality, first=DEPTH,
                                            preferred_language=q.language)
                    response = search(request, engine=engine, record=False)
                except EngineUnavailable as exc:  # a forced engine does not fall back: count a miss, say why
                    log(f"{engine} failed on {q.query!r}: {exc}")
                    outcomes.append(Outcome(q, [], time.perf_counter() - begun, "error", True))
                    continue
                seconds = time.perf_counter() - begun
                got = [f"{hit.kind}:{hit.slug}" for hit in response.hits[:DEPTH]]
                outcomes.append(Outcome(q, got, seconds, response.engine, response.degraded))
                if clicked is not None:
                    clicked.append(response.hits[:len(CLICKS_BY_POSITION)])
            return outcomes

        for engine in engines:
            search(SearchRequest(query="flytning", first=DEPTH), engine=engine, record=False)  # warm caches
            results[engine] = report(engine, run_queries(engine))
        if args.signals:
            # The popularity feedback loop, simulated: for SIGNAL_WEEKS weeks every judged query is searched and
            # its first results clicked by position alone (whatever their relevance), the factors recomputed
            # each week, then the set is scored again. A bounded, decaying signal must not drift far.
            from django.utils import timezone

            from search import signals
            from search.models import ResultClick

            for engine in engines:
                today = timezone.localdate()
                for week in range(SIGNAL_WEEKS):
                    clicked = []
                    run_queries(engine, clicked)
                    day = today - datetime.timedelta(weeks=SIGNAL_WEEKS - 1 - week)
                    counts = Counter()
                    for hits in clicked:
                        for position, hit in enumerate(hits):
                            counts[(signals.week_of(day), hit.kind, hit.object_id)] += CLICKS_BY_POSITION[position]
                    for (monday, kind, object_id), clicks in counts.items():
                        row, _ = ResultClick.objects.get_or_create(week=monday, kind=kind, object_id=object_id)
                        ResultClick.objects.filter(pk=row.pk).update(clicks=row.clicks + clicks)
                    signals.apply(today)
                    if engine == "opensearch":
                        from search.engines.opensearch.client import alias_name, get_client

                        get_client().indices.refresh(index=alias_name())
                results[f"{engine}+signals"] = report(f"{engine}+signals", run_queries(engine))
                ResultClick.objects.all().delete()
                signals.apply(today)  # back to no signal for the next engine
        outcomes = []
        for q in queries:
            begun = time.perf_counter()
            got = stock_search(q.query)
            outcomes.append(Outcome(q, got, time.perf_counter() - begun, PEER, False))
        results[PEER] = report(PEER, outcomes)
        log("")
        for line in summary(results):
            log(line)
        status = 0
        if args.write_baseline:
            BASELINE_FILE.write_text(json.dumps({
                "queries": len(queries), "database": connection.vendor,
                "ndcg_at_10": {engine: result["overall"]["ndcg_at_10"] for engine, result in results.items()},
            }, indent=2) + "\n", encoding="utf-8")
            log(f"\nbaseline written to {BASELINE_FILE.relative_to(REPO)}")
        if args.gate:
            failures = gate(results, json.loads(BASELINE_FILE.read_text(encoding="utf-8")))
            for failure in failures:
                log(f"GATE FAILED: {failure}")
            if failures:
                log("Fix the ranking, or if the drop is intended, rerun with --write-baseline and say why in the commit.")
            else:
                log(f"\ngate: nDCG@10 within {GATE_TOLERANCE} of {BASELINE_FILE.relative_to(REPO)} on every engine")
            status = 3 if failures else 0
        if args.json:
            payload = {
                "queries_file": str(args.queries),
                "queries": len(queries),
                "by_type": dict(Counter(q.type for q in queries)),
                "synonym_groups": len(synonyms),
                "database": connection.vendor,
                "documents": documents,
                "engines": results,
            }
            args.json.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
            log(f"\nfigures written to {args.json}")
        return status
    finally:
        if index_built:
            try:
                deleted = _delete_indices(opensearch_url, prefix)
                log(f"OpenSearch: deleted {', '.join(deleted) or 'no index'}")
            except Exception as exc:  # the figures stand; say what is left behind
                log(f"OpenSearch: could not delete the indices {prefix}*: {exc!r}")
        if test_database is not None:
            connection.creation.destroy_test_db(test_database, verbosity=0)
        if args.workdir is None:
            remove_tree(workdir)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--engine", choices=("database", "opensearch", "both"), default="both")
    parser.add_argument("--json", type=Path, help="write the figures (and each query's hits) to this file")
    parser.add_argument("--check", action="store_true", help="only validate the judged set against the demo file")
    parser.add_argument("--gate", action="store_true",
                        help=f"exit 3 when an engine's nDCG@10 is more than {GATE_TOLERANCE} below the baseline")
    parser.add_argument("--write-baseline", action="store_true", help="record this run's nDCG@10 as the baseline")
    parser.add_argument("--signals", action="store_true",
                        help=f"also score after {SIGNAL_WEEKS} simulated weeks of position-biased clicks "
                             "(the popularity feedback loop) with the bounded signal factor")
    parser.add_argument("--queries", type=Path, default=QUERIES_FILE)
    parser.add_argument("--synonyms", type=Path, default=SYNONYMS_FILE)
    parser.add_argument("--workdir", type=Path, help="keep the database here (default: a temp dir, removed)")
    args = parser.parse_args(argv)
    args.queries = args.queries.resolve()

    problems = validate(args.queries, args.synonyms)
    if args.check:
        try:
            queries, groups = load_queries(args.queries), load_synonyms(args.synonyms)
        except (OSError, ValueError):
            queries, groups = [], []  # already among the problems
        for problem in problems:
            print(f"- {problem}")
        counts = Counter(q.type for q in queries)
        verdict = f"{len(problems)} problems" if problems else "OK"
        print(f"{len(queries)} judged queries ({', '.join(f'{t} {counts[t]}' for t in QUERY_TYPES)}), "
              f"{len(groups)} synonym groups: {verdict}")
        return 1 if problems else 0
    if problems:
        print("the judged set is not usable (run --check):\n" + "\n".join(f"- {p}" for p in problems), file=sys.stderr)
        return 2

    engines = ["database", "opensearch"] if args.engine == "both" else [args.engine]
    if "opensearch" in engines and not os.environ.get("OPENSEARCH_URL"):
        print("opensearch: skipped (OPENSEARCH_URL is not set)")
        engines.remove("opensearch")
    if not engines:
        return 0
    return run(args, engines, load_queries(args.queries), load_synonyms(args.synonyms))


if __name__ == "__main__":
    sys.exit(main())
