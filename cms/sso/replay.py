"""One-time use of assertion IDs: remembered in the cache until the assertion expires.

``caches["shared"].add`` is atomic (SET NX on Redis, a lock in local memory), so of two concurrent posts of the same
assertion exactly one wins. With several web processes the cache must be shared (REDIS_URL); the local-memory
default protects one process only (see docs/decisions/0005-sso.md).
"""

import hashlib
import math
import time

from django.core.cache import caches

# Kept a little past NotOnOrAfter so that clock skew cannot reopen the window.
GRACE_SECONDS = 300


def first_use(namespace: str, identifier: str, not_on_or_after: float) -> bool:
    """Record ``identifier`` as used; False when it was used before (a replay)."""
    digest = hashlib.sha256(identifier.encode()).hexdigest()
    timeout = max(1, math.ceil(not_on_or_after - time.time())) + GRACE_SECONDS
    return caches["shared"].add(f"sso:used:{namespace}:{digest}", 1, timeout=timeout)
