"""Fixed-window request counting per identity (API key or client IP), in the shared cache.

With REDIS_URL set the cache is Redis, so every web process counts against one
limit; otherwise each process has its own local-memory counter.
"""

import ipaddress
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from cms.cache import CACHE_UNAVAILABLE

logger = logging.getLogger(__name__)
WINDOW_SECONDS = 60


@dataclass(frozen=True)
class RateDecision:
    allowed: bool
    limit: int
    remaining: int
    retry_after: int


def hit(identity: str, limit: int, now: float | None = None) -> RateDecision:
    now = time.time() if now is None else now
    window = int(now // WINDOW_SECONDS)
    key = f"ratelimit:{identity}:{window}"
    retry_after = max(1, int((window + 1) * WINDOW_SECONDS - now))
    try:
        # add() is atomic set-if-absent; incr() is atomic on Redis and under the locmem lock.
        cache.add(key, 0, timeout=WINDOW_SECONDS + 5)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=WINDOW_SECONDS + 5)
            count = 1
    except CACHE_UNAVAILABLE:  # fail open: answer without counting rather than a 500 for everyone
        logger.warning("rate limit cache unavailable; request not counted", exc_info=True)
        return RateDecision(allowed=True, limit=limit, remaining=limit, retry_after=retry_after)
    return RateDecision(allowed=count <= limit, limit=limit, remaining=max(0, limit - count), retry_after=retry_after)


def _address(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """An IP address as proxies write it ("192.0.2.1", "192.0.2.1:5060", "[2001:db8::1]:443"), or None."""
    value = value.strip()
    if value.startswith("["):
        value = value[1:].split("]", 1)[0]
    elif value.count(":") == 1:
        value = value.split(":", 1)[0]  # IPv4 with a port
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    return getattr(address, "ipv4_mapped", None) or address


def client_ip(request) -> str:
    """Who is asking, for rate limits: the client's address (IPv6 as its /64, which one subscriber holds).

    Without TRUST_X_FORWARDED_FOR it is the peer address. Behind load balancers (TRUST_X_FORWARDED_FOR=true) it
    is the address the outermost trusted proxy saw: X-Forwarded-For read from the right, skipping
    TRUSTED_PROXY_COUNT - 1 entries appended by inner trusted proxies; whatever the client wrote to the left of
    it is ignored, so a forged header cannot give each request a fresh identity. A missing or malformed entry
    falls back to the peer address.
    """
    address = _address(request.META.get("REMOTE_ADDR", ""))
    if settings.TRUST_X_FORWARDED_FOR:
        hops = request.headers.get("X-Forwarded-For", "").split(",")
        count = settings.TRUSTED_PROXY_COUNT
        forwarded = _address(hops[-count]) if 1 <= count <= len(hops) else None
        address = forwarded or address
    if address is None:
        return "unknown"
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)
