"""Fixed-window request counting per identity (API key or client IP), in the shared cache.

With REDIS_URL set the cache is Redis, so every web process counts against one
limit; otherwise each process has its own local-memory counter.
"""

import logging
import time
from dataclasses import dataclass

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


def client_ip(request) -> str:
    # Behind the load balancer the first X-Forwarded-For hop is the client; only trusted when configured.
    from django.conf import settings

    if settings.TRUST_X_FORWARDED_FOR:
        forwarded = request.headers.get("X-Forwarded-For", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "unknown")
