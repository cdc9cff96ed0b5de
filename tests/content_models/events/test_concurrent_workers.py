"""Several workers at once: each event reaches a consumer exactly once (PostgreSQL, SKIP LOCKED)."""

import threading

import pytest
from django.db import connections

from content_models.events.consumers import Consumer
from content_models.events.worker import drain
from content_models.models import PublishingEvent
from tests import factories


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_workers_deliver_each_event_once():
    for n in range(12):
        factories.make_guide(slug=f"vejledning-{n}", title=f"Vejledning {n}")
    seen, lock = [], threading.Lock()

    def handle(events):
        with lock:
            seen.extend(e.sequence for e in events)

    consumer = Consumer(name="parallel", handle=handle, batch_size=3)
    errors = []

    def worker():
        try:
            for _ in range(20):
                drain([consumer])
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
    expected = list(PublishingEvent.objects.order_by("sequence").values_list("sequence", flat=True))
    assert sorted(seen) == expected
    assert len(seen) == len(set(seen))
