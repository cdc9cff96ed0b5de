"""Checking one URL politely: HEAD, then GET where HEAD is not answered; redirects followed by hand.

Every hop goes through the SSRF guard (addresses.resolve_public) and to the address it checked. Each request
gets at most what is left of the run's time budget, so a host that hangs cannot hold a run past its deadline.
"""

import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import urllib3
from django.conf import settings

from ..models import LinkState
from .addresses import RefusedAddress, resolve_public

MAX_REDIRECTS = 5
# Servers that refuse or do not implement HEAD often answer GET fine.
HEAD_NOT_ANSWERED = {400, 403, 404, 405, 406, 501}


@dataclass(frozen=True)
class CheckResult:
    url: str
    state: str  # a LinkState value
    http_status: int | None = None
    final_url: str = ""
    error: str = ""
    duration_ms: int = 0
    retry_after: int | None = None  # seconds the server asked us to wait (429/503)

    @property
    def completed(self) -> bool:
        """False when the run's budget ran out first: nothing was learnt about the link."""
        return self.error != OUT_OF_TIME


OUT_OF_TIME = "tidsbudgettet for kørslen var brugt"


class _OutOfTime(Exception):
    pass


def _remaining(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0.05:
        raise _OutOfTime
    return left


def _request(method: str, url: str, deadline: float):
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("ikke en http- eller https-adresse")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    _remaining(deadline)  # no DNS lookup (it has no time-out of its own) once the run is out of time
    target = resolve_public(parts.hostname, port)
    timeout = urllib3.Timeout(total=min(settings.LINK_CHECK_TIMEOUT, _remaining(deadline)))
    options = {"timeout": timeout, "retries": False, "maxsize": 1}
    if parts.scheme == "https":
        pool = urllib3.HTTPSConnectionPool(
            target.address, port, server_hostname=parts.hostname, assert_hostname=parts.hostname,
            cert_reqs="CERT_REQUIRED", **options,
        )
    else:
        pool = urllib3.HTTPConnectionPool(target.address, port, **options)
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    host_header = parts.hostname if parts.port is None else f"{parts.hostname}:{parts.port}"
    headers = {"User-Agent": settings.LINK_CHECK_USER_AGENT, "Host": host_header, "Accept": "*/*"}
    try:
        response = pool.urlopen(method, path, headers=headers, redirect=False, preload_content=False,
                                assert_same_host=False)
        response.release_conn()
        return response
    finally:
        pool.close()


def _retry_after(response) -> int | None:
    value = response.headers.get("Retry-After", "")
    return int(value) if value.isdigit() else None


def check_url(url: str, deadline: float) -> CheckResult:
    """The state of ``url`` now; never raises."""
    started = time.monotonic()

    def result(state, status=None, final="", error="", retry_after=None):
        return CheckResult(url, state, status, final, error[:255], int((time.monotonic() - started) * 1000),
                           retry_after)

    current, redirected = url, False
    try:
        for _hop in range(MAX_REDIRECTS + 1):
            response = _request("HEAD", current, deadline)
            if response.status in HEAD_NOT_ANSWERED:
                response = _request("GET", current, deadline)
            status = response.status
            if status in (301, 302, 303, 307, 308) and response.headers.get("Location"):
                current, redirected = urljoin(current, response.headers["Location"]), True
                continue
            if 200 <= status < 300:
                return result(LinkState.REDIRECTED if redirected else LinkState.OK, status, current)
            if 300 <= status < 400:
                return result(LinkState.REDIRECTED if redirected else LinkState.OK, status, current)
            return result(LinkState.BROKEN, status, current, f"svarede {status}", _retry_after(response))
        return result(LinkState.BROKEN, None, current, f"mere end {MAX_REDIRECTS} viderestillinger")
    except _OutOfTime:
        return result(LinkState.UNCHECKED, error=OUT_OF_TIME)
    except RefusedAddress as exc:
        return result(LinkState.UNREACHABLE, final=current, error=f"afvist: {exc}")
    except urllib3.exceptions.TimeoutError:
        return result(LinkState.UNREACHABLE, final=current, error="svarede ikke inden for tidsgrænsen")
    except (urllib3.exceptions.HTTPError, OSError, ValueError) as exc:
        return result(LinkState.UNREACHABLE, final=current, error=f"{type(exc).__name__}: {exc}")
