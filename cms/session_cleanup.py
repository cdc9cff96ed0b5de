"""Expired sessions leave the database: a citizen's session holds their encrypted CPR number until then.

Run by the worker (`run_worker`) at most once an hour; `manage.py clearsessions` does the same by hand.
"""

from importlib import import_module

from django.conf import settings

from content_models.worker.throttle import AtMostEvery

INTERVAL_SECONDS = 3600
schedule = AtMostEvery(INTERVAL_SECONDS)


def clear_expired_sessions() -> str:
    if not schedule.due():
        return ""
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
    return "sessions: expired sessions removed"
