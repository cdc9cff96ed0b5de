"""What the shared cache raises when it is down, in one place for every cache user.

A cache outage only costs speed: callers catch ``CACHE_UNAVAILABLE`` and carry on without the cache (the
response caches miss, rate limits fail open).
"""

from redis.exceptions import RedisError

CACHE_UNAVAILABLE = (RedisError, ConnectionError, TimeoutError)
