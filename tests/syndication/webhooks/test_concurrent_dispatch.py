"""Several dispatchers at once never send the same delivery twice (PostgreSQL, SKIP LOCKED + claims)."""

import pytest
from django.utils import timezone

from content_models.worker.drain import drain
from syndication.models import WebhookDelivery
from syndication.webhooks import dispatch
from tests import factories
from tests.concurrency import run_in_threads


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

    def dispatcher():
        while any(dispatch.deliver_due(now=now, limit=3).values()):
            pass

    assert run_in_threads(dispatcher, threads=4, timeout=60) == []
    keys = [request.key for request in receiver.received]
    assert len(keys) == len(set(keys)) == 20
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {WebhookDelivery.Status.DELIVERED}
