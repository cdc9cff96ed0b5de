"""A local stand-in for the Digital Post endpoint, for tests, benchmarks and development. Never for production.

It behaves like the real thing where the portal depends on it:
- ``POST /memo`` only, with ``Content-Type: application/xml`` (415 otherwise) and an ``Idempotency-Key``
  equal to the body's messageUUID (400 otherwise);
- every body is validated against the MeMo 1.1 XSD (400 with the validation error otherwise);
- messages are deduplicated by UUID: the first copy is answered ``201 {"duplicate": false}``, a repeat
  ``200 {"duplicate": true}`` ("already received");
- on demand it fails (500, 503), answers too late (the message is accepted, the answer comes after the
  client's time-out), hangs up, or delays every answer; with TLS it requires a client certificate signed
  by the given CA.

``make_pki(directory)`` writes a throwaway CA, a server certificate for 127.0.0.1/localhost and a client
certificate (``cryptography``). Run it standalone with
``python -m tests.fakes.digital_post_endpoint --tls-dir DIR [--port N] [--delay S]``;
``GET /_stats`` answers the counts as JSON.
"""

import argparse
import json
import signal
import socket
import ssl
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from syndication.digital_post import memo
from tests.fakes.pki import Pki, make_pki  # noqa: F401 (re-exported: tests and bench import it from here)

PATH = "/memo"
OK, ERROR, UNAVAILABLE, SLOW, DROP = "ok", "error", "unavailable", "slow", "drop"
INCOMPLETE = "incomplete"  # not a behaviour to ask for: a request whose body never fully arrived


@dataclass(frozen=True)
class Received:
    n: int
    uuid: str | None
    status: int
    behaviour: str
    new: bool  # accepted as a new message (the only kind of acceptance that may happen once per UUID)
    headers: dict[str, str]
    body: bytes
    error: str = ""


@dataclass
class State:
    behaviour: Callable[[int], str] = lambda n: OK
    delay: float = 0.0  # seconds before every answer, after the message is accepted
    slow_seconds: float = 3.0  # how late a SLOW answer comes
    keep_bodies: bool = True
    received: list[Received] = field(default_factory=list)
    new_count: Counter = field(default_factory=Counter)  # uuid -> times accepted as new (must stay <= 1)
    handshake_failures: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def accepted(self) -> set[str]:
        with self.lock:
            return set(self.new_count)

    def duplicates(self) -> int:
        with self.lock:
            return sum(1 for r in self.received if r.uuid and r.status == 200)

    def stats(self) -> dict:
        with self.lock:
            statuses = Counter(r.status for r in self.received)
            return {
                "requests": len(self.received),
                "accepted": len(self.new_count),
                "accepted_twice": sum(1 for count in self.new_count.values() if count > 1),
                "duplicates": statuses.get(200, 0),
                "statuses": {str(k): v for k, v in sorted(statuses.items())},
                "handshake_failures": self.handshake_failures,
            }


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "FakeDigitalPost/1"

    def setup(self):
        # Headers and body go out in separate writes; without this, Nagle's algorithm holds the body back until
        # the client's delayed ACK (40 ms a message on Linux).
        self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().setup()

    def log_message(self, format, *args):
        pass

    def _answer(self, status: int, payload: dict) -> None:
        body = json.dumps(payload, ensure_ascii=False).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            pass  # the client gave up (time-out) and closed the connection

    def do_GET(self):
        if self.path == "/_stats":
            self._answer(200, self.server.state.stats())
        else:
            self._answer(404, {"error": "not found"})

    def do_POST(self):
        state: State = self.server.state
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        headers = dict(self.headers.items())
        if len(body) < length:
            # The client died mid-request (e.g. a killed worker): nothing arrived, and nobody is left to answer.
            self._log(Received(0, None, 0, INCOMPLETE, False, headers, b""))
            self.close_connection = True
            return
        with state.lock:
            n = len(state.received) + 1
            behaviour = state.behaviour(n)
        if behaviour == DROP:
            self._log(Received(n, None, 0, behaviour, False, headers, b""))
            self.close_connection = True  # hang up without an answer
            return
        if behaviour in (ERROR, UNAVAILABLE):
            status = 500 if behaviour == ERROR else 503
            self._log(Received(n, None, status, behaviour, False, headers, b""))
            self._answer(status, {"error": "midlertidig fejl" if status == 503 else "intern fejl"})
            return
        status, payload, message_uuid, new = self._accept(state, body, headers)
        self._log(Received(n, message_uuid, status, behaviour, new, headers, body if state.keep_bodies else b"",
                           payload.get("error", "")))
        if status < 300 and state.delay:
            time.sleep(state.delay)
        if behaviour == SLOW:
            time.sleep(state.slow_seconds)  # accepted, but the answer comes after the client's time-out
        self._answer(status, payload)

    def _accept(self, state: State, body: bytes, headers: dict) -> tuple[int, dict, str | None, bool]:
        if self.path != PATH:
            return 404, {"error": f"ukendt adresse; brug {PATH}"}, None, False
        content_type = headers.get("Content-Type", "").split(";")[0].strip().lower()
        if content_type != memo.CONTENT_TYPE:
            return 415, {"error": f"Content-Type skal være {memo.CONTENT_TYPE}"}, None, False
        try:
            tree = memo.validate(body)
        except memo.InvalidMessage as exc:
            return 400, {"error": f"ugyldig MeMo-besked: {exc}"}, None, False
        message_uuid = (memo.field(tree, "MessageHeader/messageUUID") or "").lower()
        if headers.get("Idempotency-Key", "").lower() != message_uuid:
            return 400, {"error": "Idempotency-Key skal være beskedens messageUUID"}, message_uuid, False
        with state.lock:
            new = message_uuid not in state.new_count
            if new:
                state.new_count[message_uuid] += 1
        if new:
            return 201, {"uuid": message_uuid, "duplicate": False}, message_uuid, True
        return 200, {"uuid": message_uuid, "duplicate": True}, message_uuid, False

    def _log(self, received: Received) -> None:
        with self.server.state.lock:
            self.server.state.received.append(received)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    ssl_context: ssl.SSLContext | None = None

    def finish_request(self, request, client_address):
        # The TLS handshake runs here, in the request's own thread, so a slow or rejected client never
        # blocks the accept loop.
        if self.ssl_context is not None:
            try:
                request = self.ssl_context.wrap_socket(request, server_side=True)
            except (ssl.SSLError, OSError):
                with self.state.lock:
                    self.state.handshake_failures += 1
                return
        super().finish_request(request, client_address)

    def handle_error(self, request, client_address):
        pass  # a client that vanished mid-request is part of what this server is for


class FakeDigitalPost:
    """Start with ``with FakeDigitalPost(tls=pki) as fake: ...``; ``fake.url`` is the endpoint."""

    def __init__(self, tls: "Pki | None" = None, host: str = "127.0.0.1", port: int = 0):
        self.state = State()
        self._server = _Server((host, port), _Handler)
        self._server.state = self.state
        if tls is not None:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.minimum_version = ssl.TLSVersion.TLSv1_2
            context.load_cert_chain(tls.server_cert, tls.server_key)
            context.load_verify_locations(tls.ca_cert)
            context.verify_mode = ssl.CERT_REQUIRED
            self._server.ssl_context = context
        scheme = "https" if tls else "http"
        self.url = f"{scheme}://{host}:{self._server.server_address[1]}{PATH}"
        self._thread: threading.Thread | None = None

    def start(self) -> "FakeDigitalPost":
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread:
            self._thread.join(timeout=5)

    def __enter__(self) -> "FakeDigitalPost":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="A local fake Digital Post endpoint (MeMo 1.1).")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--tls-dir", type=Path, help="make a CA, server and client certificate here and require mTLS")
    parser.add_argument("--delay", type=float, default=0.0, help="seconds before every answer")
    args = parser.parse_args(argv)
    pki = make_pki(args.tls_dir) if args.tls_dir else None
    fake = FakeDigitalPost(tls=pki, port=args.port)
    fake.state.delay, fake.state.keep_bodies = args.delay, False
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    with fake:
        print(f"listening on {fake.url}", flush=True)
        if pki:
            print(f"client certificate {pki.client_cert} key {pki.client_key} CA {pki.ca_cert}", flush=True)
        while not stop.wait(0.5):
            pass
    print(json.dumps(fake.state.stats()), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
