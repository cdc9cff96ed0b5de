"""Prometheus metrics at /metrics: request latency, search engine use, worker lag, outbox depth.

Counters and histograms are kept per process; with several gunicorn workers set PROMETHEUS_MULTIPROC_DIR (an
empty directory each web instance owns) and the endpoint adds up every worker's files. Figures that live in the
database (how far each event-log consumer lags, how many webhooks and Digital Post messages wait) are read when
Prometheus scrapes, by the gauges apps register here from their ready(), so every instance reports the same truth.

/metrics answers only clients in METRICS_ALLOWED_NETWORKS (default: loopback), or with
``Authorization: Bearer <METRICS_TOKEN>`` when a token is set.
"""

import hmac
import ipaddress
import os
import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpResponse, HttpResponseForbidden
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily

REQUEST_SECONDS = Histogram(
    "portal_request_duration_seconds", "Time to answer an HTTP request, by area of the site and status class.",
    ["area", "status"], buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
SEARCHES = Counter(
    "portal_searches_total", "Searches answered, by the engine that answered and whether it was the fallback.",
    ["engine", "fallback"],
)

# name -> (help, label names, callable returning [(label values, value)])
_DATABASE_GAUGES: dict[str, tuple[str, tuple[str, ...], Callable[[], list[tuple[tuple[str, ...], float]]]]] = {}


def register_gauge(name: str, documentation: str, labels: tuple[str, ...], read: Callable) -> None:
    """A gauge read at scrape time (from the database), e.g. the worker lag per consumer."""
    _DATABASE_GAUGES[name] = (documentation, labels, read)


class _DatabaseGauges:
    def collect(self):
        for name, (documentation, labels, read) in _DATABASE_GAUGES.items():
            family = GaugeMetricFamily(name, documentation, labels=list(labels))
            for values, value in read():
                family.add_metric(list(values), value)
            yield family


def _area(request) -> str:
    """A small, fixed set of labels (never the path itself: unbounded label values would swamp Prometheus)."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "unrouted"
    if match.url_name == "graphql":
        return "api"
    if match.url_name == "wagtail_serve" or match.namespace == "frontend":
        return "site"
    for prefix, area in (("/admin/", "admin"), ("/sso/", "sso"), ("/cpsv-ap/", "api")):
        if request.path.startswith(prefix):
            return area
    return "other"


class RequestMetricsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        REQUEST_SECONDS.labels(_area(request), f"{response.status_code // 100}xx").observe(
            time.perf_counter() - started
        )
        return response


def _allowed(request) -> bool:
    token = settings.METRICS_TOKEN
    if token:
        given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        return hmac.compare_digest(given.encode(), token.encode())
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(network) for network in settings.METRICS_ALLOWED_NETWORKS)


def _registry() -> CollectorRegistry:
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(registry)
    else:
        for collector in (REQUEST_SECONDS, SEARCHES):
            registry.register(collector)
    registry.register(_DatabaseGauges())
    return registry


@never_cache
@require_GET
def metrics(request):
    if not _allowed(request):
        return HttpResponseForbidden("Metrics are for the monitoring system.")
    return HttpResponse(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)
