"""/metrics: what an operator's Prometheus scrapes (request latency, search engines, worker lag, outbox depth)."""

import re

import pytest

from content_models.worker.drain import drain
from tests import factories

pytestmark = pytest.mark.django_db


def scrape(client, **headers):
    response = client.get("/metrics", **headers)
    return response.status_code, response.content.decode()


def value(body: str, name: str, **labels) -> float | None:
    """The value of one sample, or None when the sample is missing."""
    wanted = ",".join(f'{key}="{val}"' for key, val in labels.items())
    pattern = re.escape(name) + (r"\{" + re.escape(wanted) + r"\}" if wanted else "") + r" ([0-9.e+-]+)"
    found = re.search(pattern, body)
    return float(found.group(1)) if found else None


def test_worker_lag_rises_with_publishing_and_falls_when_drained(client):
    factories.make_guide()
    status, body = scrape(client)
    assert status == 200
    assert value(body, "portal_worker_lag_events", consumer="search-projection") >= 1
    drain()
    _, body = scrape(client)
    assert value(body, "portal_worker_lag_events", consumer="search-projection") == 0
    assert value(body, "portal_worker_lag_seconds", consumer="webhooks") == 0


def test_outbox_depth_counts_pending_webhook_deliveries(client):
    from syndication.models import Partner, WebhookEndpoint

    partner = Partner.objects.create(name="Aarhus Kommune")
    WebhookEndpoint.objects.create(partner=partner, url="https://aarhus.example.dk/hook")
    factories.make_guide()
    drain()
    _, body = scrape(client)
    assert value(body, "portal_outbox_pending", outbox="webhooks") >= 1
    assert value(body, "portal_outbox_pending", outbox="digital_post") == 0


def test_searches_and_request_latency_are_counted(client):
    client.get("/soeg/", {"q": "flytning"})
    client.get("/graphql/", {"query": "{ topics { slug } }"}, HTTP_ACCEPT="application/json")
    _, body = scrape(client)
    assert value(body, "portal_searches_total", engine="database", fallback="false") >= 1
    assert value(body, "portal_request_duration_seconds_count", area="site", status="2xx") >= 1
    assert value(body, "portal_request_duration_seconds_count", area="api", status="2xx") >= 1


def test_metrics_are_only_for_the_monitoring_system(client, settings):
    assert scrape(client, REMOTE_ADDR="203.0.113.7")[0] == 403
    settings.METRICS_TOKEN = "a-long-scrape-token"
    assert scrape(client)[0] == 403  # with a token set, loopback alone is not enough
    assert scrape(client, HTTP_AUTHORIZATION="Bearer wrong")[0] == 403
    assert scrape(client, REMOTE_ADDR="203.0.113.7", HTTP_AUTHORIZATION="Bearer a-long-scrape-token")[0] == 200
