"""Several dispatchers at once never send the same delivery twice (PostgreSQL, SKIP LOCKED + claims)."""

import threading

import pytest
from django.db import connections
from django.utils import timezone

from content_models.events.worker import drain
from syndication.models import WebhookDelivery
from syndication.webhooks import dispatch
from tests import factories


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_dispatchers_send_each_delivery_once(make_endpoint, receiver, settings):
    settings.WEBHOOK_CONCURRENCY = 2
    make_endpoint("/a")
    make_endpoint("/b")
    for n in range(10):
        factories.make_guide(slug=f"vejledning-{n}", title=f"Vejledning {n}")
    drain()  # queue the deliveries; the dispatchers below send them
    now = timezone.now()
    errors = []

    def worker():
        try:
            while any(dispatch.deliver_due(now=now, limit=3).values()):
                pass
        except Exception as exc:  # noqa: BLE001 - surfaced by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    keys = [request.key for request in receiver.received]
    assert len(keys) == len(set(keys)) == 20
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {WebhookDelivery.Status.DELIVERED}
