"""gunicorn for the portal's web processes: `gunicorn -c deploy/gunicorn.conf.py cms.wsgi`.

Every value can be set from the environment (the same file serves a laptop, a VM and a container). Reload the
code without dropping requests with `kill -HUP <master pid>` (systemd: `systemctl reload portal-web`): gunicorn
starts new workers with the new code, then lets the old ones finish their requests (graceful_timeout).
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


bind = os.environ.get("WEB_BIND", "127.0.0.1:8000")
# Sync work (database, templates) in threads: a few processes with a few threads each use memory well and keep
# a slow client from holding a whole process.
worker_class = "gthread"
workers = _int("WEB_WORKERS", multiprocessing.cpu_count() + 1)
threads = _int("WEB_THREADS", 4)
timeout = _int("WEB_TIMEOUT", 30)  # a request that takes longer is killed (the API's own limits come first)
graceful_timeout = _int("WEB_GRACEFUL_TIMEOUT", 30)
keepalive = 5
# Recycle workers now and then so a slow leak never grows; the jitter keeps them from restarting together.
max_requests = _int("WEB_MAX_REQUESTS", 5000)
max_requests_jitter = max_requests // 10
# The code is loaded per worker, so HUP picks up a new release.
preload_app = False
# Only the load balancer may say which client and scheme a request came from (X-Forwarded-For/-Proto).
forwarded_allow_ips = os.environ.get("WEB_FORWARDED_ALLOW_IPS", "127.0.0.1")
limit_request_line = 8190
limit_request_fields = 100

accesslog = os.environ.get("WEB_ACCESS_LOG", "-")
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(L)ss "%(a)s"'
# Access and error lines go through the portal's redaction (no CPR number or e-mail address in a log line,
# not even in a URL) and formatter.
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_personal_data": {"()": "cms.logging.RedactPersonalDataFilter"}},
    "formatters": {"json": {"()": "cms.logging.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler", "formatter": "json", "filters": ["redact_personal_data"],
            "stream": "ext://sys.stdout",
        },
    },
    "loggers": {
        "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}


def child_exit(server, worker):
    # Metrics of a finished worker stay in the totals; its live gauges go (cms/metrics.py, multiprocess mode).
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
