"""Where messages go, chosen by DIGITAL_POST_BACKEND: a directory (file://DIR) or the national Digital Post API
(https://api.digitalpost.dk/apis/v1, NgDP's sender interface).

A backend's ``send(message_uuid, document)`` never raises for delivery trouble: it returns an Outcome, and
the dispatcher decides whether to retry. Both backends are idempotent per message UUID: the file backend
keeps an existing ``<uuid>.xml``; NgDP identifies a message by its MeMo messageUUID (also sent as the
``memo-message-uuid`` parameter), so a resend is recognised and not delivered twice.
"""

import contextlib
import os
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import requests
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError

from cms.logging import redact
from syndication.models.webhooks import validate_secure_scheme

from . import ngdp
from .memo import CONTENT_TYPE

USER_AGENT = "Borgerportalen-DigitalPost/1"
ERROR_LIMIT = 500  # characters of error text kept per message
MAX_ANSWER = 64 * 1024  # bytes of an answer read before giving up on its connection


@dataclass(frozen=True)
class Outcome:
    status_code: int | None = None
    error: str = ""
    duplicate: bool = False  # the backend already had this message UUID
    permanent: bool = False  # retrying cannot help (e.g. the endpoint rejects the message)

    @property
    def ok(self) -> bool:
        return not self.error


class FileBackend:
    """Writes ``<uuid>.xml`` into a directory, atomically: a reader never sees half a message.

    A worker killed between writing a temp file and renaming it leaves the temp file behind, with a whole message
    (a CPR number in plain text): ``sweep`` deletes those once they are older than any write could take.
    """

    STALE_TEMP_SECONDS = 60  # a write takes milliseconds; older temp files belong to no live writer
    SWEEP_EVERY_SECONDS = 60

    def __init__(self, directory: Path):
        self.directory = Path(directory)
        self._swept_at = 0.0

    def __str__(self):
        return f"file://{self.directory}"

    def send(self, message_uuid: str, document: bytes) -> Outcome:
        final = self.directory / f"{message_uuid}.xml"
        if final.exists():
            return Outcome(duplicate=True)
        temp = None
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            # The temp file lives in the same directory so os.replace is a rename on one file system;
            # the leading dot keeps readers that glob "*.xml" away from it.
            fd, temp = tempfile.mkstemp(dir=self.directory, prefix=f".{message_uuid}.", suffix=".tmp")
            with os.fdopen(fd, "wb") as handle:
                handle.write(document)
                handle.flush()
                os.fsync(handle.fileno())
            # Two workers racing on one UUID would both write the same bytes (the outbox row is built once),
            # so the loser's replace changes nothing a reader could notice.
            os.replace(temp, final)
            temp = None
        except OSError as exc:
            return Outcome(error=f"{type(exc).__name__}: {exc}"[:ERROR_LIMIT])
        finally:
            if temp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temp)
        return Outcome()

    def sweep(self, now: float | None = None) -> int:
        """Delete temp files a killed worker left behind (at most once a minute); returns how many."""
        now = time.time() if now is None else now
        if now - self._swept_at < self.SWEEP_EVERY_SECONDS:
            return 0
        self._swept_at = now
        removed = 0
        for path in self.directory.glob(".*.tmp"):
            with contextlib.suppress(OSError):  # gone already, or not ours to delete
                if path.stat().st_mtime < now - self.STALE_TEMP_SECONDS:
                    path.unlink()
                    removed += 1
        return removed

    def flush(self) -> None:
        """Make the renames durable before the outbox says "delivered" (one directory fsync per batch)."""
        fd = os.open(self.directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


class HttpBackend:
    """Sends each message to the national Digital Post API (NgDP) as its sender system does (ngdp.py has the shape):
    ``POST <base>/memos/?memo-message-uuid=<uuid>`` with the MeMo XML, mutual TLS with the authority's OCES3
    (FOCES/VOCES) certificate and the system's Basic credentials. The synchronous receipt decides the outcome;
    ``fetch_receipts`` reads the asynchronous ones (receipts.py).
    """

    def __init__(self, url: str, cert: tuple[str, str] | str | None, verify: str | bool,
                 connect_timeout: float, read_timeout: float, system_id: str = "", api_key: str = ""):
        self.url, self.cert = url, cert
        self.api = ngdp.Api(url)
        self.timeout = (connect_timeout, read_timeout)
        # What requests would take from the environment (proxy for this URL, CA bundle), read once: it would
        # otherwise scan os.environ on every request, a third of the client's CPU per message.
        self.proxies = requests.utils.get_environ_proxies(url)
        if verify is True:
            verify = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or True
        self.verify = verify
        self.authorization = ngdp.basic_authorization(system_id, api_key)
        self._local = threading.local()  # one keep-alive session per sender thread

    def __str__(self):
        return self.url

    def sweep(self, now: float | None = None) -> int:
        return 0  # nothing is written locally

    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = requests.Session()
            session.trust_env = False  # proxies, CA bundle and certificate are given explicitly
            session.headers.update({"User-Agent": USER_AGENT, "Accept": "application/json"})
            if self.authorization:
                session.headers["Authorization"] = self.authorization
        return session

    def _request(self, method: str, url: str, limit: int = ERROR_LIMIT, **kwargs) -> tuple[int, bytes]:
        with self._session().request(
            method, url, timeout=self.timeout, cert=self.cert, verify=self.verify, proxies=self.proxies,
            allow_redirects=False, stream=True, **kwargs,
        ) as response:
            return response.status_code, _head(response, limit=limit)

    def send(self, message_uuid: str, document: bytes) -> Outcome:
        try:
            status, head = self._request(
                "POST", self.api.memos, params={"memo-message-uuid": message_uuid}, data=document,
                headers={"Content-Type": f"{CONTENT_TYPE}; charset=utf-8"},
            )
        except requests.RequestException as exc:
            self._local.session = None  # a broken connection must not be reused
            return Outcome(error=redact(f"{type(exc).__name__}: {exc}")[:ERROR_LIMIT])
        verdict = ngdp.verdict(status, head, message_uuid)
        # The API may echo parts of the message (with the recipient's number) in an error: redacted, then cut.
        error = redact(verdict.error)[:ERROR_LIMIT] if verdict.error else ""
        return Outcome(status, error, duplicate=verdict.duplicate, permanent=verdict.permanent)

    def fetch_receipts(self, size: int) -> list["ngdp.Receipt"]:
        """Up to ``size`` asynchronous receipts waiting for this system (raises requests/ValueError errors)."""
        status, body = self._request("GET", self.api.receipts_bulk, limit=MAX_ANSWER, params={"size": size})
        if status != 200:
            raise ValueError(f"HTTP {status} from {self.api.receipts_bulk}")
        return ngdp.receipts(body)

    def acknowledge_receipt(self, receipt_id: str) -> None:
        """Delete a receipt that has been recorded, so it is not fetched again."""
        status, _ = self._request("DELETE", self.api.receipt(receipt_id))
        if status not in (200, 204, 404):
            raise ValueError(f"HTTP {status} deleting a receipt")

    def flush(self) -> None:
        pass


def _head(response: requests.Response, limit: int = ERROR_LIMIT) -> bytes:
    """The first ``limit`` bytes of the answer. A short answer is read to its end, so the connection goes back
    to the pool (keep-alive: no TLS handshake per message); a huge one is cut off and its connection dropped."""
    head, seen = b"", 0
    for chunk in response.iter_content(4096):
        head += chunk[: max(0, limit - len(head))]
        seen += len(chunk)
        if seen > MAX_ANSWER:
            break
    return head


def from_url(url: str):
    """The backend a DIGITAL_POST_BACKEND value names; ImproperlyConfigured for anything else."""
    parts = urlsplit(url)
    if parts.scheme == "file":
        if parts.netloc not in ("", "localhost") or not parts.path:
            raise ImproperlyConfigured("DIGITAL_POST_BACKEND must look like file:///absolute/directory.")
        return FileBackend(Path(unquote(parts.path)))
    if parts.scheme in ("https", "http"):
        try:
            validate_secure_scheme(url)  # plain http only on this machine (tests, development)
        except ValidationError:
            raise ImproperlyConfigured("DIGITAL_POST_BACKEND must use https (http only for 127.0.0.1).") from None
        if not settings.DIGITAL_POST_SYSTEM_ID or not settings.DIGITAL_POST_API_KEY:
            raise ImproperlyConfigured(
                "An https:// DIGITAL_POST_BACKEND (the Digital Post API) needs DIGITAL_POST_SYSTEM_ID and "
                "DIGITAL_POST_API_KEY: the sender system's credentials from Digital Post's administration portal."
            )
        cert = settings.DIGITAL_POST_CLIENT_CERT
        key = settings.DIGITAL_POST_CLIENT_KEY
        return HttpBackend(
            url,
            cert=(cert, key) if cert and key else (cert or None),
            verify=settings.DIGITAL_POST_CA_BUNDLE or True,
            connect_timeout=float(getattr(settings, "DIGITAL_POST_CONNECT_TIMEOUT", 5)),
            read_timeout=float(getattr(settings, "DIGITAL_POST_READ_TIMEOUT", 30)),
            system_id=settings.DIGITAL_POST_SYSTEM_ID, api_key=settings.DIGITAL_POST_API_KEY,
        )
    raise ImproperlyConfigured("DIGITAL_POST_BACKEND must be file:///DIR or https://... (or empty: not sending).")


_cache: dict[tuple, object] = {}


def configured_backend():
    """The backend of the current settings (None when DIGITAL_POST_BACKEND is empty), reused between calls."""
    url = settings.DIGITAL_POST_BACKEND
    if not url:
        return None
    key = (url, settings.DIGITAL_POST_CLIENT_CERT, settings.DIGITAL_POST_CLIENT_KEY, settings.DIGITAL_POST_CA_BUNDLE,
           getattr(settings, "DIGITAL_POST_CONNECT_TIMEOUT", 5), getattr(settings, "DIGITAL_POST_READ_TIMEOUT", 30),
           settings.DIGITAL_POST_SYSTEM_ID, settings.DIGITAL_POST_API_KEY)
    if key not in _cache:
        _cache.clear()
        _cache[key] = from_url(url)
    return _cache[key]
