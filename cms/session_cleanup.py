"""Expired sessions leave the database: a citizen's session holds their encrypted CPR number until then.

Run by the worker (`run_worker`) at most once an hour; `manage.py clearsessions` does the same by hand.
"""

import time
from importlib import import_module

from django.conf import settings

INTERVAL_SECONDS = 3600
_last_run: float | None = None


def clear_expired_sessions() -> str:
    global _last_run
    now = time.monotonic()
    if _last_run is not None and now - _last_run < INTERVAL_SECONDS:
        return ""
    _last_run = now
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
    return "sessions: expired sessions removed"
