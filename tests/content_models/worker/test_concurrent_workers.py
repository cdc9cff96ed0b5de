"""Several workers at once: each event reaches a consumer exactly once (PostgreSQL, SKIP LOCKED)."""

import threading

import pytest

from content_models.worker.registry import Consumer
from content_models.worker.drain import drain
from content_models.models import PublishingEvent
from tests import factories
from tests.concurrency import run_in_threads


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

    def worker():
        for _ in range(20):
            drain([consumer])

    assert run_in_threads(worker, threads=4, timeout=60) == []
    expected = list(PublishingEvent.objects.order_by("sequence").values_list("sequence", flat=True))
    assert sorted(seen) == expected
    assert len(seen) == len(set(seen))
