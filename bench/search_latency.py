"""Search latency at 10k and 100k documents on both engines, and indexing throughput.

    python bench/search_latency.py [--sizes 10000,100000] [--queries 300]
    python bench/search_latency.py --sizes 100000,1000000 --database-max 100000   # the scale goal (issue 15)
    python bench/search_latency.py --sizes 100000 --keep; python bench/search_latency.py --measure-only
        # load once, then measure the same documents with two versions of the code: the database's projection
        # (DATABASE_URL), and the OpenSearch index when BENCH_INDEX_PREFIX names the one that --keep printed
    python bench/search_latency.py --measure-only --samples 5 --query-seed 101
        # five sets of queries never measured before, each with OpenSearch's request cache emptied first
    (OPENSEARCH_URL=http://127.0.0.1:9200 to measure OpenSearch too: eval "$(bash search/opensearch_node/start.sh | tail -n 1)")

In one process and one run: a fresh SQLite file (or DATABASE_URL), projection documents generated from
the demo corpus' vocabulary (titles, summaries, 120-word bodies, topics, local municipalities), loaded
into the database projection and into an OpenSearch index of its own; then, after 300 other warm-up queries, the same seeded queries
(one word, two words, a typo, a prefix) through search.service.search on each engine, with OpenSearch's request
cache emptied first. Prints p50/p95
per engine and size, the database/OpenSearch ratio, documents/s for loading both engines, and the full
`search_reindex` throughput over real pages (the demo plus generated guides).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
WORKDIR = Path(tempfile.mkdtemp(prefix="bench-search-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.bench")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(48))
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{WORKDIR / 'bench.sqlite3'}")
# The run's own OpenSearch index, or a kept one (--keep prints its BENCH_INDEX_PREFIX, --measure-only reads it).
os.environ["SEARCH_INDEX_PREFIX"] = os.environ.get("BENCH_INDEX_PREFIX") or f"bench-{secrets.token_hex(4)}"
os.environ.setdefault("SEARCH_OPENSEARCH_TIMEOUT", "10")
os.environ.setdefault("MEDIA_ROOT", str(WORKDIR / "media"))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

from bench.common import DEMO_FILE, generated_guides, write_jsonl  # noqa: E402
from search import service, spelling  # noqa: E402
from search.analysis import stop_words  # noqa: E402
from search.engines.opensearch.client import alias_name, get_client  # noqa: E402
from search.indexing import database_sink  # noqa: E402
from search.indexing.operations import documents_as_operations  # noqa: E402
from search.models import SearchDocument  # noqa: E402
from search.projection import analysed_terms  # noqa: E402
from search.types import SearchRequest  # noqa: E402

# Seconds without a segment merge before OpenSearch counts as settled (merges of a bulk load's large segments
# follow one another with a moment between).
MERGE_QUIET_SECONDS = 30
KINDS = ["guide", "self_service_link", "step_by_step", "teaching_module", "standard"]
_TAG = re.compile(r"<[^>]+>")


def vocabulary() -> list[str]:
    words = set()
    stops = stop_words()
    for line in DEMO_FILE.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        text = " ".join(str(v) for k, v in item.items() if isinstance(v, str) and k not in ("url", "slug", "kind"))
        text += " ".join(s.get("heading", "") + " " + s.get("body_html", "") for s in item.get("sections", []) or [])
        for word in re.findall(r"[a-zæøåA-ZÆØÅ]{4,}", _TAG.sub(" ", text)):
            if word.lower() not in stops:
                words.add(word.lower())
    return sorted(words)


def documents(start: int, stop: int, words: list[str], rng: random.Random, *, terms: bool = True):
    """Generated projection documents; ``terms`` (the database engine's analysed words) cost most of the time."""
    topics = [f"emne-{n}" for n in range(30)]
    municipalities = ["101", "147", "461", "751", "851"]
    for n in range(start, stop):
        title = " ".join(rng.sample(words, rng.randint(2, 4))).capitalize()
        summary = " ".join(rng.sample(words, 15))
        body = " ".join(rng.choices(words, k=120))
        document = {
            "kind": KINDS[n % 5], "object_id": str(n), "language": "da", "slug": f"dok-{n}", "title": title,
            "summary": summary, "body": body, "keywords": "", "url": f"/dok-{n}/",
            "topics": rng.sample(topics, 2), "authority": f"myndighed-{n % 40}",
            "municipalities": rng.sample(municipalities, 1) if n % 10 == 0 else [],
        }
        if terms:
            document |= analysed_terms(title, summary, "", body)
        yield document


def queries(words: list[str], count: int, rng: random.Random) -> list[str]:
    out = []
    for n in range(count):
        kind = n % 10
        if kind < 5:
            out.append(rng.choice(words))
        elif kind < 8:
            out.append(" ".join(rng.sample(words, 2)))
        elif kind == 8:
            word = rng.choice([w for w in words if len(w) > 6])
            i = rng.randrange(1, len(word) - 1)
            out.append(word[:i] + word[i + 1 :])  # one letter dropped
        else:
            out.append(rng.choice(words)[:4])  # typed so far
    return out


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def measure(engine: str, samples: list[list[str]], warmup: list[str]) -> dict:
    """p50/p95 over every sample's queries; with more than one sample, each sample's p95 too. Each sample is
    measured with OpenSearch's request cache emptied first, so that no answer comes from the warm-up's or an
    earlier sample's queries (repeats within one sample are answered from it, as on a serving node)."""
    # Other queries first: a serving node is warm (its C2 JIT needs a few hundred queries), and the measured
    # queries must not be answered from caches the warm-up filled.
    for text in warmup:
        service.search(SearchRequest(query=text, municipality="751"), engine=engine, record=False)
    # A serving process has read its spelling vocabulary long before; here the warm-up started that read in a
    # background thread (search/spelling.py), which would otherwise share the CPU with the measured searches.
    spelling.vocabulary.wait()
    latencies, totals, per_sample = [], 0, []
    for texts in samples:
        if engine == "opensearch":
            get_client().indices.clear_cache(index=alias_name(), request=True)
        sample = []
        for text in texts:
            started = time.perf_counter()
            response = service.search(SearchRequest(query=text, municipality="751"), engine=engine, record=False)
            sample.append((time.perf_counter() - started) * 1000)
            totals += response.total > 0
        per_sample.append(percentile(sample, 95))
        latencies += sample
    figures = {
        "p50_ms": percentile(latencies, 50), "p95_ms": percentile(latencies, 95),
        "mean_ms": statistics.fmean(latencies), "queries": len(latencies), "with_results": totals,
    }
    if len(samples) > 1:
        figures["p95_per_sample_ms"] = per_sample
    return figures


def report(engine: str, r: dict) -> None:
    print(f"  {engine:<10} p50 {r['p50_ms']:7.1f} ms  p95 {r['p95_ms']:7.1f} ms  mean {r['mean_ms']:7.1f} ms  "
          f"({r['with_results']}/{r['queries']} queries with results)", flush=True)
    if "p95_per_sample_ms" in r:
        print(f"  {'':<10} p95 per sample: {', '.join(f'{v:.1f}' for v in r['p95_per_sample_ms'])} ms", flush=True)


def measure_kept(engines: list[str], samples: list[list[str]], warmup: list[str]) -> dict:
    """Each engine's documents as an earlier run with --keep left them, settled and measured."""
    figures = {}
    for engine in engines:
        if engine == "database":
            size = SearchDocument.objects.count()
        else:
            size = get_client().count(index=alias_name())["count"]
        print(f"\n== {engine}: {size:,} documents (already loaded)", flush=True)
        if not size:
            continue
        settle(engine == "database", engine == "opensearch")
        figures.setdefault(size, {})[engine] = measure(engine, samples, warmup)
        report(engine, figures[size][engine])
    return figures


def load_database(batch: list[dict]) -> float:
    started = time.perf_counter()
    fields = {f.name for f in SearchDocument._meta.fields} - {"id", "updated_at"}
    SearchDocument.objects.bulk_create(
        [SearchDocument(**{k: v for k, v in d.items() if k in fields}) for d in batch], batch_size=1000
    )
    database_sink._bump_generation()
    return time.perf_counter() - started


def load_opensearch(batch: list[dict]) -> float:
    from search.engines.opensearch.index import apply

    started = time.perf_counter()
    apply(documents_as_operations(batch, 1), refresh=True)
    return time.perf_counter() - started


def settle(database: bool, opensearch: bool) -> None:
    """What a serving system has done long before its searches: PostgreSQL's autovacuum has vacuumed and analysed
    the bulk-loaded rows, and OpenSearch has committed the bulk load and finished merging its segments. Measured
    before that, the searches share the two cores with that work."""
    from django.db import connection

    started = time.perf_counter()
    if database and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE) search_searchdocument")
    if opensearch:
        _merged_and_quiet()
    print(f"  settled in {time.perf_counter() - started:.0f} s (vacuum and analyse, segment merges)", flush=True)


def _merged_and_quiet(quiet_seconds: int = MERGE_QUIET_SECONDS, most_seconds: int = 1800) -> None:
    """Wait until OpenSearch has merged nothing for ``quiet_seconds``. The end of one merge often starts the
    next, and a single moment with no merge running (what this waited for before) is no proof of the end. A run at
    1,000,000 documents measured p95 61 ms after such a moment and merged a segment after it; the same index
    measured 39-41 ms later, when quiet."""
    client = get_client()
    client.indices.flush(index=alias_name())  # the commit a node makes once indexing has been idle a while
    quiet_since, last_total = time.monotonic(), None
    deadline = time.monotonic() + most_seconds
    while time.monotonic() < deadline:
        merges = client.indices.stats(index=alias_name(), metric="merge")["_all"]["primaries"]["merges"]
        if merges["current"] or merges["total"] != last_total:
            quiet_since, last_total = time.monotonic(), merges["total"]
        elif time.monotonic() - quiet_since >= quiet_seconds:
            return
        time.sleep(1)


def reindex_throughput(opensearch: bool, guides: int) -> dict:
    """`search_reindex` over real pages: the demo content plus generated guides (the import format)."""
    call_command("import_content", str(DEMO_FILE), verbosity=0)
    path = write_jsonl(WORKDIR / "guides.jsonl", generated_guides(guides, local_text_every=0))
    call_command("import_content", str(path), verbosity=0)
    result = {}
    db = database_sink.rebuild()
    result["database"] = {"documents": db["documents"], "seconds": db["seconds"], "per_second": db["documents"] / db["seconds"]}
    if opensearch:
        from search.engines.opensearch.index import rebuild

        os_result = rebuild()
        result["opensearch"] = {
            "documents": os_result["documents"], "seconds": os_result["seconds"],
            "per_second": os_result["documents"] / os_result["seconds"],
        }
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=300, help="queries run before measuring, on each engine")
    parser.add_argument("--samples", type=int, default=1,
                        help="measure this many sets of --queries queries, each drawn afresh (one seed per set)")
    parser.add_argument("--query-seed", type=int, default=7,
                        help="seed of the first set of measured queries (another seed: queries not measured before)")
    parser.add_argument("--reindex-guides", type=int, default=1000)
    parser.add_argument("--database-max", type=int, default=0,
                        help="load and measure the database engine only up to this many documents (0: every size)")
    parser.add_argument("--measure-only", action="store_true",
                        help="measure the documents already in DATABASE_URL's projection (loaded by an earlier run "
                             "with --keep): the same data for two versions of the code, run one after the other")
    parser.add_argument("--keep", action="store_true", help="leave the loaded documents in the database")
    parser.add_argument("--json", help="write the figures to this file")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    opensearch = bool(settings.OPENSEARCH_URL) and (not args.measure_only or bool(os.environ.get("BENCH_INDEX_PREFIX")))
    print(f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}; "
          f"opensearch: {settings.OPENSEARCH_URL or 'not configured (set OPENSEARCH_URL)'}", flush=True)
    call_command("migrate", verbosity=0)
    engines = ["database"] + (["opensearch"] if opensearch else [])
    if opensearch:
        from search.engines.opensearch.index import ensure_index

        ensure_index()
    words = vocabulary()
    rng = random.Random(2026)
    samples = [queries(words, args.queries, random.Random(args.query_seed + 1000 * k)) for k in range(args.samples)]
    warmup = queries(words, args.warmup, random.Random(11))
    figures = {"sizes": {}, "vocabulary": len(words)}
    if args.measure_only:
        figures["sizes"] = measure_kept(engines, samples, warmup)
        if args.json:
            Path(args.json).write_text(json.dumps(figures, indent=2))
        return 0
    loaded = 0
    try:
        for size in sizes:
            print(f"\n== {size:,} documents", flush=True)
            load = {"database": 0.0, "opensearch": 0.0}
            with_database = not args.database_max or size <= args.database_max
            started = time.perf_counter()
            while loaded < size:
                batch = list(documents(loaded, min(size, loaded + 5000), words, rng, terms=with_database))
                if with_database:
                    load["database"] += load_database(batch)
                if opensearch:
                    load["opensearch"] += load_opensearch(batch)
                loaded += len(batch)
                if loaded % 50000 == 0 or loaded == size:
                    print(f"  loaded {loaded:,}/{size:,} ({time.perf_counter() - started:.0f} s)", flush=True)
            settle(with_database, opensearch)
            row = {"load_seconds": load}
            for engine in engines if with_database else [e for e in engines if e != "database"]:
                row[engine] = measure(engine, samples, warmup)
                report(engine, row[engine])
            if opensearch and with_database:
                row["p95_ratio_database_to_opensearch"] = row["database"]["p95_ms"] / row["opensearch"]["p95_ms"]
                print(f"  p95 ratio database/opensearch: {row['p95_ratio_database_to_opensearch']:.2f}x")
            figures["sizes"][size] = row
        if not args.keep:
            SearchDocument.objects.all().delete()
            print(f"\n== full reindex (search_reindex) over the demo + {args.reindex_guides} generated guides", flush=True)
            figures["reindex"] = reindex_throughput(opensearch, args.reindex_guides)
            for engine, r in figures["reindex"].items():
                print(f"  {engine:<10} {r['documents']} documents in {r['seconds']:.1f} s = {r['per_second']:.0f} documents/s")
    finally:
        if opensearch and args.keep:
            print(f"\nkept: BENCH_INDEX_PREFIX={settings.SEARCH_INDEX_PREFIX} (the OpenSearch index; "
                  "delete it with curl -XDELETE $OPENSEARCH_URL/$BENCH_INDEX_PREFIX-*)", flush=True)
        elif opensearch:
            get_client().indices.delete(index=f"{settings.SEARCH_INDEX_PREFIX}-*", ignore_unavailable=True)
        shutil.rmtree(WORKDIR, ignore_errors=True)
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
