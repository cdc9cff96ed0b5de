"""Liveness and readiness probes for load balancers and orchestrators."""

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

# Other apps (search, ...) add readiness checks here: name -> (callable returning (ok, detail), critical).
# A failing critical check makes the instance unready (503); a failing non-critical one (search on
# its database fallback) keeps it serving and reports "degraded".
READINESS_CHECKS = {}


def register_readiness_check(name, check, critical=True):
    READINESS_CHECKS[name] = (check, critical)


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
    ready, degraded = True, False
    for name, (check, critical) in READINESS_CHECKS.items():
        ok, detail = check()
        checks[name] = {"ok": ok, "detail": detail, "critical": critical}
        if not ok:
            ready = ready and not critical
            degraded = True
    status = "unavailable" if not ready else "degraded" if degraded else "ready"
    return JsonResponse({"status": status, "checks": checks}, status=200 if ready else 503)
