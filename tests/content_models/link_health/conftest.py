"""A local HTTP server that answers the ways real sites do: 200, 301, 404, 500, a slow page, and one that hangs."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # quiet test output
        pass

    def _answer(self, with_body):
        server = self.server
        with server.lock:
            server.requests.append((self.command, self.path, self.headers.get("User-Agent", "")))
            server.active += 1
            server.max_active = max(server.max_active, server.active)
        finished = False

        def finish():
            # Counted as done before the answer is written: once the client has its answer it may start the next
            # request, and that must not overlap this one in the peak count.
            nonlocal finished
            if not finished:
                finished = True
                with server.lock:
                    server.active -= 1

        try:
            if self.path.startswith("/hang"):
                server.release.wait(30)  # never answers within any check's time-out
                return
            if self.path.startswith("/slow"):
                time.sleep(0.3)
            finish()
            if self.path.startswith("/no-head") and self.command == "HEAD":
                self._reply(405, with_body=False)
                return
            status = {"/missing": 404, "/error": 500, "/moved": 301}.get(self.path.split("?")[0], 200)
            headers = {"Location": "/ok"} if status == 301 else {}
            self._reply(status, with_body, headers)
        finally:
            finish()

    def _reply(self, status, with_body, headers=None):
        body = b"<html>ok</html>" if with_body else b""
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)

    def do_HEAD(self):
        self._answer(with_body=False)

    def do_GET(self):
        self._answer(with_body=True)


@pytest.fixture
def site():
    """The server's base URL, with its request log (method, path, user agent) and peak concurrency."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    server.lock, server.requests, server.active, server.max_active = threading.Lock(), [], 0, 0
    server.release = threading.Event()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    yield server
    server.release.set()
    server.shutdown()
    server.server_close()
