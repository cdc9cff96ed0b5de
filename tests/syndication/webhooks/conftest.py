"""A real HTTP receiver on 127.0.0.1 that checks signatures and fails on purpose when told to."""

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from syndication.models import Partner, WebhookEndpoint
from syndication.webhooks import signing

# What the receiver does with the n-th request (1-based).
OK, ERROR, SLOW, DROP, REDIRECT = "ok", "error", "slow", "drop", "redirect"
READ_TIMEOUT = 1.0  # the dispatcher's read time-out in these tests: short, with room for a loaded CI machine
SLOW_SECONDS = READ_TIMEOUT + 0.5


@dataclass(frozen=True)
class Received:
    n: int
    path: str
    headers: dict[str, str]
    body: bytes
    signature_ok: bool
    behaviour: str

    @property
    def json(self) -> dict:
        return json.loads(self.body)

    @property
    def key(self) -> str:
        return self.headers["X-Portal-Delivery"]

    @property
    def acknowledged(self) -> bool:
        """Whether the sender got a 2xx in time (else it will retry)."""
        return self.behaviour == OK


class Receiver:
    def __init__(self):
        self.received: list[Received] = []
        self.secrets: dict[str, str] = {}  # path -> endpoint secret
        self.behaviour: Callable[[int], str] = lambda n: OK
        self.lock = threading.Lock()
        self.url = ""

    def endpoint_url(self, path: str) -> str:
        return f"{self.url}{path}"

    def keys(self) -> set[str]:
        return {request.key for request in self.received}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        receiver: Receiver = self.server.receiver
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        headers = {name: value for name, value in self.headers.items()}
        secret = receiver.secrets.get(self.path, "")
        valid = bool(secret) and signing.verify(
            secret, headers.get("X-Portal-Timestamp"), body, headers.get("X-Portal-Signature", "")
        )
        with receiver.lock:
            n = len(receiver.received) + 1
            behaviour = receiver.behaviour(n)
            receiver.received.append(Received(n, self.path, headers, body, valid, behaviour))
        if behaviour == DROP:
            self.close_connection = True  # hang up without an answer
            return
        if behaviour == SLOW:
            time.sleep(SLOW_SECONDS)
        status = {ERROR: 500, REDIRECT: 302}.get(behaviour, 200 if valid else 401)
        answer = b"Internal trouble " + b"x" * 2000 if behaviour == ERROR else b"ok"
        try:
            self.send_response(status)
            if behaviour == REDIRECT:
                self.send_header("Location", receiver.endpoint_url("/elsewhere"))
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)
        except OSError:
            pass  # the sender gave up (time-out) and closed the connection

    def log_message(self, format, *args):
        pass


@pytest.fixture
def receiver():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    server.receiver = Receiver()
    server.receiver.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server.receiver
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture(autouse=True)
def _fast_webhooks(settings):
    settings.WEBHOOK_CONNECT_TIMEOUT = 1
    settings.WEBHOOK_READ_TIMEOUT = READ_TIMEOUT
    settings.WEBHOOK_MAX_ATTEMPTS = 8
    settings.WEBHOOK_RETRY_BASE_SECONDS = 30
    settings.WEBHOOK_RETRY_CAP_SECONDS = 3600


@pytest.fixture
def partner(db):
    return Partner.objects.create(name="Aarhus Kommune", slug="aarhus")


@pytest.fixture
def make_endpoint(partner, receiver):
    """An endpoint on the receiver; its secret is registered so the receiver can verify."""

    def make(path="/hook", for_partner=None, **fields):
        endpoint = WebhookEndpoint.objects.create(
            partner=for_partner or partner, url=receiver.endpoint_url(path), **fields
        )
        receiver.secrets[path] = endpoint.secret
        return endpoint

    return make
