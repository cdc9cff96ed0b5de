"""Shared pieces of the benchmarks: a throwaway database, one gunicorn server, a bounded load generator.

Everything here uses the standard library only (plus gunicorn, started as a subprocess), so that
gunicorn can import this module as its application factory without loading anything else first.

- ``bench_env()``: the environment of a production-settings process against a SQLite file in a temp dir.
- ``prepare_database()``: migrate, load the demo content, import generated guides (the import format).
- ``Server``: gunicorn on 127.0.0.1 with a free port, N sync workers; waits for /healthz; stops what it started.
- ``run_load()``: closed loop of N client threads for a fixed request count and time cap, per-request latency.
- A run of scenarios against one server: ``add_run_arguments()`` (the shared options), ``bench_workdir()``,
  ``log_run_setup()``, ``prepare_or_reuse()``, ``measure_scenarios()`` (warm-up, then interleaved rounds)
  and ``report_failures()``.
"""

from __future__ import annotations

import base64
import http.client
import json
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEMO_FILE = REPO / "content_models" / "demo" / "data" / "demo_content.jsonl"
HOST = "127.0.0.1"
# The page size GraphQL allows (syndication/graphql/core/pagination.py MAX_PAGE_SIZE); Wagtail's API v2
# caps `limit` at 20 unless WAGTAILAPI_LIMIT_MAX says otherwise.
PEER_LIMIT_MAX = 100

# Settings that would move the server off the embedded defaults (or skew the comparison) are not
# inherited from the caller's environment: every run measures the same configuration.
_NOT_INHERITED = ("DATABASE_URL", "REDIS_URL", "OPENSEARCH_URL", "DATABASE_CONN_MAX_AGE", "DJANGO_SETTINGS_MODULE")


def log(message: str) -> None:
    print(message, flush=True)


# --------------------------------------------------------------------------------------------------
# Environment and database


def bench_env(workdir: Path, db_path: Path, **overrides: str) -> dict[str, str]:
    """Environment for manage.py and gunicorn: production settings, a SQLite file, only 127.0.0.1."""
    env = {k: v for k, v in os.environ.items() if k not in _NOT_INHERITED}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "cms.settings.bench",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": HOST,
            "DATABASE_URL": f"sqlite:///{db_path}",
            # Plain HTTP on the loopback interface: no redirect to https.
            "SECURE_SSL_REDIRECT": "false",
            "MEDIA_ROOT": str(workdir / "media"),
            "STATIC_ROOT": str(workdir / "static"),
            # One client IP sends every request of the benchmark.
            "GRAPHQL_ANONYMOUS_RATE_PER_MINUTE": "100000000",
            # Production refuses to start Digital Post without its own key (the demo has subscribers).
            "SUBSCRIBER_ENCRYPTION_KEY": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
            # No internet here: a link check would only spend its budget on time-outs inside the timings.
            "LINK_CHECK_SCHEDULED": "false",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(overrides)
    return env


def manage(env: dict[str, str], *args: str, logfile: Path) -> float:
    """Run ``manage.py *args`` (output to ``logfile``); returns seconds taken; raises on failure."""
    started = time.perf_counter()
    with open(logfile, "ab") as out:
        out.write(f"\n$ manage.py {' '.join(args)}\n".encode())
        out.flush()
        completed = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, timeout=1800,
        )
    if completed.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed (exit {completed.returncode}); see {logfile}")
    return time.perf_counter() - started


_SENTENCES = [
    "Du kan søge digitalt med MitID, og du får svar i Digital Post, når sagen er behandlet.",
    "Kommunen skal have din ansøgning, før du kan få udbetalt støtten, og den kan ikke gives med tilbagevirkende kraft.",
    "Har du spørgsmål, kan du kontakte Borgerservice i din kommune eller bestille tid til et personligt møde.",
    "Husk at melde ændringer i din indkomst eller husstand med det samme, så du ikke skal betale penge tilbage.",
    "Reglerne gælder for alle, der har folkeregisteradresse i Danmark og opfylder betingelserne for ordningen.",
    "Sagsbehandlingstiden er normalt fire til otte uger, men den kan være længere i perioder med mange ansøgninger.",
    "Du kan klage over afgørelsen inden for fire uger; klagen sendes til den myndighed, der har truffet afgørelsen.",
    "Er du fritaget for Digital Post, får du brevene med almindelig post i stedet.",
    "Beløbet reguleres hvert år den 1. januar, og de aktuelle satser kan ses på myndighedens hjemmeside.",
    "Hvis du bor i udlandet, gælder der særlige regler, som du kan læse om i afsnittet om udlandet.",
    "Du skal have dit NemID eller MitID, dit CPR-nummer og oplysninger om din indkomst klar, når du søger.",
    "Nogle kommuner tilbyder hjælp til den digitale ansøgning på biblioteket eller i et borgerservicecenter.",
]
_HEADINGS = [
    "Hvem kan få hjælp?", "Sådan søger du", "Det skal du vide", "Betingelser", "Satser og beløb",
    "Klagemuligheder", "Hvis din situation ændrer sig", "Frister", "Særlige regler", "Kontakt",
]


def _paragraphs(rng: random.Random, count: int) -> str:
    return "".join(f"<p>{' '.join(rng.sample(_SENTENCES, rng.randint(2, 3)))}</p>" for _ in range(count))


def _demo_slugs(kind: str) -> list[str]:
    slugs = []
    with open(DEMO_FILE, encoding="utf-8") as handle:
        for line in handle:
            item = json.loads(line)
            # Danish items only: a Danish guide line names Danish links and topics (the demo has English ones too).
            if item["kind"] == kind and item.get("locale", "da") == "da":
                slugs.append(item["slug"])
    return slugs


def generated_guides(count: int, seed: int = 2024, prefix: str = "bench-vejledning",
                     topics: list[str] | None = None, links: list[str] | None = None,
                     local_text_every: int = 2) -> list[dict]:
    """``count`` guides in the import format (3-4 sections of 1-2 paragraphs), and local texts for
    Aarhus (751) and Region Midtjylland (1082) on every ``local_text_every``-th guide."""
    rng = random.Random(seed)
    topics = topics if topics is not None else _demo_slugs("topic")
    links = links if links is not None else _demo_slugs("self_service_link")
    lines: list[dict] = []
    for n in range(count):
        slug = f"{prefix}-{n:04}"
        sections = [
            {"key": f"afsnit-{i + 1}", "heading": rng.choice(_HEADINGS), "body_html": _paragraphs(rng, rng.randint(1, 2))}
            for i in range(rng.randint(3, 4))
        ]
        lines.append(
            {
                "kind": "guide", "slug": slug, "title": f"Vejledning {n + 1}: {rng.choice(_HEADINGS).rstrip('?')}",
                "summary": " ".join(rng.sample(_SENTENCES, 1)), "locale": "da",
                "topics": rng.sample(topics, min(len(topics), rng.randint(1, 2))),
                "self_service_links": rng.sample(links, min(len(links), rng.randint(1, 3))),
                "sections": sections,
            }
        )
        if local_text_every and n % local_text_every == 0:
            place = {"municipality": "751"} if n % (2 * local_text_every) == 0 else {"region": "1082"}
            lines.append(
                {"kind": "local_text", "guide": slug, "section": sections[0]["key"], **place,
                 "body_html": _paragraphs(rng, 1)}
            )
    return lines


def municipality_codes() -> list[str]:
    """The 98 municipalities' official 3-digit codes (the geography the migrations load)."""
    path = REPO / "content_models" / "data" / "dk-geography" / "municipalities.csv"
    with open(path, encoding="utf-8") as handle:
        next(handle)
        return [line.split(",", 1)[0] for line in handle if line.strip()]


def national_mix(guides: int = 1000, links: int = 500, local_texts: int = 4000, urls_per_link: int = 10,
                 sections: int = 4, seed: int = 16, prefix: str = "masse") -> Iterator[dict]:
    """The import mix of issue 16, streamed in the import format's order: one topic, ``links`` self-service
    links with ``urls_per_link`` municipal URLs each, ``guides`` guides of ``sections`` sections (each pointing at
    1-3 of the links), then ``local_texts`` local texts spread over the guides' sections and the municipalities.
    The defaults give 5,501 items."""
    rng = random.Random(seed)
    codes = municipality_codes()
    topic = f"{prefix}-emne"
    yield {"kind": "topic", "slug": topic, "title": "Masseindlæsning", "parent": None}
    for n in range(links):
        yield {
            "kind": "self_service_link", "slug": f"{prefix}-selvbetjening-{n:04}",
            "title": f"Selvbetjening {n + 1}", "description": rng.choice(_SENTENCES),
            "url": f"https://selvbetjening.example.dk/{prefix}/{n}", "login": "mitid", "audience": "citizen",
            "topics": [topic],
            "municipality_urls": {code: f"https://kommune{code}.example.dk/{prefix}/{n}"
                                  for code in rng.sample(codes, urls_per_link)},
        }
    for n in range(guides):
        yield {
            "kind": "guide", "slug": f"{prefix}-vejledning-{n:04}", "locale": "da",
            "title": f"Vejledning {n + 1}: {rng.choice(_HEADINGS).rstrip('?')}",
            "summary": rng.choice(_SENTENCES), "topics": [topic],
            "self_service_links": sorted({f"{prefix}-selvbetjening-{rng.randrange(links):04}"
                                          for _ in range(rng.randint(1, 3))}) if links else [],
            "sections": [
                {"key": f"afsnit-{i + 1}", "heading": rng.choice(_HEADINGS),
                 "body_html": _paragraphs(rng, rng.randint(1, 2))}
                for i in range(sections)
            ],
        }
    yield from local_text_mix(local_texts, guides=guides, sections=sections, seed=seed + 1, prefix=prefix)


def local_text_mix(count: int, *, guides: int, sections: int = 4, municipalities: int = 98, seed: int = 17,
                   prefix: str = "masse", offset: int = 0) -> Iterator[dict]:
    """``count`` local texts for distinct (guide section, municipality) pairs of ``national_mix``'s guides,
    municipality by municipality within each section; ``offset`` skips that many pairs (for a second file)."""
    rng = random.Random(seed)
    codes = municipality_codes()[:municipalities]
    slots = guides * sections * len(codes)
    if offset + count > slots:
        raise ValueError(f"{guides} guides of {sections} sections have {slots} local-text places, not {offset + count}")
    for index in range(offset, offset + count):
        place, code = divmod(index, len(codes))
        guide, section = divmod(place, sections)
        yield {"kind": "local_text", "guide": f"{prefix}-vejledning-{guide:04}", "section": f"afsnit-{section + 1}",
               "municipality": codes[code], "body_html": _paragraphs(rng, 1)}


def write_jsonl(path: Path, items: Iterable[dict]) -> Path:
    with open(path, "w", encoding="utf-8") as handle:
        for item in items:
            handle.write(json.dumps(item, ensure_ascii=False) + "\n")
    return path


def prepare_database(workdir: Path, env: dict[str, str], total_guides: int, demo_guides: int = 41) -> dict:
    """migrate, load_demo and import generated guides up to ``total_guides``; returns the timings."""
    logfile = workdir / "prepare.log"
    timings = {"migrate": manage(env, "migrate", "--noinput", logfile=logfile)}
    timings["load_demo"] = manage(env, "load_demo", logfile=logfile)
    extra = max(0, total_guides - demo_guides)
    if extra:
        path = write_jsonl(workdir / "extra_guides.jsonl", generated_guides(extra))
        timings["import_content"] = manage(env, "import_content", str(path), logfile=logfile)
    return timings


# --------------------------------------------------------------------------------------------------
# The server


def wsgi_application():
    """gunicorn's application factory (``bench.common:wsgi_application()``): the project's WSGI application.

    The only difference from cms.wsgi: Wagtail's API v2 caps `limit` at 20 by default, so when the
    settings do not set WAGTAILAPI_LIMIT_MAX, it is raised to GraphQL's own page maximum (100) for the
    peer to serve the same 50-item page. Settings that set it are left alone.
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.bench")
    from django.conf import settings
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
    if not hasattr(settings, "WAGTAILAPI_LIMIT_MAX"):
        settings.WAGTAILAPI_LIMIT_MAX = PEER_LIMIT_MAX
    return application


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def gunicorn_version() -> str:
    out = subprocess.run([sys.executable, "-m", "gunicorn", "--version"], capture_output=True, text=True, check=True)
    return (out.stdout or out.stderr).strip()


class Server:
    """gunicorn serving the project on 127.0.0.1:<free port>; a context manager that always stops it."""

    def __init__(self, env: dict[str, str], workdir: Path, workers: int = 2, worker_class: str = "sync",
                 timeout: int = 60):
        self.env, self.workdir, self.workers, self.worker_class, self.timeout = env, workdir, workers, worker_class, timeout
        self.port: int | None = None
        self.process: subprocess.Popen | None = None
        self.logfile = workdir / "gunicorn.log"

    @property
    def command(self) -> list[str]:
        return [
            sys.executable, "-m", "gunicorn", "bench.common:wsgi_application()", "--chdir", str(REPO),
            "--bind", f"{HOST}:{self.port}", "--workers", str(self.workers), "--worker-class", self.worker_class,
            "--timeout", str(self.timeout), "--graceful-timeout", "5", "--log-level", "warning",
        ]

    def start(self, wait_seconds: float = 120) -> "Server":
        self.port = free_port()
        out = open(self.logfile, "ab")
        self.process = subprocess.Popen(
            self.command, cwd=REPO, env=self.env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )
        out.close()
        deadline = time.monotonic() + wait_seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                status, _, _ = request_once(self.port, "GET", "/healthz", timeout=5)
                if status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer /healthz within {wait_seconds} s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.logfile.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def worker_pids(self) -> list[int]:
        if self.process is None:
            return []
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in path.read_text().split()]
        except OSError:
            return []

    def cpu_seconds(self) -> float:
        """User+system CPU of the master and its live workers so far (Linux /proc)."""
        if self.process is None:
            return 0.0
        ticks = os.sysconf("SC_CLK_TCK")
        total = 0.0
        for pid in [self.process.pid, *self.worker_pids()]:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
        return total

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)  # the master stops its own workers
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)

    def __enter__(self) -> "Server":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


# --------------------------------------------------------------------------------------------------
# HTTP client and load generator


def request_once(port: int, method: str, path: str, body: bytes | None = None, headers: dict | None = None,
                 timeout: float = 30) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


@dataclass
class Scenario:
    name: str
    method: str
    path: str
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    expect_status: int = 200
    expect_length: int | None = None  # exact body length, when the answer is deterministic
    forbid: bytes | None = None  # bytes that must not occur in the body (e.g. b'"errors"')

    def problem(self, status: int, body: bytes) -> str | None:
        if status != self.expect_status:
            return f"HTTP {status} (expected {self.expect_status}): {body[:200]!r}"
        if self.expect_length is not None and len(body) != self.expect_length:
            return f"body of {len(body)} bytes (expected {self.expect_length})"
        if self.forbid and self.forbid in body:
            return f"body contains {self.forbid!r}: {body[:200]!r}"
        return None


@dataclass
class LoadResult:
    name: str
    requests: int
    failures: int
    seconds: float
    latencies: list[float]
    errors: list[str]
    client_cpu: float = 0.0
    server_cpu: float = 0.0

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, q: float) -> float:
        """Nearest-rank percentile of the latencies, in milliseconds."""
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        rank = max(1, min(len(ordered), int(-(-q * len(ordered) // 100))))
        return ordered[rank - 1] * 1000

    @property
    def p50(self) -> float:
        return self.percentile(50)

    @property
    def p95(self) -> float:
        return self.percentile(95)

    @property
    def server_cpu_ms_per_request(self) -> float:
        return 1000 * self.server_cpu / self.requests if self.requests else float("nan")

    def merge(self, other: "LoadResult") -> "LoadResult":
        return LoadResult(
            self.name, self.requests + other.requests, self.failures + other.failures, self.seconds + other.seconds,
            self.latencies + other.latencies, (self.errors + other.errors)[:10],
            self.client_cpu + other.client_cpu, self.server_cpu + other.server_cpu,
        )


def run_load(port: int, scenario: Scenario, *, requests: int, seconds: float, threads: int = 8,
             server: Server | None = None, record: bool = True) -> LoadResult:
    """Closed loop: ``threads`` clients send ``scenario`` back to back until ``requests`` have been sent
    or ``seconds`` have passed, whichever comes first. Every answer is checked."""
    lock = threading.Lock()
    state = {"issued": 0}
    latencies: list[list[float]] = [[] for _ in range(threads)]
    errors: list[str] = []
    failures = [0]
    deadline = time.perf_counter() + seconds

    def claim() -> bool:
        with lock:
            if state["issued"] >= requests or time.perf_counter() >= deadline:
                return False
            state["issued"] += 1
            return True

    def client(index: int) -> None:
        connection = http.client.HTTPConnection(HOST, port, timeout=60)
        mine = latencies[index]
        try:
            while claim():
                started = time.perf_counter()
                try:
                    connection.request(scenario.method, scenario.path, body=scenario.body, headers=scenario.headers)
                    response = connection.getresponse()
                    body = response.read()
                    status = response.status
                    if response.will_close:
                        connection.close()  # gunicorn's sync workers close after each response
                except (OSError, http.client.HTTPException) as exc:
                    connection.close()
                    status, body = -1, repr(exc).encode()
                mine.append(time.perf_counter() - started)
                problem = scenario.problem(status, body)
                if problem:
                    with lock:
                        failures[0] += 1
                        if len(errors) < 10:
                            errors.append(problem)
        finally:
            connection.close()

    cpu_before = time.process_time()
    server_before = server.cpu_seconds() if server else 0.0
    started = time.perf_counter()
    pool = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    elapsed = time.perf_counter() - started
    all_latencies = [value for chunk in latencies for value in chunk]
    return LoadResult(
        scenario.name, len(all_latencies), failures[0], elapsed, all_latencies if record else [], errors,
        client_cpu=time.process_time() - cpu_before,
        server_cpu=(server.cpu_seconds() - server_before) if server else 0.0,
    )


# --------------------------------------------------------------------------------------------------
# A run: options, work directory, database, scenarios measured in interleaved rounds


def add_run_arguments(parser, *, threads: int | None, requests: int, seconds: float) -> None:
    """The options of a benchmark that measures scenarios against one gunicorn (``threads=None``: --workers)."""
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (the same for every scenario)")
    parser.add_argument("--threads", type=int, default=threads,
                        help="client threads (closed loop%s)" % ("; default: --workers" if threads is None else ""))
    parser.add_argument("--requests", type=int, default=requests, help="at most this many measured requests a scenario")
    parser.add_argument("--seconds", type=float, default=seconds, help="at most this many measured seconds a scenario")
    parser.add_argument("--warmup", type=float, default=2, help="unmeasured seconds per scenario before round 1")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds the budget is split into")
    parser.add_argument("--workdir", type=Path, help="keep the database and logs here (default: a temp dir, removed)")
    parser.add_argument("--reuse-db", action="store_true", help="with --workdir: reuse a database prepared before")


@contextmanager
def bench_workdir(args, prefix: str) -> Iterator[Path]:
    """``--workdir``, or a temp dir that is removed afterwards."""
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix=prefix))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        yield workdir
    finally:
        if args.workdir is None:
            remove_tree(workdir)


def log_run_setup(args, db_path: Path, server_extra: str = "") -> None:
    """The machine, the server and the client load of this run."""
    log(f"machine: {machine_description()}")
    log(f"server: {gunicorn_version()}, {args.workers} sync workers, cms.settings.bench, SQLite {db_path}"
        + server_extra)
    log(f"load: {args.threads} client threads, per scenario at most {args.requests} requests / {args.seconds:.0f} s "
        f"in {args.rounds} interleaved rounds, {args.warmup:.0f} s warm-up")


def prepare_or_reuse(args, workdir: Path, env: dict[str, str], db_path: Path, total_guides: int) -> None:
    """With ``--reuse-db`` and a database there, use it; otherwise prepare a fresh one (``prepare_database``)."""
    if args.reuse_db and db_path.exists():
        log("database: reusing the prepared database")
        return
    db_path.unlink(missing_ok=True)
    started = time.perf_counter()
    timings = prepare_database(workdir, env, total_guides)
    log("database: " + ", ".join(f"{k} {v:.0f} s" for k, v in timings.items())
        + f" (total {time.perf_counter() - started:.0f} s)")


def measure_scenarios(server: Server, scenarios: Iterable[Scenario], args,
                      summary: Callable[[LoadResult], str]) -> dict[str, LoadResult] | None:
    """Warm every scenario up (``--warmup`` s, unmeasured), then measure them in ``--rounds`` interleaved rounds.

    Each scenario's budget (``--requests``, ``--seconds``) is shared over the rounds still to come, so that other
    load on the machine hits every scenario alike. One line a round and scenario; ``summary`` gives the figure
    between the request count and the p95. Results by scenario name; None (the errors logged) if a warm-up failed.
    """
    scenarios = list(scenarios)
    for scenario in scenarios:  # each worker's caches (and the response cache) warm
        warm = run_load(server.port, scenario, requests=10**9, seconds=args.warmup, threads=args.threads, record=False)
        if warm.failures:
            log(f"warm-up of {scenario.name} failed: {warm.errors[:3]}")
            return None
    results: dict[str, LoadResult] = {}
    for number in range(1, args.rounds + 1):
        rounds_left = args.rounds - number + 1
        for scenario in scenarios:
            # What is left of the scenario's budget, shared over the rounds still to come: requests still in
            # flight when a round's time is up overrun it, and the next rounds get that much less.
            done = results.get(scenario.name)
            left_requests = args.requests - (done.requests if done else 0)
            left_seconds = args.seconds - (done.seconds if done else 0.0)
            if left_requests <= 0 or left_seconds <= 0:
                continue
            result = run_load(server.port, scenario, requests=max(1, left_requests // rounds_left),
                              seconds=left_seconds / rounds_left, threads=args.threads, server=server)
            results[scenario.name] = results[scenario.name].merge(result) if scenario.name in results else result
            log(f"round {number} {scenario.name}: {result.requests} requests, {summary(result)}, "
                f"p95 {result.p95:.1f} ms, failures {result.failures}, load average {load_average()}")
    return results


def report_failures(results: dict[str, LoadResult]) -> bool:
    """Log the failed requests (up to three errors a scenario); True if there were any."""
    failures = sum(result.failures for result in results.values())
    if failures:
        log(f"\n{failures} requests FAILED:")
        for result in results.values():
            for error in result.errors[:3]:
                log(f"  {result.name}: {error}")
    return bool(failures)


def machine_description() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores ({cpu}), Python {sys.version.split()[0]}, load average {load_average()}"


def load_average() -> str:
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "n/a"


def remove_tree(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
