"""What every fake partner service shares: a threaded HTTP(S) server on 127.0.0.1 that does the TLS handshake
in the request's own thread (a slow or refused client never blocks the accept loop), counts refused
handshakes, and starts and stops as a context manager."""

import socket
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.fakes.pki import Pki


class QuietHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self):
        # Headers and body go out in separate writes; without this, Nagle's algorithm holds the body back until
        # the client's delayed ACK (40 ms a message on Linux).
        self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().setup()

    def log_message(self, format, *args):
        pass

    def send_body(self, status: int, body: bytes, content_type: str, headers: dict | None = None) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            pass  # the client gave up (time-out) and closed the connection

    def read_body(self) -> tuple[bytes, bool]:
        """The request body and whether all of it arrived (a killed client sends half)."""
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        return body, len(body) == length


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    ssl_context: ssl.SSLContext | None = None
    handshake_failures = 0

    def finish_request(self, request, client_address):
        if self.ssl_context is not None:
            try:
                request = self.ssl_context.wrap_socket(request, server_side=True)
            except (ssl.SSLError, OSError):
                with self.lock:
                    self.handshake_failures += 1
                return
        super().finish_request(request, client_address)

    def handle_error(self, request, client_address):
        pass  # a client that vanished mid-request is part of what a fake is for


class FakeServer:
    """``with Subclass(tls=pki) as fake: fake.url``; the handler reads ``self.server.fake``."""

    handler: type[BaseHTTPRequestHandler]
    path = "/"

    def __init__(self, tls: Pki | None = None, host: str = "127.0.0.1", port: int = 0):
        self._server = _Server((host, port), self.handler)
        self._server.fake = self
        self._server.lock = threading.Lock()
        if tls is not None:
            self._server.ssl_context = tls.server_context()
        scheme = "https" if tls else "http"
        self.base_url = f"{scheme}://{host}:{self._server.server_address[1]}"
        self.url = self.base_url + self.path
        self._thread: threading.Thread | None = None

    @property
    def handshake_failures(self) -> int:
        return self._server.handshake_failures

    def start(self):
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread:
            self._thread.join(timeout=5)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
