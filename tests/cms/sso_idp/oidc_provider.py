"""The npm ``oidc-provider`` (tests/cms/sso/oidc_provider/server.mjs) as a subprocess on 127.0.0.1."""

import json
import os
import socket
import subprocess
import time
from pathlib import Path
from urllib.parse import parse_qsl, urljoin, urlsplit

import requests

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = ROOT / "tests" / "cms" / "sso" / "oidc_provider" / "server.mjs"
CONFIG = json.loads((SCRIPT.parent / "config.json").read_text())


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class OidcTestProvider:
    """Start it, wait for its discovery document, stop it. ``issuer`` is its base URL."""

    def __init__(self, client_base_url: str):
        self.port = free_port()
        self.issuer = f"http://127.0.0.1:{self.port}"
        self.client_base_url = client_base_url
        self.process = None

    def start(self, timeout: float = 30) -> "OidcTestProvider":
        env = {**os.environ, "PORT": str(self.port), "CLIENT_BASE_URL": self.client_base_url}
        self.process = subprocess.Popen(
            ["node", str(SCRIPT)], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"oidc-provider exited: {self.process.stdout.read()}")
            try:
                if requests.get(f"{self.issuer}/.well-known/openid-configuration", timeout=1).ok:
                    return self
            except requests.ConnectionError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("oidc-provider did not answer its discovery document in time")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def log_in(self, authorization_url: str, account: str) -> str:
        """Play the person at the provider: follow the authorization URL, log in as ``account`` (login and
        consent at once), and return the redirect back to the portal (the callback URL with code and state)."""
        browser = requests.Session()
        response = browser.get(authorization_url, allow_redirects=False, timeout=10)
        assert response.status_code in (302, 303), response.text
        interaction = urljoin(self.issuer, response.headers["Location"])
        response = browser.post(f"{interaction}/login", data={"account": account}, allow_redirects=False, timeout=10)
        assert response.status_code == 303, response.text
        response = browser.get(urljoin(self.issuer, response.headers["Location"]), allow_redirects=False, timeout=10)
        assert response.status_code in (302, 303), response.text
        return response.headers["Location"]


def callback_path(url: str) -> tuple[str, dict]:
    """Split the provider's redirect into the portal path and its query parameters."""
    parts = urlsplit(url)
    return parts.path, dict(parse_qsl(parts.query))
