"""What a request gets while the database is unreachable (a restart, a fail-over): 503 with Retry-After.

The same for the strict shared cache (``caches["shared"]``: SSO replay protection), whose callers must not go on
without it: a login during a Redis outage is "temporarily unavailable", not a 500.

Django answers an uncaught exception with its 500 handler, which logs a traceback per request. A database that
cannot be reached is not a bug: the citizen gets the "temporarily unavailable" page (the API a GraphQL error
body), clients and load balancers get Retry-After, and the log gets one warning per outage (``OutageLogFilter``).
"""

import json
import sys
import time

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.views import defaults

from .cache import CACHE_UNAVAILABLE

RETRY_AFTER_SECONDS = 30
_LOG_EVERY_SECONDS = 60


def is_database_outage(exc: BaseException | None) -> bool:
    return isinstance(exc, (OperationalError, InterfaceError, *CACHE_UNAVAILABLE))


def server_error(request, *args, **kwargs):
    """handler500: a database outage is a 503; everything else Django's own 500 page."""
    if is_database_outage(sys.exc_info()[1]):
        return unavailable(request)
    return defaults.server_error(request, *args, **kwargs)


def unavailable(request) -> HttpResponse:
    if request.path.startswith("/graphql"):
        body = json.dumps({"errors": [{
            "message": "The service is temporarily unavailable; retry after the number of seconds in Retry-After.",
            "extensions": {"code": "SERVICE_UNAVAILABLE"},
        }]})
        response = HttpResponse(body, status=503, content_type="application/json; charset=utf-8")
    else:
        # Rendered without the request or the database, like the 500 page: either may be what failed.
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class OutageLogFilter:
    """One warning, without a traceback, per database outage and process (at most one a minute)."""

    def __init__(self):
        self._last = 0.0

    def filter(self, record) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if not is_database_outage(exc):
            return True
        now = time.monotonic()
        if now - self._last < _LOG_EVERY_SECONDS:
            return False
        self._last = now
        record.msg, record.args, record.exc_info, record.exc_text = (
            f"database or shared cache unreachable, answering 503 with Retry-After: {type(exc).__name__}: "
            f"{str(exc).strip()[:300]}",
            None, None, None,
        )
        record.levelno, record.levelname = 30, "WARNING"
        return True
