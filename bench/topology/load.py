"""A bounded, open-loop load generator for the topology, with the probes the faults are judged by.

Why our own generator and not Locust: docs/decisions/0013-topology-load-generator.md. In short: a fixed request
rate (not as fast as possible: the machine has 2 shared cores), the publish-to-searchable and publish-to-webhook
probes and the webhook receiver in the same process and clock as the traffic, and per-phase figures for the faults
without exporting Locust's statistics; the standard library only.

- ``Traffic``: client threads sending a weighted mix of request classes at ``rate`` requests/s, alternating between
  the web instances (what a load balancer does), every answer recorded with its phase.
- ``Publisher``: an editor importing a new guide every few seconds through ``bench/topology/editor.py``; each
  publish is then probed until search finds it and until its webhook arrived.
- ``WebhookReceiver``: the partner's endpoint, recording every delivery (key, event, slug, time).
"""

from __future__ import annotations

import http.client
import json
import random
import statistics
import subprocess
import threading
import time
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HOST = "127.0.0.1"
GUIDES_QUERY = """query ($first: Int!, $m: String) { guides(first: $first, municipality: $m) { totalCount
  edges { node { slug title url sections { key heading bodyHtml localText { bodyHtml } } } } } }"""
PERSISTED_QUERY = """query ($first: Int!) { guides(first: $first) { edges { node { slug title summary url } } } }"""
CHANGES_QUERY = """query ($after: String) { changes(after: $after, first: 50) {
  edges { node { sequence kind slug action } } pageInfo { endCursor hasNextPage } } }"""
TOPIC = "topologi-emne"  # followed by a citizen (Digital Post) in the topology
SEARCH_PROBE = """query ($q: String!) { search(query: $q, first: 5) { totalCount engine edges { node { slug } } } }"""


@dataclass
class Sample:
    cls: str
    at: float  # monotonic time the request started
    seconds: float
    status: int  # -1: no answer (connection refused, reset, timeout)
    retry_after: bool = False
    traceback: bool = False


@dataclass
class Recorder:
    samples: list[Sample] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, sample: Sample) -> None:
        with self.lock:
            self.samples.append(sample)

    def between(self, start: float, end: float) -> list[Sample]:
        with self.lock:
            return [s for s in self.samples if start <= s.at < end]


def request(port: int, method: str, path: str, body: bytes | None = None, headers: dict | None = None,
            timeout: float = 30) -> tuple[int, dict, bytes]:
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers={"Host": HOST, **(headers or {})})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    except (OSError, http.client.HTTPException):
        return -1, {}, b""
    finally:
        connection.close()


def graphql(port: int, query: str, variables: dict | None = None) -> tuple[int, dict]:
    status, _, body = request(port, "POST", "/graphql/", json.dumps({"query": query, "variables": variables or {}})
                              .encode(), {"Content-Type": "application/json"})
    try:
        return status, json.loads(body) if body else {}
    except ValueError:
        return status, {}


class Traffic:
    WEIGHTS = {"page": 30, "search": 20, "autocomplete": 15, "graphql_post": 10, "persisted_get": 15, "changes": 10}

    def __init__(self, ports: list[int], recorder: Recorder, *, rate: float, threads: int, guide_paths: list[str],
                 words: list[str], municipalities: list[str], persisted_hash: str):
        self.ports, self.recorder, self.rate, self.threads = ports, recorder, rate, threads
        self.guide_paths, self.words, self.municipalities = guide_paths, words, municipalities
        self.persisted_path = "/graphql/?" + urllib.parse.urlencode({
            "extensions": json.dumps({"persistedQuery": {"version": 1, "sha256Hash": persisted_hash}}),
            "variables": json.dumps({"first": 20}),
        })
        self.changes_cursor: str | None = None
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._next = time.monotonic()
        self._count = 0
        self._threads: list[threading.Thread] = []

    def _slot(self) -> float | None:
        with self._lock:
            self._next = max(self._next + 1 / self.rate, time.monotonic() - 1)  # no burst after a stall
            self._count += 1
            return self._next, self._count

    def _one(self, rng: random.Random, port: int) -> Sample:
        cls = rng.choices(list(self.WEIGHTS), weights=list(self.WEIGHTS.values()))[0]
        started = time.monotonic()
        if cls == "page":
            status, headers, body = request(port, "GET", rng.choice(self.guide_paths))
        elif cls == "search":
            status, headers, body = request(port, "GET", "/soeg/?" + urllib.parse.urlencode({"q": rng.choice(self.words)}))
        elif cls == "autocomplete":
            word = rng.choice(self.words)
            status, headers, body = request(port, "GET", "/soeg/forslag/?" + urllib.parse.urlencode({"q": word[:4]}))
        elif cls == "graphql_post":
            payload = {"query": GUIDES_QUERY, "variables": {"first": 20, "m": rng.choice(self.municipalities)}}
            status, headers, body = request(port, "POST", "/graphql/", json.dumps(payload).encode(),
                                            {"Content-Type": "application/json"})
        elif cls == "persisted_get":
            status, headers, body = request(port, "GET", self.persisted_path)
        else:
            payload = {"query": CHANGES_QUERY, "variables": {"after": self.changes_cursor}}
            status, headers, body = request(port, "POST", "/graphql/", json.dumps(payload).encode(),
                                            {"Content-Type": "application/json"})
            if status == 200:
                try:
                    info = json.loads(body)["data"]["changes"]["pageInfo"]
                    if info["endCursor"]:
                        self.changes_cursor = info["endCursor"]
                except (ValueError, KeyError, TypeError):
                    pass
        if status == 200 and cls in ("graphql_post", "persisted_get", "changes") and b'"errors"' in body:
            status = 299  # a GraphQL error inside a 200: counted as an error below
        return Sample(cls, started, time.monotonic() - started, status, retry_after="retry-after" in headers,
                      traceback=b"Traceback" in body)

    def _client(self, index: int) -> None:
        rng = random.Random(index)
        while not self._stop.is_set():
            at, count = self._slot()
            delay = at - time.monotonic()
            if delay > 0 and self._stop.wait(delay):
                return
            self.recorder.add(self._one(rng, self.ports[count % len(self.ports)]))

    def start(self) -> None:
        self._threads = [threading.Thread(target=self._client, args=(i,), daemon=True) for i in range(self.threads)]
        for thread in self._threads:
            thread.start()

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(60)


class WebhookReceiver:
    """The partner's endpoint: answers 200 to every delivery and remembers it."""

    def __init__(self, port: int):
        self.deliveries: list[dict] = []
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                try:
                    payload = json.loads(body)
                except ValueError:
                    payload = {}
                with receiver.lock:
                    receiver.deliveries.append({"key": self.headers.get("X-Portal-Delivery"), "at": time.monotonic(),
                                                "slug": payload.get("slug"), "action": payload.get("action"),
                                                "sequence": payload.get("sequence")})
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer((HOST, port), Handler)
        self.url = f"http://{HOST}:{port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def first_arrival(self, slug: str) -> float | None:
        with self.lock:
            times = [d["at"] for d in self.deliveries if d["slug"] == slug and d["action"] == "PUBLISHED"]
        return min(times) if times else None

    def stop(self) -> None:
        self.server.shutdown()


@dataclass
class Publish:
    slug: str
    token: str
    done_at: float
    seconds: float
    ok: bool
    error: str = ""
    searchable_at: float | None = None
    engine: str = ""
    major_ok: bool | None = None  # None: no major update sent
    major_error: str = ""


class Publisher:
    """An editor importing one new guide (and an update of the previous one) every ``every`` seconds."""

    def __init__(self, env: dict, workdir: Path, port: int, *, every: float, run_id: str, log: Path):
        self.every, self.run_id, self.port, self.workdir = every, run_id, port, workdir
        self.publishes: list[Publish] = []
        self.lock = threading.Lock()
        self.command_lock = threading.Lock()
        self._stop = threading.Event()
        self._stop_publishing = threading.Event()
        repo = Path(__file__).resolve().parents[2]
        python = repo / ".venv" / "bin" / "python"
        self.proc = subprocess.Popen([str(python), str(repo / "bench" / "topology" / "editor.py")], cwd=repo, env=env,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=open(log, "ab"), text=True)
        self._threads = [threading.Thread(target=self._publish_loop, daemon=True),
                         threading.Thread(target=self._probe_loop, daemon=True)]

    def start(self) -> None:
        for thread in self._threads:
            thread.start()

    def import_lines(self, lines: list[dict], name: str) -> tuple[bool, float, str]:
        path = self.workdir / f"{name}.jsonl"
        path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
        return self._command(str(path))

    def _command(self, line: str) -> tuple[bool, float, str]:
        with self.command_lock:  # one editor, one command at a time (the publish loop and a phase may both send)
            self.proc.stdin.write(f"{line}\n")
            self.proc.stdin.flush()
            answer = json.loads(self.proc.stdout.readline())
        return answer["ok"], answer["seconds"], answer["error"]

    def _publish_loop(self) -> None:
        n = 0
        while not self._stop_publishing.wait(self.every):
            n += 1
            token = f"topo{self.run_id}x{n}"
            slug = f"topologi-{self.run_id}-{n}"
            lines = [{
                "kind": "guide", "slug": slug, "title": f"Vejledning {token}", "summary": f"Prøve {token}.",
                "locale": "da", "topics": [TOPIC], "sections": [
                    {"key": "om", "heading": "Om", "body_html": f"<p>Indhold {token} til belastningsprøven.</p>"}],
            }]
            if n > 1:  # an editor also updates an existing page: a second event, a second webhook
                previous = f"topologi-{self.run_id}-{n - 1}"
                lines.append({**lines[0], "slug": previous, "title": f"Vejledning topo{self.run_id}x{n - 1}",
                              "summary": f"Opdateret i runde {n}."})
            ok, seconds, error = self.import_lines(lines, f"publish-{n}")
            publish = Publish(slug, token, time.monotonic(), seconds, ok, error)
            if ok and n % 3 == 0:  # every third new guide also gets an editor's major update: Digital Post
                publish.major_ok, _, publish.major_error = self._command(f"major {slug}")
            with self.lock:
                self.publishes.append(publish)

    def _probe_loop(self) -> None:
        while not self._stop.wait(0.5):
            with self.lock:
                pending = [p for p in self.publishes if p.ok and p.searchable_at is None]
            for publish in pending[-40:]:
                status, body = graphql(self.port, SEARCH_PROBE, {"q": publish.token})
                found = ((body.get("data") or {}).get("search") or {}) if status == 200 else {}
                if any(edge["node"]["slug"] == publish.slug for edge in found.get("edges", [])):
                    publish.searchable_at, publish.engine = time.monotonic(), found.get("engine", "")

    def stop_publishing(self) -> None:
        self._stop_publishing.set()
        self._threads[0].join(60)

    def stop(self) -> None:
        self._stop_publishing.set()
        self._stop.set()
        for thread in self._threads:
            thread.join(60)

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.stdin.close()
            self.proc.wait(30)


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def summarize(samples: list[Sample], seconds: float) -> dict:
    """Per request class: count, rps, p50/p95/p99 ms, errors (5xx other than 503+Retry-After, no answer, GraphQL
    errors, a traceback in a body), 503 with Retry-After, 4xx."""
    by_class: dict[str, list[Sample]] = defaultdict(list)
    for sample in samples:
        by_class[sample.cls].append(sample)
    rows = {}
    for cls in [*Traffic.WEIGHTS, *sorted(set(by_class) - set(Traffic.WEIGHTS))]:
        group = by_class.get(cls, [])
        times = [s.seconds * 1000 for s in group if 200 <= s.status < 300]
        rows[cls] = {
            "count": len(group), "rps": len(group) / seconds if seconds else 0.0,
            "p50": percentile(times, 50), "p95": percentile(times, 95), "p99": percentile(times, 99),
            "errors": sum(1 for s in group if is_error(s)),
            "unavailable_503": sum(1 for s in group if s.status == 503 and s.retry_after and not s.traceback),
            "client_4xx": sum(1 for s in group if 400 <= s.status < 500),
            "tracebacks": sum(1 for s in group if s.traceback),
        }
    return rows


def is_error(sample: Sample) -> bool:
    if sample.traceback or sample.status in (-1, 299):
        return True
    return sample.status >= 500 and not (sample.status == 503 and sample.retry_after)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")
