#!/usr/bin/env python3
"""A reference consumer of the portal's API: a local mirror of every guide with one municipality's local text.

Standard library only (Python 3.9+), so a partner can copy it and start from it:

    python mirror_consumer.py --portal https://portal.example.dk --key pk_... --municipality 751 \\
        --state mirror.sqlite3 --once                     # catch up and stop (a cron job)
    python mirror_consumer.py ... --listen 0.0.0.0:8765 --webhook-url https://www.example-kommune.dk/portal-hook
                                                          # stay up: webhooks ring, the change feed is read

How it stays correct:
- The change feed (`changes`) is the truth. The mirror reads it from its stored cursor, refetches every guide a
  change touched (a guide, or a local text for this municipality or its region) with `guide(slug, municipality)`,
  drops guides that are no longer published, and stores the new cursor **in the same SQLite transaction** as the
  guides. Killed at any moment, it resumes where the last transaction ended; nothing is missed or applied twice.
- A webhook only says "something changed": a verified delivery wakes the reader. So deliveries that arrive late,
  twice or out of order do no harm; the signature (HMAC-SHA256, fresh timestamp) and the delivery id (stored,
  repeats ignored) keep out forgeries and replays. Without webhooks it polls every --poll seconds.
- On first start with --webhook-url it registers its own webhook endpoint through the API
  (`createWebhookEndpoint`, filtered to guides and local texts of its municipality) and keeps the secret in the
  state file; later starts reuse it.

The same code is the end-to-end test of the partner journey (tests/docs/test_reference_consumer.py).
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import os
import signal
import sqlite3
import sys
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PAGE_SIZE = 100
SIGNATURE_TOLERANCE = 300  # seconds a delivery's timestamp may be off
CHANGES = """query Changes($after: String, $first: Int!) {
  changes(after: $after, first: $first, kinds: [GUIDE, LOCAL_TEXT]) {
    pageInfo { hasNextPage endCursor }
    edges { node { sequence kind slug locale action } }
  }
}"""
GUIDE = """query Guide($slug: String!, $municipality: String!, $locale: String) {
  guide(slug: $slug, municipality: $municipality, locale: $locale) {
    slug locale title summary url lastPublishedAt
    image { altText srcSet(format: WEBP) }
    sections { key heading bodyHtml localText { bodyHtml scope placeCode } }
  }
}"""
REGION = "query Region { municipalities { code region { code } } }"
REGISTER = """mutation Register($input: WebhookEndpointInput!) {
  createWebhookEndpoint(input: $input) { secret endpoint { id } }
}"""
MY_ENDPOINTS = "query Mine { webhookEndpoints { id url } }"


class ApiError(Exception):
    pass


class Portal:
    """The portal's GraphQL API, with the partner's key."""

    def __init__(self, base_url: str, key: str, timeout: float = 30):
        self.url, self.key, self.timeout = base_url.rstrip("/") + "/graphql/", key, timeout
        self.requests = 0

    def call(self, query: str, variables: dict | None = None) -> dict:
        """The response's data and errors; retries on 429 and network trouble, raises ApiError for the rest."""
        body = json.dumps({"query": query, "variables": variables or {}}).encode()
        for attempt in range(5):
            request = urllib.request.Request(self.url, body, method="POST", headers={
                "Content-Type": "application/json", "Accept": "application/graphql-response+json",
                "Authorization": f"Bearer {self.key}",
            })
            self.requests += 1
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    return json.load(response)
            except urllib.error.HTTPError as error:
                if error.code == 429:
                    time.sleep(float(error.headers.get("Retry-After", "1")))
                    continue
                payload = error.read()
                raise ApiError(f"HTTP {error.code}: {payload[:500].decode('utf-8', 'replace')}") from None
            except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
                if attempt == 4:
                    raise ApiError(f"portal unreachable: {error}") from None
                time.sleep(2 ** attempt)
        raise ApiError("still rate limited after 5 tries")

    def data(self, query: str, variables: dict | None = None) -> dict:
        answer = self.call(query, variables)
        if answer.get("errors"):
            raise ApiError("; ".join(f"{error.get('extensions', {}).get('code')}: {error['message']}"
                                     for error in answer["errors"]))
        return answer["data"]


class Mirror:
    """The state file: mirrored guides, the feed cursor, the webhook registration, delivery ids seen."""

    def __init__(self, path: str):
        self.db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self.lock = threading.Lock()
        self.db.executescript("""
            PRAGMA journal_mode=WAL;
            CREATE TABLE IF NOT EXISTS guides (slug TEXT, locale TEXT, data TEXT NOT NULL, PRIMARY KEY (slug, locale));
            CREATE TABLE IF NOT EXISTS state (name TEXT PRIMARY KEY, value TEXT);
            CREATE TABLE IF NOT EXISTS deliveries (id TEXT PRIMARY KEY, received_at REAL NOT NULL);
        """)

    def get(self, name: str) -> str | None:
        row = self.db.execute("SELECT value FROM state WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None

    def put(self, name: str, value: str | None) -> None:
        with self.lock:
            self.db.execute("INSERT OR REPLACE INTO state (name, value) VALUES (?, ?)", (name, value))

    def apply(self, upserts: list[dict], removals: list[tuple[str, str]], cursor: str | None) -> None:
        """Guides and the cursor after them, in one transaction: all of it is kept or none."""
        with self.lock:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                for guide in upserts:
                    self.db.execute("INSERT OR REPLACE INTO guides (slug, locale, data) VALUES (?, ?, ?)",
                                    (guide["slug"], guide["locale"], json.dumps(guide, ensure_ascii=False)))
                self.db.executemany("DELETE FROM guides WHERE slug = ? AND locale = ?", removals)
                if cursor:
                    self.db.execute("INSERT OR REPLACE INTO state (name, value) VALUES ('cursor', ?)", (cursor,))
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise

    def first_delivery(self, delivery_id: str) -> bool:
        """Record a delivery id; False when it was seen before (a retry or a replay)."""
        with self.lock:
            self.db.execute("DELETE FROM deliveries WHERE received_at < ?", (time.time() - 7 * 86400,))
            inserted = self.db.execute("INSERT OR IGNORE INTO deliveries (id, received_at) VALUES (?, ?)",
                                       (delivery_id, time.time()))
            return inserted.rowcount == 1

    def guides(self) -> dict:
        return {(slug, locale): json.loads(data) for slug, locale, data in self.db.execute(
            "SELECT slug, locale, data FROM guides ORDER BY slug, locale")}


def verify_portal_signature(secret: str, timestamp: str, raw_body: bytes, signature_header: str,
                            tolerance: int = SIGNATURE_TOLERANCE) -> bool:
    """As in docs/partners.md: HMAC-SHA256 of "<timestamp>.<raw body>", any v1 value, a fresh timestamp."""
    try:
        if abs(time.time() - int(timestamp)) > tolerance:
            return False
    except (TypeError, ValueError):
        return False
    expected = hmac.new(secret.encode(), timestamp.encode() + b"." + raw_body, hashlib.sha256).hexdigest()
    return any(
        scheme.strip() == "v1" and hmac.compare_digest(value.strip(), expected)
        for scheme, _, value in (part.partition("=") for part in (signature_header or "").split(","))
    )


class Consumer:
    def __init__(self, portal: Portal, mirror: Mirror, municipality: str, log=print, page_size: int = PAGE_SIZE):
        self.portal, self.mirror, self.municipality, self.log = portal, mirror, municipality, log
        self.page_size = page_size
        self.doorbell = threading.Event()
        self._places = None

    def places(self) -> set[str]:
        """Whose local text this mirror shows: the municipality's code and its region's."""
        if self._places is None:
            for municipality in self.portal.data(REGION)["municipalities"]:
                if municipality["code"] == self.municipality:
                    self._places = {self.municipality, municipality["region"]["code"]}
                    break
            else:
                raise ApiError(f"unknown municipality {self.municipality!r}")
        return self._places

    def _touched(self, changes: list[dict]) -> set[tuple[str, str]]:
        touched = set()
        for change in changes:
            if change["kind"] == "GUIDE":
                touched.add((change["slug"], change["locale"] or "da"))
            else:  # LOCAL_TEXT 'guide/section/place': only ours and our region's change what we show
                guide, _, place = change["slug"].rpartition("/")
                if place in self.places():
                    touched.add((guide.split("/")[0], change["locale"] or "da"))
        return touched

    def _fetch(self, slug: str, locale: str) -> dict | None:
        answer = self.portal.call(GUIDE, {"slug": slug, "municipality": self.municipality, "locale": locale})
        codes = {error.get("extensions", {}).get("code") for error in answer.get("errors", [])}
        if codes == {"NOT_FOUND"}:
            return None  # unpublished or deleted since
        if codes:
            raise ApiError(f"guide {slug!r}: {answer['errors']}")
        return answer["data"]["guide"]

    def sync(self, max_pages: int | None = None) -> int:
        """Read the feed from the stored cursor to its end; returns how many changes were read."""
        read = pages = 0
        while max_pages is None or pages < max_pages:
            page = self.portal.data(CHANGES, {"after": self.mirror.get("cursor"), "first": self.page_size})["changes"]
            changes = [edge["node"] for edge in page["edges"]]
            upserts, removals = [], []
            for slug, locale in sorted(self._touched(changes)):
                guide = self._fetch(slug, locale)
                if guide is None:
                    removals.append((slug, locale))
                else:
                    upserts.append(guide)
            self.mirror.apply(upserts, removals, page["pageInfo"]["endCursor"])
            read, pages = read + len(changes), pages + 1
            if changes:
                self.log(f"{len(changes)} change(s) read; {len(upserts)} guide(s) updated, {len(removals)} removed; "
                         f"cursor stored at sequence {changes[-1]['sequence']}")
            if not page["pageInfo"]["hasNextPage"]:
                break
        return read

    def register_webhook(self, url: str) -> str:
        """The secret of this mirror's webhook endpoint at ``url``, registering it the first time."""
        known = self.mirror.get("webhook_id")
        mine = self.portal.data(MY_ENDPOINTS)["webhookEndpoints"] if known else []
        if any(endpoint["id"] == known and endpoint["url"] == url for endpoint in mine):
            return self.mirror.get("webhook_secret")
        created = self.portal.data(REGISTER, {"input": {
            "url": url, "kinds": ["GUIDE", "LOCAL_TEXT"], "municipalities": [self.municipality],
        }})["createWebhookEndpoint"]
        self.mirror.put("webhook_id", created["endpoint"]["id"])
        self.mirror.put("webhook_secret", created["secret"])
        self.log(f"webhook endpoint {created['endpoint']['id']} registered for {url}")
        return created["secret"]


def webhook_server(address: tuple[str, int], consumer: Consumer, secret: str) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if not verify_portal_signature(secret, self.headers.get("X-Portal-Timestamp"), body,
                                           self.headers.get("X-Portal-Signature")):
                consumer.log("refused a delivery: bad signature or stale timestamp")
                return self._answer(401)
            delivery = self.headers.get("X-Portal-Delivery", "")
            if not consumer.mirror.first_delivery(delivery):
                consumer.log(f"delivery {delivery} seen before: ignored")
                return self._answer(200)
            consumer.doorbell.set()  # the feed says what changed; answer at once, work after
            return self._answer(202)

        def _answer(self, status):
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format, *args):
            pass

    return ThreadingHTTPServer(address, Handler)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--portal", default=os.environ.get("PORTAL"), help="The portal's address ($PORTAL).")
    parser.add_argument("--key", default=os.environ.get("PORTAL_KEY"), help="Your API key ($PORTAL_KEY).")
    parser.add_argument("--municipality", required=True, help="Official municipality code, e.g. 751.")
    parser.add_argument("--state", default="mirror.sqlite3", help="The state file (guides, cursor, webhook).")
    parser.add_argument("--once", action="store_true", help="Catch up with the feed and stop.")
    parser.add_argument("--max-pages", type=int, help="With --once: stop after this many pages of the feed.")
    parser.add_argument("--page-size", type=int, default=PAGE_SIZE, help="Changes a page, 1-100 (default 100).")
    parser.add_argument("--listen", help="host:port for webhook deliveries, e.g. 0.0.0.0:8765.")
    parser.add_argument("--webhook-url", help="The public URL the portal should POST to (registered on first start).")
    parser.add_argument("--poll", type=float, default=300, help="Seconds between reads without a webhook.")
    options = parser.parse_args(argv)
    if not options.portal or not options.key:
        parser.error("give --portal and --key (or set PORTAL and PORTAL_KEY)")

    def log(message):
        print(message, flush=True)

    consumer = Consumer(Portal(options.portal, options.key), Mirror(options.state), options.municipality, log,
                        options.page_size)
    if options.once:
        log(f"done: {consumer.sync(options.max_pages)} change(s) read")
        return 0

    stopping = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: (stopping.set(), consumer.doorbell.set()))
    server = None
    if options.listen:
        if not options.webhook_url:
            parser.error("--listen needs --webhook-url, the address the portal reaches it at")
        host, _, port = options.listen.rpartition(":")
        server = webhook_server((host, int(port)), consumer, consumer.register_webhook(options.webhook_url))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        log(f"listening for webhooks on {options.listen}")
    while not stopping.is_set():
        try:
            consumer.sync()
        except ApiError as error:
            log(f"will retry: {error}")
        consumer.doorbell.wait(options.poll)
        consumer.doorbell.clear()
    if server:
        server.shutdown()
    log("stopped; the cursor is stored")
    return 0


if __name__ == "__main__":
    sys.exit(main())
