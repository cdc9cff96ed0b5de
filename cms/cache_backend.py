"""The shared cache (Redis) with a local fallback: a Redis outage costs speed, never a request.

Many callers read the cache without guarding it (Wagtail's site-root lookup, synonyms, promotions, the page
caches ...): with Redis stopped each of them answered 500. This backend answers from a per-process memory cache
while Redis cannot be reached, so caches and rate limits degrade to local for the outage; a circuit breaker
keeps the connection attempts to one every few seconds, and the log gets one warning per outage.

What must not degrade uses the strict ``shared`` alias instead (SAML/OIDC replay protection and the SAML
back-channel index), which raises ``cms.cache.CACHE_UNAVAILABLE`` as before.
"""

import logging

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

from .cache import CACHE_UNAVAILABLE
from .circuit_breaker import CircuitBreaker

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5
_GUARDED = ("add", "get", "set", "touch", "delete", "get_many", "has_key", "incr", "set_many", "delete_many", "clear")


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._local = LocMemCache(f"redis-fallback-{id(self)}", {"TIMEOUT": params.get("TIMEOUT", 300),
                                                                 "OPTIONS": {"MAX_ENTRIES": 10000}})
        self._breaker = CircuitBreaker(threshold=1, cool_down=RETRY_SECONDS)

    def _fallback(self, name, exc, args, kwargs):
        was_open = self._breaker.is_open
        self._breaker.failure(str(exc))
        if not was_open:
            logger.warning("shared cache (Redis) unreachable: caches and rate limits are local to this process "
                           "until it answers: %s", exc)
        return getattr(self._local, name)(*args, **kwargs)


def _guarded(name):
    shared = getattr(RedisCache, name)

    def method(self, *args, **kwargs):
        if not self._breaker.allow():
            return getattr(self._local, name)(*args, **kwargs)
        try:
            result = shared(self, *args, **kwargs)
        except CACHE_UNAVAILABLE as exc:
            return self._fallback(name, exc, args, kwargs)
        if self._breaker.is_open:
            logger.info("shared cache (Redis) answers again")
            self._local.clear()  # what was cached locally during the outage may be older than the shared cache
        self._breaker.success()
        return result

    method.__name__ = name
    return method


for _name in _GUARDED:
    setattr(ResilientRedisCache, _name, _guarded(_name))
