"""Liveness and readiness probes for load balancers and orchestrators."""

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

# Other apps (search, ...) add readiness checks here: name -> callable returning (ok, detail).
READINESS_CHECKS = {}


def register_readiness_check(name, check):
    READINESS_CHECKS[name] = check


def _database_check():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any driver error means "not ready"
        return False, f"database unreachable: {type(exc).__name__}"
    return True, "ok"


register_readiness_check("database", _database_check)


@never_cache
@require_GET
def healthz(request):
    """The process is alive and serving requests."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request):
    """Ready when every dependency answers; 503 with the failing checks otherwise."""
    checks = {}
    ready = True
    for name, check in READINESS_CHECKS.items():
        ok, detail = check()
        checks[name] = {"ok": ok, "detail": detail}
        ready = ready and ok
    return JsonResponse({"status": "ready" if ready else "unavailable", "checks": checks}, status=200 if ready else 503)
